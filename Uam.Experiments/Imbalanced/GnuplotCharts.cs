using System.Diagnostics;
using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Uam.Experiments.Imbalanced;

/// <summary>Plots of a study drawn with gnuplot (no .NET plotting library is available here) as SVG:
/// test error against the number of down-sampled classes, and the UAM probe, the code length of each hidden
/// layer over the training steps, per normalizer (first seed).</summary>
internal static class GnuplotCharts
{
    public static void Write(ImbalancedOptions options, ImbalancedReport report, IAnsiConsole console)
    {
        if (!HasGnuplot())
        {
            console.MarkupLine("[yellow]gnuplot not found: plots skipped (install gnuplot-nox; the CSV files are written).[/]");
            return;
        }
        string directory = Path.Combine(options.OutputDirectory, "plots");
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (string model in options.Models)
        {
            if (TestError(options, report, model, directory) is { } errorPlot) written.Add(errorPlot);
            foreach (int n in options.DownSampled)
                foreach (string slot in new[] { "fc1_norm", "fc2_norm", "rnn1_norm" })
                    if (Probe(options, report, model, n, slot, directory) is { } probePlot) written.Add(probePlot);
        }
        if (written.Count > 0)
            console.MarkupLine($"Plots: {Markup.Escape(string.Join(", ", written.Select(Path.GetFileName)))} in {Markup.Escape(directory)}");
    }

    private static string? TestError(ImbalancedOptions options, ImbalancedReport report, string model, string directory)
    {
        var series = new List<(string Title, string Data)>();
        foreach (string normalizer in options.Normalizers)
        {
            var rows = options.DownSampled.Select(n => (n, s: report.Cell(model, normalizer, n, r => r.TestError))).Where(x => x.s.Runs > 0).ToList();
            if (rows.Count == 0) continue;
            series.Add((normalizer, string.Join("\n", rows.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.n} {x.s.Mean:R} {x.s.StandardError:R}")))));
        }
        if (series.Count == 0) return null;
        string path = Path.Combine(directory, $"test_error_{model}.svg");
        Plot(path, $"{model}: test error after {options.Epochs} epoch(s), p = {options.KeepProbability}", "down-sampled classes n", "test error (%)",
            series.Select(s => (s.Title, s.Data, "with yerrorlines")).ToList());
        return path;
    }

    private static string? Probe(ImbalancedOptions options, ImbalancedReport report, string model, int n, string slot, string directory)
    {
        int seed = options.Seeds[0];
        var series = new List<(string, string, string)>();
        foreach (string normalizer in options.Normalizers)
        {
            var cell = new Cell(model, normalizer, n, seed);
            string file = Path.Combine(options.OutputDirectory, "traces", cell.FileName + ".csv");
            if (!File.Exists(file)) continue;
            double[] codeLengths = File.ReadLines(file).Skip(1).Select(line => line.Split(','))
                .Where(f => f[0] == slot).Select(f => double.Parse(f[7], CultureInfo.InvariantCulture)).ToArray();
            if (codeLengths.Length == 0) continue;
            // A recurrent slot is called once per time step; the paper plots each time step's code length
            // against the training step, so the calls are split into one curve per time step.
            int steps = report.Runs.FirstOrDefault(r => r.Key == cell.Key(options))?.TrainingSteps ?? 0;
            int callsPerStep = steps > 0 && codeLengths.Length % steps == 0 ? codeLengths.Length / steps : 1;
            for (int t = 0; t < callsPerStep; t++)
            {
                var points = Enumerable.Range(0, codeLengths.Length / callsPerStep)
                    .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s + 1} {codeLengths[s * callsPerStep + t]:R}"));
                series.Add((callsPerStep > 1 ? $"{normalizer} t={t}" : normalizer, string.Join("\n", points), "with lines"));
            }
        }
        if (series.Count == 0) return null;
        string path = Path.Combine(directory, $"uam_{model}_{slot}_n{n}.svg");
        Plot(path, $"UAM probe, {model} {slot}: code length over training (n = {n}, seed {seed})", "training step", "code length l", series);
        return path;
    }

    private static void Plot(string path, string title, string xLabel, string yLabel, IReadOnlyList<(string Title, string Data, string Style)> series)
    {
        var script = new StringBuilder();
        script.AppendLine("set terminal svg size 900,560 dynamic noenhanced background rgb 'white' font 'sans,12'");
        script.AppendLine($"set output '{path.Replace("'", "''")}'");
        script.AppendLine($"set title \"{title.Replace("\"", "'")}\"");
        script.AppendLine($"set xlabel \"{xLabel}\"");
        script.AppendLine($"set ylabel \"{yLabel}\"");
        script.AppendLine("set key outside right");
        script.AppendLine("set grid");
        for (int i = 0; i < series.Count; i++) script.AppendLine($"$data{i} << EOD\n{series[i].Data}\nEOD");
        script.AppendLine("plot " + string.Join(", ", series.Select((s, i) => $"$data{i} {s.Style} title \"{s.Title}\"")));
        var start = new ProcessStartInfo("gnuplot") { RedirectStandardInput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        process.StandardInput.Write(script.ToString());
        process.StandardInput.Close();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"gnuplot failed on {path}: {errors}");
    }

    private static bool HasGnuplot() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, "gnuplot")));
}
