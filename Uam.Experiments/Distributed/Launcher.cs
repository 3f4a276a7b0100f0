using System.Diagnostics;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Distributed;

/// <summary>What <c>uam launch</c> starts: <see cref="ProcessesPerNode"/> ranks of a job of
/// <see cref="Nodes"/> × <see cref="ProcessesPerNode"/> on this node, each running <see cref="Command"/> (a uam command line).</summary>
internal sealed record LaunchPlan(int ProcessesPerNode, int Nodes, int NodeRank, string MasterAddress, int MasterPort, TimeSpan Timeout,
    IReadOnlyList<string> Command)
{
    public int WorldSize => Nodes * ProcessesPerNode;

    /// <summary>The environment of the rank with local index <paramref name="local"/>.</summary>
    public RankEnvironment Rank(int local) =>
        new(NodeRank * ProcessesPerNode + local, local, WorldSize, MasterAddress, MasterPort, Timeout);

    public void Validate()
    {
        if (ProcessesPerNode < 1) throw new ArgumentException("--nproc must be at least 1.");
        if (Nodes < 1) throw new ArgumentException("--nnodes must be at least 1.");
        if (NodeRank < 0 || NodeRank >= Nodes) throw new ArgumentException($"--node-rank must lie in 0…{Nodes - 1}.");
        if (MasterPort is < 1 or > 65535) throw new ArgumentException("--master: the port must lie in 1…65535.");
        if (!(Timeout > TimeSpan.Zero)) throw new ArgumentException("--timeout must be positive.");
        if (Command.Count == 0) throw new ArgumentException("uam launch: give the command after --, e.g. `uam launch --nproc 2 -- imbalanced --world-size 2`.");
    }
}

/// <summary>Starts the ranks of <see cref="LaunchPlan"/> as child processes of this program (in the style of torchrun),
/// passes each its place through the environment (<see cref="RankEnvironment"/>), forwards their output line by line
/// with a rank prefix, and waits. When a rank fails, the others are given the job's timeout to notice (their next
/// collective fails with an error naming the problem) and are then stopped; the launcher exits with the first failure's
/// status.</summary>
internal static class Launcher
{
    /// <summary>Runs the plan; <paramref name="line"/> gets every output line of every rank (rank, text).</summary>
    public static int Run(LaunchPlan plan, Action<int, string> line, Action<string> status, CancellationToken cancellation)
    {
        plan.Validate();
        var ranks = new List<(int Rank, Process Process)>();
        try
        {
            for (int local = 0; local < plan.ProcessesPerNode; local++) ranks.Add((plan.Rank(local).Rank, Start(plan, local, line)));
            (int Rank, int Code)? firstFailure = null;
            DateTime? stopAt = null;
            while (ranks.Any(r => !r.Process.HasExited))
            {
                if (cancellation.IsCancellationRequested)
                {
                    foreach (var (_, process) in ranks) Interrupt.Send(process);
                    cancellation = CancellationToken.None;
                    stopAt = DateTime.UtcNow + TimeSpan.FromSeconds(10);
                }
                if (firstFailure is null && ranks.FirstOrDefault(r => r.Process.HasExited && r.Process.ExitCode != 0) is { Process: not null } failed)
                {
                    firstFailure = (failed.Rank, failed.Process.ExitCode);
                    status($"rank {failed.Rank} exited with status {failed.Process.ExitCode}; the other ranks get {plan.Timeout.TotalSeconds:0.#} s to stop");
                    stopAt ??= DateTime.UtcNow + plan.Timeout + TimeSpan.FromSeconds(5);
                }
                if (stopAt is { } deadline && DateTime.UtcNow > deadline)
                {
                    foreach (var (rank, process) in ranks.Where(r => !r.Process.HasExited))
                    {
                        status($"rank {rank} did not stop: killed");
                        process.Kill(entireProcessTree: true);
                    }
                }
                Thread.Sleep(100);
            }
            foreach (var (_, process) in ranks) process.WaitForExit();   // drains the output
            foreach (var (rank, process) in ranks.Where(r => r.Process.ExitCode != 0 && r.Rank != firstFailure?.Rank))
                status($"rank {rank} exited with status {process.ExitCode}");
            return firstFailure?.Code ?? ranks.Select(r => r.Process.ExitCode).FirstOrDefault(c => c != 0);
        }
        finally
        {
            foreach (var (_, process) in ranks)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.Dispose();
            }
        }
    }

    private static Process Start(LaunchPlan plan, int local, Action<int, string> line)
    {
        RankEnvironment rank = plan.Rank(local);
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(Launcher).Assembly.Location);
        foreach (string argument in plan.Command) start.ArgumentList.Add(argument);
        foreach (var (name, value) in rank.Variables()) start.Environment[name] = value;
        // As torchrun: several ranks on one node each get one BLAS/OpenMP thread unless told otherwise.
        if (plan.ProcessesPerNode > 1)
            foreach (string name in new[] { "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS" })
                if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name))) start.Environment[name] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"uam launch: could not start rank {rank.Rank}.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) line(rank.Rank, e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) line(rank.Rank, e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
