using Uam.Runtime;

namespace Uam.Experiments.Distributed;

/// <summary>This process's part in a data-parallel job, for the trainers: the process group (joined once per process
/// and kept, so that the several studies of one command share it), the sampler that cuts every global batch into the
/// ranks' shards, and the steps of a data-parallel update (docs/parallel.md).</summary>
internal sealed class DataParallelJob
{
    private static readonly Lock Joining = new();
    private static DataParallelJob? _current;

    private DataParallelJob(RankEnvironment ranks, ProcessGroup group)
    {
        (Ranks, Group, Sampler) = (ranks, group, new DistributedSampler(group));
    }

    /// <summary>The job of <paramref name="ranks"/>, joined on first use (collective: every rank joins).</summary>
    public static DataParallelJob Of(RankEnvironment ranks)
    {
        lock (Joining)
        {
            if (_current is { } job)
                return job.Ranks == ranks ? job : throw new InvalidOperationException(
                    $"This process is rank {job.Ranks.Rank} of a job of {job.Ranks.WorldSize}; it cannot join another ({ranks}).");
            return _current = new DataParallelJob(ranks, ranks.Join());
        }
    }

    public RankEnvironment Ranks { get; }

    public ProcessGroup Group { get; }

    public DistributedSampler Sampler { get; }

    public int Rank => Group.Rank;

    public int WorldSize => Group.WorldSize;

    /// <summary>Rank 0: the one that writes results, traces and reports.</summary>
    public bool IsLeader => Rank == 0;

    /// <summary>Rank 0's parameters and buffers everywhere, and the model's regularity slots learning from the global batch.</summary>
    public void Prepare(nn.Module model) => DataParallel.Prepare(Group, model);

    /// <summary>This rank's rows of a global batch of <paramref name="batch"/> rows.</summary>
    public (int Start, int Length) Shard(int batch) => Sampler.Shard(batch);

    /// <summary>This rank's mean loss over its shard, weighted so that the averaged gradients are the global batch's.</summary>
    public Tensor Weighted(Tensor shardMeanLoss, int batch) => shardMeanLoss * Sampler.LossWeight(batch);

    /// <summary>Averages the gradients of <paramref name="model"/>'s parameters over the ranks during each backward
    /// (call its <see cref="GradientReducer.Finish"/> after the backward).</summary>
    public GradientReducer Reducer(nn.Module model) => new(Group, model.Parameters());

    /// <summary>The global batch's mean loss from every rank's <see cref="Weighted"/> loss: the same number on every rank,
    /// so that every rank takes the same decision on it (a non-finite loss stops them all).</summary>
    public double GlobalLoss(Tensor weightedLoss)
    {
        using var value = torch.FromArray(new[] { weightedLoss.ToDouble() }, [1]);
        Group.AllReduceMean(value);
        return value.ToArray<double>()[0];
    }

    /// <summary>Rank 0's <paramref name="flags"/> on every rank (the runs still to do, read from rank 0's results).</summary>
    public bool[] FromLeader(bool[] flags)
    {
        using var values = torch.FromArray(flags.Select(f => f ? 1L : 0L).ToArray(), [flags.Length]);
        Group.Broadcast(values);
        return values.ToArray<long>().Select(v => v != 0).ToArray();
    }
}
