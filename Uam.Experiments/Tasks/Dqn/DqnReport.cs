using System.Globalization;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Tasks.Dqn;

/// <summary>The report of a DQN study: the paper's table (50-episode moving average at the last episode, mean ± s.e. over
/// runs), when runs solved the game, the mean return curve per normalizer, and the UAM probe of the first seed's
/// local and target networks per learning step.</summary>
internal static class DqnReport
{
    public static Report Build(StudyResults results)
    {
        var runs = results.Runs<DqnRun>();
        var normalizers = StudyResults.InOrder(runs.Select(r => r.Run.Normalizer), DqnOptions.AllNormalizers);
        var seeds = runs.Select(r => r.Record.Seed).Distinct().Order().ToList();
        IEnumerable<DqnRun> Of(string normalizer) => runs.Where(r => r.Run.Normalizer == normalizer).Select(r => r.Run);
        var table = new ReportTable("Return: 50-episode moving average at the last episode", "final-average", "normalizer",
            ["mean ± s.e.", "runs solved (10-episode mean ≥ 200)", "median episode solved"],
            normalizers.Select(n =>
            {
                var of = Of(n).ToList();
                var solved = of.Where(r => r.SolvedWindow10 is not null).Select(r => r.SolvedWindow10!.Value).Order().ToList();
                return new ReportRow(n,
                [
                    ReportValue.Of(Estimate.Of(of.Select(r => r.FinalMovingAverage))),
                    new ReportValue($"{solved.Count} of {of.Count}"),
                    new ReportValue(solved.Count == 0 ? "" : solved[solved.Count / 2].ToString(CultureInfo.InvariantCulture)),
                ]);
            }).ToList())
        {
            Note = $"Over seeds {string.Join(", ", seeds)}; standard error = population standard deviation / √runs, as the paper reports it.",
        };
        var curves = new List<ChartSeries>();
        foreach (string n in normalizers)
        {
            var of = Of(n).ToList();
            int episodes = of.Min(r => r.Returns.Length);
            var averages = Enumerable.Range(0, episodes).Select(e => Estimate.Of(of.Select(r => DqnStudy.MovingAverage(r.Returns, e, 50)))).ToList();
            curves.Add(new ChartSeries(n, Enumerable.Range(1, episodes).Select(e => (double)e).ToArray(), averages.Select(a => a.Mean).ToArray(),
                averages.Select(a => a.StandardError).ToArray()));
        }
        var blocks = new List<ReportBlock>
        {
            table,
            new ReportChart("Return per episode (50-episode moving average, mean over runs)", "returns", "episode", "return", [], [new ChartView([], curves)])
            {
                Note = "Hover for the standard error over runs.",
            },
        };
        if (seeds.Count > 0)
        {
            // Stored as means over buckets of ⌈learning steps / ProbePoints⌉ steps: drawn at each bucket's middle step.
            var views = ProbeTraces.Views(results.Directory, normalizers, n => $"{n.Replace('+', '_')}-s{seeds[0]}",
                n => runs.FirstOrDefault(r => r.Run.Normalizer == n && r.Record.Seed == seeds[0]).Run is { } run
                    ? i => Math.Min(run.LearningSteps, (i + 0.5) * Math.Ceiling(run.LearningSteps / (double)DqnStudy.ProbePoints))
                    : null);
            if (views.Count > 0)
                blocks.Add(new ReportChart($"UAM probe of the local and target networks (seed {seeds[0]})", "probe", "learning step", "code length (nats)",
                    ["normalizer"], views));
        }
        string title = $"{Path.GetFileName(Path.GetFullPath(results.Directory).TrimEnd(Path.DirectorySeparatorChar))}: DQN ({results.Protocol})";
        return new Report(title, StudyMetadata.Of(results, runs.Select(r => r.Record).ToList(), runs.Count.ToString(CultureInfo.InvariantCulture)), blocks);
    }
}
