using Xunit;

namespace Uam.Runtime.Tests.Parallel;

/// <summary>Regularity slots across ranks (ranks as threads on loopback): a network Linear → slot → Tanh → Linear trained
/// for a few SGD steps on shards of global batches, against one process training on the global batches. Parameters, the
/// slot's statistics and COMP, and its code lengths must agree to float64 rounding after every step — the union of the
/// shards' statistics (Chan's merge), the log-sum-exp over the ranks and the gradients that cross ranks through them.
/// The global batch of 7 rows gives unequal shards (4 + 3 on two ranks, 2 + 2 + 2 + 1 on four).</summary>
public sealed class RegularityAcrossRanksTests
{
    private const int Batch = 7, Inputs = 6, Features = 5, Outputs = 3, Steps = 3;

    public static TheoryData<RegularityVariant, VariancePooling, int> Cases()
    {
        var cases = new TheoryData<RegularityVariant, VariancePooling, int>();
        foreach (RegularityVariant variant in new[] { RegularityVariant.RN, RegularityVariant.RLN, RegularityVariant.SN, RegularityVariant.PerSample })
            foreach (VariancePooling pooling in new[] { VariancePooling.Exact, VariancePooling.Paper })
                foreach (int worldSize in new[] { 2, 4 })
                    cases.Add(variant, pooling, worldSize);
        return cases;
    }

    /// <summary>The library's defaults for <see cref="VariancePooling.Exact"/>; the original's pooling and log-sum scale
    /// (the faithful preset, with the per-sample variant's shared COMP) for <see cref="VariancePooling.Paper"/>.</summary>
    private static RegularityOptions Options(VariancePooling pooling) => pooling == VariancePooling.Exact
        ? RegularityOptions.Default
        : RegularityOptions.Faithful with { PerSampleCompPerRow = false };

    private sealed record Snapshot(double[][] Parameters, double Mean, double Std, long Count, double[] Comp, double[] CodeLengths);

    private static (nn.Sequential Model, nn.RegularityNorm? Slot) Network(RegularityVariant? variant, VariancePooling pooling, ulong seed)
    {
        using var generator = new Generator(seed);
        var first = new nn.Linear(Inputs, Features, generator: generator, dtype: ScalarType.Float64);
        var last = new nn.Linear(Features, Outputs, generator: generator, dtype: ScalarType.Float64);
        if (variant is not { } v) return (new nn.Sequential(first, new nn.Tanh(), last), null);
        var slot = new nn.RegularityNorm(v, Features, Options(pooling));
        return (new nn.Sequential(first, slot, new nn.Tanh(), last), slot);
    }

    private static (double[] X, long[] Y)[] Batches()
    {
        using var generator = new Generator(5);
        return Enumerable.Range(0, Steps).Select(_ =>
        {
            using var x = torch.Randn([Batch, Inputs], generator, ScalarType.Float64);
            using var y = torch.RandInt(0, Outputs, [Batch], generator);
            return (x.ToArray<double>(), y.ToArray<long>());
        }).ToArray();
    }

    /// <summary>One training step on these rows; the loss is the shard's mean scaled by <paramref name="weight"/>.</summary>
    private static Snapshot Step(nn.Sequential model, nn.RegularityNorm? slot, optim.SGD optimizer, double[] x, long[] y, int rows,
        double weight, ProcessGroup? group, GradientReducer? reducer = null)
    {
        using var scope = torch.NewDisposeScope();
        Tensor inputs = torch.FromArray(x, [rows, Inputs]);
        Tensor labels = torch.FromArray(y, [rows]);
        if (slot?.Variant == RegularityVariant.Saliency) slot.Prior = SaliencyPrior.FromLabels(labels, group, ScalarType.Float64);
        var trace = new RegularityTrace("slot");
        if (slot is not null) slot.Trace = trace;
        optimizer.ZeroGrad();
        Tensor loss = nn.functional.CrossEntropy(model.Forward(inputs), labels) * weight;
        loss.Backward();
        if (reducer is not null) reducer.Finish();
        else if (group is not null) DataParallel.AverageGradients(group, model.Parameters());
        optimizer.Step();
        double[][] parameters = model.Parameters().Select(p => p.ToArray<double>()).ToArray();
        if (slot is null) return new Snapshot(parameters, 0, 0, 0, [], []);
        using Tensor comp = slot.Comp();
        return new Snapshot(parameters, slot.RunningMean, slot.RunningStd, slot.Count, comp.ToArray<double>(), trace.Records[^1].CodeLengths);
    }

    private static List<Snapshot> OneProcess(RegularityVariant? variant, VariancePooling pooling)
    {
        var (model, slot) = Network(variant, pooling, seed: 0);
        using (model)
        using (var optimizer = new optim.SGD(model.Parameters(), 0.5))
            return Batches().Select(b => Step(model, slot, optimizer, b.X, b.Y, Batch, 1, null)).ToList();
    }

    /// <param name="bucketBytes">Average the gradients with a <see cref="GradientReducer"/> of this bucket cap (overlapped
    /// with the backward) instead of <see cref="DataParallel.AverageGradients"/>.</param>
    private static List<Snapshot>[] Ranks(RegularityVariant? variant, VariancePooling pooling, int worldSize, long? bucketBytes = null,
        List<long>? launched = null) =>
        ProcessGroupTests.OnEveryRank(worldSize, group =>
        {
            var (model, slot) = Network(variant, pooling, seed: (ulong)group.Rank);   // rank 0's weights must reach everyone
            using (model)
            {
                DataParallel.Prepare(group, model);
                using var optimizer = new optim.SGD(model.Parameters(), 0.5);
                using GradientReducer? reducer = bucketBytes is { } cap ? new GradientReducer(group, model.Parameters(), cap) : null;
                var sampler = new DistributedSampler(group);
                return Batches().Select(b =>
                {
                    var (start, rows) = sampler.Shard(Batch);
                    Snapshot snapshot = Step(model, slot, optimizer, b.X.AsSpan(start * Inputs, rows * Inputs).ToArray(), b.Y.AsSpan(start, rows).ToArray(),
                        rows, sampler.LossWeight(Batch), group, reducer);
                    if (reducer is not null && launched is not null) lock (launched) launched.Add(reducer.LaunchedDuringBackward);
                    return snapshot;
                }).ToList();
            }
        });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_step_on_shards_equals_one_process_on_the_global_batch(RegularityVariant variant, VariancePooling pooling, int worldSize)
    {
        List<Snapshot> expected = OneProcess(variant, pooling);
        foreach (List<Snapshot> rank in Ranks(variant, pooling, worldSize))
            for (int step = 0; step < Steps; step++)
            {
                Snapshot e = expected[step], a = rank[step];
                string where = $"{variant}, {pooling}, step {step + 1}";
                AssertClose(e.Parameters.SelectMany(p => p), a.Parameters.SelectMany(p => p), $"{where}: parameters");
                Assert.Equal(e.Count, a.Count);
                AssertClose([e.Mean, e.Std], [a.Mean, a.Std], $"{where}: running mean and std");
                AssertClose(e.Comp, a.Comp, $"{where}: COMP");
                // A per-sample slot's code lengths are its rows': each rank holds its shard's.
                if (variant != RegularityVariant.PerSample) AssertClose(e.CodeLengths, a.CodeLengths, $"{where}: code lengths");
            }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void The_plain_network_on_unequal_shards_takes_the_global_batchs_steps(int worldSize)
    {
        List<Snapshot> expected = OneProcess(null, VariancePooling.Exact);
        foreach (List<Snapshot> rank in Ranks(null, VariancePooling.Exact, worldSize))
            for (int step = 0; step < Steps; step++)
                AssertClose(expected[step].Parameters.SelectMany(p => p), rank[step].Parameters.SelectMany(p => p), $"step {step + 1}");
    }

    [Theory]
    [InlineData(null, 2, 64, 4)]
    [InlineData(RegularityVariant.RN, 2, 64, 4)]
    [InlineData(RegularityVariant.RLN, 4, 64, 4)]
    [InlineData(RegularityVariant.RN, 2, 300, 2)]
    public void Gradients_reduced_in_buckets_during_the_backward_give_the_same_steps(RegularityVariant? variant, int worldSize, long cap, long buckets)
    {
        // Parameters in reverse order: last bias 24 bytes, last weight 120, first bias 40, first weight 240. A 64-byte cap
        // makes each a bucket of its own; 300 bytes puts the first three in one bucket and the first weight in another.
        // Every bucket is launched by the hook of its last gradient while the backward goes on — interleaved, for a slot,
        // with the all-reduces of its own backward.
        List<Snapshot> expected = OneProcess(variant, VariancePooling.Exact);
        var launched = new List<long>();
        foreach (List<Snapshot> rank in Ranks(variant, VariancePooling.Exact, worldSize, bucketBytes: cap, launched))
            for (int step = 0; step < Steps; step++)
                AssertClose(expected[step].Parameters.SelectMany(p => p), rank[step].Parameters.SelectMany(p => p), $"step {step + 1}");
        Assert.Equal(Enumerable.Repeat(buckets, worldSize * Steps), launched);
    }

    [Fact]
    public void A_parameter_the_backward_did_not_reach_is_named_by_the_reducer()
    {
        var messages = ProcessGroupTests.OnEveryRank(1, group =>
        {
            using var used = new nn.Linear(2, 2);
            using var unused = new nn.Linear(2, 2);
            using var reducer = new GradientReducer(group, used.Parameters().Concat(unused.Parameters()));
            using var x = torch.Ones([3, 2]);
            using (Tensor loss = used.Forward(x).Sum()) loss.Backward();
            return Assert.Throws<TorchException>(reducer.Finish).Message;
        });
        Assert.Contains("parameter 2 got no gradient in this backward on rank 0", messages[0]);
    }

    [Fact]
    public void The_originals_per_row_comp_cannot_be_split_over_ranks_and_says_so()
    {
        var messages = ProcessGroupTests.OnEveryRank(2, group =>
        {
            using var slot = new nn.RegularityNorm(RegularityVariant.PerSample, Features, RegularityOptions.Faithful);
            DataParallel.Prepare(group, slot);   // its COMP has no entries yet (an empty broadcast)
            using var x = torch.Ones([2, Features]);
            return Assert.Throws<NotSupportedException>(() => slot.Forward(x)).Message;
        });
        Assert.All(messages, m => Assert.Contains("cannot be split over ranks", m));
    }

    [Fact]
    public void A_non_finite_shard_stops_every_rank_with_the_global_count()
    {
        var messages = ProcessGroupTests.OnEveryRank(2, group =>
        {
            using var slot = new nn.RegularityNorm(RegularityVariant.RN) { Group = group };
            using var x = group.Rank == 1 ? torch.FromArray(new float[] { 1, float.NaN, 2, float.PositiveInfinity }, [2, 2]) : torch.Ones([2, 2]);
            return Assert.Throws<ArgumentException>(() => slot.Forward(x)).Message;
        });
        Assert.All(messages, m => Assert.Contains("2 of the 4 elements of this training batch (summed over the ranks)", m));
    }

    private static void AssertClose(IEnumerable<double> expected, IEnumerable<double> actual, string what)
    {
        double[] e = expected.ToArray(), a = actual.ToArray();
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= 1e-10 * Math.Max(1, Math.Abs(e[i])), $"{what}[{i}]: expected {e[i]:R}, got {a[i]:R}");
    }
}

/// <summary>How a global batch is cut into the ranks' shards.</summary>
public sealed class DistributedSamplerTests
{
    [Fact]
    public void Shards_are_contiguous_cover_the_batch_once_and_the_first_ranks_take_the_remainder()
    {
        var shards = Enumerable.Range(0, 4).Select(r => new DistributedSampler(r, 4).Shard(7)).ToList();
        Assert.Equal([(0, 2), (2, 2), (4, 2), (6, 1)], shards);
        int[] batch = [10, 11, 12, 13, 14, 15, 16];
        Assert.Equal(batch, Enumerable.Range(0, 4).SelectMany(r => new DistributedSampler(r, 4).Shard<int>(batch).ToArray()));
    }

    [Fact]
    public void Loss_weights_make_the_average_of_shard_means_the_batch_mean()
    {
        // Rank r's weighted mean, averaged over ranks: Σ_r (W n_r / B)(S_r / n_r) / W = Σ S_r / B.
        Assert.Equal([8.0 / 7, 8.0 / 7, 8.0 / 7, 4.0 / 7], Enumerable.Range(0, 4).Select(r => new DistributedSampler(r, 4).LossWeight(7)));
        Assert.Equal(1.0, new DistributedSampler(1, 2).LossWeight(8));
    }

    [Fact]
    public void A_batch_smaller_than_the_world_and_a_rank_outside_it_are_refused()
    {
        Assert.Contains("cannot give each of the 4 ranks one", Assert.Throws<ArgumentOutOfRangeException>(() => new DistributedSampler(0, 4).Shard(3)).Message);
        Assert.Contains("0…1", Assert.Throws<ArgumentOutOfRangeException>(() => new DistributedSampler(2, 2)).Message);
    }
}
