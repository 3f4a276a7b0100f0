using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Uam.Experiments.Imbalanced;

/// <summary>The summary of a study in the paper's layout (§4.1): test error, mean ± standard error (population
/// standard deviation / √runs) per normalizer (rows) and number of down-sampled classes (columns); the same for
/// the accuracy on the rare classes; written to the terminal, summary.md, summary.csv, per_class.csv and confusion.csv.</summary>
internal sealed class ImbalancedReport
{
    private ImbalancedReport(ImbalancedOptions options, IReadOnlyList<RunResult> runs)
    {
        Options = options;
        Runs = runs;
    }

    public ImbalancedOptions Options { get; }

    /// <summary>The runs of this study's grid and protocol found in the results file.</summary>
    public IReadOnlyList<RunResult> Runs { get; }

    public static ImbalancedReport Create(ImbalancedOptions options, IReadOnlyList<RunResult> all)
    {
        var keys = ImbalancedGrid.Cells(options).Select(c => c.Key(options)).ToHashSet();
        return new ImbalancedReport(options, all.Where(r => keys.Contains(r.Key)).GroupBy(r => r.Key).Select(g => g.First()).ToList());
    }

    public static (double Mean, double StandardError, int Runs) Summarize(IEnumerable<double> values)
    {
        double[] v = values.Where(x => !double.IsNaN(x)).ToArray();
        if (v.Length == 0) return (double.NaN, double.NaN, 0);
        double mean = v.Average();
        double populationStd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
        return (mean, populationStd / Math.Sqrt(v.Length), v.Length);
    }

    public (double Mean, double StandardError, int Runs) Cell(string model, string normalizer, int n, Func<RunResult, double> metric) =>
        Summarize(Runs.Where(r => r.Model == model && r.Normalizer == normalizer && r.DownSampledClasses == n).Select(metric));

    private static string Format((double Mean, double StandardError, int Runs) s) =>
        s.Runs == 0 ? "" : s.Runs == 1 ? s.Mean.ToString("F2", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{s.Mean:F2} ± {s.StandardError:F2}");

    private IEnumerable<(string Title, Func<RunResult, double> Metric, IReadOnlyList<int> Columns)> Tables()
    {
        yield return ("test error (%)", r => r.TestError, Options.DownSampled);
        var rare = Options.DownSampled.Where(n => n > 0).ToList();
        if (rare.Count > 0) yield return ("accuracy on the down-sampled classes (%)", r => 100 * r.RareClassAccuracy, rare);
    }

    public void Write(IAnsiConsole console)
    {
        console.MarkupLine($"{Runs.Count} of {ImbalancedGrid.Cells(Options).Count} runs of the grid finished; " +
                           $"mean ± standard error over seeds {string.Join(", ", Options.Seeds)}.");
        foreach (string model in Options.Models)
            foreach (var (title, metric, columns) in Tables())
            {
                var table = new Table().Title($"{model}: {title}").AddColumn("normalizer");
                foreach (int n in columns) table.AddColumn($"n={n}", c => c.RightAligned());
                foreach (string normalizer in Options.Normalizers)
                    table.AddRow([normalizer, .. columns.Select(n => Format(Cell(model, normalizer, n, metric)))]);
                console.Write(table);
            }
        WriteFiles();
        console.MarkupLine($"Written: {Markup.Escape(Path.Combine(Options.OutputDirectory, "summary.md"))}, summary.csv, per_class.csv, confusion.csv, traces/");
    }

    private void WriteFiles()
    {
        var markdown = new StringBuilder();
        markdown.AppendLine("# Imbalanced study").AppendLine()
            .AppendLine($"{Runs.Count} runs; protocol `{Options.ProtocolKey}`; mean ± standard error (population std / √runs) over seeds {string.Join(", ", Options.Seeds)}.")
            .AppendLine();
        var csv = new StringBuilder("model,normalizer,n_down,metric,mean,standard_error,runs\n");
        foreach (string model in Options.Models)
            foreach (var (title, metric, columns) in Tables())
            {
                markdown.AppendLine($"## {model}: {title}").AppendLine()
                    .AppendLine("| normalizer | " + string.Join(" | ", columns.Select(n => $"n={n}")) + " |")
                    .AppendLine("|---|" + string.Concat(columns.Select(_ => "---|")));
                foreach (string normalizer in Options.Normalizers)
                {
                    markdown.AppendLine($"| {normalizer} | " + string.Join(" | ", columns.Select(n => Format(Cell(model, normalizer, n, metric)))) + " |");
                    foreach (int n in columns)
                    {
                        var s = Cell(model, normalizer, n, metric);
                        if (s.Runs > 0)
                            csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
                                $"{model},{normalizer},{n},{(title.StartsWith("test", StringComparison.Ordinal) ? "test_error" : "rare_class_accuracy")},{s.Mean:R},{s.StandardError:R},{s.Runs}"));
                    }
                }
                markdown.AppendLine();
            }
        var perClass = new StringBuilder("model,normalizer,n_down,seed,class,down_sampled,accuracy\n");
        var confusion = new StringBuilder("model,normalizer,n_down,seed,true_class,predicted_class,count\n");
        foreach (RunResult r in Runs.OrderBy(r => r.Model).ThenBy(r => r.Normalizer).ThenBy(r => r.DownSampledClasses).ThenBy(r => r.Seed))
            for (int c = 0; c < r.ClassAccuracy.Length; c++)
            {
                perClass.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Model},{r.Normalizer},{r.DownSampledClasses},{r.Seed},{c},{r.DownSampled.Contains(c)},{r.ClassAccuracy[c]:R}"));
                for (int p = 0; p < r.Confusion[c].Length; p++)
                    confusion.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{r.Model},{r.Normalizer},{r.DownSampledClasses},{r.Seed},{c},{p},{r.Confusion[c][p]}"));
            }
        Atomic("summary.md", markdown.ToString());
        Atomic("summary.csv", csv.ToString());
        Atomic("per_class.csv", perClass.ToString());
        Atomic("confusion.csv", confusion.ToString());
    }

    private void Atomic(string name, string content) => AtomicFile.Write(Path.Combine(Options.OutputDirectory, name), content);
}
