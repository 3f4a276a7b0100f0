using System.Numerics;

namespace Uam.Runtime.Memory;

/// <summary>The Hamming ball B(x, d) = {z ∈ {0,1}ⁿ : H(x, z) ≤ d} of SDM's read and write circles: its size, the
/// fraction p of the space it covers, and the radius for a fraction (spec §1.4).</summary>
public static class HammingBall
{
    /// <summary>|B(d)| = Σ_{i ≤ d} C(n, i), exactly.</summary>
    public static BigInteger Size(int n, int radius)
    {
        CheckRadius(nameof(Size), n, radius);
        return Sizes(n)[radius];
    }

    /// <summary>|B(0)| … |B(n)|: the running sums of the binomial row C(n, ·).</summary>
    internal static BigInteger[] Sizes(int n)
    {
        var sizes = new BigInteger[n + 1];
        BigInteger size = BigInteger.Zero, term = BigInteger.One;
        for (int d = 0; d <= n; d++)
        {
            size += term;
            term = term * (n - d) / (d + 1);
            sizes[d] = size;
        }
        return sizes;
    }

    /// <summary>ln |B(d)|, from the exact size.</summary>
    public static double LogSize(int n, int radius) => Binomial.LogOf(Size(n, radius));

    /// <summary>p(d) = |B(d)| / 2ⁿ = P[Bin(n, ½) ≤ d], from the exact size (no underflow: n = 1000, d = 0 gives 9.3e−302).</summary>
    public static double Fraction(int n, int radius) => Math.Exp(LogFraction(n, radius));

    /// <summary>ln p(d).</summary>
    public static double LogFraction(int n, int radius) => LogSize(n, radius) - n * Math.Log(2);

    /// <summary>The binomial quantile the original code uses everywhere (scipy's <c>binom.ppf</c>): the smallest d with
    /// p(d) ≥ <paramref name="fraction"/> (quirk 8: not the nearest).</summary>
    public static int RadiusFor(int n, double fraction)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "HammingBall.RadiusFor: the dimension must be at least 1.");
        if (!(fraction > 0 && fraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "HammingBall.RadiusFor: the fraction of the space must lie in (0, 1].");
        // Compared exactly: the double is mantissa·2^exponent, so |B(d)| ≥ fraction·2ⁿ is an integer comparison.
        long bits = BitConverter.DoubleToInt64Bits(fraction);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent = 1; else mantissa |= 1L << 52;
        int shift = exponent - 1075 + n;   // fraction·2ⁿ = mantissa·2^shift
        BigInteger target = shift >= 0 ? (BigInteger)mantissa << shift : mantissa;
        BigInteger[] sizes = Sizes(n);
        for (int d = 0; d <= n; d++)
            if ((shift >= 0 ? sizes[d] : sizes[d] << -shift) >= target) return d;
        return n;
    }

    internal static void CheckRadius(string operation, int n, int radius)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, $"HammingBall.{operation}: the dimension must be at least 1.");
        if (radius < 0 || radius > n)
            throw new ArgumentOutOfRangeException(nameof(radius), radius, $"HammingBall.{operation}: the radius must lie in 0…{n} for n = {n}.");
    }
}
