using System.Globalization;

namespace Uam.Experiments.Reporting;

/// <summary>The mean of a quantity over runs with its standard error: the population standard deviation over √runs,
/// as the paper reports it. NaN values (a metric a run does not have) are left out.</summary>
internal sealed record Estimate(double Mean, double StandardError, int Runs)
{
    public static Estimate Of(IEnumerable<double> values)
    {
        double[] v = values.Where(x => !double.IsNaN(x)).ToArray();
        if (v.Length == 0) return new Estimate(double.NaN, double.NaN, 0);
        double mean = v.Average();
        double populationStd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
        return new Estimate(mean, populationStd / Math.Sqrt(v.Length), v.Length);
    }

    /// <summary>"12.34 ± 0.56"; one run: "12.34"; none: "".</summary>
    public override string ToString() =>
        Runs == 0 ? "" : Runs == 1 ? Mean.ToString("F2", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{Mean:F2} ± {StandardError:F2}");
}
