using Uam.Runtime;
using Uam.Runtime.Tests.Autograd;
using Xunit;

namespace Uam.Runtime.Tests.Normalizers;

/// <summary>The fused kernel against the composite reference, over the option space: outputs, state, code
/// lengths and input gradients, through training calls (first batch, pooled, varying batch sizes) and an
/// inference call; and both against finite differences.</summary>
public class FusedCompositeTests
{
    public static TheoryData<RegularityVariant, VariancePooling, EvaluationScale, GradientPolicy, ScalarType> Configurations()
    {
        var data = new TheoryData<RegularityVariant, VariancePooling, EvaluationScale, GradientPolicy, ScalarType>();
        foreach (var variant in new[] { RegularityVariant.WholeLayer, RegularityVariant.PerFeature, RegularityVariant.PerSample, RegularityVariant.Saliency })
        foreach (var pooling in new[] { VariancePooling.Exact, VariancePooling.Paper })
        foreach (var scale in new[] { EvaluationScale.SizeNormalized, EvaluationScale.Sums })
        {
            data.Add(variant, pooling, scale, GradientPolicy.CurrentBatch, ScalarType.Float64);
            data.Add(variant, pooling, scale, GradientPolicy.CurrentBatch, ScalarType.Float32);
        }
        data.Add(RegularityVariant.WholeLayer, VariancePooling.Exact, EvaluationScale.SizeNormalized, GradientPolicy.ConstantGain, ScalarType.Float64);
        data.Add(RegularityVariant.PerFeature, VariancePooling.Exact, EvaluationScale.Sums, GradientPolicy.ConstantGain, ScalarType.Float32);
        return data;
    }

    private static RegularityOptions Options(VariancePooling pooling, EvaluationScale scale, GradientPolicy gradient, RegularityImplementation implementation) =>
        RegularityOptions.Default with { Pooling = pooling, Scale = scale, Gradient = gradient, Implementation = implementation };

    // Batches of 6, 6 and 3 rows (a short last batch), shifted in mean so that pooling matters, then inference.
    private static (Tensor X, Tensor? Prior, bool Train)[] Calls(ScalarType dtype, bool saliency)
    {
        using var gen = new Generator(31);
        var calls = new List<(Tensor, Tensor?, bool)>();
        int[] rows = [6, 6, 3, 5];
        for (int i = 0; i < rows.Length; i++)
        {
            Tensor x = (torch.Randn([rows[i], 7], gen, ScalarType.Float64) * (1 + 0.5 * i) + 0.3 * i).To(dtype).DetachFromDisposeScope();
            Tensor? prior = null;
            if (saliency && i < 3)
            {
                using var labels = torch.RandInt(0, 3, [rows[i]], gen);
                prior = SaliencyPrior.FromLabels(labels, dtype).DetachFromDisposeScope();
            }
            calls.Add((x, prior, i < 3));
        }
        return calls.ToArray();
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Fused_equals_composite_in_values_state_and_gradients(RegularityVariant variant, VariancePooling pooling,
        EvaluationScale scale, GradientPolicy gradient, ScalarType dtype)
    {
        double tolerance = dtype == ScalarType.Float64 ? 1e-10 : 1e-5;
        var calls = Calls(dtype, variant == RegularityVariant.Saliency);
        using var fused = new nn.RegularityNorm(variant, 7, Options(pooling, scale, gradient, RegularityImplementation.Fused)) { Trace = new("f") };
        using var composite = new nn.RegularityNorm(variant, 7, Options(pooling, scale, gradient, RegularityImplementation.Composite)) { Trace = new("c") };
        using var weightsGenerator = new Generator(5);
        foreach (var (x, prior, train) in calls)
        {
            using var scope = torch.NewDisposeScope();
            fused.ModeOverride = composite.ModeOverride = train ? RegularityMode.Train : RegularityMode.Inference;
            Tensor a = x.Clone().Detach().SetRequiresGrad(), b = x.Clone().Detach().SetRequiresGrad();
            Tensor ya = fused.Forward(a, prior), yb = composite.Forward(b, prior);
            Close(yb, ya, tolerance, "output");
            Tensor upstream = torch.Randn(x.ShapeView, weightsGenerator, dtype);
            (ya * upstream).Sum().Backward();
            (yb * upstream).Sum().Backward();
            Close(b.Grad!, a.Grad!, tolerance, "input gradient");
            RegularityRecord rf = fused.Trace!.Records[^1], rc = composite.Trace!.Records[^1];
            Assert.Equal(rc.Count, rf.Count);
            Assert.True(Math.Abs(rc.Mean - rf.Mean) <= tolerance && Math.Abs(rc.Std - rf.Std) <= tolerance * Math.Max(1, rc.Std), $"state {rf.Mean},{rf.Std} vs {rc.Mean},{rc.Std}");
            for (int i = 0; i < rc.CodeLengths.Length; i++)
                Assert.True(Math.Abs(rc.CodeLengths[i] - rf.CodeLengths[i]) <= tolerance * Math.Max(1, Math.Abs(rc.CodeLengths[i])), $"l[{i}]");
            for (int i = 0; i < rc.Comp.Length; i++)
                Assert.True(Math.Abs(rc.Comp[i] - rf.Comp[i]) <= tolerance * Math.Max(1, Math.Abs(rc.Comp[i])), $"COMP[{i}]");
        }
        foreach (var (x, prior, _) in calls) { x.Dispose(); prior?.Dispose(); }
    }

    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float32)]
    public void A_per_element_saliency_prior_agrees_too(ScalarType dtype)
    {
        double tolerance = dtype == ScalarType.Float64 ? 1e-10 : 1e-5;
        using var gen = new Generator(12);
        using var fused = new nn.RegularityNorm(RegularityVariant.SN, 5);
        using var composite = new nn.RegularityNorm(RegularityVariant.SN, 5, RegularityOptions.Default with { Implementation = RegularityImplementation.Composite });
        for (int call = 0; call < 3; call++)
        {
            using var scope = torch.NewDisposeScope();
            Tensor x = torch.Randn([4, 5], gen, dtype);
            Tensor prior = torch.Rand([4, 5], gen, dtype) + 0.1;
            Tensor a = x.Clone().SetRequiresGrad(), b = x.Clone().SetRequiresGrad();
            Tensor ya = fused.Forward(a, prior), yb = composite.Forward(b, prior);
            Close(yb, ya, tolerance, "output");
            ya.Sum().Backward();
            yb.Sum().Backward();
            Close(b.Grad!, a.Grad!, tolerance, "input gradient");
        }
    }

    private static void Close(Tensor expected, Tensor actual, double tolerance, string what)
    {
        double[] e = expected.ToDoubleArray(), a = actual.ToDoubleArray();
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= tolerance * Math.Max(1, Math.Abs(e[i])), $"{what}[{i}]: fused {a[i]:R}, composite {e[i]:R}");
    }

    public static TheoryData<RegularityVariant, RegularityImplementation, VariancePooling, bool> GradientCases()
    {
        var data = new TheoryData<RegularityVariant, RegularityImplementation, VariancePooling, bool>();
        foreach (var variant in new[] { RegularityVariant.WholeLayer, RegularityVariant.PerFeature, RegularityVariant.PerSample, RegularityVariant.Saliency })
        foreach (var implementation in new[] { RegularityImplementation.Fused, RegularityImplementation.Composite })
        {
            data.Add(variant, implementation, VariancePooling.Exact, true);
            data.Add(variant, implementation, VariancePooling.Paper, true);
            data.Add(variant, implementation, VariancePooling.Exact, false);
        }
        return data;
    }

    /// <summary>d(output)/d(input) against central differences, from a fixed history (one earlier batch),
    /// in training (the batch enters the statistics and COMP) and in inference.</summary>
    [Theory]
    [MemberData(nameof(GradientCases))]
    public void Gradients_match_finite_differences(RegularityVariant variant, RegularityImplementation implementation,
        VariancePooling pooling, bool training)
    {
        var options = RegularityOptions.Default with { Pooling = pooling, Implementation = implementation };
        using var slot = new nn.RegularityNorm(variant, 5, options);
        using var gen = new Generator(8);
        using (var warmUp = torch.Randn([4, 5], gen, ScalarType.Float64) + 0.7) using (slot.Forward(warmUp)) { }
        using var saved = Clone(slot.StateDict());
        using var labels = torch.FromArray(new long[] { 0, 1, 1 });
        using var prior = variant == RegularityVariant.Saliency ? SaliencyPrior.FromLabels(labels, ScalarType.Float64) : null;
        slot.ModeOverride = training ? RegularityMode.Train : RegularityMode.Inference;
        double[] x = Enumerable.Range(0, 15).Select(i => Math.Sin(1.7 * i) * 1.3 + 0.2).ToArray();
        GradientCheck.Verify($"{variant} {implementation} {pooling} training={training}", xs =>
        {
            slot.LoadStateDict(saved);   // every evaluation starts from the same history
            return slot.Forward(xs[0], prior);
        }, [x], [[3, 5]], tolerance: 1e-6);
    }

    private static StateDict Clone(StateDict source)
    {
        var copy = new StateDict(ownsTensors: true);
        foreach (var (name, tensor) in source) copy.Add(name, tensor.Clone().DetachFromDisposeScope());
        return copy;
    }
}
