using System.Text.Json.Serialization;
using Uam.Runtime.Memory;

namespace Uam.Experiments.Tasks.Sdm;

/// <summary>One row of the β table (spec §4.1) and the paper's values for it.</summary>
internal sealed record BetaRow(
    [property: JsonPropertyName("n")] int N, [property: JsonPropertyName("fraction")] double Fraction, [property: JsonPropertyName("radius")] int Radius,
    [property: JsonPropertyName("regression_binary")] double RegressionBinary, [property: JsonPropertyName("regression_cap")] double RegressionCap,
    [property: JsonPropertyName("softmax_binary")] double SoftmaxBinary, [property: JsonPropertyName("softmax_cap")] double SoftmaxCap,
    [property: JsonPropertyName("paper")] double[] Paper);

/// <summary>A normalised weight curve over d_v = 0…n: the binary and cap intersections and the two softmax fits of each.</summary>
internal sealed record WeightCurves(
    [property: JsonPropertyName("n")] int N, [property: JsonPropertyName("radius")] int Radius,
    [property: JsonPropertyName("binary")] double[] Binary, [property: JsonPropertyName("cap")] double[] Cap,
    [property: JsonPropertyName("softmax_regression")] double[] SoftmaxRegression, [property: JsonPropertyName("softmax_fit")] double[] SoftmaxFit,
    [property: JsonPropertyName("beta_regression")] double BetaRegression, [property: JsonPropertyName("beta_fit")] double BetaFit);

/// <summary>The optimal radii of §4.2 with their β.</summary>
internal sealed record OptimalRadii(
    [property: JsonPropertyName("n")] int N, [property: JsonPropertyName("log2_neurons")] double Log2Neurons, [property: JsonPropertyName("patterns")] double Patterns,
    [property: JsonPropertyName("snr_fraction")] double SnrFraction, [property: JsonPropertyName("snr_radius")] int SnrRadius,
    [property: JsonPropertyName("capacity_margin")] double CapacityMargin, [property: JsonPropertyName("capacity_fraction")] double CapacityFraction,
    [property: JsonPropertyName("capacity_radius")] int CapacityRadius, [property: JsonPropertyName("critical_radius")] int CriticalRadius,
    [property: JsonPropertyName("critical_distances")] int[] CriticalDistances,
    [property: JsonPropertyName("beta_snr")] double BetaSnr, [property: JsonPropertyName("beta_capacity")] double BetaCapacity, [property: JsonPropertyName("beta_critical")] double BetaCritical);

/// <summary>Everything <c>uam sdm tables</c> regenerates (deterministic: no seed changes it).</summary>
internal sealed record SdmTablesRun(
    [property: JsonPropertyName("betas")] BetaRow[] Betas,
    [property: JsonPropertyName("beta_by_radius")] double[][] BetaByRadius,
    [property: JsonPropertyName("curves")] WeightCurves[] Curves,
    [property: JsonPropertyName("optimal")] OptimalRadii Optimal,
    [property: JsonPropertyName("kanerva")] double[][] Kanerva,
    [property: JsonPropertyName("reach")] double[][] Reach,
    [property: JsonPropertyName("learned_betas")] LearnedBeta[] LearnedBetas);

/// <summary>Computes the tables of spec §4.1, §4.2, §4.4, §1.10 and §4.6 from the geometry.</summary>
internal static class SdmTables
{
    /// <summary>The fractions of the β tables (§4.1) and the paper's four β per (n, fraction).</summary>
    public static readonly double[] TableFractions = [4e-13, 1e-9, 1e-8, 1e-5, 3.7e-4, 1e-3, 0.1];

    public static readonly IReadOnlyDictionary<int, double[][]> PaperBetas = new Dictionary<int, double[][]>
    {
        [64] = [[35.4848, 71.7092, 43.738, 69.160], [20.0410, 29.7671, 24.593, 34.284], [15.8528, 21.5397, 18.814, 25.146], [10.1104, 12.2298, 11.164, 13.763],
            [6.3033, 7.1477, 6.597, 7.585], [5.6024, 6.2296, 5.773, 6.535], [1.8487, 2.0440, 2.055, 2.231]],
        [100] = [[25.0066, 34.1039, 31.438, 42.783], [17.1951, 21.3129, 20.299, 25.808], [14.8656, 17.8440, 17.043, 21.087], [9.3570, 10.4919, 9.954, 11.438],
            [6.6095, 7.2152, 6.807, 7.533], [5.4563, 5.9052, 5.575, 6.082], [1.7901, 1.9342, 2.004, 2.138]],
        [784] = [[23.3063, 24.1609, 22.709, 23.802], [17.1906, 17.6819, 16.348, 16.935], [15.1436, 15.5408, 14.294, 14.755], [9.8012, 10.0119, 9.133, 9.353],
            [6.6863, 6.8232, 6.275, 6.405], [5.8538, 5.9743, 5.532, 5.643], [1.9875, 2.0425, 2.176, 2.224]],
        [1000] = [[23.5034, 24.1894, 22.457, 23.306], [17.3650, 17.7685, 16.259, 16.725], [15.5285, 15.8656, 14.461, 14.841], [9.6909, 9.8665, 8.941, 9.118],
            [6.7119, 6.8306, 6.254, 6.365], [5.9664, 6.0729, 5.598, 5.695], [1.9632, 2.0116, 2.153, 2.195]],
    };

    /// <summary>§4.4: d_v and the values printed in Kanerva's book (n = 1000, d = 451, r = 10⁶).</summary>
    public static readonly (int Distance, double Printed)[] KanervaBook =
        [(0, 1000), (1, 894), (10, 743), (50, 445), (100, 267), (150, 162), (200, 97), (300, 30), (400, 7), (500, 1)];

    public static SdmTablesRun Compute(string learnedBetasPath, Action<int, int, string>? progress = null)
    {
        var rows = new List<BetaRow>();
        int total = PaperBetas.Count * TableFractions.Length + 4, done = 0;
        foreach (var (n, paper) in PaperBetas)
            for (int i = 0; i < TableFractions.Length; i++)
            {
                int d = HammingBall.RadiusFor(n, TableFractions[i]);
                var (binaryCosines, binaryWeights) = BetaFit.BinaryCurve(n, d);
                var (capCosines, capWeights) = BetaFit.CapCurve(n, d);
                rows.Add(new BetaRow(n, TableFractions[i], d, BetaFit.Binary(n, d).Beta, BetaFit.Cap(n, d).Beta,
                    BetaFit.Softmax(binaryCosines, binaryWeights).Beta, BetaFit.Softmax(capCosines, capWeights).Beta, paper[i]));
                progress?.Invoke(++done, total, $"β table n={n} d={d}");
            }
        // β against d for n = 64 on both point sets, and the analytic β of the exponential approximation.
        double[][] byRadius = Enumerable.Range(5, 27).Select(d => new[]
        {
            d, BetaFit.Binary(64, d).Beta, BetaFit.Binary(64, d, points: FitPoints.UpToRadius).Beta, BetaFit.Binary(64, d, SlopeConvention.Ols).Beta,
            ExponentialApproximation.AnalyticBeta(64, d),
        }).ToArray();
        var curves = new[] { 5, 11, 15 }.Select(d => Curves(64, d)).ToArray();
        progress?.Invoke(++done, total, "weight curves");
        double r = Math.Pow(2, 64);
        int snr = OptimalRadius.SnrRadius(64, 1024, r), capacity = OptimalRadius.CapacityRadius(64, r), critical = OptimalRadius.CriticalRadius(64, 1024, r);
        var optimal = new OptimalRadii(64, 64, 1024, OptimalRadius.SnrFraction(1024, r), snr, OptimalRadius.CapacityMargin(64),
            OptimalRadius.CapacityFraction(r, OptimalRadius.CapacityMargin(64)), capacity, critical,
            Enumerable.Range(1, 32).Select(d => OptimalRadius.CriticalDistance(64, d, 1024, r)).ToArray(),
            BetaFit.Binary(64, snr).Beta, BetaFit.Binary(64, capacity).Beta, BetaFit.Binary(64, critical).Beta);
        progress?.Invoke(++done, total, "optimal radii");
        double[][] kanerva = KanervaBook.Select(k => new[]
        {
            k.Distance, CircleIntersection.ExpectedNeurons(1000, 451, k.Distance, 1e6), 1e6 * CircleIntersection.NormalApproximation(1000, 451, k.Distance), k.Printed,
        }).ToArray();
        progress?.Invoke(++done, total, "Kanerva's table");
        double[][] reach = new[] { 400, 420, 424, 425, 430 }.Select(d =>
        {
            double normal = NeuronReach.NormalFraction(1000, d), exact = HammingBall.Fraction(1000, d);
            return new[] { d, normal, NeuronReach.AtLeastOnePoisson(normal, 1e6), exact, NeuronReach.AtLeastOne(exact, 1e6) };
        }).ToArray();
        progress?.Invoke(++done, total, "neuron reach");
        return new SdmTablesRun(rows.ToArray(), byRadius, curves, optimal, kanerva, reach, QueryKeyNormBetas.Read(learnedBetasPath).ToArray());
    }

    private static WeightCurves Curves(int n, int d)
    {
        var (cosines, binary) = BetaFit.BinaryCurve(n, d);
        var (_, cap) = BetaFit.CapCurve(n, d);
        double regression = BetaFit.Binary(n, d).Beta, fit = BetaFit.Softmax(cosines, binary).Beta;
        double[] Softmax(double beta) => BetaFit.Normalise(cosines.Select(c => beta * c).ToArray());
        return new WeightCurves(n, d, binary, cap, Softmax(regression), Softmax(fit), regression, fit);
    }
}
