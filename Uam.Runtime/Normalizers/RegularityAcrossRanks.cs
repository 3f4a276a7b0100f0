namespace Uam.Runtime;

/// <summary>The two steps of a training call that read the whole batch, computed over the union of every rank's
/// shard (docs/parallel.md): the batch's moments and the log-sum-exp of its densities. Everything else a slot does
/// (pooling with the history, densities, COMP, code lengths) is per element or per group and runs unchanged on each
/// rank, so with these two a slot on every rank ends a call in the state one process would reach on the global batch.
/// Gradients flow through both, by <see cref="ProcessGroup.SumOverRanks"/>: each rank's loss depends on the others'
/// activations through the shared statistics, as it does in one process.</summary>
internal static class RegularityAcrossRanks
{
    /// <summary>The mean and unbiased variance of every element of every rank's <paramref name="x"/>, and the number of
    /// elements: each rank's (count, mean, sum of squared deviations) gathered in one collective and merged with Chan's
    /// formula for the union, M2 = Σ M2_r + Σ n_r (mean_r − mean)² — as accurate as one two-pass variance of the whole
    /// batch, unlike Σx² − n·mean². Computed in float64 and returned in <paramref name="x"/>'s type.</summary>
    public static (Tensor Mean, Tensor Variance, long Count) Moments(Tensor x, ProcessGroup ranks, double floor)
    {
        using var scope = torch.NewDisposeScope();
        Tensor wide = x.To(ScalarType.Float64);
        Tensor mean = wide.Mean();
        Tensor m2 = (wide - mean).Square().Sum();
        Tensor all = Gather(torch.Stack([torch.Scalar(x.NumElements, ScalarType.Float64), mean, m2]), ranks);
        Tensor counts = all.Select(1, 0), means = all.Select(1, 1), squares = all.Select(1, 2);
        long n = (long)Math.Round(counts.Sum().ToDouble());
        Tensor globalMean = (counts * means).Sum() / n;
        Tensor m2Union = squares.Sum() + (counts * (means - globalMean).Square()).Sum();
        Tensor variance = n > 1 ? m2Union / (n - 1) : torch.Full([], floor > 0 ? 0.0 : double.NaN, ScalarType.Float64);
        return (scope.MoveToOuter(globalMean.To(x.DType)), scope.MoveToOuter(variance.To(x.DType)), n);
    }

    /// <summary>log Σ exp of <paramref name="values"/> over every rank's elements (<paramref name="dim"/> null) or over
    /// dimension <paramref name="dim"/> of the ranks' tensors stacked along it: the log-sum-exp of the ranks' own
    /// log-sum-exps, each computed stably (shifted by its own, per-column, maximum), so one collective suffices and no
    /// group underflows however far its values lie from the other groups'.</summary>
    public static Tensor LogSumExp(Tensor values, ProcessGroup ranks, long? dim)
    {
        using var scope = torch.NewDisposeScope();
        Tensor local = dim is { } d ? values.LogSumExp(d) : values.LogSumExp();
        return scope.MoveToOuter(Gather(local, ranks).LogSumExp(0));
    }

    /// <summary>Every rank's <paramref name="row"/> stacked along a new first dimension, differentiably: rank r fills
    /// row r of a zero table and the table is summed over the ranks, so the backward hands each rank the gradient of
    /// its own row summed over every rank's loss.</summary>
    private static Tensor Gather(Tensor row, ProcessGroup ranks)
    {
        using var scope = torch.NewDisposeScope();
        long[] shape = row.Shape;
        Tensor Zeros(long rows) => torch.Zeros([rows, .. shape], row.DType);
        Tensor table = torch.Cat([Zeros(ranks.Rank), row.Unsqueeze(0), Zeros(ranks.WorldSize - ranks.Rank - 1)]);
        return scope.MoveToOuter(ranks.SumOverRanks(table));
    }
}
