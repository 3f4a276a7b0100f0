using Uam.Runtime;

namespace Uam.Experiments.Distributed;

/// <summary>What <c>uam distributed-check</c> verifies on a real job (every rank a process, on one node or many): that
/// data-parallel training equals one process. For each network — plain, and with a slot of each regularity variant
/// under both poolings — every rank trains a few SGD steps on its shards of seeded global batches (from its own
/// initial weights, so that the broadcast matters), and after every step the ranks' parameters and slot state are
/// gathered on rank 0 and compared with one process trained there on the whole batches.</summary>
internal static class DistributedCheck
{
    private const int Inputs = 6, Features = 5, Outputs = 3;

    /// <summary>Float64 throughout: deviations beyond this are errors, not rounding.</summary>
    public const double Tolerance = 1e-9;

    /// <summary>A simulated failure: rank <paramref name="Rank"/> exits (or hangs) at step <paramref name="Step"/>.</summary>
    public sealed record Failure(int Rank, int Step, bool Hang);

    public sealed record Outcome(string Network, int Steps, double MaxDeviation);

    public static IReadOnlyList<(string Name, RegularityVariant? Variant, RegularityOptions? Options)> Networks { get; } =
    [
        ("plain", null, null),
        ("RN", RegularityVariant.RN, RegularityOptions.Default),
        ("RLN", RegularityVariant.RLN, RegularityOptions.Default),
        ("SN", RegularityVariant.SN, RegularityOptions.Default),
        ("RBN", RegularityVariant.PerSample, RegularityOptions.Default),
        ("RN faithful", RegularityVariant.RN, RegularityOptions.Faithful),
        ("RLN faithful", RegularityVariant.RLN, RegularityOptions.Faithful),
        ("SN faithful", RegularityVariant.SN, RegularityOptions.Faithful),
    ];

    /// <summary>Runs the check as this rank; rank 0 gets the outcomes, the others an empty list.</summary>
    public static IReadOnlyList<Outcome> Run(ProcessGroup group, int steps, int batch, Failure? failure, Action<string> log)
    {
        if (batch < group.WorldSize) throw new ArgumentException($"--batch {batch}: every one of the {group.WorldSize} ranks needs a row.");
        var outcomes = new List<Outcome>();
        int step = 0;
        foreach (var (name, variant, options) in Networks)
        {
            double worst = 0;
            var (model, slot) = Network(variant, options, seed: (ulong)group.Rank);
            var (reference, referenceSlot) = Network(variant, options, seed: 0);
            using (model)
            using (reference)
            using (var optimizer = new optim.SGD(model.Parameters(), 0.5))
            using (var referenceOptimizer = new optim.SGD(reference.Parameters(), 0.5))
            {
                DataParallel.Prepare(group, model);
                // Gradients averaged as the studies do: buckets of 64 bytes (one per parameter here), launched during the backward.
                using var reducer = new GradientReducer(group, model.Parameters(), bucketBytes: 64);
                var sampler = new DistributedSampler(group);
                using var data = new Generator(2026);
                for (int k = 0; k < steps; k++, step++)
                {
                    if (failure is { } f && f.Rank == group.Rank && f.Step == step) Fail(f, group, log);
                    using var scope = torch.NewDisposeScope();
                    Tensor x = torch.Randn([batch, Inputs], data, ScalarType.Float64);
                    Tensor y = torch.RandInt(0, Outputs, [batch], data);
                    var (start, rows) = sampler.Shard(batch);
                    Train(model, slot, optimizer, x.Narrow(0, start, rows), y.Narrow(0, start, rows), sampler.LossWeight(batch), group, reducer);
                    Tensor gathered = group.AllGather(State(model, slot));
                    if (group.Rank != 0) continue;
                    Train(reference, referenceSlot, referenceOptimizer, x, y, 1, null, null);
                    Tensor expected = State(reference, referenceSlot);
                    Tensor deviation = (gathered - expected).Abs() / expected.Abs().Clamp(min: 1);
                    worst = Math.Max(worst, deviation.Max().ToDouble());
                }
            }
            if (group.Rank == 0)
            {
                outcomes.Add(new Outcome(name, steps, worst));
                log($"{name,-13} {steps} steps on {group.WorldSize} ranks: largest relative deviation from one process {worst:E2}");
            }
        }
        return outcomes;
    }

    private static void Fail(Failure failure, ProcessGroup group, Action<string> log)
    {
        log($"rank {group.Rank}: simulating a {(failure.Hang ? "hang" : "crash")} at step {failure.Step}");
        if (failure.Hang) Thread.Sleep(Timeout.Infinite);
        Environment.Exit(3);
    }

    private static (nn.Sequential Model, nn.RegularityNorm? Slot) Network(RegularityVariant? variant, RegularityOptions? options, ulong seed)
    {
        using var generator = new Generator(seed);
        var first = new nn.Linear(Inputs, Features, generator: generator, dtype: ScalarType.Float64);
        var last = new nn.Linear(Features, Outputs, generator: generator, dtype: ScalarType.Float64);
        if (variant is not { } v) return (new nn.Sequential(first, new nn.Tanh(), last), null);
        // The original's per-row COMP is one process's only (it cannot be split over ranks).
        var slot = new nn.RegularityNorm(v, Features, options! with { PerSampleCompPerRow = false });
        return (new nn.Sequential(first, slot, new nn.Tanh(), last), slot);
    }

    private static void Train(nn.Sequential model, nn.RegularityNorm? slot, optim.SGD optimizer, Tensor x, Tensor y, double weight, ProcessGroup? group,
        GradientReducer? reducer)
    {
        using var scope = torch.NewDisposeScope();
        if (slot?.Variant == RegularityVariant.Saliency) slot.Prior = SaliencyPrior.FromLabels(y, group, ScalarType.Float64);
        optimizer.ZeroGrad();
        (nn.functional.CrossEntropy(model.Forward(x), y) * weight).Backward();
        reducer?.Finish();
        optimizer.Step();
        if (slot is not null) slot.Prior = null;
    }

    /// <summary>Every parameter, then the slot's running mean, standard deviation, count and COMP, as one float64 vector.</summary>
    private static Tensor State(nn.Sequential model, nn.RegularityNorm? slot)
    {
        using var scope = torch.NewDisposeScope();
        var parts = model.Parameters().Select(p => p.Detach().Reshape(-1)).ToList();
        if (slot is not null)
        {
            parts.Add(torch.FromArray(new[] { slot.RunningMean, slot.RunningStd, slot.Count }, [3]));
            parts.Add(slot.Comp().Reshape(-1));
        }
        return scope.MoveToOuter(torch.Cat(parts));
    }
}
