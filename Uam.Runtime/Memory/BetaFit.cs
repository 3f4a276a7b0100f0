namespace Uam.Runtime.Memory;

/// <summary>How the log-linear regression turns covariance into a slope (quirk 1).</summary>
public enum SlopeConvention
{
    /// <summary>The original code's: sample covariance (divisor N − 1) over population variance (divisor N), that is the
    /// least-squares slope × N/(N − 1). Every β printed by the paper (10.1, 15.9, 35.5) uses it.</summary>
    Quirk,

    /// <summary>The ordinary least-squares slope.</summary>
    Ols,
}

/// <summary>Which distances the regression fits (quirk 2).</summary>
public enum FitPoints
{
    /// <summary>d_v = 0…d − 1: every table of the paper but one.</summary>
    BelowRadius,

    /// <summary>d_v = 1…d: the paper's "β as a function of d" table.</summary>
    UpToRadius,
}

/// <summary>A fitted line ln I ≈ β·cos + intercept.</summary>
public readonly record struct LinearFit(double Beta, double Intercept);

/// <summary>The β for which softmax(β·cos) approximates an SDM intersection curve (spec §1.7): by log-linear regression on the
/// first d distances (the original's <c>fit_beta</c>), or by the "gold standard" fit of the normalised curve over every
/// distance (computed here by an exact one-dimensional minimisation instead of the original's Adam run).</summary>
public static class BetaFit
{
    /// <summary>The first cosine of the continuous fit: 1 − 1e−15 instead of 1 (the cap formula divides by tan θ_v).</summary>
    public const double FirstCapCosine = 1 - 1e-15;

    /// <summary>The regression line through (x, y); points with y = −∞ (an empty intersection) are dropped first.</summary>
    public static LinearFit Regression(IReadOnlyList<double> x, IReadOnlyList<double> y, SlopeConvention convention = SlopeConvention.Quirk)
    {
        if (x.Count != y.Count) throw new ArgumentException($"BetaFit.Regression: {x.Count} cosines but {y.Count} values.", nameof(y));
        var points = x.Zip(y).Where(p => !double.IsNegativeInfinity(p.Second)).ToList();
        if (points.Any(p => !double.IsFinite(p.First) || !double.IsFinite(p.Second)))
            throw new ArgumentException("BetaFit.Regression: the points must be finite (ln 0 = −∞ is the only value dropped).", nameof(y));
        if (points.Count < 2) throw new ArgumentException($"BetaFit.Regression: {points.Count} finite point(s); a line needs 2.", nameof(y));
        int count = points.Count;
        double meanX = points.Average(p => p.First), meanY = points.Average(p => p.Second);
        double cross = points.Sum(p => (p.First - meanX) * (p.Second - meanY)), squares = points.Sum(p => (p.First - meanX) * (p.First - meanX));
        double beta = convention switch
        {
            SlopeConvention.Quirk => cross / (count - 1) / (squares / count),
            SlopeConvention.Ols => cross / squares,
            _ => throw new ArgumentOutOfRangeException(nameof(convention), convention, "BetaFit.Regression: not a SlopeConvention."),
        };
        return new LinearFit(beta, meanY - beta * meanX);
    }

    /// <summary>β fitted to ln I_{n,d}(d_v) of the binary circle intersection.</summary>
    public static LinearFit Binary(int n, int radius, SlopeConvention convention = SlopeConvention.Quirk, FitPoints points = FitPoints.BelowRadius)
    {
        CheckFitRadius(nameof(Binary), n, radius);
        double[] table = CircleIntersection.LogTable(n, radius);
        int first = points == FitPoints.UpToRadius ? 1 : 0;
        var distances = Enumerable.Range(first, radius).ToList();
        return Regression(distances.Select(v => HammingCosine.Cosine(n, v)).ToList(), distances.Select(v => table[v]).ToList(), convention);
    }

    /// <summary>β fitted to the log cap intersection at the cosines 1 − 2d_v/n, d_v = 0…d − 1 (the first at
    /// <see cref="FirstCapCosine"/>).</summary>
    public static LinearFit Cap(int n, int radius, SlopeConvention convention = SlopeConvention.Quirk)
    {
        CheckFitRadius(nameof(Cap), n, radius);
        var cosines = Enumerable.Range(0, radius).Select(v => v == 0 ? FirstCapCosine : HammingCosine.Cosine(n, v)).ToList();
        return Regression(cosines, cosines.Select(c => CapIntersection.LogArea(n, radius, c)).ToList(), convention);
    }

    /// <summary>The normalised binary intersection over d_v = 0…n, the target of <see cref="Softmax(IReadOnlyList{double}, IReadOnlyList{double})"/>.</summary>
    public static (double[] Cosines, double[] Weights) BinaryCurve(int n, int radius) =>
        (Enumerable.Range(0, n + 1).Select(v => HammingCosine.Cosine(n, v)).ToArray(), Normalise(CircleIntersection.LogTable(n, radius)));

    /// <summary>The normalised cap intersection over d_v = 0…n (d_v = 0 at <see cref="FirstCapCosine"/>).</summary>
    public static (double[] Cosines, double[] Weights) CapCurve(int n, int radius)
    {
        var cosines = Enumerable.Range(0, n + 1).Select(v => v == 0 ? FirstCapCosine : HammingCosine.Cosine(n, v)).ToArray();
        return (cosines, Normalise(cosines.Select(c => CapIntersection.LogArea(n, radius, c)).ToArray()));
    }

    /// <summary>The β minimising the mean squared difference (1/N) Σ (t_i − softmax(β x)_i)² to a normalised curve t, found by a
    /// scan of β ∈ (0, 400] and golden-section refinement to 1e−10.</summary>
    public static (double Beta, double MeanSquaredError) Softmax(IReadOnlyList<double> cosines, IReadOnlyList<double> weights)
    {
        if (cosines.Count != weights.Count || cosines.Count < 2)
            throw new ArgumentException($"BetaFit.Softmax: {cosines.Count} cosines and {weights.Count} weights; both need the same count, at least 2.", nameof(weights));
        double Error(double beta)
        {
            double max = cosines.Max() * beta, sum = cosines.Sum(c => Math.Exp(beta * c - max)), error = 0;
            for (int i = 0; i < cosines.Count; i++)
            {
                double difference = weights[i] - Math.Exp(beta * cosines[i] - max) / sum;
                error += difference * difference;
            }
            return error / cosines.Count;
        }
        // The scan brackets the global minimum on a 0.25 grid; golden sections then shrink the bracket.
        double best = 0.25;
        for (double beta = 0.25; beta <= 400; beta += 0.25) if (Error(beta) < Error(best)) best = beta;
        double low = Math.Max(1e-9, best - 0.25), high = best + 0.25, ratio = (Math.Sqrt(5) - 1) / 2;
        while (high - low > 1e-10)
        {
            double left = high - ratio * (high - low), right = low + ratio * (high - low);
            if (Error(left) < Error(right)) high = right; else low = left;
        }
        double fitted = (low + high) / 2;
        return (fitted, Error(fitted));
    }

    /// <summary>weights_i = exp(ℓ_i) / Σ exp(ℓ), from logarithms (−∞ gives 0).</summary>
    internal static double[] Normalise(IReadOnlyList<double> logs)
    {
        double total = Binomial.LogSumExp(logs);
        return logs.Select(l => Math.Exp(l - total)).ToArray();
    }

    private static void CheckFitRadius(string operation, int n, int radius)
    {
        HammingBall.CheckRadius(operation, n, radius);
        if (radius < 2) throw new ArgumentOutOfRangeException(nameof(radius), radius, $"BetaFit.{operation}: the fit needs a radius of at least 2 (one point per distance below it).");
    }
}
