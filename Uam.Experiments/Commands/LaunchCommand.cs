using System.CommandLine;
using System.Globalization;
using Uam.Experiments.Distributed;
using Uam.Runtime;

namespace Uam.Experiments.Commands;

/// <summary>`uam launch`: starts the ranks of a data-parallel job on this node (docs/parallel.md).</summary>
internal static class LaunchCommand
{
    public static Command Create()
    {
        var nproc = new Option<int>("--nproc") { Description = "Ranks (processes) on this node.", DefaultValueFactory = _ => 1 };
        var nnodes = new Option<int>("--nnodes") { Description = "Nodes in the job, each running `uam launch` with the same --nproc.", DefaultValueFactory = _ => 1 };
        var nodeRank = new Option<int>("--node-rank") { Description = "This node's index, 0…nnodes−1; its ranks are node-rank·nproc + 0…nproc−1.", DefaultValueFactory = _ => 0 };
        var master = new Option<string?>("--master")
        {
            Description = $"ADDR:PORT where rank 0 (on node 0) serves the rendezvous; default MASTER_ADDR/MASTER_PORT from the environment, " +
                          "else a free port on 127.0.0.1 (required with --nnodes > 1).",
        };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds that bound the rendezvous and every collective: a rank that dies or hangs stops the others within it.",
            DefaultValueFactory = _ => RankEnvironment.DefaultTimeout.TotalSeconds,
        };
        var command = new Argument<string[]>("command") { Description = "The uam command every rank runs, after --.", Arity = ArgumentArity.OneOrMore };
        var launch = new Command("launch",
            "Start a data-parallel job's ranks on this node, torchrun-style: each runs the uam command given after -- with RANK, LOCAL_RANK, " +
            "WORLD_SIZE, MASTER_ADDR and MASTER_PORT set, e.g. `uam launch --nproc 2 -- imbalanced --world-size 2`.")
        {
            nproc, nnodes, nodeRank, master, timeout, command,
        };
        launch.SetAction((result, cancellation) =>
        {
            int nodes = result.GetValue(nnodes);
            var (address, port) = Master(result.GetValue(master), nodes);
            var plan = new LaunchPlan(result.GetValue(nproc), nodes, result.GetValue(nodeRank), address, port,
                TimeSpan.FromSeconds(result.GetValue(timeout)), result.GetValue(command)!);
            var console = Console.Out;
            int code = Launcher.Run(plan,
                (rank, text) => { lock (console) console.WriteLine($"[rank {rank}] {text}"); },
                text => { lock (console) console.WriteLine($"[launch] {text}"); },
                cancellation);
            return Task.FromResult(code);
        });
        return launch;
    }

    private static (string Address, int Port) Master(string? given, int nodes)
    {
        string? text = given;
        if (text is null && Environment.GetEnvironmentVariable(RankEnvironment.MasterAddressVariable) is { Length: > 0 } address)
            text = $"{address}:{Environment.GetEnvironmentVariable(RankEnvironment.MasterPortVariable) ?? RankEnvironment.DefaultPort.ToString(CultureInfo.InvariantCulture)}";
        if (text is null)
        {
            if (nodes > 1) throw new ArgumentException("--master ADDR:PORT is required with --nnodes > 1 (node 0's address, reachable from every node).");
            return ("127.0.0.1", ProcessGroup.FreeLoopbackPort());   // one node: any free port, so that jobs side by side do not collide
        }
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out int port))
            throw new ArgumentException($"--master '{text}': expected ADDR:PORT, e.g. node01:29500.");
        return (text[..colon], port);
    }
}
