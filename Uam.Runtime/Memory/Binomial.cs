using System.Numerics;
using MathNet.Numerics;

namespace Uam.Runtime.Memory;

/// <summary>Binomial coefficients exactly (big integers) and as natural logarithms, and the log-space sums built on them.</summary>
internal static class Binomial
{
    /// <summary>C(n, k) exactly; 0 outside 0 ≤ k ≤ n.</summary>
    public static BigInteger Exact(int n, int k)
    {
        if (k < 0 || k > n) return BigInteger.Zero;
        k = Math.Min(k, n - k);
        BigInteger value = BigInteger.One;
        for (int i = 1; i <= k; i++) value = value * (n - k + i) / i;   // each partial product is C(n − k + i, i)
        return value;
    }

    /// <summary>ln C(n, k); −∞ outside 0 ≤ k ≤ n. Differences of log-gammas: about 1e-12 absolute for n ≤ 10⁴.</summary>
    public static double Log(int n, int k) =>
        k < 0 || k > n ? double.NegativeInfinity : SpecialFunctions.FactorialLn(n) - SpecialFunctions.FactorialLn(k) - SpecialFunctions.FactorialLn(n - k);

    /// <summary>The row C(n, 0…n) exactly, by the multiplicative recurrence.</summary>
    public static BigInteger[] Row(int n)
    {
        var row = new BigInteger[n + 1];
        row[0] = BigInteger.One;
        for (int k = 1; k <= n; k++) row[k] = row[k - 1] * (n - k + 1) / k;
        return row;
    }

    /// <summary>The natural logarithm of a non-negative big integer (−∞ for 0).</summary>
    public static double LogOf(BigInteger value) =>
        value.Sign switch
        {
            0 => double.NegativeInfinity,
            > 0 => BigInteger.Log(value),
            _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Binomial.LogOf: a count cannot be negative."),
        };

    /// <summary>ln Σ exp(terms), exact for all-(−∞) input (−∞).</summary>
    public static double LogSumExp(IReadOnlyList<double> terms)
    {
        double max = double.NegativeInfinity;
        foreach (double t in terms) max = Math.Max(max, t);
        if (double.IsNegativeInfinity(max)) return max;
        double sum = 0;
        foreach (double t in terms) sum += Math.Exp(t - max);
        return max + Math.Log(sum);
    }
}
