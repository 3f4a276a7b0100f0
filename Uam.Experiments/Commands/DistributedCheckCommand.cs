using System.CommandLine;
using System.Globalization;
using Uam.Experiments.Distributed;

namespace Uam.Experiments.Commands;

/// <summary>`uam distributed-check`: run under `uam launch` (or any launcher that sets RANK, WORLD_SIZE, MASTER_ADDR,
/// MASTER_PORT) to verify that this installation's data-parallel training equals one process, across the real network
/// between the nodes (docs/parallel.md).</summary>
internal static class DistributedCheckCommand
{
    public static Command Create()
    {
        var worldSize = new Option<int?>("--world-size") { Description = "The number of ranks (default: WORLD_SIZE)." };
        var steps = new Option<int>("--steps") { Description = "SGD steps per network.", DefaultValueFactory = _ => 3 };
        var batch = new Option<int>("--batch") { Description = "Rows of a global batch (7: unequal shards on 2 and 4 ranks).", DefaultValueFactory = _ => 7 };
        var failRank = new Option<int?>("--fail-rank") { Description = "Simulate a failure of this rank, to see the others stop within the timeout." };
        var failStep = new Option<int>("--fail-step") { Description = "The step (counted over all networks) at which it fails.", DefaultValueFactory = _ => 1 };
        var hang = new Option<bool>("--hang") { Description = "The failing rank hangs instead of exiting." };
        var command = new Command("distributed-check",
            "Verify data-parallel training on this job's ranks: every regularity variant, both poolings, parameters and slot state after every " +
            "step against one process on the global batches; last line RESULT distributed-check …")
        {
            worldSize, steps, batch, failRank, failStep, hang,
        };
        command.SetAction(result =>
        {
            int world = result.GetValue(worldSize)
                        ?? (int.TryParse(Environment.GetEnvironmentVariable(RankEnvironment.WorldSizeVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out int w) ? w : 0);
            if (world < 2)
                throw new ArgumentException("uam distributed-check runs as the ranks of a job: start it with `uam launch --nproc 2 -- distributed-check`.");
            if (result.GetValue(steps) < 1) throw new ArgumentException("--steps must be at least 1.");
            RankEnvironment ranks = RankEnvironment.ForWorldSize(world);
            var failure = result.GetValue(failRank) is { } rank ? new DistributedCheck.Failure(rank, result.GetValue(failStep), result.GetValue(hang)) : null;
            using var group = ranks.Join();
            var outcomes = DistributedCheck.Run(group, result.GetValue(steps), result.GetValue(batch), failure, Console.WriteLine);
            group.Barrier();
            if (group.Rank != 0) return 0;
            double worst = outcomes.Max(o => o.MaxDeviation);
            bool ok = worst <= DistributedCheck.Tolerance;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT distributed-check world={group.WorldSize} networks={outcomes.Count} max_deviation={worst:E2} {(ok ? "ok" : "FAILED")}"));
            return ok ? 0 : 1;
        });
        return command;
    }
}
