namespace Uam.Runtime;

/// <summary>Top-down priors for saliency normalization (the paper's SN).</summary>
public static class SaliencyPrior
{
    /// <summary>The in-batch frequency of each sample's class: s_b = |{i : y_i = y_b}| / B, as a [B, 1]
    /// tensor of <paramref name="dtype"/> (docs/normalizers.md, "The variants"). Rare classes in the batch get small s and
    /// large multipliers.</summary>
    public static Tensor FromLabels(Tensor labels, ScalarType dtype = ScalarType.Float32) => FromLabels(labels, null, dtype);

    /// <summary>The class frequencies of the global batch of a data-parallel job, for this rank's
    /// <paramref name="labels"/>: s_b = |{i in any rank's shard : y_i = y_b}| / B_global, so that each rank's rows get
    /// the prior one process would give them on the whole batch. Collective.</summary>
    public static Tensor FromLabels(Tensor labels, ProcessGroup? group, ScalarType dtype = ScalarType.Float32)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Checks.DType(nameof(FromLabels), nameof(labels), labels, ScalarType.Int64);
        Checks.Rank(nameof(FromLabels), nameof(labels), labels, 1);
        using var scope = torch.NewDisposeScope();
        long batch = labels.Size(0);
        if (batch == 0) throw new ArgumentException("SaliencyPrior.FromLabels: the batch is empty.", nameof(labels));
        long smallest = labels.Min().Item<long>();
        if (smallest < 0)
            throw new ArgumentOutOfRangeException(nameof(labels), smallest, $"SaliencyPrior.FromLabels: labels must be class indices ≥ 0, but one is {smallest}.");
        long classes = labels.Max().Item<long>() + 1;
        if (group is not null)
        {
            // Every rank counts over the same classes and divides by the global batch.
            Tensor extent = torch.FromArray(new[] { classes }, [1]);
            group.AllReduce(extent, ReduceOperation.Max);
            classes = extent.ToArray<long>()[0];
            Tensor rows = torch.FromArray(new[] { batch }, [1]);
            group.AllReduce(rows);
            batch = rows.ToArray<long>()[0];
        }
        Tensor counts = labels.OneHot(classes).Sum(0);
        group?.AllReduce(counts);
        Tensor frequency = counts.IndexSelect(0, labels).To(dtype) / batch;
        return scope.MoveToOuter(frequency.Unsqueeze(1));
    }
}
