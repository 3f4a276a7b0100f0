using System.Numerics;

namespace Uam.Runtime.Memory;

/// <summary>Which exact formula <see cref="CircleIntersection.Exact"/> sums (spec §1.3); both give the same integer.</summary>
public enum IntersectionForm
{
    /// <summary>Equation (2): Σ_k C(n − d_v, k) Σ_j C(d_v, j) over the points k + j ≤ d and k + d_v − j ≤ d, where k counts
    /// the agreeing coordinates at which z differs from both centres and j the disagreeing ones at which z takes y's value.</summary>
    Interpretable,

    /// <summary>Equation (3), Kanerva's book (Appendix B): |B(d)| − Σ_{odd j ≤ d_v} C(j − 1, (j − 1)/2)·C(n − j, d − (j − 1)/2),
    /// the ball minus the lune of points within d of x but not of y.</summary>
    Lune,
}

/// <summary>The binary circle intersection I_{n,d}(d_v): how many addresses of {0,1}ⁿ lie within Hamming distance d of two
/// centres d_v apart (spec §1.3). It is SDM's weight of a pattern at distance d_v from the query when neurons fill the
/// space (equation 1), and the curve that softmax attention approximates.</summary>
/// <remarks>Values pass 2⁶³ from n = 63, so exact values are big integers; the library works with natural logarithms
/// computed from them (<see cref="LogTable"/>) or summed in log space (<see cref="Log"/>).</remarks>
public static class CircleIntersection
{
    /// <summary>I_{n,d}(d_v) exactly by equation (2) or (3).</summary>
    public static BigInteger Exact(int n, int radius, int distance, IntersectionForm form = IntersectionForm.Lune)
    {
        Check(nameof(Exact), n, radius, distance);
        return form switch
        {
            IntersectionForm.Interpretable => Interpretable(n, radius, distance),
            IntersectionForm.Lune => HammingBall.Size(n, radius) - Lune(n, radius, distance),
            _ => throw new ArgumentOutOfRangeException(nameof(form), form, "CircleIntersection.Exact: not an IntersectionForm."),
        };
    }

    /// <summary>ln I_{n,d}(d_v) summed in log space over the positive terms of equation (2) (no big integers, no
    /// cancellation); −∞ where the circles do not meet (d_v > 2d).</summary>
    public static double Log(int n, int radius, int distance)
    {
        Check(nameof(Log), n, radius, distance);
        var terms = new List<double>();
        for (int k = 0; k <= Math.Min(n - distance, radius); k++)
        {
            double agree = Binomial.Log(n - distance, k);
            for (int j = Math.Max(0, k + distance - radius); j <= Math.Min(distance, radius - k); j++)
                terms.Add(agree + Binomial.Log(distance, j));
        }
        return Binomial.LogSumExp(terms);
    }

    /// <summary>ln I_{n,d}(d_v) for d_v = 0…n, each the logarithm of the exact integer (the lune recurrence: one big-integer
    /// product per odd distance). −∞ marks an empty intersection.</summary>
    public static double[] LogTable(int n, int radius)
    {
        HammingBall.CheckRadius(nameof(LogTable), n, radius);
        var table = new double[n + 1];
        BigInteger intersection = HammingBall.Size(n, radius);
        table[0] = Binomial.LogOf(intersection);
        BigInteger central = BigInteger.One;   // C(j − 1, (j − 1)/2)
        for (int j = 1; j <= n; j += 2)
        {
            int half = (j - 1) / 2;
            if (j > 1) central = central * (j - 2) * (j - 1) / (half * half);   // C(2h, h) from C(2h − 2, h − 1)
            intersection -= central * Binomial.Exact(n - j, radius - half);
            table[j] = Binomial.LogOf(intersection);
            if (j + 1 <= n) table[j + 1] = table[j];   // the staircase: I(2k − 1) = I(2k)
        }
        return table;
    }

    /// <summary>ln I_{n,d}(d_v) for every radius d = 0…n (first index) and distance d_v = 0…n, from exact integers: the lune
    /// recurrence run for all radii at once, one row of binomials per odd distance (about n²/4 big-integer products).</summary>
    public static double[][] LogTables(int n)
    {
        HammingBall.CheckRadius(nameof(LogTables), n, 0);
        var tables = new double[n + 1][];
        BigInteger[] intersections = HammingBall.Sizes(n);   // d_v = 0: the balls themselves
        for (int d = 0; d <= n; d++)
        {
            tables[d] = new double[n + 1];
            tables[d][0] = Binomial.LogOf(intersections[d]);
        }
        BigInteger central = BigInteger.One;
        for (int j = 1; j <= n; j += 2)
        {
            int half = (j - 1) / 2;
            if (j > 1) central = central * (j - 2) * (j - 1) / (half * half);
            BigInteger[] row = Binomial.Row(n - j);
            for (int d = 0; d <= n; d++)
            {
                int k = d - half;
                if (k >= 0 && k <= n - j) intersections[d] -= central * row[k];
                tables[d][j] = Binomial.LogOf(intersections[d]);
                if (j + 1 <= n) tables[d][j + 1] = tables[d][j];
            }
        }
        return tables;
    }

    /// <summary>Expected neurons in both circles when <paramref name="neurons"/> random neurons fill the space:
    /// I·r/2ⁿ, computed as exp(ln I + ln r − n ln 2).</summary>
    public static double ExpectedNeurons(int n, int radius, int distance, double neurons)
    {
        if (!(neurons > 0)) throw new ArgumentOutOfRangeException(nameof(neurons), neurons, "CircleIntersection.ExpectedNeurons: the neuron count must be positive.");
        return Math.Exp(Binomial.LogOf(Exact(n, radius, distance)) + Math.Log(neurons) - n * Math.Log(2));
    }

    /// <summary>Kanerva's continuous (normal) approximation of I/2ⁿ (spec §1.4, for comparison only): with
    /// c = (d − n/2)/√(n/4), ∫_{d_v/n}^{1} exp(−c²/(2(1 − x))) / (2π√(x(1 − x))) dx. Times r it approximates the expected
    /// neurons; it underestimates the exact count by about 10 % (spec §4.4).</summary>
    public static double NormalApproximation(int n, int radius, int distance)
    {
        Check(nameof(NormalApproximation), n, radius, distance);
        double c = (radius - n / 2.0) / Math.Sqrt(n / 4.0);
        return Math.Exp(LogQuadrature.TanhSinh(
            x => -c * c / (2 * (1 - x)) - Math.Log(2 * Math.PI) - 0.5 * (Math.Log(x) + Math.Log(1 - x)), distance / (double)n, 1));
    }

    private static BigInteger Interpretable(int n, int radius, int distance)
    {
        BigInteger total = BigInteger.Zero;
        BigInteger[] agree = Binomial.Row(n - distance), disagree = Binomial.Row(distance);
        for (int k = 0; k <= Math.Min(n - distance, radius); k++)
        {
            BigInteger inner = BigInteger.Zero;
            for (int j = Math.Max(0, k + distance - radius); j <= Math.Min(distance, radius - k); j++) inner += disagree[j];
            total += agree[k] * inner;
        }
        return total;
    }

    private static BigInteger Lune(int n, int radius, int distance)
    {
        BigInteger lune = BigInteger.Zero;
        for (int j = 1; j <= distance; j += 2)
            lune += Binomial.Exact(j - 1, (j - 1) / 2) * Binomial.Exact(n - j, radius - (j - 1) / 2);
        return lune;
    }

    private static void Check(string operation, int n, int radius, int distance)
    {
        HammingBall.CheckRadius(operation, n, radius);
        if (distance < 0 || distance > n)
            throw new ArgumentOutOfRangeException(nameof(distance), distance, $"CircleIntersection.{operation}: the distance between the centres must lie in 0…{n} for n = {n}.");
    }
}
