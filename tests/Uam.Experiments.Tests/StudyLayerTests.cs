using System.Diagnostics;
using Spectre.Console.Testing;
using Uam.Experiments.Cli;
using Uam.Experiments.Commands;
using Uam.Experiments.Studies;
using Uam.Experiments.Tasks.CodeLength;
using Uam.Runtime;
using Xunit;

namespace Uam.Experiments.Tests;

/// <summary>The study layer through its second task, <c>uam code-length</c> (Tasks/CodeLength/: a folder that declares
/// its axes, run function and report and touches nothing else): resume, shards, worker processes, Ctrl-C, progress.</summary>
public sealed class StudyLayerTests : IDisposable
{
    private readonly TemporaryDirectory _output = new("uam-layer-");

    public void Dispose() => _output.Dispose();

    private CodeLengthOptions Options(int steps = 60, string? output = null) =>
        new([RegularityVariant.WholeLayer, RegularityVariant.PerFeature, RegularityVariant.PerSample], [4, 16], steps, 2.0, 8,
            new StudyOptions([1, 2], output ?? _output.Path, Plots: false));

    private static int Run(CodeLengthOptions options) => StudyRunner.Run(new CodeLengthStudy(options), new TestConsole(), CancellationToken.None);

    private IReadOnlyList<StudyRecord> Records => ResultsStore.In(_output.Path).ReadAll();

    [Fact]
    public void A_second_task_runs_on_the_layer_and_measures_the_growth_of_the_code_length()
    {
        Assert.Equal(0, Run(Options(steps: 400)));
        var records = Records;
        Assert.Equal(3 * 2 * 2, records.Count);
        Assert.All(records, r => Assert.Equal(("code-length", "steps=400|shift=2|features=8"), (r.Task, r.Protocol)));
        foreach (StudyRecord record in records)
        {
            var run = record.PayloadAs<CodeLengthRun>();
            Assert.Equal(400, run.CodeLength.Length);
            // Stationary data: COMP gains about one batch's mass per call, so l grows like ln(step) (the prior unit of
            // COMP keeps the fitted slope a little under 1 over the first 200 calls).
            Assert.InRange(run.Slope, 0.8, 1.05);
            // A 2σ shift makes every batch surprising: the code length jumps.
            Assert.InRange(run.Jump, 0.5, 2);
        }
        // The same seed gives the same records (the run function is deterministic given its point).
        using var again = new TemporaryDirectory("uam-layer-again-");
        Assert.Equal(0, Run(Options(steps: 400, output: again.Path)));
        Assert.Equal(records.Select(r => r.Payload.GetRawText()), ResultsStore.In(again.Path).ReadAll().Select(r => r.Payload.GetRawText()));
    }

    [Fact]
    public void Shards_and_a_rerun_complete_the_grid_with_each_run_once_and_nothing_rewritten()
    {
        var options = Options();
        Assert.Equal(0, Run(options with { Common = options.Common with { Shard = (1, 5) } }));
        Assert.Equal(0, Run(options with { Common = options.Common with { Shard = (3, 5) } }));
        string[] partial = File.ReadAllLines(ResultsStore.In(_output.Path).Path);
        Assert.Equal(5, partial.Length);   // 12 runs: slices 1 and 3 of 5 hold 3 and 2
        Assert.Equal(0, Run(options));
        Assert.Equal(partial, File.ReadAllLines(ResultsStore.In(_output.Path).Path)[..5]);
        var study = new CodeLengthStudy(options);
        Assert.Equal(study.Grid.Points.Select(p => p.Key(study.Task, study.Protocol)).Order(), Records.Select(r => r.Key).Order());
        var console = new TestConsole();
        Assert.Equal(0, StudyRunner.Run(study, console, CancellationToken.None));
        Assert.Contains("12 already in", console.Output);
        Assert.Equal(12, Records.Count);
    }

    [Fact]
    public void Progress_goes_to_plain_lines_with_the_time_left_when_the_output_is_not_a_terminal()
    {
        var console = new TestConsole();   // not interactive, as when redirected to a file
        Assert.Equal(0, StudyRunner.Run(new CodeLengthStudy(Options()), console, CancellationToken.None));
        string[] lines = console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(12, lines.Count(l => l.StartsWith('[')));
        Assert.Contains(lines, l => l.StartsWith("[1/12] RN-b4-s1: slope ", StringComparison.Ordinal) && l.Contains("11 to go, about"));
        Assert.Contains(lines, l => l.StartsWith("[12/12]", StringComparison.Ordinal) && l.Contains("done in"));
        Assert.DoesNotContain('\u001b', console.Output);   // no terminal control sequences
    }

    [Fact]
    public void Worker_processes_share_the_runs_and_write_one_record_each()
    {
        using (Process run = ImbalancedStudyTests.Start(["code-length", "--steps", "200", "--seeds", "1-4", "--jobs", "3", "--output", _output.Path, "--no-plots"],
                   out var text))
        {
            run.WaitForExit();
            Assert.True(run.ExitCode == 0, text.ToString());
        }
        var records = Records;
        Assert.Equal(3 * 2 * 4, records.Count);
        Assert.Equal(records.Count, records.Select(r => r.Key).Distinct().Count());
        Assert.All(records, r => Assert.Equal(1, r.Machine.Threads));
        Assert.All(records, r => Assert.Contains("--jobs 3", r.Command));   // the parent's command, in every worker's records
        Assert.True(Directory.GetFiles(Path.Combine(_output.Path, "logs"), "job-*.log").Length == 3);
        Assert.Empty(Directory.GetDirectories(Path.Combine(_output.Path, "logs"), "claims-*"));
    }

    /// <summary>Whether this process inherited SIGINT ignored (started in the background of a non-interactive shell): its
    /// children then ignore it too, and .NET cannot handle it, so Ctrl-C cannot be simulated from here.</summary>
    private static bool InterruptIgnored() =>
        File.ReadLines("/proc/self/status").First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) is var line &&
        (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (2 - 1))) != 0;

    [Theory]
    [InlineData(1, "INT")]
    [InlineData(2, "INT")]
    [InlineData(2, "TERM")]
    public void A_stop_signal_stops_cleanly_keeps_every_finished_run_and_a_rerun_completes_the_grid(int jobs, string signalName)
    {
        // SIGINT is Ctrl-C; where this test host inherited it ignored, the same stop is requested with SIGTERM.
        if (signalName == "INT" && InterruptIgnored()) signalName = "TERM";
        string[] arguments = ["code-length", "--steps", "6000", "--seeds", "1-3", "--jobs", jobs.ToString(), "--output", _output.Path, "--no-plots"];
        string results = ResultsStore.In(_output.Path).Path;
        using (Process first = ImbalancedStudyTests.Start(arguments, out var text))
        {
            var clock = Stopwatch.StartNew();
            while ((File.Exists(results) ? Records.Count : 0) < 2 && !first.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(20);
            Assert.False(first.HasExited, "the grid finished before it could be interrupted");
            using (Process signal = Process.Start("kill", [$"-{signalName}", first.Id.ToString()])) signal.WaitForExit();
            Assert.True(first.WaitForExit(TimeSpan.FromSeconds(30)), $"the study did not stop within 30 s of SIG{signalName}");
            first.WaitForExit();
            Assert.True(first.ExitCode == StudyRunner.Interrupted, $"exit {first.ExitCode}: {text}");
            Assert.Contains("Stopped:", text.ToString());
        }
        string[] lines = File.ReadAllLines(results);
        Assert.InRange(lines.Length, 2, 17);
        Assert.Equal(lines.Length, Records.Count);   // every line whole: nothing torn by the stop
        using (Process second = ImbalancedStudyTests.Start(arguments, out var text))
        {
            second.WaitForExit();
            Assert.True(second.ExitCode == 0, text.ToString());
        }
        Assert.Equal(lines, File.ReadAllLines(results)[..lines.Length]);
        Assert.Equal(18, Records.Select(r => r.Key).Distinct().Count());
        Assert.Equal(18, Records.Count);
    }

    [Fact]
    public void The_report_command_finds_every_task_and_protocol_in_the_directories()
    {
        Assert.Equal(0, Run(Options()));
        var other = Options(steps: 80);
        Assert.Equal(0, Run(other));
        var reports = ReportCommand.Collect([_output.Path], new TestConsole());
        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.Contains("code length growth", r.Title));
        Assert.Equal(["steps=60|shift=2|features=8", "steps=80|shift=2|features=8"], reports.Select(r => r.Metadata.Single(m => m.Key == "protocol").Value));
        var table = reports[0].Blocks.OfType<Uam.Experiments.Reporting.ReportTable>().First();
        Assert.Equal(["RN", "RLN", "RBN"], table.Rows.Select(r => r.Label));
        Assert.All(table.Rows.SelectMany(r => r.Cells), c => Assert.Equal(2, c.Estimate!.Runs));
    }
}
