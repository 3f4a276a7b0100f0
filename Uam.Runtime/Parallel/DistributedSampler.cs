namespace Uam.Runtime;

/// <summary>Which part of every global batch a rank reads. The order of the examples and the cut into global batches
/// stay what one process does with the seed; each global batch is cut into contiguous shards, the first
/// B mod W ranks taking one example more. The union of the shards of one step is therefore exactly one process's
/// batch, whatever the world size, and the seed fixes the whole run.</summary>
public sealed class DistributedSampler
{
    /// <summary>Rank <paramref name="rank"/>'s view of a job of <paramref name="worldSize"/> ranks.</summary>
    public DistributedSampler(int rank, int worldSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(worldSize, 1);
        if (rank < 0 || rank >= worldSize)
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"DistributedSampler: the rank must lie in 0…{worldSize - 1} (world size {worldSize}).");
        (Rank, WorldSize) = (rank, worldSize);
    }

    /// <summary>The sampler of <paramref name="group"/>'s rank.</summary>
    public DistributedSampler(ProcessGroup group) : this(group.Rank, group.WorldSize) { }

    /// <summary>This rank.</summary>
    public int Rank { get; }

    /// <summary>The number of ranks.</summary>
    public int WorldSize { get; }

    /// <summary>Where this rank's shard of a global batch of <paramref name="batch"/> examples starts, and its length.
    /// A batch smaller than the world size would leave a rank nothing: that is an error, not a silent empty shard.</summary>
    public (int Start, int Length) Shard(int batch)
    {
        if (batch < WorldSize)
            throw new ArgumentOutOfRangeException(nameof(batch), batch,
                $"DistributedSampler: a global batch of {batch} example(s) cannot give each of the {WorldSize} ranks one.");
        int quotient = batch / WorldSize, remainder = batch % WorldSize;
        return (Rank * quotient + Math.Min(Rank, remainder), quotient + (Rank < remainder ? 1 : 0));
    }

    /// <summary>This rank's examples of the global batch <paramref name="batch"/>.</summary>
    public ReadOnlySpan<T> Shard<T>(ReadOnlySpan<T> batch)
    {
        var (start, length) = Shard(batch.Length);
        return batch.Slice(start, length);
    }

    /// <summary>The factor for this rank's mean loss over its shard so that, once the gradients are averaged over the
    /// ranks (<see cref="DataParallel.AverageGradients"/>), they are the gradients of the global batch's mean loss:
    /// W·n_r/B, which is 1 when the shards are equal.</summary>
    public double LossWeight(int batch) => (double)Shard(batch).Length * WorldSize / batch;
}
