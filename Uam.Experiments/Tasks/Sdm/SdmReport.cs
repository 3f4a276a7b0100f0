using System.Globalization;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Tasks.Sdm;

/// <summary>The reports of the three SDM studies.</summary>
internal static class SdmReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static ReportValue Text(double value, string format = "F4") => new(value.ToString(format, Invariant));

    private static string TitleOf(StudyResults results, string what) =>
        $"{Path.GetFileName(Path.GetFullPath(results.Directory).TrimEnd(Path.DirectorySeparatorChar))}: {what} ({results.Protocol})";

    public static Report Tables(StudyResults results)
    {
        var runs = results.Runs<SdmTablesRun>();
        var blocks = new List<ReportBlock>();
        if (runs.Count > 0)
        {
            SdmTablesRun run = runs[0].Run;
            blocks.Add(new ReportTable("β fitted to the intersections (spec §4.1), with the paper's values", "betas", "n, p, d",
                ["regression binary", "paper", "regression cap", "paper", "softmax binary", "paper", "softmax cap", "paper"],
                run.Betas.Select(b => new ReportRow(string.Create(Invariant, $"{b.N}, {b.Fraction:G2}, {b.Radius}"),
                    new[] { b.RegressionBinary, b.Paper[0], b.RegressionCap, b.Paper[1], b.SoftmaxBinary, b.Paper[2], b.SoftmaxCap, b.Paper[3] }
                        .Select((v, i) => Text(v, i % 2 == 0 ? "F4" : "G6")).ToList())).ToList())
            {
                Note = "Regression: the original's slope (sample covariance over population variance) on d_v = 0…d − 1. Softmax: the exact minimum of the mean " +
                       "squared difference to the normalised curve over all d_v (the paper's column comes from an Adam run, ±1e−3).",
            });
            blocks.Add(new ReportTable("β against the radius, n = 64", "beta-by-radius", "d", ["quirk, d_v = 0…d−1", "quirk, d_v = 1…d", "least squares", "(n − 2d)²/(4n)"],
                run.BetaByRadius.Select(r => new ReportRow(r[0].ToString("F0", Invariant), r.Skip(1).Select(v => Text(v, "F4")).ToList())).ToList())
            {
                Note = "The analytic β of the exponential approximation (§1.5) underestimates the fit by a factor of about 2–3.",
            });
            OptimalRadii o = run.Optimal;
            blocks.Add(new ReportTable("Optimal radii, n = 64, r = 2⁶⁴, m = 1024 (spec §1.9, §4.2)", "optimal", "radius", ["fraction p*", "d*", "β at d*", "paper"],
            [
                new("signal-to-noise", [Text(o.SnrFraction, "G5"), Text(o.SnrRadius, "F0"), Text(o.BetaSnr), new("d* 11, β 15.9")]),
                new("memory capacity", [Text(o.CapacityFraction, "G5"), Text(o.CapacityRadius, "F0"), Text(o.BetaCapacity), new("d* 5, β 35.5")]),
                new("critical distance", [new(""), Text(o.CriticalRadius, "F0"), Text(o.BetaCritical), new("d* 15, β 10.1")]),
            ])
            {
                Note = string.Create(Invariant, $"Capacity margin z = {o.CapacityMargin:F6}. The critical distance is the spec's reconstruction (the original notebook is lost): ") +
                       string.Join(", ", new[] { 5, 11, 15, 16 }.Select(d => $"CD({d}) = {o.CriticalDistances[d - 1]}")) + " bits.",
            });
            blocks.Add(new ReportChart("Critical distance against the radius (reconstruction)", "critical", "radius d", "critical distance (bits)", [],
                [new ChartView([], [new ChartSeries("CD(d)", Enumerable.Range(1, o.CriticalDistances.Length).Select(d => (double)d).ToArray(), o.CriticalDistances.Select(c => (double)c).ToArray())])]));
            blocks.Add(new ReportTable("Expected neurons in both circles, n = 1000, d = 451, r = 10⁶ (spec §4.4)", "kanerva", "d_v", ["exact", "normal approximation", "Kanerva's book"],
                run.Kanerva.Select(k => new ReportRow(k[0].ToString("F0", Invariant), [Text(k[1], "F3"), Text(k[2], "F3"), Text(k[3], "F0")])).ToList()));
            blocks.Add(new ReportTable("Chance of a neuron within d of a query, n = 1000, r = 10⁶ (spec §1.10)", "reach", "d", ["p (normal)", "P (normal, Poisson)", "p (exact)", "P (exact)"],
                run.Reach.Select(k => new ReportRow(k[0].ToString("F0", Invariant), k.Skip(1).Select(v => Text(v, "G5")).ToList())).ToList()));
            foreach (WeightCurves c in run.Curves)
            {
                double[] x = Enumerable.Range(0, c.Binary.Length).Select(v => (double)v).ToArray();
                ChartSeries Log(string name, double[] w) => new(name, x.Where((_, i) => w[i] > 0).ToArray(), w.Where(v => v > 0).Select(v => Math.Log(v)).ToArray());
                blocks.Add(new ReportChart(string.Create(Invariant, $"Intersection against fitted softmax, n = {c.N}, d = {c.Radius}"), $"curves-{c.Radius}", "d_v",
                    "ln normalised weight", ["view"],
                [
                    new ChartView(["log weights"], [Log("binary intersection", c.Binary), Log("cap intersection", c.Cap),
                        Log(string.Create(Invariant, $"softmax, regression β {c.BetaRegression:F2}"), c.SoftmaxRegression), Log(string.Create(Invariant, $"softmax, fitted β {c.BetaFit:F2}"), c.SoftmaxFit)]),
                    new ChartView(["weights"], [new("binary intersection", x, c.Binary), new("cap intersection", x, c.Cap),
                        new(string.Create(Invariant, $"softmax, regression β {c.BetaRegression:F2}"), x, c.SoftmaxRegression), new(string.Create(Invariant, $"softmax, fitted β {c.BetaFit:F2}"), x, c.SoftmaxFit)]),
                ]));
            }
            blocks.AddRange(LearnedBetaBlocks(run.LearnedBetas, o));
        }
        return new Report(TitleOf(results, "SDM tables"), StudyMetadata.Of(results, runs.Select(r => r.Record).ToList(), runs.Count.ToString(Invariant)), blocks);
    }

    private static IEnumerable<ReportBlock> LearnedBetaBlocks(LearnedBeta[] betas, OptimalRadii optimal)
    {
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
        var groups = betas.GroupBy(b => b.Block).Select(g => (Key: g.Key, Values: g.Select(b => b.Beta).ToArray()))
            .Append((Key: "all", Values: betas.Select(b => b.Beta).ToArray())).ToList();
        double low = optimal.BetaCritical, high = optimal.BetaSnr, memory = optimal.BetaCapacity;
        yield return new ReportTable("Query-Key-Norm learned β (spec §4.6)", "learned-betas", "block", ["count", "mean", "median", "min", "max", "in [β_CD, β_SNR]", "above β_SNR"],
            groups.Select(g => new ReportRow(g.Key, [Text(g.Values.Length, "F0"), Text(g.Values.Average(), "F3"), Text(Median(g.Values), "F3"), Text(g.Values.Min()), Text(g.Values.Max()),
                Text(g.Values.Count(v => v >= low && v <= high), "F0"), Text(g.Values.Count(v => v > high), "F0")])).ToList())
        {
            Note = string.Create(Invariant, $"β_CD = {low:F2}, β_SNR = {high:F2}, β_Mem = {memory:F2} (the fits at this run's optimal radii). ") +
                   $"{betas.Count(b => b.Beta < low)} below β_CD, {betas.Count(b => b.Beta > memory)} above β_Mem.",
        };
        // A histogram drawn as a step line (bins of width 1), with the three SDM optima as vertical lines.
        int first = (int)Math.Floor(betas.Min(b => b.Beta)), last = (int)Math.Ceiling(Math.Max(betas.Max(b => b.Beta), memory + 1));
        var xs = new List<double>();
        var ys = new List<double>();
        for (int bin = first; bin < last; bin++)
        {
            double count = betas.Count(b => b.Beta >= bin && b.Beta < bin + 1);
            xs.AddRange([bin, bin + 1]);
            ys.AddRange([count, count]);
        }
        double top = ys.Max() + 1;
        ChartSeries Line(string name, double at) => new(name, [at, at], [0, top]);
        yield return new ReportChart("Histogram of the learned β with the SDM optima", "learned-beta-histogram", "β", "modules", [],
            [new ChartView([], [new ChartSeries("learned β (90 modules)", xs.ToArray(), ys.ToArray()), Line("β_CD", low), Line("β_SNR", high), Line("β_Mem", memory)])]);
    }

    public static Report Convergence(StudyResults results)
    {
        var runs = results.Runs<SdmConvergenceRun>();
        var blocks = new List<ReportBlock>();
        foreach (var byDataset in runs.GroupBy(r => r.Run.Dataset).OrderBy(g => Array.IndexOf(SdmDatasets.All, g.Key)))
        {
            var views = new List<ChartView>();
            foreach (var byRadius in byDataset.GroupBy(r => r.Run.Radius).OrderBy(g => g.Key))
            {
                SdmConvergenceRun first = byRadius.First().Run;
                var seeds = byRadius.Select(r => r.Record.Seed).Distinct().Order().ToList();
                var algorithms = first.Algorithms.Select(a => a.Algorithm).ToList();
                var pooled = algorithms.Select(name =>
                {
                    var all = byRadius.Select(r => r.Run.Algorithms.Single(a => a.Algorithm == name)).ToList();
                    return (Name: name, Beta: all[0].Beta, Levels: first.Levels.Select((_, l) =>
                    {
                        double count = all.Sum(a => a.Count[l]), mean = all.Sum(a => a.Sum[l]) / count;
                        double sd = Math.Sqrt(Math.Max(0, all.Sum(a => a.SumSquares[l]) / count - mean * mean));
                        return (Mean: mean, Sd: sd, Steps: all.Average(a => a.MeanSteps[l]));
                    }).ToArray());
                }).ToList();
                var rows = new List<ReportRow> { new("baseline (the query itself)", first.Baseline.Select(b => Text(b, "F3")).ToList()) };
                rows.AddRange(pooled.Select(p => new ReportRow(double.IsNaN(p.Beta) ? p.Name : string.Create(Invariant, $"{p.Name} (β {p.Beta:F2})"),
                    p.Levels.Select(l => new ReportValue(string.Create(Invariant, $"{l.Mean:F4} ± {l.Sd:F4}"))).ToList())));
                blocks.Add(new ReportTable(string.Create(Invariant, $"{byDataset.Key}: n = {first.N}, d = {first.Radius}"), $"convergence-{byDataset.Key}-{first.Radius}",
                    "algorithm", first.Levels.Select(k => $"k = {k}").ToList(), rows)
                {
                    Note = $"Cosine of the converged query with its pattern, mean ± s.d. over every query, repeat and memory (seeds {string.Join(", ", seeds)}). " +
                           "Mean reads to convergence: " + string.Join("; ", pooled.Select(p => string.Create(Invariant, $"{p.Name} {p.Levels.Average(l => l.Steps):F1}"))) + ".",
                });
                double[] x = first.Levels.Select(k => (double)k).ToArray();
                views.Add(new ChartView([string.Create(Invariant, $"d = {first.Radius}")],
                    pooled.Select(p => new ChartSeries(p.Name, x, p.Levels.Select(l => l.Mean).ToArray(), p.Levels.Select(l => l.Sd).ToArray()))
                        .Prepend(new ChartSeries("baseline", x, first.Baseline)).ToList()));
            }
            blocks.Add(new ReportChart($"{byDataset.Key}: convergence curves", $"curves-{byDataset.Key}", "perturbation k", "cosine to the pattern", ["radius"], views));
        }
        return new Report(TitleOf(results, "SDM convergence"), StudyMetadata.Of(results, runs.Select(r => r.Record).ToList(), runs.Count.ToString(Invariant)), blocks);
    }

    /// <summary>Mean ± standard error with four decimals (the cosines differ in the third).</summary>
    private static ReportValue Mean(IReadOnlyList<double> values)
    {
        Estimate estimate = Estimate.Of(values);
        return new ReportValue(string.Create(Invariant, $"{estimate.Mean:F4} ± {estimate.StandardError:F4}"), estimate);
    }

    public static Report Projection(StudyResults results)
    {
        var runs = results.Runs<SdmProjectionRun>();
        var blocks = new List<ReportBlock>();
        foreach (var byMemory in new[] { "train", "test" })
        {
            var rows = new List<ReportRow>();
            int[] levels = SdmProjectionStudy.Levels;
            rows.Add(new ReportRow("baseline (the query itself)", levels.Select(k => Text(1 - 2.0 * k / 784, "F3")).ToList()));
            foreach (var group in runs.GroupBy(r => (r.Run.Radius, r.Run.BetaMode)).OrderBy(g => g.Key.Radius).ThenBy(g => g.Key.BetaMode))
                foreach (var algorithm in group.First().Run.Scores.Where(s => s.Memory == byMemory).Select(s => s.Algorithm))
                {
                    var scores = group.Select(r => r.Run.Scores.Single(s => s.Memory == byMemory && s.Algorithm == algorithm)).ToList();
                    rows.Add(new ReportRow(string.Create(Invariant, $"d = {group.Key.Radius}, β {group.Key.BetaMode}: {algorithm}"),
                        levels.Select((_, l) => Mean(scores.Select(s => s.Mean[l]).ToList())).ToList()));
                }
            blocks.Add(new ReportTable(byMemory == "train" ? "Training images, retrieved from the training memory" : "Test images, retrieved from the test memory",
                $"projection-{byMemory}", "radius, β, algorithm", levels.Select(k => $"k = {k}").ToList(), rows)
            {
                Note = "Mean cosine of the converged image with the original (at most 10 reads in latent space), mean ± s.e. over trained projections (seeds). " +
                       (results.Protocol.Contains("faithful", StringComparison.Ordinal) ? "Faithful: the test images are read from the training memory (quirk 10)." : ""),
            });
        }
        var learned = runs.Where(r => r.Run.BetaMode == "learned").OrderBy(r => r.Run.Radius).ToList();
        if (learned.Count > 0)
            blocks.Add(new ReportTable("Learned β (initialised at 3× the fit)", "learned-beta", "d, seed", ["initial β", "final β"],
                learned.Select(r => new ReportRow(string.Create(Invariant, $"{r.Run.Radius}, {r.Record.Seed}"), [Text(r.Run.InitialBeta, "F2"), Text(r.Run.FinalBeta, "F2")])).ToList()));
        blocks.Add(new ReportChart("Training loss (sum of squared pixel errors per image)", "loss", "epoch", "loss", ["β"],
            runs.GroupBy(r => r.Run.BetaMode).Select(g => new ChartView([g.Key], g.OrderBy(r => r.Run.Radius).ThenBy(r => r.Record.Seed)
                .Select(r => new ChartSeries(string.Create(Invariant, $"d = {r.Run.Radius}, seed {r.Record.Seed}"), Enumerable.Range(1, r.Run.Loss.Length).Select(e => (double)e).ToArray(), r.Run.Loss)).ToList())).ToList()));
        return new Report(TitleOf(results, "SDM learned projection"), StudyMetadata.Of(results, runs.Select(r => r.Record).ToList(), runs.Count.ToString(Invariant)), blocks);
    }
}
