using System.Globalization;
using System.Text;
using Spectre.Console;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Imbalanced;

/// <summary><c>uam imbalanced --ablation</c>: the grid under the original's protocol, under the original's protocol
/// with each improvement switched on alone, and under the default protocol, all in one results.jsonl; then a table per
/// normalizer saying what each decision changes (ablation.md, ablation.csv).</summary>
internal static class ImbalancedAblation
{
    /// <summary>Whether the network has a regularity slot that changes its function, and so reacts to the normalizer's
    /// options (a probe records without changing anything): read off the declared model itself.</summary>
    private static bool AppliesRegularity(string model, string normalizer)
    {
        if (!CellTrainer.Architectures[model].TryGetValue(normalizer, out var factory)) return false;
        using var generator = new Generator(0);
        using var network = factory(generator, null);
        return network is IRegularityModel declared && declared.RegularitySlots().Any(s => s.Slot.Options.Apply);
    }

    private static readonly ProtocolImprovement[] NormalizerOnly =
        [ProtocolImprovement.ExactPooling, ProtocolImprovement.SizeNormalized, ProtocolImprovement.StdFloor];

    public sealed record Variant(string Name, ImbalancedOptions Options);

    /// <summary>The protocols compared, in order: the original, each improvement alone (normalizer options only for
    /// networks with regularity slots: the others are unaffected), the default.</summary>
    public static IReadOnlyList<Variant> Variants(ImbalancedOptions grid)
    {
        var variants = new List<Variant> { new("faithful", grid with { Faithful = true, Improvements = [] }) };
        var withSlots = grid.Normalizers.Where(n => grid.Models.Any(m => AppliesRegularity(m, n))).ToList();
        foreach (ProtocolImprovement improvement in ProtocolImprovements.All)
        {
            var normalizers = NormalizerOnly.Contains(improvement) ? withSlots : grid.Normalizers;
            if (normalizers.Count > 0)
                variants.Add(new("+" + improvement.Name(), grid with { Faithful = true, Improvements = [improvement], Normalizers = normalizers }));
        }
        variants.Add(new("default", grid with { Faithful = false, Improvements = [] }));
        return variants;
    }

    public static int Run(ImbalancedOptions grid, IAnsiConsole console, CancellationToken cancellation)
    {
        foreach (Variant variant in Variants(grid))
        {
            console.MarkupLine($"[bold]Ablation: {Markup.Escape(variant.Name)}[/]");
            int status = ImbalancedStudy.Run(variant.Options with { Common = variant.Options.Common with { Plots = false } }, console, cancellation);
            if (status != 0) return status;
        }
        if (grid.Common.WritesReport) Write(grid, StudyTasks.ReadRecords(grid.OutputDirectory), console);
        return 0;
    }

    /// <summary>Writes ablation.md and ablation.csv from the runs found, and the tables to the console.</summary>
    public static void Write(ImbalancedOptions grid, IReadOnlyList<StudyRecord> all, IAnsiConsole console)
    {
        var variants = Variants(grid);
        var reports = variants.ToDictionary(v => v.Name, v => ImbalancedReport.Create(new ImbalancedStudy(v.Options), all));
        ImbalancedReport faithful = reports["faithful"];
        var markdown = new StringBuilder("# Ablation of the imbalanced study's protocol\n\n")
            .AppendLine("Test error (%), mean ± standard error over seeds " + string.Join(", ", grid.Seeds) +
                        "; in brackets the change against the faithful protocol (negative: better). Each `+` row is the original's " +
                        "protocol with that one improvement switched on; `default` has them all. \"=\" marks a network the improvement " +
                        "cannot affect (no regularity slot), whose faithful runs are shown.")
            .AppendLine();
        var csv = new StringBuilder("model,normalizer,n_down,protocol,mean,standard_error,runs,delta_vs_faithful\n");
        foreach (string model in grid.Models)
            foreach (string normalizer in grid.Normalizers)
            {
                markdown.AppendLine($"## {model}, {normalizer}").AppendLine()
                    .AppendLine("| protocol | " + string.Join(" | ", grid.DownSampled.Select(n => $"n={n}")) + " |")
                    .AppendLine("|---|" + string.Concat(grid.DownSampled.Select(_ => "---|")));
                var table = new Table().Title($"{model}, {normalizer}: test error (%)").AddColumn("protocol");
                foreach (int n in grid.DownSampled) table.AddColumn($"n={n}", c => c.RightAligned());
                foreach (Variant variant in variants)
                {
                    bool affected = variant.Options.Normalizers.Contains(normalizer, StringComparer.OrdinalIgnoreCase);
                    var cells = new List<string>();
                    foreach (int n in grid.DownSampled)
                    {
                        var baseline = faithful.Cell(model, normalizer, n, r => r.TestError);
                        var s = affected ? reports[variant.Name].Cell(model, normalizer, n, r => r.TestError) : baseline;
                        string text = s.Runs == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{s.Mean:F2} ± {s.StandardError:F2}");
                        if (!affected && s.Runs > 0) text = "= " + text;
                        else if (variant.Name != "faithful" && s.Runs > 0 && baseline.Runs > 0)
                            text += string.Create(CultureInfo.InvariantCulture, $" ({s.Mean - baseline.Mean:+0.00;-0.00;0.00})");
                        cells.Add(text);
                        if (affected && s.Runs > 0)
                            csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
                                $"{model},{normalizer},{n},{variant.Name},{s.Mean:R},{s.StandardError:R},{s.Runs},{(baseline.Runs > 0 ? s.Mean - baseline.Mean : double.NaN):R}"));
                    }
                    markdown.AppendLine($"| {variant.Name} | " + string.Join(" | ", cells) + " |");
                    table.AddRow([variant.Name, .. cells.Select(Markup.Escape)]);
                }
                markdown.AppendLine();
                console.Write(table);
            }
        AtomicFile.Write(Path.Combine(grid.OutputDirectory, "ablation.md"), markdown.ToString());
        AtomicFile.Write(Path.Combine(grid.OutputDirectory, "ablation.csv"), csv.ToString());
        console.MarkupLine($"Written: {Markup.Escape(Path.Combine(grid.OutputDirectory, "ablation.md"))}, ablation.csv");
    }
}
