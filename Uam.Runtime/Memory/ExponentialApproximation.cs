namespace Uam.Runtime.Memory;

/// <summary>Why the circle intersection is nearly exponential in the cosine (spec §1.5): the largest term of equation (2),
/// its Gaussian approximation, the analytic β it implies, and the exponential lower and upper bounds of the original
/// notebook. All values are natural logarithms.</summary>
public static class ExponentialApproximation
{
    /// <summary>ln of the largest term of (2), C(n − d_v, n − d − ⌊d_v/2⌋)·C(d_v, ⌊d_v/2⌋) (the most mismatches allowed).</summary>
    public static double LogLargestTerm(int n, int radius, int distance)
    {
        Check(n, radius, distance);
        return Binomial.Log(n - distance, n - radius - distance / 2) + Binomial.Log(distance, distance / 2);
    }

    /// <summary>Both binomials of the largest term replaced by Gaussians: 2^{n+1}/(π√(d_v(n − d_v)))·exp(−(n − 2d)²/(2(n − d_v))).</summary>
    public static double LogGaussianTerm(int n, int radius, int distance)
    {
        CheckInterior(n, radius, distance);
        return LogPrefactor(n, distance) - Square(n - 2.0 * radius) / (2.0 * (n - distance));
    }

    /// <summary>The Gaussian term after 1/(n − d_v) ≈ (1 + d_v/n)/n: exponential in d_v, hence in the cosine.</summary>
    public static double LogTaylorTerm(int n, int radius, int distance)
    {
        CheckInterior(n, radius, distance);
        return LogPrefactor(n, distance) + LogExponential(n, radius, distance);
    }

    /// <summary>β_approx = (n − 2d)²/(4n), the coefficient of the cosine in the Taylor term's exponent.</summary>
    public static double AnalyticBeta(int n, int radius)
    {
        HammingBall.CheckRadius(nameof(AnalyticBeta), n, radius);
        return Square(n - 2.0 * radius) / (4.0 * n);
    }

    /// <summary>The lower bound: the Taylor term with the prefactor at its minimum over d_v, 2^{n+2}/(πn) at d_v = n/2.</summary>
    public static double LogLowerBound(int n, int radius, int distance)
    {
        Check(n, radius, distance);
        return (n + 2) * Math.Log(2) - Math.Log(Math.PI * n) + LogExponential(n, radius, distance);
    }

    /// <summary>The upper bound: the Taylor exponential times the prefactor's maximum, 2^{n+1}/(π√(n − 1)) at d_v = 1, times
    /// the number of non-zero terms of (2) (<see cref="TermCount"/>).</summary>
    public static double LogUpperBound(int n, int radius, int distance)
    {
        Check(n, radius, distance);
        return (n + 1) * Math.Log(2) - Math.Log(Math.PI * Math.Sqrt(n - 1)) + LogExponential(n, radius, distance) + Math.Log(TermCount(n, radius, distance));
    }

    /// <summary>The number of non-zero terms (k, j) of equation (2).</summary>
    public static int TermCount(int n, int radius, int distance)
    {
        Check(n, radius, distance);
        int count = 0;
        for (int k = 0; k <= Math.Min(n - distance, radius); k++)
            count += Math.Max(0, Math.Min(distance, radius - k) - Math.Max(0, k + distance - radius) + 1);
        return count;
    }

    private static double LogPrefactor(int n, int distance) => (n + 1) * Math.Log(2) - Math.Log(Math.PI * Math.Sqrt(distance * (double)(n - distance)));

    private static double LogExponential(int n, int radius, int distance) =>
        -Square(n - 2.0 * radius) / (2.0 * n) - Square(n - 2.0 * radius) * distance / (2.0 * n * n);

    private static double Square(double x) => x * x;

    private static void Check(int n, int radius, int distance)
    {
        HammingBall.CheckRadius(nameof(ExponentialApproximation), n, radius);
        if (distance < 0 || distance > n) throw new ArgumentOutOfRangeException(nameof(distance), distance, $"ExponentialApproximation: the distance must lie in 0…{n}.");
    }

    private static void CheckInterior(int n, int radius, int distance)
    {
        Check(n, radius, distance);
        if (distance == 0 || distance == n) throw new ArgumentOutOfRangeException(nameof(distance), distance, "ExponentialApproximation: the Gaussian terms divide by √(d_v(n − d_v)); d_v must lie strictly between 0 and n.");
    }
}
