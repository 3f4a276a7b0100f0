using MathNet.Numerics;

namespace Uam.Runtime.Memory;

/// <summary>How the log cap intersection adds its factor 2 (quirk 3).</summary>
public enum CapLogFactor
{
    /// <summary>ln A = ln 2 + ln J: the true area.</summary>
    Ln2,

    /// <summary>ln A = 2 + ln J, as the original code writes it: every area e²/2 ≈ 3.6945 times too large. Normalised
    /// weights and fitted β do not change; neuron counts of the finite-neuron continuous memory do.</summary>
    Quirk2,
}

/// <summary>The continuous SDM geometry (spec §1.8): on the unit sphere S^{n−1}, read and write circles are caps of angular
/// radius θ₁ with cos θ₁ = 1 − 2d/n, and a pattern's weight is the area of two such caps' intersection (Lee and Kim 2014),
/// evaluated in log space with the regularised incomplete beta function and tanh-sinh quadrature.</summary>
public static class CapIntersection
{
    /// <summary>θ₁: the cap's angular radius for a Hamming radius, cos θ₁ = 1 − 2d/n.</summary>
    public static double CapAngle(int n, int radius)
    {
        HammingBall.CheckRadius(nameof(CapAngle), n, radius);
        return Math.Acos(1 - 2.0 * radius / n);
    }

    /// <summary>ln of the intersection area of two caps of angular radius θ₁ whose centres are θ_v apart:
    /// A = 2·J_n(θ_v/2, θ₁) when θ_v &lt; 2θ₁ (and θ₁ + θ₁ ≤ 2π − θ_v), else −∞.</summary>
    public static double LogArea(int n, double capAngle, double centreAngle, CapLogFactor factor = CapLogFactor.Ln2)
    {
        if (n < 3) throw new ArgumentOutOfRangeException(nameof(n), n, "CapIntersection.LogArea: the sphere needs n ≥ 3 dimensions.");
        if (!(capAngle > 0 && capAngle <= Math.PI)) throw new ArgumentOutOfRangeException(nameof(capAngle), capAngle, "CapIntersection.LogArea: the cap angle must lie in (0, π].");
        if (!(centreAngle >= 0 && centreAngle <= Math.PI)) throw new ArgumentOutOfRangeException(nameof(centreAngle), centreAngle, "CapIntersection.LogArea: the angle between the centres must lie in [0, π].");
        if (centreAngle >= 2 * capAngle || 2 * capAngle > 2 * Math.PI - centreAngle) return double.NegativeInfinity;
        double logJ = LogJ(n, centreAngle / 2, capAngle);
        return (factor == CapLogFactor.Quirk2 ? 2 : Math.Log(2)) + logJ;
    }

    /// <summary>ln of the area of the intersection at the cosine <paramref name="cosine"/> between the centres, for the
    /// Hamming radius d mapped to a cap.</summary>
    public static double LogArea(int n, int radius, double cosine, CapLogFactor factor = CapLogFactor.Ln2)
    {
        if (!(cosine >= -1 && cosine <= 1)) throw new ArgumentOutOfRangeException(nameof(cosine), cosine, "CapIntersection.LogArea: the cosine must lie in [−1, 1].");
        return LogArea(n, CapAngle(n, radius), Math.Acos(cosine), factor);
    }

    /// <summary>ln S_n, the area of the unit sphere S^{n−1}: 2π^{n/2}/Γ(n/2).</summary>
    public static double LogSphereArea(int n) => Math.Log(2) + n / 2.0 * Math.Log(Math.PI) - SpecialFunctions.GammaLn(n / 2.0);

    /// <summary>The fraction of the sphere one cap covers, ½·I_{sin²θ₁}((n − 1)/2, ½) for θ₁ ≤ π/2: the limit of A/S_n as
    /// the centres meet.</summary>
    public static double CapFraction(int n, int radius)
    {
        double angle = CapAngle(n, radius);
        if (angle > Math.PI / 2) throw new ArgumentOutOfRangeException(nameof(radius), radius, "CapIntersection.CapFraction: the formula holds for caps up to a hemisphere (d ≤ n/2).");
        double sin = Math.Sin(angle);
        return 0.5 * SpecialFunctions.BetaRegularized((n - 1) / 2.0, 0.5, sin * sin);
    }

    /// <summary>ln of the expected neurons in the intersection when r neurons are spread uniformly: ln r + ln A − ln S_n.</summary>
    public static double LogExpectedNeurons(int n, int radius, double cosine, double neurons, CapLogFactor factor = CapLogFactor.Ln2) =>
        Math.Log(neurons) + LogArea(n, radius, cosine, factor) - LogSphereArea(n);

    /// <summary>ln J_n(θ_min, θ_max) = ln[π^{(n−1)/2}/Γ((n−1)/2) ∫_{θ_min}^{θ_max} sin^{n−2}φ · I_{1 − (tan θ_min/tan φ)²}((n−2)/2, ½) dφ].</summary>
    internal static double LogJ(int n, double thetaMin, double thetaMax)
    {
        double prefix = (n - 1) / 2.0 * Math.Log(Math.PI) - SpecialFunctions.GammaLn((n - 1) / 2.0);
        if (!(thetaMax > thetaMin)) return double.NegativeInfinity;
        double tanMin = Math.Tan(thetaMin), a = (n - 2) / 2.0;
        double integral = LogQuadrature.TanhSinh(phi =>
        {
            double ratio = tanMin / Math.Tan(phi);
            double x = 1 - ratio * ratio;
            if (x <= 0) return double.NegativeInfinity;
            double beta = x >= 1 ? 1 : SpecialFunctions.BetaRegularized(a, 0.5, x);
            return (n - 2) * Math.Log(Math.Sin(phi)) + Math.Log(beta);
        }, thetaMin, thetaMax, 1e-11);
        return prefix + integral;
    }
}
