using Uam.Runtime;
using Xunit;
using static Uam.Runtime.Tests.TestSupport;

namespace Uam.Runtime.Tests.Normalizers;

public class RegularityBehaviourTests
{
    private static Tensor Batch(ulong seed, long rows, long columns, double shift = 0)
    {
        using var gen = new Generator(seed);
        using var x = torch.Randn([rows, columns], gen, ScalarType.Float64);
        return x + shift;
    }

    private static RegularityRecord Call(nn.RegularityNorm slot, Tensor x)
    {
        using (slot.Forward(x)) { }
        return slot.Trace!.Records[^1];
    }

    private static nn.RegularityNorm Slot(RegularityVariant variant, RegularityOptions options, long? features = null) =>
        new(variant, features, options) { Trace = new RegularityTrace("slot") };

    [Fact]
    public void The_first_faithful_batch_multiplies_activations_by_almost_zero()
    {
        // COMP starts at 0 (docs/normalizers.md, closed forms), so l₁ = log(1 + exp(−S)) ≈ exp(−S) with S = log Σ p over 128 000 elements.
        using var slot = Slot(RegularityVariant.RN, RegularityOptions.Faithful);
        using var x = Batch(1, 128, 1000);
        var record = Call(slot, x);
        double s = record.Comp[0] - record.CodeLengths[0];
        Assert.True(s > 10, $"S = {s}");
        Assert.Equal(Math.Log(1 + Math.Exp(-s)), record.CodeLengths[0], 12);
        Assert.True(record.CodeLengths[0] < 1e-4);
        // The per-feature variant sums over 128 rows only: small, but far larger.
        using var perFeature = Slot(RegularityVariant.RLN, RegularityOptions.Faithful, 1000);
        var rln = Call(perFeature, x);
        Assert.All(rln.CodeLengths, l => Assert.InRange(l, 1e-3, 1));
    }

    [Fact]
    public void Repeating_a_batch_grows_the_code_length_as_log_k_in_closed_form()
    {
        // With the same batch k times, paper pooling keeps μ and σ, so COMP_k = log(1 + k·e^S) exactly and
        // l_k = log(k + e^(−S)) (the log(iterations) growth of the paper's probe plots; docs/normalizers.md).
        using var slot = Slot(RegularityVariant.RN, RegularityOptions.Faithful);
        using var x = Batch(2, 8, 6);
        double s = 0;
        for (int k = 1; k <= 6; k++)
        {
            var record = Call(slot, x);
            if (k == 1) s = record.Comp[0] - record.CodeLengths[0];
            Assert.Equal(Math.Log(k + Math.Exp(-s)), record.CodeLengths[0], 10);
            Assert.Equal(Math.Log(1 + k * Math.Exp(s)), record.Comp[0], 10);
        }
    }

    [Theory]
    [InlineData(RegularityVariant.WholeLayer)]
    [InlineData(RegularityVariant.PerFeature)]
    [InlineData(RegularityVariant.PerSample)]
    [InlineData(RegularityVariant.Saliency)]
    public void Training_code_lengths_are_softplus_of_the_old_comp_minus_S_and_positive(RegularityVariant variant)
    {
        using var slot = Slot(variant, RegularityOptions.Default, 6);
        double[] previous = [0];
        for (int call = 0; call < 5; call++)
        {
            using var x = Batch((ulong)(10 + call), 4 + call, 6, shift: 0.5 * call);
            var record = Call(slot, x);
            Assert.All(record.CodeLengths, l => Assert.True(l > 0 && double.IsFinite(l), $"l = {l}"));
            if (variant != RegularityVariant.PerSample)   // per-group COMP: l = softplus(COMP_prev − S) elementwise
                for (int i = 0; i < record.CodeLengths.Length; i++)
                {
                    double before = previous.Length == 1 ? previous[0] : previous[i];
                    double s = record.Comp[record.Comp.Length == 1 ? 0 : i] - record.CodeLengths[i];
                    Assert.Equal(Math.Log(1 + Math.Exp(before - s)), record.CodeLengths[i], 10);
                }
            previous = record.Comp;
        }
    }

    [Fact]
    public void Inference_leaves_the_state_alone_and_can_give_negative_faithful_code_lengths()
    {
        using var slot = Slot(RegularityVariant.RN, RegularityOptions.Faithful);
        using (var train = Batch(3, 16, 10)) Call(slot, train);
        var state = slot.StateDict().Select(e => e.Value.ToDoubleArray()).ToList();
        slot.Eval();
        using var big = Batch(4, 1600, 10);
        var record = Call(slot, big);
        // docs/normalizers.md: l ≈ log(k·N_train/N_eval) = log(160/16000) < 0 with the original's sums.
        Assert.True(record.CodeLengths[0] < -3, $"l = {record.CodeLengths[0]}");
        Assert.Equal(RegularityMode.Inference, record.Mode);
        Assert.Equal(state, slot.StateDict().Select(e => e.Value.ToDoubleArray()).ToList());
    }

    [Fact]
    public void A_bypassed_slot_passes_its_input_through_and_neither_learns_nor_records()
    {
        using var slot = Slot(RegularityVariant.RN, RegularityOptions.Default);
        using (var train = Batch(3, 16, 10)) Call(slot, train);
        var state = slot.StateDict().Select(e => e.Value.ToDoubleArray()).ToList();
        slot.Bypass = true;
        using var x = Batch(5, 8, 10, shift: 3);
        using (Tensor y = slot.Forward(x)) Assert.Equal(x.ToArray<double>(), y.ToArray<double>());
        Assert.Single(slot.Trace!.Records);
        Assert.Equal(state, slot.StateDict().Select(e => e.Value.ToDoubleArray()).ToList());
        slot.Bypass = false;
        using (Tensor y = slot.Forward(x)) Assert.NotEqual(x.ToArray<double>(), y.ToArray<double>());
        Assert.Equal(2, slot.Trace!.Records.Count);
    }

    [Fact]
    public void Size_normalized_inference_does_not_depend_on_the_evaluation_batch_size()
    {
        using var sums = Slot(RegularityVariant.RN, RegularityOptions.Default with { Scale = EvaluationScale.Sums });
        using var normalized = Slot(RegularityVariant.RN, RegularityOptions.Default);
        foreach (var slot in new[] { sums, normalized })
        {
            for (ulong i = 0; i < 3; i++)
                using (var train = Batch(20 + i, 32, 10)) Call(slot, train);
            slot.Eval();
        }
        using var batch = Batch(30, 50, 10);
        using var doubled = torch.Cat([batch, batch]);   // the same data, twice as many rows
        Assert.Equal(Call(normalized, batch).CodeLengths[0], Call(normalized, doubled).CodeLengths[0], 12);
        Assert.Equal(Call(sums, batch).CodeLengths[0] - Math.Log(2), Call(sums, doubled).CodeLengths[0], 12);
    }

    [Fact]
    public void The_mode_follows_train_and_eval_unless_overridden()
    {
        using var slot = Slot(RegularityVariant.RN, RegularityOptions.Default);
        using var x = Batch(5, 4, 3);
        Call(slot, x);
        slot.Eval();
        Call(slot, x);
        Assert.Equal(12, slot.Count);
        slot.ModeOverride = RegularityMode.Train;   // e.g. DQN acting: network in eval mode, normalizer learning
        Call(slot, x);
        Assert.Equal(24, slot.Count);
        slot.Reset();
        Assert.Equal(0, slot.Count);
        using var comp = slot.Comp();
        Assert.Equal(0, comp.ToDouble());
    }

    [Fact]
    public void Bad_input_is_refused_with_the_reason()
    {
        using var perFeature = new nn.RegularityNorm(RegularityVariant.RLN, 4);
        using var cube = torch.Zeros([2, 3, 4]);
        Assert.Contains("must be 2-D [batch, features], but it is [2,3,4]", Assert.Throws<ArgumentException>(() => perFeature.Forward(cube)).Message);
        using var wide = torch.Zeros([2, 5]);
        Assert.Contains("declared with 4 features, but the input is [2,5]", Assert.Throws<ArgumentException>(() => perFeature.Forward(wide)).Message);
        Assert.Throws<ArgumentException>(() => new nn.RegularityNorm(RegularityVariant.RLN));

        using var saliency = new nn.RegularityNorm(RegularityVariant.SN);
        using var x = torch.Randn([3, 4]);
        using var badShape = torch.Ones([4]);
        Assert.Contains("the prior is [4]", Assert.Throws<ArgumentException>(() => saliency.Forward(x, badShape)).Message);
        using var zero = torch.FromArray(new float[] { 0.5f, 0, 0.5f });
        Assert.Contains("must be positive, but the smallest is 0", Assert.Throws<ArgumentException>(() => saliency.Forward(x, zero)).Message);
        using var rn = new nn.RegularityNorm(RegularityVariant.RN);
        using var prior = torch.Ones([3]);
        Assert.Contains("only the saliency variant takes a prior", Assert.Throws<ArgumentException>(() => rn.Forward(x, prior)).Message);

        rn.Eval();
        Assert.Contains("inference before any training call", Assert.Throws<InvalidOperationException>(() => rn.Forward(x)).Message);
        using var ints = torch.Zeros([3, 4], ScalarType.Int64);
        Assert.Throws<ArgumentException>(() => rn.Forward(ints));
        Assert.Throws<ArgumentOutOfRangeException>(() => new nn.RegularityNorm(RegularityVariant.RN, options: new RegularityOptions { StdFloor = -1 }));
    }

    [Fact]
    public void The_std_floor_keeps_constant_and_single_element_input_finite()
    {
        using var slot = new nn.RegularityNorm(RegularityVariant.RN);
        using var constant = torch.Full([4, 3], 2.0, ScalarType.Float64).SetRequiresGrad();
        using var y = slot.Forward(constant);
        Assert.All(y.ToDoubleArray(), v => Assert.True(double.IsFinite(v)));
        using (var loss = y.Sum()) loss.Backward();
        using (var grad = constant.Grad!) Assert.All(grad.ToDoubleArray(), v => Assert.True(double.IsFinite(v)));
        using var one = torch.Full([1, 1], 3.0, ScalarType.Float64);
        using var single = slot.Forward(one);
        Assert.True(double.IsFinite(single.ToDouble()));
        using var faithful = new nn.RegularityNorm(RegularityVariant.RN, options: RegularityOptions.Faithful);
        using var unfloored = faithful.Forward(constant);
        Assert.All(unfloored.ToDoubleArray(), v => Assert.True(double.IsNaN(v)));   // σ = 0, as in the original
    }

    [Theory]
    [InlineData(RegularityImplementation.Fused)]
    [InlineData(RegularityImplementation.Composite)]
    public void Two_single_element_batches_under_paper_pooling_keep_a_finite_state(RegularityImplementation implementation)
    {
        // Found by the property suite: the paper formula divides by n0 + n − 2 = 0 here. Under a floor the
        // within-group variances are both 0, so σ² = 0; the original (no floor) gets NaN.
        using var slot = Slot(RegularityVariant.RN, RegularityOptions.Default with { Pooling = VariancePooling.Paper, Implementation = implementation });
        using var a = torch.Full([1, 1], 0.5, ScalarType.Float64);
        using var b = torch.Full([1, 1], -1.5, ScalarType.Float64);
        Call(slot, a);
        var record = Call(slot, b);
        Assert.Equal(0, record.Std);
        Assert.Equal(-0.5, record.Mean, 12);
        Assert.All(record.CodeLengths, l => Assert.True(double.IsFinite(l)));
    }

    [Fact]
    public void Per_sample_code_lengths_are_per_row_and_handle_varying_batch_sizes()
    {
        using var slot = Slot(RegularityVariant.PerSample, RegularityOptions.Default);
        foreach (var rows in new[] { 5, 3, 8 })
        {
            using var x = Batch((ulong)rows, rows, 6);
            var record = Call(slot, x);
            Assert.Equal(rows, record.CodeLengths.Length);
            Assert.Single(record.Comp);
            Assert.All(record.CodeLengths, l => Assert.True(l > 0));
        }
        using var faithful = Slot(RegularityVariant.PerSample, RegularityOptions.Faithful, 6);
        using (var first = Batch(1, 5, 6)) Call(faithful, first);
        using var other = Batch(2, 3, 6);
        Assert.Contains("this batch has 3 rows", Assert.Throws<ArgumentException>(() => faithful.Forward(other)).Message);
    }

    [Theory]
    [InlineData(RegularityImplementation.Fused)]
    [InlineData(RegularityImplementation.Composite)]
    public void A_probe_records_without_changing_activations(RegularityImplementation implementation)
    {
        var options = RegularityOptions.Default with { Implementation = implementation };
        using var applied = Slot(RegularityVariant.RLN, options, 4);
        using var probe = Slot(RegularityVariant.RLN, options.AsProbe(), 4);
        for (ulong i = 0; i < 3; i++)
        {
            using var x = Batch(40 + i, 5, 4).SetRequiresGrad();
            using var y = probe.Forward(x);
            Assert.Equal(x.ToArray<double>(), y.ToArray<double>());
            using (var loss = y.Sum()) loss.Backward();
            using (var grad = x.Grad!) Assert.All(grad.ToDoubleArray(), g => Assert.Equal(1.0, g));
            Call(applied, x);
            Assert.Equal(applied.Trace!.Records[^1].CodeLengths, probe.Trace!.Records[^1].CodeLengths);
        }
        Assert.Equal(3, probe.Trace!.Records.Count);
        Assert.Contains("probe", probe.ToString());
    }

    [Fact]
    public void Constant_gain_backpropagates_only_through_the_multiplication()
    {
        using var slot = Slot(RegularityVariant.RN, RegularityOptions.Default with { Gradient = GradientPolicy.ConstantGain });
        using var x = Batch(50, 4, 3).SetRequiresGrad();
        using var y = slot.Forward(x);
        using (var loss = y.Sum()) loss.Backward();
        using var grad = x.Grad!;
        Assert.All(grad.ToDoubleArray(), g => Assert.Equal(slot.Trace!.Records[0].CodeLengths[0], g, 12));
    }

    [Fact]
    public void Saving_loading_and_continuing_equals_uninterrupted_training()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("uam-regularity-").FullName, "slot.safetensors");
        Tensor[] batches = Enumerable.Range(0, 5).Select(i => Batch((ulong)(60 + i), 6, 4, 0.3 * i)).ToArray();
        using var straight = new nn.RegularityNorm(RegularityVariant.RLN, 4);
        var expected = batches.Select(b => straight.Forward(b).ToArray<double>()).ToList();

        using (var first = new nn.RegularityNorm(RegularityVariant.RLN, 4))
        {
            for (int i = 0; i < 3; i++) using (first.Forward(batches[i])) { }
            first.Save(path);
        }
        using var resumed = new nn.RegularityNorm(RegularityVariant.RLN, 4);
        resumed.Load(path);
        Assert.Equal(3 * 6 * 4, resumed.Count);   // elements, not samples (docs/normalizers.md)
        for (int i = 3; i < 5; i++)
            Assert.Equal(expected[i], resumed.Forward(batches[i]).ToArray<double>());
        Assert.Equal(["mean", "std", "count", "comp"], resumed.NamedBuffers().Select(b => b.Name));
        foreach (var b in batches) b.Dispose();
    }

    [Theory]
    [InlineData(RegularityOrder.LayerNormFirst)]
    [InlineData(RegularityOrder.RegularityFirst)]
    public void RN_plus_LN_composes_in_the_chosen_order(RegularityOrder order)
    {
        using var combined = new nn.RegularityLayerNorm(6, order);
        using var norm = new nn.LayerNorm(6);
        using var regularity = new nn.RegularityNorm(RegularityVariant.RN, 6);
        for (ulong i = 0; i < 2; i++)
        {
            using var scope = torch.NewDisposeScope();
            Tensor x = Batch(70 + i, 5, 6, 1.5).To(ScalarType.Float32);
            Tensor expected = order == RegularityOrder.LayerNormFirst ? regularity.Forward(norm.Forward(x)) : norm.Forward(regularity.Forward(x));
            Close(expected.ToDoubleArray(), combined.Forward(x), 1e-6);
        }
        string[] names = order == RegularityOrder.LayerNormFirst
            ? ["norm.weight", "norm.bias", "regularity.mean", "regularity.std", "regularity.count", "regularity.comp"]
            : ["regularity.mean", "regularity.std", "regularity.count", "regularity.comp", "norm.weight", "norm.bias"];
        Assert.Equal(names, combined.StateDict().Keys);
    }

    [Fact]
    public void The_probe_trace_writes_summary_and_vector_csv_files()
    {
        using var slot = Slot(RegularityVariant.RLN, RegularityOptions.Default, 3);
        for (ulong i = 0; i < 2; i++) using (var x = Batch(80 + i, 4, 3)) Call(slot, x);
        string directory = Directory.CreateTempSubdirectory("uam-trace-").FullName;
        string summary = Path.Combine(directory, "summary.csv"), vectors = Path.Combine(directory, "vectors.csv");
        RegularityTrace.WriteSummaryCsv(summary, [slot.Trace!]);
        RegularityTrace.WriteVectorsCsv(vectors, [slot.Trace!]);
        string[] lines = File.ReadAllLines(summary);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("slot,call,mode,elements,mean,std,count,code_length_mean", lines[0]);
        string[] first = lines[1].Split(',');
        Assert.Equal(["slot", "0", "Train", "12"], first[..4]);
        Assert.Equal(slot.Trace!.Records[0].CodeLengthMean, double.Parse(first[7], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1 + 2 * 3, File.ReadAllLines(vectors).Length);
        Assert.Equal(["summary.csv", "vectors.csv"], Directory.GetFiles(directory).Select(Path.GetFileName).Order());   // no temporaries left
    }
}
