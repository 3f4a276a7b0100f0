using System.Diagnostics;
using System.Runtime.CompilerServices;
using Spectre.Console.Testing;
using Uam.Experiments.Cli;
using Uam.Experiments.Studies;
using Uam.Experiments.Tasks.Imbalanced;
using Uam.Runtime;
using Uam.Tests;
using Xunit;

namespace Uam.Experiments.Tests;

/// <summary>The study end to end on a small synthetic dataset: results, summaries, resume and shards.</summary>
public sealed class ImbalancedStudyTests : IDisposable
{
    private readonly SyntheticDataset _data = new();
    private readonly TemporaryDirectory _output = new("uam-study-");

    public void Dispose()
    {
        _data.Dispose();
        _output.Dispose();
    }

    private ImbalancedOptions Options(params string[] normalizers) => new()
    {
        Dataset = "synthetic",
        DataDirectory = _data.Directory,
        Models = ["ffnn"],
        Normalizers = normalizers,
        DownSampled = [0, 3],
        KeepProbability = 0,
        ValidationSize = 100,
        Common = new StudyOptions(Seeds: [1, 2], Output: _output.Path),
    };

    private static ImbalancedOptions With(ImbalancedOptions options, IReadOnlyList<int>? seeds = null, string? output = null, bool? plots = null,
        (int, int)? shard = null, int? jobs = null) =>
        options with
        {
            Common = options.Common with
            {
                Seeds = seeds ?? options.Common.Seeds, Output = output ?? options.Common.Output, Plots = plots ?? options.Common.Plots,
                Shard = shard ?? options.Common.Shard, Jobs = jobs ?? options.Common.Jobs,
            },
        };

    private ResultsStore Results => ResultsStore.In(_output.Path);

    /// <summary>The runs in a results directory: each record's envelope with its payload.</summary>
    internal static List<(StudyRecord Record, ImbalancedRun Run)> Runs(string directory) =>
        StudyTasks.ReadRecords(directory).Select(r => (r, r.PayloadAs<ImbalancedRun>())).ToList();

    /// <summary>Runs what is left of a study without reporting (as a worker process does).</summary>
    private static void RunOnly(ImbalancedOptions options) =>
        Assert.Equal(0, StudyRunner.Run(new ImbalancedStudy(options), new TestConsole(), CancellationToken.None));

    private static IEnumerable<string> Keys(ImbalancedOptions options)
    {
        var study = new ImbalancedStudy(options);
        return study.Grid.Points.Select(p => p.Key(study.Task, study.Protocol));
    }

    [Fact]
    public void A_study_writes_every_run_and_the_summaries()
    {
        var console = new TestConsole();
        ImbalancedStudy.Run(Options("baseline", "RN", "SN"), console, CancellationToken.None);
        var runs = Runs(_output.Path);
        Assert.Equal(3 * 2 * 2, runs.Count);
        foreach (var (record, run) in runs)
        {
            // Classes with p = 0 are never seen: 0 % accuracy there, the others are learnt.
            for (int c = 0; c < 10; c++)
                if (run.DownSampled.Contains(c)) Assert.Equal(0, run.ClassAccuracy[c]);
                else Assert.True(run.ClassAccuracy[c] > 0.9, $"{record.Key}: class {c} {run.ClassAccuracy[c]}");
            Assert.Equal(run.DownSampledClasses, run.DownSampled.Length);
            Assert.Equal(300, run.Confusion.Sum(row => row.Sum()));
            Assert.Single(run.Validation);   // at the end of the epoch
        }
        Assert.Contains("test error", console.Output);
        string summary = File.ReadAllText(Path.Combine(_output.Path, "summary.md"));
        Assert.Contains("| normalizer | n=0 | n=3 |", summary);
        Assert.Contains("| SN |", summary);
        Assert.Equal(1 + 3 * 2 + 3, File.ReadAllLines(Path.Combine(_output.Path, "summary.csv")).Length);   // test error ×2 n, rare accuracy ×1 n
        Assert.Contains("<!DOCTYPE html>", File.ReadAllText(Path.Combine(_output.Path, "report.html")));
        Assert.Equal(1 + 12 * 10, File.ReadAllLines(Path.Combine(_output.Path, "per_class.csv")).Length);
        Assert.Equal(1 + 12 * 100, File.ReadAllLines(Path.Combine(_output.Path, "confusion.csv")).Length);
        Assert.True(File.Exists(Path.Combine(_output.Path, "traces", "ffnn-RN-n3-s2.csv")));
        Assert.Equal(["fc1_norm", "fc2_norm"], ProbeTraces.Read(Path.Combine(_output.Path, "traces", "ffnn-RN-n3-s2.json"))!.Slots.Select(s => s.Slot));
        Assert.True(File.Exists(Path.Combine(_output.Path, "traces", "ffnn-baseline-n0-s1.csv")));   // the baseline's probes
        Assert.True(File.Exists(Path.Combine(_output.Path, "plots", "test_error_ffnn.svg")));
        Assert.True(File.Exists(Path.Combine(_output.Path, "plots", "uam_ffnn_fc1_norm_n3.svg")));
    }

    [Fact]
    public void The_recurrent_probe_is_plotted_per_time_step_against_training_steps()
    {
        var options = With(Options("baseline") with { Models = ["rnn"], DownSampled = [0] }, seeds: [1]);
        ImbalancedStudy.Run(options, new TestConsole(), CancellationToken.None);
        var (_, run) = Assert.Single(Runs(_output.Path));
        Assert.Equal(1100, run.TrainingImages);
        Assert.Equal(9, run.TrainingSteps);   // ⌈1,100 / 128⌉
        int calls = File.ReadLines(Path.Combine(_output.Path, "traces", "rnn-baseline-n0-s1.csv")).Count(line => line.StartsWith("rnn1_norm,"));
        Assert.Equal(5 * 9, calls);   // one call per time step
        SlotTrace trace = Assert.Single(ProbeTraces.Read(Path.Combine(_output.Path, "traces", "rnn-baseline-n0-s1.json"))!.Slots);
        Assert.Equal((5, 9), (trace.CallsPerStep, trace.Steps));
        string plot = File.ReadAllText(Path.Combine(_output.Path, "plots", "uam_rnn_rnn1_norm_n0.svg"));
        for (int t = 0; t < 5; t++) Assert.Contains($"<text>baseline t={t}</text>", plot);
        Assert.DoesNotContain("t=5", plot);
    }

    private static ImbalancedRun RunOne(ImbalancedOptions options, string normalizer)
    {
        using var output = new TemporaryDirectory("uam-protocol-");
        RunOnly(With(options with { Normalizers = [normalizer], DownSampled = [3] }, seeds: [1], output: output.Path, plots: false));
        return Assert.Single(Runs(output.Path)).Run;
    }

    private static void AssertSameTestResults(ImbalancedRun expected, ImbalancedRun actual)
    {
        Assert.Equal(expected.TestError, actual.TestError);
        Assert.Equal(expected.TestNll, actual.TestNll);
        Assert.Equal(expected.Confusion, actual.Confusion);
        Assert.Equal(expected.TrainingImages, actual.TrainingImages);
    }

    [Fact]
    public void Faithful_validation_after_every_step_changes_nothing_but_the_curve_where_the_model_has_no_running_statistics()
    {
        var faithful = Options() with { Faithful = true };
        foreach (string normalizer in new[] { "RN", "LN" })
        {
            ImbalancedRun auto = RunOne(faithful, normalizer), everyStep = RunOne(faithful with { ValidateEvery = 1 }, normalizer);
            Assert.Single(auto.Validation);
            Assert.Equal(everyStep.TrainingSteps, everyStep.Validation.Length);
            AssertSameTestResults(everyStep, auto);
        }
        // Batch norm validated in training mode learns from the validation batch: there the original's cadence is kept.
        ImbalancedRun bn = RunOne(faithful, "BN"), bnAtEnd = RunOne(faithful with { ValidateEvery = 0 }, "BN");
        Assert.Equal(bn.TrainingSteps, bn.Validation.Length);
        Assert.NotEqual(bn.TestNll, bnAtEnd.TestNll);
    }

    [Fact]
    public void Faithful_with_every_improvement_is_the_default_protocol()
    {
        var all = Options() with { Faithful = true, Improvements = ProtocolImprovements.All };
        foreach (string normalizer in new[] { "RN", "BN", "SN" })
            AssertSameTestResults(RunOne(Options(), normalizer), RunOne(all, normalizer));
        // and each improvement alone is a protocol of its own
        var keys = ProtocolImprovements.All.Select(i => (Options() with { Faithful = true, Improvements = [i] }).ProtocolKey).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.DoesNotContain((Options() with { Faithful = true }).ProtocolKey, keys);
    }

    [Fact]
    public void Each_improvement_switches_on_only_its_own_option()
    {
        RegularityOptions faithful = RegularityOptions.Faithful;
        Assert.Equal(faithful with { Pooling = VariancePooling.Exact },
            ProtocolImprovements.NormalizerOptions(true, [ProtocolImprovement.ExactPooling]));
        Assert.Equal(faithful with { Scale = EvaluationScale.SizeNormalized },
            ProtocolImprovements.NormalizerOptions(true, [ProtocolImprovement.SizeNormalized]));
        Assert.Equal(faithful with { StdFloor = 1e-5 }, ProtocolImprovements.NormalizerOptions(true, [ProtocolImprovement.StdFloor]));
        Assert.Equal(faithful, ProtocolImprovements.NormalizerOptions(true, [ProtocolImprovement.HeldOutValidation, ProtocolImprovement.ChunkedEvaluation]));
        Assert.Equal(ProtocolImprovement.EvalModeValidation, ProtocolImprovements.Parse("Eval-Validation"));
        Assert.Contains("exact-pooling", Assert.Throws<ArgumentException>(() => ProtocolImprovements.Parse("pooling")).Message);
    }

    [Fact]
    public void Held_out_validation_keeps_the_validation_images_out_of_the_pool()
    {
        var faithful = Options() with { Faithful = true };
        ImbalancedRun inPool = RunOne(faithful, "baseline"), heldOut = RunOne(faithful with { Improvements = [ProtocolImprovement.HeldOutValidation] }, "baseline");
        // p = 0: the pools differ by the validation images (the first 100) of the classes that are not down-sampled.
        Assert.Equal(inPool.DownSampled, heldOut.DownSampled);
        Assert.Equal(70, inPool.TrainingImages - heldOut.TrainingImages);   // 10 per class among the first 100
    }

    [Fact]
    public void A_last_batch_of_one_image_is_dropped_so_that_batch_norm_trains()
    {
        // Default protocol, nothing down-sampled: 1,200 − 175 held out = 1,025 = 8·128 + 1 images.
        using var output = new TemporaryDirectory("uam-last-batch-");
        var options = With(Options("BN", "RN") with { ValidationSize = 175, DownSampled = [0] }, seeds: [1], output: output.Path, plots: false);
        RunOnly(options);
        var runs = Runs(output.Path);
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal((1024, 8, 1024), (r.Run.TrainingImages, r.Run.TrainingSteps, r.Run.ClassCounts.Sum())));
    }

    [Fact]
    public void The_ablation_runs_each_improvement_alone_and_tabulates_what_it_changes()
    {
        var grid = With(Options("RN", "BN") with { DownSampled = [3] }, seeds: [1], plots: false);
        var console = new TestConsole();
        ImbalancedAblation.Run(grid, console, CancellationToken.None);
        var runs = Runs(_output.Path);
        // faithful and default: both networks; the three normalizer options: RN only; the three protocol ones: both.
        Assert.Equal(2 + 3 * 1 + 3 * 2 + 2, runs.Count);
        Assert.Equal(runs.Count, runs.Select(r => r.Record.Key).Distinct().Count());
        string table = File.ReadAllText(Path.Combine(_output.Path, "ablation.md"));
        Assert.Contains("## ffnn, RN", table);
        Assert.Contains("| +exact-pooling |", table);
        Assert.Contains("| default |", table);
        string bn = table[table.IndexOf("## ffnn, BN", StringComparison.Ordinal)..];
        Assert.Contains("| +size-normalized | = ", bn);   // BN has no regularity slot: its faithful runs are shown
        // The default row is the default protocol's own run of the same cell.
        ImbalancedRun byDefault = RunOne(Options(), "RN");
        Assert.Contains(runs, r => r.Run.Normalizer == "RN" && r.Record.Protocol == (grid with { Faithful = false }).ProtocolKey && r.Run.TestError == byDefault.TestError);
        Assert.Contains("test error", console.Output);
    }

    [Fact]
    public void A_study_command_line_runs_that_same_study()
    {
        var options = With(Options("RN", "baseline", "SN") with
        {
            DownSampled = [3], Faithful = true, Improvements = [ProtocolImprovement.SizeNormalized, ProtocolImprovement.StdFloor], ValidateEvery = 4,
        }, seeds: [2], plots: false, jobs: 2);
        using (Process run = Start(options.ToArguments(), out var output))
        {
            run.WaitForExit();
            Assert.True(run.ExitCode == 0, output.ToString());
        }
        // Two worker processes shared the three cells through claims: each ran once, with this protocol.
        var results = Runs(_output.Path);
        Assert.Equal(Keys(options).Order(), results.Select(r => r.Record.Key).Order());
        Assert.All(results, r => Assert.Equal(r.Run.TrainingSteps / 4, r.Run.Validation.Length));   // --validate-every 4 came through
        // Each record names the command that reproduces the study, without the worker's own options.
        Assert.All(results, r => Assert.Equal(StudyRunner.CommandLine(options.ToArguments()), r.Record.Command));
        Assert.Empty(Directory.GetDirectories(Path.Combine(_output.Path, "logs"), "claims-*"));
    }

    [Fact]
    public void A_run_gives_the_same_result_alone_and_in_a_worker_process()
    {
        // The worker runs with one libtorch and one OpenBLAS thread; so does this process at --threads 1 (the thread count
        // changes the summation order of matrix products, and so the numbers).
        var options = With(Options("baseline", "RN") with { DownSampled = [3] }, seeds: [1], plots: false);
        using var alone = new TemporaryDirectory("uam-alone-");
        RunOnly(With(options, output: alone.Path));
        using (Process run = Start(With(options, jobs: 2).ToArguments(), out var text))
        {
            run.WaitForExit();
            Assert.True(run.ExitCode == 0, text.ToString());
        }
        var inProcess = Runs(alone.Path).OrderBy(r => r.Record.Key).ToList();
        var inWorkers = Runs(_output.Path).OrderBy(r => r.Record.Key).ToList();
        Assert.Equal(2, inWorkers.Count);
        Assert.Equal(inProcess.Select(r => r.Record.Payload.GetRawText()), inWorkers.Select(r => r.Record.Payload.GetRawText()));
    }

    [Fact]
    public void A_rerun_skips_finished_runs_and_shards_cover_the_grid_exactly_once()
    {
        var options = With(Options("baseline", "RN"), plots: false);
        RunOnly(With(options, shard: (0, 3)));
        RunOnly(With(options, shard: (2, 3)));
        var partial = File.ReadAllLines(Results.Path);
        RunOnly(With(options, shard: (1, 3)));
        ImbalancedStudy.Run(options, new TestConsole(), CancellationToken.None);   // everything done: runs nothing
        var lines = File.ReadAllLines(Results.Path);
        Assert.Equal(partial, lines[..partial.Length]);
        var keys = Results.ReadAll().Select(r => r.Key).ToList();
        Assert.Equal(Keys(options).Order(), keys.Order());
    }

    [Fact]
    public void A_run_killed_mid_grid_resumes_without_losing_or_duplicating_results()
    {
        string[] arguments =
        [
            "imbalanced", "--dataset", "synthetic", "--data", _data.Directory, "--normalizers", "baseline", "RN", "--n", "0-3",
            "--seeds", "1-3", "--p", "0", "--validation", "100", "--output", _output.Path, "--no-plots",
        ];
        using (Process first = Start(arguments))
        {
            var clock = Stopwatch.StartNew();
            while (LineCount() < 3 && !first.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(20);
            Assert.False(first.HasExited, "the grid finished before it could be killed");
            first.Kill(entireProcessTree: true);
            first.WaitForExit();
        }
        string[] before = File.ReadAllLines(Results.Path);
        Assert.InRange(Results.ReadAll().Count, 3, 23);

        using (Process second = Start(arguments))
        {
            second.WaitForExit();
            Assert.Equal(0, second.ExitCode);
        }
        string[] after = File.ReadAllLines(Results.Path);
        Assert.Equal(before.Where(l => l.EndsWith('}')), after[..before.Count(l => l.EndsWith('}'))]);   // nothing rewritten
        var keys = Results.ReadAll().Select(r => r.Key).ToList();
        Assert.Equal(2 * 4 * 3, keys.Count);
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void The_mnist_dataset_trains_on_the_shared_test_set_split()
    {
        using (Process run = Start(
               [
                   "imbalanced", "--dataset", "mnist", "--data", SharedFolder.PathOf("data/mnist"), "--normalizers", "RN", "--n", "2",
                   "--seeds", "1", "--output", _output.Path, "--no-plots",
               ]))
        {
            run.WaitForExit();
            Assert.Equal(0, run.ExitCode);
        }
        var (record, result) = Assert.Single(Runs(_output.Path));
        Assert.StartsWith("mnist-test-split|", record.Protocol);
        Assert.Contains("|validation=1000|", record.Protocol);
        Assert.Equal(2000, result.Confusion.Sum(row => row.Sum()));
        // Seed 1 down-samples classes 2 and 4 with p = 0.01: of the 7,000 training images, about 1% of theirs are kept.
        Assert.Equal([2, 4], result.DownSampled);
        Assert.InRange(result.ClassCounts[2] + result.ClassCounts[4], 3, 35);
        Assert.InRange(result.TrainingImages, 5400, 5700);
        double seenClasses = Enumerable.Range(0, 10).Where(c => !result.DownSampled.Contains(c)).Average(c => result.ClassAccuracy[c]);
        Assert.True(seenClasses > 0.8, $"accuracy on the other classes {seenClasses}");   // learnt from ~700 images each
    }

    private int LineCount() => File.Exists(Results.Path) ? Results.ReadAll().Count : 0;

    internal static Process Start(IEnumerable<string> arguments) => Start(arguments, out _);

    internal static Process Start(IEnumerable<string> arguments, out System.Text.StringBuilder output)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(UamAssembly());
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        var text = output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (text) text.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (text) text.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // uam.dll as built next to its runtime configuration, in the Uam.Experiments project's output.
    internal static string UamAssembly([CallerFilePath] string here = "")
    {
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        string path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "Uam.Experiments", "bin", configuration, "net10.0", "uam.dll"));
        Assert.True(File.Exists(path), $"uam.dll not found at {path}");
        return path;
    }
}
