using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Net;
using System.Net.Sockets;
using Uam.Experiments.Distributed;
using Uam.Experiments.Tasks.Imbalanced;
using Xunit;

namespace Uam.Experiments.Tests;

/// <summary>Data-parallel jobs of real processes on loopback, started by `uam launch`: the distributed check on 2 and 4
/// ranks, failures (a rank that crashes or hangs, a wrong world size, a port in use) and the imbalanced study over two
/// ranks against one process.</summary>
public sealed class DataParallelTests
{
    /// <summary>Runs `uam launch …` to the end; its exit status, output and duration.</summary>
    private static (int Status, string Output, TimeSpan Elapsed) Launch(params string[] arguments)
    {
        var clock = Stopwatch.StartNew();
        using Process process = ImbalancedStudyTests.Start(["launch", .. arguments], out var output);
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "uam launch did not finish in 3 minutes");
        process.WaitForExit();
        // A rank's console wraps long lines at 80 columns: its continuation lines are joined back for the assertions.
        lock (output) return (process.ExitCode, Regex.Replace(output.ToString(), @" ?\r?\n\[rank (\d+)\] (?=\S)", " "), clock.Elapsed);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Every_network_trained_on_2_and_4_processes_equals_one_process(int processes)
    {
        var (status, output, _) = Launch("--nproc", $"{processes}", "--timeout", "60", "--", "distributed-check");
        Assert.True(status == 0, output);
        Assert.Contains($"RESULT distributed-check world={processes} networks=8 ", output);
        Assert.EndsWith(" ok", output.Split('\n').Single(l => l.Contains("RESULT distributed-check")).TrimEnd());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_rank_that_crashes_or_hangs_makes_the_other_fail_with_a_clear_error_within_the_timeout(bool hang)
    {
        string[] failure = hang ? ["--fail-step", "1", "--hang"] : ["--fail-step", "2"];
        var (status, output, elapsed) = Launch(["--nproc", "2", "--timeout", "4", "--", "distributed-check", "--fail-rank", "1", .. failure]);
        Assert.NotEqual(0, status);
        Assert.Contains(hang ? "rank 1: simulating a hang at step 1" : "rank 1: simulating a crash at step 2", output);
        Assert.Contains("on rank 0 of 2 failed", output);
        Assert.Contains("a peer rank has died, hung or left the job", output);
        // A crash is seen at once (the connection closes); a hang when the timeout expires, and the launcher then kills it.
        Assert.Contains(hang ? "Timed out waiting 4000ms" : "Connection closed by peer", output);
        Assert.Contains(hang ? "[launch] rank 1 did not stop: killed" : "[launch] rank 1 exited with status 3", output);
        Assert.InRange(elapsed.TotalSeconds, hang ? 4 : 0, 45);
    }

    [Fact]
    public void A_wrong_world_size_and_a_port_in_use_are_refused_with_clear_errors()
    {
        var (status, output, _) = Launch("--nproc", "2", "--timeout", "5", "--", "distributed-check", "--world-size", "3");
        Assert.NotEqual(0, status);
        Assert.Contains("--world-size 3 but WORLD_SIZE=2", output);

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            int taken = ((IPEndPoint)listener.LocalEndpoint).Port;
            (status, output, _) = Launch("--nproc", "2", "--timeout", "4", "--master", $"127.0.0.1:{taken}", "--", "distributed-check");
            Assert.NotEqual(0, status);
            Assert.Contains($"ProcessGroup (rank 0 of 2, store 127.0.0.1:{taken})", output);
            Assert.Contains("Address already in use", output);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void The_imbalanced_study_trained_on_two_ranks_equals_one_process()
    {
        using var data = new SyntheticDataset();
        using var single = new TemporaryDirectory("uam-dp-single-");
        using var parallel = new TemporaryDirectory("uam-dp-parallel-");
        string[] study =
        [
            "imbalanced", "--dataset", "synthetic", "--data", data.Directory, "--normalizers", "baseline", "RN", "RLN", "SN", "--n", "3",
            "--seeds", "1", "--p", "0", "--validation", "100", "--validate-every", "3", "--no-plots",
        ];
        using (Process process = ImbalancedStudyTests.Start([.. study, "--output", single.Path], out var log))
        {
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, log.ToString());
        }
        var (status, output, _) = Launch(["--nproc", "2", "--timeout", "60", "--", .. study, "--output", parallel.Path, "--world-size", "2"]);
        Assert.True(status == 0, output);

        var expected = ImbalancedStudyTests.Runs(single.Path).ToDictionary(r => r.Record.Key, r => r.Run);
        var actual = ImbalancedStudyTests.Runs(parallel.Path);
        Assert.Equal(4, actual.Count);   // rank 1 wrote nothing
        foreach (var (record, run) in actual)
        {
            Assert.Contains("--world-size 2", record.Command);
            ImbalancedRun reference = expected[record.Key];
            Assert.Equal(reference.TrainingImages, run.TrainingImages);
            Assert.Equal(reference.TrainingSteps, run.TrainingSteps);
            Assert.Equal(reference.Validation.Length, run.Validation.Length);
            // Float32 sums in another order: the losses agree to rounding, not bit for bit.
            for (int i = 0; i < run.Validation.Length; i++) Assert.Equal(reference.Validation[i].Loss, run.Validation[i].Loss, 4);
            Assert.Equal(reference.TestNll, run.TestNll, 4);
            Assert.Equal(reference.FinalCodeLengths.Keys.Order(), run.FinalCodeLengths.Keys.Order());
            foreach (var (slot, length) in reference.FinalCodeLengths) Assert.Equal(length, run.FinalCodeLengths[slot], 4);
        }
        // Every training call of every slot: the global batch's element count, and the same statistics and code lengths.
        foreach (string trace in Directory.GetFiles(Path.Combine(single.Path, "traces"), "*.csv"))
        {
            string[][] one = Rows(trace), two = Rows(Path.Combine(parallel.Path, "traces", Path.GetFileName(trace)));
            Assert.Equal(one.Length, two.Length);
            int count = Array.IndexOf(one[0], "count");
            for (int row = 1; row < one.Length; row++)
            {
                Assert.Equal(one[row][count], two[row][count]);
                foreach (string column in new[] { "mean", "std", "code_length_mean", "comp_mean" })
                {
                    int c = Array.IndexOf(one[0], column);
                    Assert.Equal(double.Parse(one[row][c], CultureInfo.InvariantCulture), double.Parse(two[row][c], CultureInfo.InvariantCulture), 4);
                }
            }
        }
    }

    [Fact]
    public void Batch_norm_on_two_ranks_is_warned_about_and_drops_a_last_batch_that_would_leave_a_rank_one_image()
    {
        using var data = new SyntheticDataset();
        using var output = new TemporaryDirectory("uam-dp-bn-");
        // n = 3, p = 0 keeps 770 images: six batches of 128 and a last one of 2, one image per rank.
        var (status, text, _) = Launch(["--nproc", "2", "--timeout", "60", "--", "imbalanced", "--dataset", "synthetic", "--data", data.Directory,
            "--normalizers", "BN", "--n", "3", "--seeds", "1", "--p", "0", "--validation", "100", "--no-plots", "--output", output.Path, "--world-size", "2"]);
        Assert.True(status == 0, text);
        Assert.Contains("BN takes its batch statistics from each rank's shard", text);
        var (_, run) = Assert.Single(ImbalancedStudyTests.Runs(output.Path));
        Assert.Equal(768, run.TrainingImages);
        Assert.Equal(6, run.TrainingSteps);
    }

    private static string[][] Rows(string csv) => File.ReadAllLines(csv).Select(l => l.Split(',')).ToArray();
}

/// <summary>Reading a rank's place from the environment, and the launcher's plan.</summary>
public sealed class RankEnvironmentTests
{
    private static Func<string, string?> Variables(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void A_launched_ranks_variables_read_back_to_the_same_place()
    {
        var plan = new LaunchPlan(2, 3, 1, "node01", 29511, TimeSpan.FromSeconds(42.5), ["distributed-check"]);
        var ranks = Enumerable.Range(0, 2).Select(plan.Rank).ToList();
        Assert.Equal([2, 3], ranks.Select(r => r.Rank));
        Assert.Equal([0, 1], ranks.Select(r => r.LocalRank));
        Assert.All(ranks, r => Assert.Equal(6, r.WorldSize));
        foreach (RankEnvironment rank in ranks)
        {
            var variables = rank.Variables();
            Assert.Equal(rank, RankEnvironment.ForWorldSize(6, name => variables.TryGetValue(name, out string? v) ? v : null));
        }
    }

    [Fact]
    public void Defaults_are_torchruns_for_the_master_and_five_minutes_for_the_timeout()
    {
        RankEnvironment rank = RankEnvironment.ForWorldSize(2, Variables(("RANK", "1"), ("WORLD_SIZE", "2")));
        Assert.Equal(new RankEnvironment(1, 1, 2, "127.0.0.1", 29500, TimeSpan.FromMinutes(5)), rank);
    }

    [Fact]
    public void A_process_outside_a_job_or_in_another_one_is_told_what_is_wrong()
    {
        var missing = Assert.Throws<ArgumentException>(() => RankEnvironment.ForWorldSize(2, Variables()));
        Assert.Contains("uam launch --nproc 2 --", missing.Message);
        var disagree = Assert.Throws<ArgumentException>(() => RankEnvironment.ForWorldSize(4, Variables(("RANK", "0"), ("WORLD_SIZE", "2"))));
        Assert.Contains("--world-size 4 but WORLD_SIZE=2", disagree.Message);
        var rank = Assert.Throws<ArgumentException>(() => RankEnvironment.ForWorldSize(2, Variables(("RANK", "2"), ("WORLD_SIZE", "2"))));
        Assert.Contains("RANK=2: expected an integer in 0…1", rank.Message);
        var port = Assert.Throws<ArgumentException>(() => RankEnvironment.ForWorldSize(2, Variables(("RANK", "0"), ("WORLD_SIZE", "2"), ("MASTER_PORT", "http"))));
        Assert.Contains("MASTER_PORT=http", port.Message);
        var timeout = Assert.Throws<ArgumentException>(() => RankEnvironment.ForWorldSize(2, Variables(("RANK", "0"), ("WORLD_SIZE", "2"), ("UAM_DIST_TIMEOUT", "-1"))));
        Assert.Contains("UAM_DIST_TIMEOUT=-1", timeout.Message);
    }

    [Fact]
    public void A_launch_plan_without_a_command_or_with_a_node_outside_the_job_is_refused()
    {
        Assert.Contains("give the command after --",
            Assert.Throws<ArgumentException>(() => new LaunchPlan(2, 1, 0, "127.0.0.1", 29500, TimeSpan.FromSeconds(5), []).Validate()).Message);
        Assert.Contains("--node-rank must lie in 0…1",
            Assert.Throws<ArgumentException>(() => new LaunchPlan(2, 2, 2, "127.0.0.1", 29500, TimeSpan.FromSeconds(5), ["x"]).Validate()).Message);
    }
}
