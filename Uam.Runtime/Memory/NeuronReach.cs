using StandardNormal = MathNet.Numerics.Distributions.Normal;

namespace Uam.Runtime.Memory;

/// <summary>Whether any of r random neurons lies within d of a query (spec §1.10), the question behind every
/// "too few neurons" cell of the experiments.</summary>
public static class NeuronReach
{
    /// <summary>The normal approximation of p(d) the original notebook uses: Φ((d − n/2)/√(n/4)), no continuity correction.</summary>
    public static double NormalFraction(int n, int radius)
    {
        HammingBall.CheckRadius(nameof(NormalFraction), n, radius);
        return StandardNormal.CDF(0, 1, (radius - n / 2.0) / Math.Sqrt(n / 4.0));
    }

    /// <summary>1 − (1 − p)^r, computed without cancellation.</summary>
    public static double AtLeastOne(double fraction, double neurons)
    {
        if (!(fraction >= 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "NeuronReach.AtLeastOne: a fraction lies in [0, 1].");
        return -ExpMinusOne(neurons * LogOnePlus(-fraction));
    }

    /// <summary>The Poisson approximation 1 − exp(−rp).</summary>
    public static double AtLeastOnePoisson(double fraction, double neurons) => -ExpMinusOne(-neurons * fraction);

    /// <summary>The radius at which one neuron is expected under the normal approximation: n/2 + √(n/4)·Φ⁻¹(1/r).</summary>
    public static double RadiusWithOneNeuron(int n, double neurons) => n / 2.0 + Math.Sqrt(n / 4.0) * StandardNormal.InvCDF(0, 1, 1 / neurons);

    /// <summary>ln(1 + x) accurate for tiny x (Kahan's trick: the rounding of 1 + x is divided back out).</summary>
    private static double LogOnePlus(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>eˣ − 1 accurate for tiny x (the same trick for the exponential).</summary>
    private static double ExpMinusOne(double x)
    {
        double u = Math.Exp(x);
        if (u == 1) return x;
        double um1 = u - 1;
        return um1 == -1 ? -1 : um1 * x / Math.Log(u);
    }
}
