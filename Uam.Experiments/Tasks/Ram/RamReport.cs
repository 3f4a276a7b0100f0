using System.Globalization;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Tasks.Ram;

/// <summary>The report of a RAM study: the accuracy table (test and validation accuracy, parameters, training time), the
/// validation curves, and where the first seed's RAM looked.</summary>
internal static class RamReport
{
    public static Report Build(StudyResults results)
    {
        var runs = results.Runs<RamRun>();
        var models = StudyResults.InOrder(runs.Select(r => r.Run.Model), RamOptions.AllModels);
        var seeds = runs.Select(r => r.Record.Seed).Distinct().Order().ToList();
        List<RamRun> Of(string model) => runs.Where(r => r.Run.Model == model).Select(r => r.Run).ToList();
        var table = new ReportTable("Accuracy on translated images", "accuracy", "model",
            ["test accuracy (%)", "test error (%)", "validation accuracy, last epoch (%)", "parameters", "training time (s)"],
            models.Select(m =>
            {
                var of = Of(m);
                return new ReportRow(m,
                [
                    ReportValue.Of(Estimate.Of(of.Select(r => 100 * r.TestAccuracy))),
                    ReportValue.Of(Estimate.Of(of.Select(r => 100 * (1 - r.TestAccuracy)))),
                    ReportValue.Of(Estimate.Of(of.Select(r => 100.0 * r.ValidationAccuracy[^1]))),
                    new ReportValue(of[0].Parameters.ToString("N0", CultureInfo.InvariantCulture)),
                    ReportValue.Of(Estimate.Of(of.Select(r => r.TrainingSeconds))),
                ]);
            }).ToList())
        {
            Note = $"Over seeds {string.Join(", ", seeds)}: mean ± s.e. Every model trains with Adam (lr 0.001) on batches of 64 for the same epochs; the " +
                   "training images move every epoch, the validation images (the training split's last ones) and the test images keep one place each. " +
                   "The RAM answers after its last glimpse, looking where its policy's mean points (no sampling at test). Training time: one libtorch thread.",
        };
        var curves = models.Select(m =>
        {
            var of = Of(m);
            int epochs = of.Min(r => r.ValidationAccuracy.Length);
            var estimates = Enumerable.Range(0, epochs).Select(e => Estimate.Of(of.Select(r => 100.0 * r.ValidationAccuracy[e]))).ToList();
            return new ChartSeries(m, Enumerable.Range(1, epochs).Select(e => (double)e).ToArray(), estimates.Select(x => x.Mean).ToArray(), estimates.Select(x => x.StandardError).ToArray());
        }).ToList();
        var blocks = new List<ReportBlock>
        {
            table,
            new ReportChart("Validation accuracy after each epoch (mean over seeds)", "validation", "epoch", "accuracy (%)", [], [new ChartView([], curves)]),
        };
        if (seeds.Count > 0 && RamPictures.PathOf(results.Directory, $"ram-s{seeds[0]}") is var path && File.Exists(path))
            blocks.Add(new ReportImage($"Where the RAM looked (seed {seeds[0]}, the first test canvases)", "glimpses", "image/png", File.ReadAllBytes(path))
            {
                Note = "The innermost 12 × 12 patch of each glimpse, from red (the first, at a random place) to green (the last); the two outer patches are " +
                       "twice and four times as wide.",
            });
        string title = $"{Path.GetFileName(Path.GetFullPath(results.Directory).TrimEnd(Path.DirectorySeparatorChar))}: recurrent attention model ({results.Protocol})";
        return new Report(title, StudyMetadata.Of(results, runs.Select(r => r.Record).ToList(), runs.Count.ToString(CultureInfo.InvariantCulture)), blocks);
    }
}
