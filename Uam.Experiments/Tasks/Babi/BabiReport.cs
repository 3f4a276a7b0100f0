using System.Globalization;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Tasks.Babi;

/// <summary>The report of a bAbI study: per task, training size and variant, the test accuracy after the last outer epoch
/// and after each (mean ± standard deviation over folds, as the paper reports it), the whole answers of task 19, and the
/// learning curves.</summary>
internal static class BabiReport
{
    public static Report Build(StudyResults results)
    {
        var runs = results.Runs<BabiRun>();
        var normalizers = StudyResults.InOrder(runs.Select(r => r.Run.Normalizer), BabiOptions.AllNormalizers);
        var cells = runs.Select(r => (Task: r.Run.Task, Size: r.Run.TrainingStories)).Distinct().Order().ToList();
        int epochs = runs.Count == 0 ? 0 : runs.Min(r => r.Run.Accuracy.Length);
        List<BabiRun> Of((int Task, int Size) cell, string normalizer) =>
            runs.Where(r => r.Run.Task == cell.Task && r.Run.TrainingStories == cell.Size && r.Run.Normalizer == normalizer).Select(r => r.Run).ToList();
        string Label((int Task, int Size) cell, string normalizer) => $"task {cell.Task}, {cell.Size} stories, {normalizer}";

        var rows = new List<ReportRow>();
        var perEpoch = new List<ReportRow>();
        foreach (var cell in cells)
            foreach (string n in normalizers)
            {
                var of = Of(cell, n);
                if (of.Count == 0) continue;
                rows.Add(new ReportRow(Label(cell, n),
                [
                    new ReportValue(MeanStd(of.Select(r => 100 * r.Accuracy[epochs - 1]))),
                    cell.Task == 19 ? new ReportValue(MeanStd(of.Select(r => 100 * r.WholeAnswer[epochs - 1]))) : ReportValue.Empty,
                    new ReportValue($"{of.Count(r => r.Accuracy[epochs - 1] >= 1)} of {of.Count}"),
                    new ReportValue(of.Count.ToString(CultureInfo.InvariantCulture)),
                ]));
                perEpoch.Add(new ReportRow(Label(cell, n), Enumerable.Range(0, epochs).Select(e => new ReportValue(MeanStd(of.Select(r => 100 * r.Accuracy[e])))).ToList()));
            }
        var blocks = new List<ReportBlock>
        {
            new ReportTable("Test accuracy after the last outer epoch", "accuracy", "task, training size, variant",
                ["accuracy (%)", "task 19: whole answers right (%)", "networks at 100 %", "networks"], rows)
            {
                Note = "Mean ± standard deviation over the networks (folds × seeds; population standard deviation, as the original reports it). The " +
                       "accuracy is the protocol's: under --faithful the mean of per-batch accuracies on the first stories of the test split, otherwise " +
                       "per prediction on the whole split; a task 19 question makes two predictions (one per path step).",
            },
            new ReportTable("Test accuracy (%) after each outer epoch", "per-epoch", "task, training size, variant",
                Enumerable.Range(1, epochs).Select(e => $"epoch {e}").ToList(), perEpoch),
        };
        var views = cells.Select(cell => new ChartView([$"task {cell.Task}, {cell.Size} stories"], normalizers.Where(n => Of(cell, n).Count > 0).Select(n =>
        {
            var of = Of(cell, n);
            var estimates = Enumerable.Range(0, epochs).Select(e => Estimate.Of(of.Select(r => 100 * r.Accuracy[e]))).ToList();
            return new ChartSeries(n, Enumerable.Range(1, epochs).Select(e => (double)e).ToArray(), estimates.Select(x => x.Mean).ToArray(),
                estimates.Select(x => x.StandardError).ToArray());
        }).ToList())).ToList();
        if (views.Count > 0)
            blocks.Add(new ReportChart("Test accuracy over outer epochs (mean over folds and seeds)", "curves", "outer epoch", "accuracy (%)", ["cell"], views)
            {
                Note = "Hover for the standard error over networks.",
            });
        string title = $"{Path.GetFileName(Path.GetFullPath(results.Directory).TrimEnd(Path.DirectorySeparatorChar))}: bAbI ({results.Protocol})";
        return new Report(title, StudyMetadata.Of(results, runs.Select(r => r.Record).ToList(), runs.Count.ToString(CultureInfo.InvariantCulture)), blocks);
    }

    /// <summary>"mean ± population standard deviation" of values, with two decimals.</summary>
    public static string MeanStd(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0) return "";
        double mean = list.Average();
        double std = Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / list.Count);
        return string.Create(CultureInfo.InvariantCulture, $"{mean:F2} ± {std:F2}");
    }
}
