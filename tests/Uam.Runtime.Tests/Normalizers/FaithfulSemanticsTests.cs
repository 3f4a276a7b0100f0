using Uam.Runtime;
using Xunit;

namespace Uam.Runtime.Tests.Normalizers;

/// <summary>The original's semantics that only <see cref="RegularityOptions.Faithful"/> reproduces (the per-row
/// COMP, inference without history, the shared recurrent slot: docs/normalizers.md), checked against closed forms computed here.</summary>
public class FaithfulSemanticsTests
{
    public static TheoryData<RegularityImplementation> Implementations => [RegularityImplementation.Fused, RegularityImplementation.Composite];

    private static double[] Values(int seed, int n, double scale = 1, double shift = 0)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => shift + scale * (random.NextDouble() * 4 - 2)).ToArray();
    }

    private static double LogSumExp(IEnumerable<double> values)
    {
        double[] v = values.ToArray();
        double m = v.Max();
        return m + Math.Log(v.Sum(x => Math.Exp(x - m)));
    }

    private static double LogAddExp(double a, double b) => LogSumExp([a, b]);

    /// <summary>The Gaussian statistics of a faithful slot (paper pooling, unbiased std; docs/normalizers.md, step 2).</summary>
    private readonly record struct Stats(double Mean, double Std, long Count)
    {
        public static Stats Of(double[] x)
        {
            double m = x.Average();
            return new Stats(m, Math.Sqrt(x.Sum(v => (v - m) * (v - m)) / (x.Length - 1)), x.Length);
        }

        public Stats Pool(double[] x)
        {
            Stats b = Of(x);
            double n0 = Count, n = b.Count;
            return new Stats((Mean * n0 + b.Mean * n) / (n0 + n),
                Math.Sqrt(((n0 - 1) * Std * Std + (n - 1) * b.Std * b.Std) / (n0 + n - 2)), Count + b.Count);
        }

        public double LogDensity(double v) => -(v - Mean) * (v - Mean) / (2 * Std * Std) - Math.Log(Std) - 0.5 * Math.Log(2 * Math.PI);
    }

    private static nn.RegularityNorm Slot(RegularityVariant variant, RegularityImplementation implementation, long? features = null,
        RegularityOptions? options = null) =>
        new(variant, features, (options ?? RegularityOptions.Faithful) with { Implementation = implementation }) { Trace = new RegularityTrace("slot") };

    private static RegularityRecord Step(nn.RegularityNorm slot, double[] h, int rows, int step)
    {
        using var x = torch.FromArray(h, [rows, h.Length / rows]);
        using (slot.ForwardStep(x, step)) { }
        return slot.Trace!.Records[^1];
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void The_original_shared_recurrent_slot_keeps_only_step_0_and_pools_later_steps_from_it(RegularityImplementation implementation)
    {
        const int rows = 3, steps = 4;
        using var slot = Slot(RegularityVariant.RN, implementation);
        // First batch: every step is independent (its own statistics, COMP = 0): l_t = log(1 + e^(−S_t)).
        double[][] first = Enumerable.Range(0, steps).Select(t => Values(10 + t, rows * 5, 1 + t)).ToArray();
        for (int t = 0; t < steps; t++)
        {
            Stats own = Stats.Of(first[t]);
            double s = LogSumExp(first[t].Select(own.LogDensity));
            RegularityRecord record = Step(slot, first[t], rows, t);
            Assert.Equal(Math.Log(1 + Math.Exp(-s)), record.CodeLengthMean, 10);
            Assert.Equal(LogAddExp(0, s), record.CompMean, 10);
        }
        // Only step 0 was kept.
        Stats kept = Stats.Of(first[0]);
        double comp = LogAddExp(0, LogSumExp(first[0].Select(kept.LogDensity)));
        Assert.Equal(kept.Count, slot.Count);
        Assert.Equal(kept.Mean, slot.RunningMean, 12);
        Assert.Equal(kept.Std, slot.RunningStd, 12);
        using (Tensor c = slot.Comp()) Assert.Equal(comp, c.ToDouble(), 10);

        // Later batches: step t pools cumulatively from step t − 1 (step 0 from the stored statistics), every step
        // log-adds to the COMP stored before step 0, and again only step 0 is kept.
        double[][] second = Enumerable.Range(0, steps).Select(t => Values(20 + t, rows * 5, 0.5 + t, 0.3 * t)).ToArray();
        Stats running = kept, afterStep0 = default;
        double compAfterStep0 = 0;
        for (int t = 0; t < steps; t++)
        {
            running = running.Pool(second[t]);
            double s = LogSumExp(second[t].Select(running.LogDensity));
            double compNew = LogAddExp(comp, s);
            RegularityRecord record = Step(slot, second[t], rows, t);
            Assert.Equal(compNew - s, record.CodeLengthMean, 9);
            Assert.Equal(running.Count, record.Count);
            Assert.Equal(running.Std, record.Std, 10);
            if (t == 0) (afterStep0, compAfterStep0) = (running, compNew);
        }
        Assert.Equal(afterStep0.Count, slot.Count);
        Assert.Equal(afterStep0.Std, slot.RunningStd, 12);
        using (Tensor c = slot.Comp()) Assert.Equal(compAfterStep0, c.ToDouble(), 10);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void By_default_every_step_of_a_shared_recurrent_slot_is_a_call_of_its_own(RegularityImplementation implementation)
    {
        using var stepped = Slot(RegularityVariant.RN, implementation, options: RegularityOptions.Default);
        using var called = Slot(RegularityVariant.RN, implementation, options: RegularityOptions.Default);
        for (int batch = 0; batch < 2; batch++)
            for (int t = 0; t < 3; t++)
            {
                double[] h = Values(100 * batch + t, 8);
                RegularityRecord a = Step(stepped, h, 2, t);
                using var x = torch.FromArray(h, [2, 4]);
                using (called.Forward(x)) { }
                Assert.Equal(called.Trace!.Records[^1].CodeLengths, a.CodeLengths);
            }
        Assert.Equal(2 * 3 * 8, stepped.Count);
        Assert.Equal(called.RunningStd, stepped.RunningStd);
    }

    [Fact]
    public void A_later_step_before_step_0_is_refused_and_inference_steps_change_nothing()
    {
        using var slot = Slot(RegularityVariant.RN, RegularityImplementation.Fused);
        using var x = torch.FromArray(Values(1, 8), [2, 4]);
        Assert.Contains("before its step 0", Assert.Throws<InvalidOperationException>(() => slot.ForwardStep(x, 2)).Message);
        using (slot.ForwardStep(x, 0)) { }
        slot.ModeOverride = RegularityMode.Inference;
        double std = slot.RunningStd;
        for (int t = 0; t < 3; t++) using (slot.ForwardStep(x, t)) { }
        Assert.Equal(8, slot.Count);
        Assert.Equal(std, slot.RunningStd);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Faithful_inference_on_an_empty_slot_uses_the_batch_itself_with_COMP_0(RegularityImplementation implementation)
    {
        // Inference without history: the batch's own statistics, COMP = 0, so l = −S; the state stays empty.
        double[] values = Values(3, 12);
        Stats own = Stats.Of(values);
        double s = LogSumExp(values.Select(own.LogDensity));
        using var slot = Slot(RegularityVariant.RN, implementation);
        slot.ModeOverride = RegularityMode.Inference;
        using var x = torch.FromArray(values, [3, 4]);
        using Tensor y = slot.Forward(x);
        Assert.Equal(-s, slot.Trace!.Records[^1].CodeLengthMean, 10);
        Assert.Equal(values.Select(v => -s * v).ToArray(), y.ToArray<double>().Select(v => v).ToArray(), new Tolerance(1e-10));
        Assert.Equal(0, slot.Count);
        // The library's default refuses instead.
        using var strict = Slot(RegularityVariant.RN, implementation, options: RegularityOptions.Default);
        strict.ModeOverride = RegularityMode.Inference;
        Assert.Contains("inference before any training call", Assert.Throws<InvalidOperationException>(() => strict.Forward(x)).Message);
    }

    /// <summary>The original's per-row COMP update of call 2, both branches (docs/normalizers.md, closed forms).</summary>
    private static double[] PerRowUpdate(double[] compBefore, double[][] logDensity)
    {
        double largest = logDensity.SelectMany(r => r).Max();
        if (compBefore.Max() > largest)
            return compBefore.Select((c, b) => c + Math.Log(1 + logDensity[b].Select((lp, j) => Math.Exp(lp - compBefore[j])).Sum())).ToArray();
        return compBefore.Select((c, b) => LogAddExp(c, LogSumExp(logDensity[b]))).ToArray();
    }

    private static (double[] CodeLengths, double[] Comp) PerRowCall(nn.RegularityNorm slot, double[] values, int rows)
    {
        using var x = torch.FromArray(values, [rows, values.Length / rows]);
        using (slot.Forward(x)) { }
        RegularityRecord record = slot.Trace!.Records[^1];
        return (record.CodeLengths, record.Comp);
    }

    [Theory]
    [InlineData(4, 4, 4, 1.0)]     // F == B: the first branch pairs COMP[j] with feature j
    [InlineData(4, 4, 400, 0.001)] // a far narrower second batch: its densities top COMP, the second branch
    public void The_original_per_row_COMP_follows_both_branches_of_its_update(int rows, int features, int secondFeatures, double secondScale)
    {
        using var slot = Slot(RegularityVariant.PerSample, RegularityImplementation.Fused, features: null);
        double[] x1 = Values(5, rows * features), x2 = Values(6, rows * secondFeatures, secondScale, 0.1);
        Stats s1 = Stats.Of(x1);
        double[][] lp1 = x1.Chunk(features).Select(r => r.Select(s1.LogDensity).ToArray()).ToArray();
        double[] comp1 = lp1.Select(r => LogAddExp(0, LogSumExp(r))).ToArray();
        var (l1, c1) = PerRowCall(slot, x1, rows);
        Assert.Equal(comp1, c1, new Tolerance(1e-10));
        Assert.Equal(comp1.Select((c, b) => c - LogSumExp(lp1[b])).ToArray(), l1, new Tolerance(1e-10));

        Stats s2 = s1.Pool(x2);
        double[][] lp2 = x2.Chunk(secondFeatures).Select(r => r.Select(s2.LogDensity).ToArray()).ToArray();
        bool firstBranch = comp1.Max() > lp2.SelectMany(r => r).Max();
        Assert.Equal(secondFeatures == features, firstBranch);   // the cases cover both branches
        double[] comp2 = PerRowUpdate(comp1, lp2);
        var (l2, c2) = PerRowCall(slot, x2, rows);
        Assert.Equal(comp2, c2, new Tolerance(1e-9));
        Assert.Equal(comp2.Select((c, b) => c - LogSumExp(lp2[b])).ToArray(), l2, new Tolerance(1e-9));
    }

    [Fact]
    public void The_original_per_row_COMP_refuses_what_the_original_could_not_broadcast()
    {
        using var slot = Slot(RegularityVariant.PerSample, RegularityImplementation.Composite);
        using (var x = torch.FromArray(Values(1, 12), [3, 4])) using (slot.Forward(x)) { }
        using var wider = torch.FromArray(Values(2, 15), [3, 5]);   // the first branch pairs COMP[j] with feature j: 3 vs 5
        var error = Assert.Throws<ArgumentException>(() => slot.Forward(wider));
        Assert.Contains("COMP has 3 entries and the input 5 features", error.Message);
        using var fewerRows = torch.FromArray(Values(3, 8), [2, 4]);
        Assert.Contains("this batch has 2 rows", Assert.Throws<ArgumentException>(() => slot.Forward(fewerRows)).Message);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void A_per_row_checkpoint_loads_into_a_fresh_slot_and_continues_exactly(RegularityImplementation implementation)
    {
        string path = Path.Combine(Path.GetTempPath(), $"uam-per-row-{Guid.NewGuid():N}.safetensors");
        try
        {
            double[][] batches = Enumerable.Range(0, 4).Select(i => Values(40 + i, 16, 1 + 0.2 * i)).ToArray();
            using var straight = Slot(RegularityVariant.PerSample, implementation);
            var expected = batches.Select(b => PerRowCall(straight, b, 4)).ToList();
            using (var first = Slot(RegularityVariant.PerSample, implementation))
            {
                PerRowCall(first, batches[0], 4);
                PerRowCall(first, batches[1], 4);
                first.Save(path);
            }
            using var resumed = Slot(RegularityVariant.PerSample, implementation);
            resumed.Load(path);
            for (int i = 2; i < 4; i++)
            {
                var (l, c) = PerRowCall(resumed, batches[i], 4);
                Assert.Equal(expected[i].CodeLengths, l);
                Assert.Equal(expected[i].Comp, c);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class Tolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(x));
        public int GetHashCode(double obj) => 0;
    }
}
