using System.Globalization;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Tasks.MiniGridPpo;

/// <summary>The report of a MiniGrid study: the final table (smoothed return at the end, frames to the threshold, the
/// evaluation on new layouts), the return per episode over frames per backbone (mean ± s.e. over seeds), the policy's
/// entropy, the UAM probe of the first seed, and a rendered evaluation episode per backbone.</summary>
internal static class MiniGridReport
{
    public static Report Build(StudyResults results)
    {
        var runs = results.Runs<MiniGridRun>();
        var normalizers = StudyResults.InOrder(runs.Select(r => r.Run.Normalizer), MiniGridOptions.AllNormalizers);
        var seeds = runs.Select(r => r.Record.Seed).Distinct().Order().ToList();
        List<MiniGridRun> Of(string normalizer) => runs.Where(r => r.Run.Normalizer == normalizer).Select(r => r.Run).ToList();
        var table = new ReportTable("Final return and frames to the threshold", "final-return", "backbone",
            ["return (last 10 updates)", "evaluation return (100 new layouts)", "evaluation solved", "runs reaching the threshold", "median frames to threshold"],
            normalizers.Select(n =>
            {
                var of = Of(n);
                var reached = of.Where(r => r.FramesToThreshold is not null).Select(r => r.FramesToThreshold!.Value).Order().ToList();
                return new ReportRow(n,
                [
                    ReportValue.Of(Estimate.Of(of.Select(r => r.FinalReturn))),
                    ReportValue.Of(Estimate.Of(of.Select(r => r.EvaluationReturn))),
                    ReportValue.Of(Estimate.Of(of.Select(r => 100 * r.EvaluationSuccess))),
                    new ReportValue($"{reached.Count} of {of.Count}"),
                    new ReportValue(reached.Count == 0 ? "" : reached[reached.Count / 2].ToString("N0", CultureInfo.InvariantCulture)),
                ]);
            }).ToList())
        {
            Note = $"Over seeds {string.Join(", ", seeds)}: mean ± s.e. (population standard deviation / √runs). 'Evaluation solved' is the % of " +
                   "evaluation episodes ending with the blue door opened after the red one. Frames to threshold: the first update at which the mean " +
                   "return of the episodes of the last 10 updates reaches the study's threshold; the median is over the runs that reach it.",
        };
        var returns = new List<ChartSeries>();
        var entropies = new List<ChartSeries>();
        foreach (string n in normalizers)
        {
            var of = Of(n);
            int updates = of.Min(r => r.Episodes.Length);
            double[] x = Enumerable.Range(1, updates).Select(u => (double)u * of[0].FramesPerUpdate).ToArray();
            var smoothed = Enumerable.Range(0, updates).Select(u => Estimate.Of(of.Select(r => MiniGridStudy.SmoothedReturn(r.Episodes, r.ReturnSums, u, MiniGridStudy.Window)))).ToList();
            returns.Add(new ChartSeries(n, x, smoothed.Select(a => a.Mean).ToArray(), smoothed.Select(a => a.StandardError).ToArray()));
            var entropy = Enumerable.Range(0, updates).Select(u => Estimate.Of(of.Select(r => (double)r.Entropy[u]))).ToList();
            entropies.Add(new ChartSeries(n, x, entropy.Select(a => a.Mean).ToArray(), entropy.Select(a => a.StandardError).ToArray()));
        }
        var blocks = new List<ReportBlock>
        {
            table,
            new ReportChart("Return per episode over frames (episodes of the last 10 updates, mean over seeds)", "returns", "frames", "return", [], [new ChartView([], returns)])
            {
                Note = "Hover for the standard error over seeds.",
            },
            new ReportChart("Policy entropy over frames (mean over seeds)", "entropy", "frames", "entropy (nats)", [], [new ChartView([], entropies)]),
        };
        if (seeds.Count > 0)
        {
            var views = ProbeTraces.Views(results.Directory, normalizers, n => $"{n}-s{seeds[0]}",
                n => runs.FirstOrDefault(r => r.Run.Normalizer == n && r.Record.Seed == seeds[0]).Run is { } run ? u => (u + 1.0) * run.FramesPerUpdate : null);
            if (views.Count > 0)
                blocks.Add(new ReportChart($"UAM probe: mean code length of each slot's training calls per update (seed {seeds[0]})", "probe", "frames",
                    "code length (nats)", ["backbone"], views));
            foreach (string n in normalizers)
                if (PolicyEvaluation.PicturePath(results.Directory, $"{n}-s{seeds[0]}") is var path && File.Exists(path))
                    blocks.Add(new ReportImage($"An evaluation episode of the final {n} policy (seed {seeds[0]})", $"episode-{n}", "image/png", File.ReadAllBytes(path))
                    {
                        Note = "The whole grid after each step, left to right and top to bottom (at most 47 steps): red triangle = the agent, " +
                               "doors drawn filled when closed and hollow when open.",
                    });
        }
        string title = $"{Path.GetFileName(Path.GetFullPath(results.Directory).TrimEnd(Path.DirectorySeparatorChar))}: MiniGrid ({results.Protocol})";
        return new Report(title, StudyMetadata.Of(results, runs.Select(r => r.Record).ToList(), runs.Count.ToString(CultureInfo.InvariantCulture)), blocks);
    }
}
