using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Tasks.CodeLength;

/// <summary>The report of a code-length study: the growth slope and the jump at the shift (mean ± s.e. over seeds) per
/// variant and batch size, and the traces of the first seed (as recorded and minus ln(step)).</summary>
internal static class CodeLengthReport
{
    public static Report Build(StudyResults results)
    {
        var runs = results.Runs<CodeLengthRun>();
        var variants = runs.Select(r => r.Record.Axes[CodeLengthStudy.Variant]).Distinct().ToList();
        var batches = runs.Select(r => int.Parse(r.Record.Axes[CodeLengthStudy.Batch], System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        var seeds = runs.Select(r => r.Record.Seed).Distinct().Order().ToList();
        ReportTable Table(string title, string id, Func<CodeLengthRun, double> metric) =>
            new(title, id, "variant", batches.Select(b => $"batch {b}").ToList(), variants.Select(v => new ReportRow(v, batches.Select(b =>
                ReportValue.Of(Estimate.Of(runs.Where(r => r.Record.Axes[CodeLengthStudy.Variant] == v && r.Record.Axes[CodeLengthStudy.Batch] == b.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Select(r => metric(r.Run))))).ToList())).ToList())
            {
                Note = $"Mean ± standard error over seeds {string.Join(", ", seeds)}.",
            };
        var blocks = new List<ReportBlock>
        {
            Table("Slope of the code length against ln(step) before the shift", "slope", r => r.Slope),
            Table("Jump of the code length at the shift (nats)", "jump", r => r.Jump),
        };
        if (seeds.Count > 0)
        {
            var first = runs.Where(r => r.Record.Seed == seeds[0]).ToList();
            var views = new List<ChartView>();
            foreach (int b in batches)
            {
                var curves = first.Where(r => r.Record.Axes[CodeLengthStudy.Batch] == b.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
                double[] X(int length) => Enumerable.Range(1, length).Select(i => (double)i).ToArray();
                views.Add(new ChartView([$"batch {b}", "code length"], curves.Select(c =>
                    new ChartSeries(c.Record.Axes[CodeLengthStudy.Variant], X(c.Run.CodeLength.Length), c.Run.CodeLength)).ToList()));
                views.Add(new ChartView([$"batch {b}", "code length − ln(step)"], curves.Select(c =>
                    new ChartSeries(c.Record.Axes[CodeLengthStudy.Variant], X(c.Run.CodeLength.Length), c.Run.CodeLength.Select((l, i) => l - Math.Log(i + 1)).ToArray())).ToList()));
            }
            blocks.Add(new ReportChart($"Code length per call (seed {seeds[0]})", "traces", "call", "code length (nats)", ["batch", "view"], views));
        }
        string title = $"{Path.GetFileName(Path.GetFullPath(results.Directory).TrimEnd(Path.DirectorySeparatorChar))}: code length growth ({results.Protocol})";
        return new Report(title, StudyMetadata.Of(results, runs.Select(r => r.Record).ToList(), runs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)), blocks);
    }
}
