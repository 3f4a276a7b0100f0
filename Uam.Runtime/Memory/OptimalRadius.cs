using MathNet.Numerics;
using StandardNormal = MathNet.Numerics.Distributions.Normal;

namespace Uam.Runtime.Memory;

/// <summary>The three reference radii of SDM for random patterns (spec §1.9): the signal-to-noise optimum, the
/// memory-capacity optimum and the critical-distance optimum, as functions of the dimension n, the neurons r and the stored
/// patterns m.</summary>
public static class OptimalRadius
{
    /// <summary>p*_SNR = (2mr)^{−1/3}, where Kanerva's SNR²(p) = pr/(1 + pm(1 + p²r)) of a noise-free read peaks.</summary>
    public static double SnrFraction(double patterns, double neurons)
    {
        CheckPositive(nameof(SnrFraction), patterns, neurons);
        return Math.Pow(2 * patterns * neurons, -1.0 / 3);
    }

    /// <summary>d*_SNR: the smallest radius covering <see cref="SnrFraction"/>.</summary>
    public static int SnrRadius(int n, double patterns, double neurons) => HammingBall.RadiusFor(n, SnrFraction(patterns, neurons));

    /// <summary>z = Φ⁻¹(P^{1/n}): the margin, in standard deviations, that reads every one of n bits right with probability P.</summary>
    public static double CapacityMargin(int n, double retrieval = 0.5)
    {
        if (!(retrieval > 0 && retrieval < 1)) throw new ArgumentOutOfRangeException(nameof(retrieval), retrieval, "OptimalRadius.CapacityMargin: the retrieval probability must lie in (0, 1).");
        return StandardNormal.InvCDF(0, 1, Math.Pow(retrieval, 1.0 / n));
    }

    /// <summary>m_max(p) = 1 + ((pr)²/z² − pr)/(p²r + (p²r)²): the patterns storable at fraction p with margin z.</summary>
    public static double MaxPatterns(double fraction, double neurons, double margin)
    {
        double pr = fraction * neurons, p2r = fraction * fraction * neurons;
        return 1 + (pr * pr / (margin * margin) - pr) / (p2r + p2r * p2r);
    }

    /// <summary>p*_Mem: the positive root of 2r²p³ − 3rz²p² − z² = 0, where m_max peaks, in closed form
    /// ½[z⁴/A^{1/3} + A^{1/3}/r² + z²/r], A = 2r⁴z² + r³z⁶ + 2√(r⁸z⁴ + r⁷z⁸).</summary>
    public static double CapacityFraction(double neurons, double margin)
    {
        CheckPositive(nameof(CapacityFraction), 1, neurons);
        double r = neurons, z2 = margin * margin;
        double a = 2 * Math.Pow(r, 4) * z2 + Math.Pow(r, 3) * z2 * z2 * z2 + 2 * Math.Sqrt(Math.Pow(r, 8) * z2 * z2 + Math.Pow(r, 7) * Math.Pow(z2, 4));
        double cube = Math.Cbrt(a);
        return 0.5 * (z2 * z2 / cube + cube / (r * r) + z2 / r);
    }

    /// <summary>d*_Mem: the smallest radius covering <see cref="CapacityFraction"/> with the margin for n bits.</summary>
    public static int CapacityRadius(int n, double neurons, double retrieval = 0.5) =>
        HammingBall.RadiusFor(n, CapacityFraction(neurons, CapacityMargin(n, retrieval)));

    /// <summary>The critical distance of radius d (spec §1.9.3; the original notebook is lost, so this is the spec's
    /// Kanerva-style reconstruction): the largest query noise x below the first x ≥ 1 whose expected distance after one read,
    /// x' = n·(1 − Φ(S/σ)) with S = I(x)·r/2ⁿ and σ² = S + (m − 1)(p²r + (p²r)²), is at least x.</summary>
    public static int CriticalDistance(int n, int radius, double patterns, double neurons)
    {
        CheckPositive(nameof(CriticalDistance), patterns, neurons);
        double[] table = CircleIntersection.LogTable(n, radius);
        double p = HammingBall.Fraction(n, radius), p2r = p * p * neurons;
        double noise = (patterns - 1) * (p2r + p2r * p2r), logScale = Math.Log(neurons) - n * Math.Log(2);
        for (int x = 1; x <= n; x++)
        {
            double signal = Math.Exp(table[x] + logScale);
            double error = 0.5 * SpecialFunctions.Erfc(signal / Math.Sqrt(signal + noise) / Math.Sqrt(2));
            if (n * error >= x) return x - 1;
        }
        return n;
    }

    /// <summary>d*_CD: the radius in 1…n/2 with the largest <see cref="CriticalDistance"/>, ties to the smaller.</summary>
    public static int CriticalRadius(int n, double patterns, double neurons)
    {
        int best = 1, bestDistance = -1;
        for (int d = 1; d <= n / 2; d++)
        {
            int distance = CriticalDistance(n, d, patterns, neurons);
            if (distance > bestDistance) (best, bestDistance) = (d, distance);
        }
        return best;
    }

    private static void CheckPositive(string operation, double patterns, double neurons)
    {
        if (!(patterns > 0)) throw new ArgumentOutOfRangeException(nameof(patterns), patterns, $"OptimalRadius.{operation}: the number of patterns must be positive.");
        if (!(neurons > 0)) throw new ArgumentOutOfRangeException(nameof(neurons), neurons, $"OptimalRadius.{operation}: the number of neurons must be positive.");
    }
}
