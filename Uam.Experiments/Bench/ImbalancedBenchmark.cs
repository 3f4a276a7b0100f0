using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Uam.Experiments.Cli;
using Uam.Experiments.Tasks.Imbalanced;
using Uam.Experiments.Models;
using Uam.Runtime;

namespace Uam.Experiments.Bench;

/// <summary>`uam bench imbalanced`: the wall time of one full-epoch run (n = 0: every class complete, 55,000
/// images, improved protocol) for each of the paper's eight networks, and its ratio to the plain baseline
/// network, in one process.</summary>
internal static class ImbalancedBenchmark
{
    public static double Run(IAnsiConsole console, string dataDirectory)
    {
        string output = Path.Combine(Path.GetTempPath(), $"uam-bench-imbalanced-{Guid.NewGuid():N}");
        var options = new ImbalancedOptions
        {
            Dataset = "fashion-mnist",
            DataDirectory = dataDirectory,
            Models = ["ffnn"],
            Normalizers = ImbalancedTask.PaperNormalizers,
            DownSampled = [0],
            Common = new StudyOptions(Seeds: [1], Output: output),
        };
        try
        {
            torch.NumThreads = 1;
            using var data = new ImbalancedData(options);
            // Every network once in each of two rounds, the second in reverse order, after a discarded warm-up run
            // (the first training of a process pays for JIT and first-touch memory).
            var runs = new List<(string Name, Func<Cell, ImbalancedRun> Train)>
            {
                ("baseline (plain)", cell => CellTrainer.Train(cell, (g, o) => new ImbalancedMnistNet(Kind.None, o, g), options, data, Path.Combine(output, "traces"))),
            };
            foreach (Cell cell in ImbalancedGrid.Cells(options))
                runs.Add((cell.Normalizer == "baseline" ? "baseline (probes)" : cell.Normalizer, _ => CellTrainer.Train(cell, options, data, Path.Combine(output, "traces"))));
            runs[0].Train(new Cell("ffnn", "warm-up", 0, 1));
            var times = runs.ToDictionary(r => r.Name, _ => new List<double>());
            foreach (var round in new[] { runs, Enumerable.Reverse(runs).ToList() })
                foreach (var (name, train) in round)
                {
                    var clock = Stopwatch.StartNew();
                    ImbalancedRun result = train(new Cell("ffnn", name, 0, 1));
                    double elapsed = clock.Elapsed.TotalSeconds;
                    times[name].Add(elapsed);
                    console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                        $"{Markup.Escape(name),-18} {elapsed,6:F2} s  test error {result.TestError:F2} %"));
                }
            var seconds = times.ToDictionary(t => t.Key, t => t.Value.Average());
            double baseline = seconds["baseline (plain)"];
            var table = new Table().AddColumns("network", "epoch (s), mean of 2", "ratio to the plain baseline");
            foreach (var (name, s) in seconds) table.AddRow(Markup.Escape(name), s.ToString("F2", CultureInfo.InvariantCulture), (s / baseline).ToString("F3", CultureInfo.InvariantCulture) + "x");
            console.Write(table);
            console.MarkupLine($"One epoch of {data.Pool.Length:N0} images at batch {options.BatchSize} plus the test pass, libtorch threads 1. " +
                               "The study's baseline carries RN probes (for the UAM plots); the plain one is the reference.");
            return seconds["RN"] / baseline;
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    public static string ResultLine(double ratio) =>
        string.Create(CultureInfo.InvariantCulture, $"RESULT imbalanced rn_epoch_over_baseline={ratio:F3}");
}
