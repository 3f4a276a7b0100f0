using System.Globalization;
using System.Text;
using Spectre.Console;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Tasks.Imbalanced;

/// <summary>The report of one imbalanced study (one protocol): the paper's tables (test error and the accuracy on
/// the down-sampled classes, mean ± standard error per normalizer and n), test error against n, the UAM probe traces
/// of the first seed (as recorded, as the difference to the baseline's trace, and with the common ln(step) growth
/// removed), per-class accuracy and confusion heat maps, and the study's metadata.</summary>
internal sealed class ImbalancedReport
{
    private static readonly string[] FashionMnistClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private ImbalancedReport(StudyResults results, IReadOnlyList<string> models, IReadOnlyList<string> normalizers, IReadOnlyList<int> downSampled,
        IReadOnlyList<int> seeds, int gridSize)
    {
        Results = results;
        Runs = results.Records.Select(r => (r, r.PayloadAs<ImbalancedRun>())).ToList();
        Models = models;
        Normalizers = normalizers;
        DownSampled = downSampled;
        Seeds = seeds;
        GridSize = gridSize;
    }

    public StudyResults Results { get; }

    /// <summary>The runs of the study, each once.</summary>
    public IReadOnlyList<(StudyRecord Record, ImbalancedRun Run)> Runs { get; }

    public IReadOnlyList<string> Models { get; }
    public IReadOnlyList<string> Normalizers { get; }
    public IReadOnlyList<int> DownSampled { get; }
    public IReadOnlyList<int> Seeds { get; }
    public int GridSize { get; }

    /// <summary>The report of a study just run: its grid's runs found in the results, in the grid's order.</summary>
    public static ImbalancedReport Create(ImbalancedStudy study, IReadOnlyList<StudyRecord> all)
    {
        var keys = study.Grid.Points.Select(p => p.Key(study.Task, study.Protocol)).ToHashSet();
        var records = all.Where(r => keys.Contains(r.Key)).GroupBy(r => r.Key).Select(g => g.First()).ToList();
        var o = study.Options;
        return new ImbalancedReport(new StudyResults(o.OutputDirectory, study.Task, study.Protocol, records), o.Models, o.Normalizers, o.DownSampled, o.Seeds,
            study.Grid.Points.Count);
    }

    /// <summary>The report of the records found in a directory (<c>uam report</c>): the axes' values are those found.</summary>
    public static Report Build(StudyResults results)
    {
        var records = results.Records.GroupBy(r => r.Key).Select(g => g.First()).ToList();
        var runs = records.Select(r => r.PayloadAs<ImbalancedRun>()).ToList();
        var normalizers = runs.Select(r => r.Normalizer).Distinct()
            .OrderBy(n => Array.IndexOf(ImbalancedTask.PaperNormalizers, n) is var i and >= 0 ? i : int.MaxValue).ThenBy(n => n, StringComparer.Ordinal).ToList();
        var models = runs.Select(r => r.Model).Distinct().ToList();
        var downSampled = runs.Select(r => r.DownSampledClasses).Distinct().Order().ToList();
        var seeds = records.Select(r => r.Seed).Distinct().Order().ToList();
        return new ImbalancedReport(results with { Records = records }, models, normalizers, downSampled, seeds,
            models.Count * normalizers.Count * downSampled.Count * seeds.Count).ToReport();
    }

    public Estimate Cell(string model, string normalizer, int n, Func<ImbalancedRun, double> metric) =>
        Estimate.Of(Runs.Where(r => r.Run.Model == model && r.Run.Normalizer == normalizer && r.Run.DownSampledClasses == n).Select(r => metric(r.Run)));

    private string Dataset => Results.Protocol.Split('|')[0];

    private string ProtocolName
    {
        get
        {
            string[] parts = Results.Protocol.Split('|');
            string name = parts.Contains("faithful=True") ? "faithful protocol" : "default protocol";
            string? improvements = parts.FirstOrDefault(p => p.StartsWith("improve=", StringComparison.Ordinal));
            return improvements is null ? name : $"{name} + {improvements["improve=".Length..].Replace("+", ", ")}";
        }
    }

    public string Title => $"{Path.GetFileName(Path.GetFullPath(Results.Directory).TrimEnd(Path.DirectorySeparatorChar))}: {Dataset}, {ProtocolName}";

    public Report ToReport()
    {
        var blocks = new List<ReportBlock>();
        blocks.AddRange(Tables());
        blocks.AddRange(TestErrorCharts());
        blocks.AddRange(ProbeCharts());
        if (Runs.Count > 0)
        {
            blocks.Add(ClassAccuracy());
            blocks.Add(Confusion());
        }
        return new Report(Title, Metadata(), blocks) { Id = ReportBlock.Slug(Title) };
    }

    private List<KeyValuePair<string, string>> Metadata()
    {
        var metadata = StudyMetadata.Of(Results, Runs.Select(r => r.Record).ToList(),
            $"{Runs.Count} of {GridSize} ({Models.Count} model(s) × {Normalizers.Count} normalizers × {DownSampled.Count} n × {Seeds.Count} seeds)");
        metadata.Insert(4, new("seeds", string.Join(", ", Seeds)));
        return metadata;
    }

    private IEnumerable<ReportTable> Tables()
    {
        foreach (string model in Models)
        {
            yield return Table(model, "test error (%)", $"test-error-{model}", r => r.TestError, DownSampled);
            var rare = DownSampled.Where(n => n > 0).ToList();
            if (rare.Count > 0)
                yield return Table(model, "accuracy on the down-sampled classes (%)", $"rare-class-accuracy-{model}", r => 100 * r.RareClassAccuracy, rare);
        }
    }

    private ReportTable Table(string model, string title, string id, Func<ImbalancedRun, double> metric, IReadOnlyList<int> columns) =>
        new($"{model}: {title}", id, "normalizer", columns.Select(n => $"n={n}").ToList(),
            Normalizers.Select(normalizer => new ReportRow(normalizer, columns.Select(n => ReportValue.Of(Cell(model, normalizer, n, metric))).ToList())).ToList())
        {
            Note = $"Mean ± standard error (population standard deviation / √runs) over seeds {string.Join(", ", Seeds)}.",
        };

    private IEnumerable<ReportChart> TestErrorCharts()
    {
        foreach (string model in Models)
        {
            var series = new List<ChartSeries>();
            foreach (string normalizer in Normalizers)
            {
                var points = DownSampled.Select(n => (n, e: Cell(model, normalizer, n, r => r.TestError))).Where(p => p.e.Runs > 0).ToList();
                if (points.Count > 0)
                    series.Add(new ChartSeries(normalizer, points.Select(p => (double)p.n).ToArray(), points.Select(p => p.e.Mean).ToArray(),
                        points.Select(p => p.e.StandardError).ToArray()));
            }
            if (series.Count > 0)
                yield return new ReportChart($"{model}: test error against the number of down-sampled classes", $"test_error_{model}",
                    "down-sampled classes n", "test error (%)", [], [new ChartView([], series)])
                {
                    Note = "Mean over seeds; hover for the standard error.",
                };
        }
    }

    /// <summary>The views of a probe chart.</summary>
    public const string CodeLengthView = "code length", DifferenceView = "difference to the baseline", DetrendedView = "code length − ln(step)";

    /// <summary>The UAM probe of the first seed that has traces: per model and slot, a chart whose views are n × the
    /// three ways of looking at it. Every normalizer's code length grows like ln(step) (COMP sums one batch's
    /// likelihood per step), which hides where they differ; the difference to the baseline's trace of the same
    /// cell and the trace minus ln(step) show it.</summary>
    private IEnumerable<ReportChart> ProbeCharts()
    {
        foreach (string model in Models)
        {
            var traces = new Dictionary<(string Normalizer, int N), ProbeTraces>();
            int? seed = null;
            foreach (int s in Seeds)
            {
                foreach (var (record, run) in Runs.Where(r => r.Record.Seed == s && r.Run.Model == model))
                    if (ProbeTraces.Read(ProbeTraces.PathOf(Results.Directory, new Cell(model, run.Normalizer, run.DownSampledClasses, s).FileName)) is { } t)
                        traces[(run.Normalizer, run.DownSampledClasses)] = t;
                if (traces.Count > 0)
                {
                    seed = s;
                    break;
                }
            }
            if (seed is null) continue;
            // A slot inside a module (LN+RN's "fc1_norm.regularity") is drawn with the slot it replaces ("fc1_norm").
            static string Place(string slot) => slot.Split('.')[0];
            foreach (string slot in traces.Values.SelectMany(t => t.Slots.Select(s => Place(s.Slot))).Distinct())
            {
                var views = new List<ChartView>();
                foreach (int n in DownSampled)
                {
                    var curves = new List<(string Normalizer, string Name, double[] Y)>();
                    foreach (string normalizer in Normalizers)
                        if (traces.TryGetValue((normalizer, n), out var t) && t.Slots.FirstOrDefault(x => Place(x.Slot) == slot) is { } trace)
                            for (int step = 0; step < trace.CallsPerStep; step++)
                                curves.Add((normalizer, trace.CallsPerStep > 1 ? $"{normalizer} t={step}" : normalizer, trace.AtTimeStep(step)));
                    if (curves.Count == 0) continue;
                    string choice = $"n={n}";
                    views.Add(new ChartView([choice, CodeLengthView], curves.Select(c => Series(c.Name, c.Y)).ToList()));
                    var baseline = curves.Where(c => c.Normalizer == "baseline").ToList();
                    if (baseline.Count > 0)
                        views.Add(new ChartView([choice, DifferenceView], curves.Select(c =>
                        {
                            double[] reference = baseline.FirstOrDefault(b => b.Name.EndsWith(c.Name[c.Normalizer.Length..], StringComparison.Ordinal)).Y ?? baseline[0].Y;
                            return Series(c.Name, c.Y.Select((y, i) => i < reference.Length ? y - reference[i] : double.NaN).ToArray());
                        }).ToList()));
                    views.Add(new ChartView([choice, DetrendedView], curves.Select(c => Series(c.Name, c.Y.Select((y, i) => y - Math.Log(i + 1)).ToArray())).ToList()));
                }
                if (views.Count > 0)
                    yield return new ReportChart($"{model}: UAM probe of {slot} (seed {seed})", $"uam_{model}_{slot}", "training step", "code length (nats)",
                        ["n", "view"], views)
                    {
                        Note = "The mean code length of the slot's activations at every training step. The baseline carries an RN probe " +
                               "that records without changing anything. Views: as recorded; minus the baseline's trace of the same cell; " +
                               "minus ln(step), the growth every normalizer shares.",
                    };
            }
        }
    }

    private static ChartSeries Series(string name, double[] y) => new(name, Enumerable.Range(1, y.Length).Select(i => (double)i).ToArray(), y);

    private IReadOnlyList<string> ClassNames(int classes) =>
        Dataset.StartsWith("fashion-mnist", StringComparison.Ordinal) && classes == 10
            ? FashionMnistClasses.Select((name, c) => $"{c} {name}").ToList()
            : Enumerable.Range(0, classes).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToList();

    private ReportHeatmap ClassAccuracy()
    {
        int classes = Runs[0].Run.ClassAccuracy.Length;
        var views = new List<HeatmapView>();
        foreach (string model in Models)
            foreach (int n in DownSampled)
                views.Add(new HeatmapView([model, $"n={n}"], Normalizers.Select(normalizer =>
                    Enumerable.Range(0, classes).Select(c => Cell(model, normalizer, n, r => 100 * r.ClassAccuracy[c]).Mean).ToArray()).ToArray()));
        return new ReportHeatmap("Test accuracy per class (%)", "class_accuracy", "normalizer", Normalizers, "class", ClassNames(classes),
            ["model", "n"], views)
        {
            Format = "F1",
            Note = "Mean over seeds. Which classes are down-sampled depends on the seed.",
        };
    }

    private ReportHeatmap Confusion()
    {
        int classes = Runs[0].Run.ClassAccuracy.Length;
        var views = new List<HeatmapView>();
        foreach (string model in Models)
            foreach (string normalizer in Normalizers)
                foreach (int n in DownSampled)
                {
                    var runs = Runs.Where(r => r.Run.Model == model && r.Run.Normalizer == normalizer && r.Run.DownSampledClasses == n).Select(r => r.Run).ToList();
                    if (runs.Count == 0) continue;
                    views.Add(new HeatmapView([model, normalizer, $"n={n}"], Enumerable.Range(0, classes).Select(t =>
                        Enumerable.Range(0, classes).Select(p => runs.Average(r => (double)r.Confusion[t][p])).ToArray()).ToArray()));
                }
        return new ReportHeatmap("Confusion matrix (test images, mean over seeds)", "confusion", "true class", ClassNames(classes), "predicted class",
            ClassNames(classes), ["model", "normalizer", "n"], views) { Format = "F0" };
    }

    /// <summary>Writes the report: tables to the terminal; summary.md, summary.csv, per_class.csv and confusion.csv;
    /// with <paramref name="plots"/>, SVG plots (gnuplot) in plots/ and the self-contained report.html.</summary>
    public void Write(IAnsiConsole console, bool plots)
    {
        Report report = ToReport();
        console.MarkupLine($"{Runs.Count} of {GridSize} runs of the grid finished; mean ± standard error over seeds {string.Join(", ", Seeds)}.");
        TerminalRenderer.Write(console, report);
        string directory = Results.Directory;
        var chartFiles = new Dictionary<string, string>();
        var written = new List<string> { "summary.md", "summary.csv", "per_class.csv", "confusion.csv" };
        if (plots)
        {
            if (SvgRenderer.CanDrawCharts)
            {
                Directory.CreateDirectory(Path.Combine(directory, "plots"));
                foreach (ReportChart chart in report.Blocks.OfType<ReportChart>())
                    foreach (ChartView view in chart.Views.Where(v => v.Choice.Count == 0 || v.Choice[^1] == CodeLengthView))
                    {
                        string file = Path.Combine("plots", chart.Id + (view.Choice.Count > 0 ? "_" + view.Choice[0].Replace("=", "") : "") + ".svg");
                        SvgRenderer.Chart(chart, view, Path.Combine(directory, file));
                        chartFiles.TryAdd(chart.Id, file);
                    }
                written.Add("plots/");
            }
            else console.MarkupLine("[yellow]gnuplot not found: SVG plots skipped (install gnuplot-nox).[/]");
            AtomicFile.Write(Path.Combine(directory, "report.html"), HtmlRenderer.Render(report.Title, [report]));
            written.Add("report.html");
        }
        AtomicFile.Write(Path.Combine(directory, "summary.md"), MarkdownRenderer.Render(report, chartFiles));
        AtomicFile.Write(Path.Combine(directory, "summary.csv"), CsvRenderer.Render(report.Blocks.OfType<ReportTable>()));
        WriteRunTables(directory);
        console.MarkupLine($"Written in {Markup.Escape(directory)}: {Markup.Escape(string.Join(", ", written))}");
    }

    /// <summary>Per-class accuracy and confusion counts of every run, in long form for other tools.</summary>
    private void WriteRunTables(string directory)
    {
        var perClass = new StringBuilder("model,normalizer,n_down,seed,class,down_sampled,accuracy\n");
        var confusion = new StringBuilder("model,normalizer,n_down,seed,true_class,predicted_class,count\n");
        foreach (var (record, r) in Runs.OrderBy(r => r.Run.Model).ThenBy(r => r.Run.Normalizer).ThenBy(r => r.Run.DownSampledClasses).ThenBy(r => r.Record.Seed))
            for (int c = 0; c < r.ClassAccuracy.Length; c++)
            {
                perClass.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Model},{r.Normalizer},{r.DownSampledClasses},{record.Seed},{c},{r.DownSampled.Contains(c)},{r.ClassAccuracy[c]:R}"));
                for (int p = 0; p < r.Confusion[c].Length; p++)
                    confusion.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{r.Model},{r.Normalizer},{r.DownSampledClasses},{record.Seed},{c},{p},{r.Confusion[c][p]}"));
            }
        AtomicFile.Write(Path.Combine(directory, "per_class.csv"), perClass.ToString());
        AtomicFile.Write(Path.Combine(directory, "confusion.csv"), confusion.ToString());
    }
}
