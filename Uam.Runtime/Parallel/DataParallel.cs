namespace Uam.Runtime;

/// <summary>Data-parallel training's two collectives on a module's parameters: every rank starts from rank 0's
/// parameters, and after each backward pass the gradients are averaged over the ranks, so that each rank's optimiser
/// takes the step one process would take on the global batch (the mean of equal-sized shards' mean losses is the
/// global batch's mean loss).</summary>
public static class DataParallel
{
    /// <summary>Copies <paramref name="root"/>'s values of every parameter to every rank (in place, outside autograd).</summary>
    public static void BroadcastParameters(ProcessGroup group, IEnumerable<Tensor> parameters, int root = 0)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(parameters);
        using var noGrad = torch.NoGrad();
        foreach (Tensor p in parameters) group.Broadcast(p, root);
    }

    /// <summary>Prepares <paramref name="module"/> for data-parallel training: every rank takes rank 0's parameters and
    /// buffers (the regularity slots' state included), and every regularity slot learns from the global batch
    /// (<see cref="nn.RegularityNorm.Group"/>). Collective.</summary>
    public static void Prepare(ProcessGroup group, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(module);
        BroadcastParameters(group, module.Parameters());
        BroadcastParameters(group, module.NamedBuffers().Select(b => b.Buffer));
        foreach (var (_, slot) in module.NamedModules())
            if (slot is nn.RegularityNorm regularity) regularity.Group = group;
    }

    /// <summary>The group the regularity slots of <paramref name="module"/> learn with (<see cref="Prepare"/>), or null
    /// when they learn alone (or it has none): generated models take their saliency prior over the global batch by it.</summary>
    public static ProcessGroup? GroupOf(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        foreach (var (_, slot) in module.NamedModules())
            if (slot is nn.RegularityNorm { Group: { } group }) return group;
        return null;
    }

    /// <summary>The default size of one all-reduce of gradients: PyTorch DDP's bucket cap.</summary>
    public const long DefaultBucketBytes = 25L << 20;

    /// <summary>Replaces every parameter's gradient by its mean over the ranks. Gradients are flattened into buckets of at
    /// most <paramref name="bucketBytes"/> (a parameter larger than that is a bucket of its own), one all-reduce each:
    /// one collective for a small network instead of one per parameter, and bounded extra memory for a large one. Every
    /// parameter must have a gradient on every rank — a rank without one would leave the others' buffers of another
    /// size and the job out of step.</summary>
    public static void AverageGradients(ProcessGroup group, IEnumerable<Tensor> parameters, long bucketBytes = DefaultBucketBytes)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketBytes);
        using var noGrad = torch.NoGrad();
        var bucket = new List<Tensor>();
        long bytes = 0;
        int index = 0;
        foreach (Tensor p in parameters)
        {
            Tensor g = p.Grad ?? throw new InvalidOperationException(
                $"DataParallel.AverageGradients: parameter {index} [{string.Join(", ", p.Shape)}] has no gradient; run backward on every rank first " +
                "(a parameter the loss does not reach must still get one, e.g. by adding 0·p.Sum() to the loss).");
            long size = g.ByteCount;
            if (bucket.Count > 0 && (bytes + size > bucketBytes || g.DType != bucket[0].DType))
            {
                AverageBucket(group, bucket);
                (bucket, bytes) = ([], 0);
            }
            bucket.Add(g);
            bytes += size;
            index++;
        }
        if (bucket.Count > 0) AverageBucket(group, bucket);
    }

    private static void AverageBucket(ProcessGroup group, List<Tensor> gradients)
    {
        using var scope = torch.NewDisposeScope();
        Tensor buffer = torch.Cat(gradients.Select(g => g.Reshape(-1)).ToList());
        group.AllReduceMean(buffer);
        long offset = 0;
        foreach (Tensor g in gradients)
        {
            long n = g.NumElements;
            g.CopyInPlace(buffer.Narrow(0, offset, n).View(g.Shape));
            offset += n;
        }
    }
}
