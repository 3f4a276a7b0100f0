using Uam.Runtime;
using Xunit;

namespace Uam.Runtime.Tests.Normalizers;

/// <summary>The contract for non-finite training input (issue 10): one such batch used to poison a slot for ever. Now a
/// training call with NaN or ±∞ throws and leaves the state untouched, or, with NonFinite = Skip, learns nothing from it;
/// either way the slot goes on exactly as if the batch had never come.</summary>
public class NonFiniteTrainingTests
{
    public static TheoryData<RegularityVariant, RegularityImplementation, double> Cases()
    {
        var data = new TheoryData<RegularityVariant, RegularityImplementation, double>();
        foreach (var variant in new[] { RegularityVariant.RN, RegularityVariant.RLN, RegularityVariant.RBN, RegularityVariant.SN })
            foreach (var implementation in new[] { RegularityImplementation.Fused, RegularityImplementation.Composite })
                foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
                    data.Add(variant, implementation, bad);
        return data;
    }

    private static Tensor Batch(ulong seed, double? poison = null)
    {
        using var gen = new Generator(seed);
        Tensor x = torch.Randn([6, 5], gen, ScalarType.Float64);
        if (poison is { } value)
        {
            double[] values = x.ToArray<double>();
            values[7] = value;
            x.Dispose();
            x = torch.FromArray(values, [6, 5]);
        }
        return x;
    }

    private static nn.RegularityNorm Slot(RegularityVariant variant, RegularityImplementation implementation, NonFiniteTraining policy) =>
        new(variant, 5, RegularityOptions.Default with { Implementation = implementation, NonFinite = policy }) { Trace = new RegularityTrace("slot") };

    private static double[] Call(nn.RegularityNorm slot, Tensor x)
    {
        using Tensor y = slot.Forward(x);
        return y.ToArray<double>();
    }

    private static void AssertSameState(nn.RegularityNorm expected, nn.RegularityNorm actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.RunningMean, actual.RunningMean);
        Assert.Equal(expected.RunningStd, actual.RunningStd);
        using Tensor a = expected.Comp(), b = actual.Comp();
        Assert.Equal(a.ToArray<double>(), b.ToArray<double>());
    }

    /// <summary>A slot under test and a twin that never sees the poisoned batch, with the three batches they get.</summary>
    private sealed class Pair(RegularityVariant variant, RegularityImplementation implementation, NonFiniteTraining policy, double bad) : IDisposable
    {
        public nn.RegularityNorm Slot { get; } = NonFiniteTrainingTests.Slot(variant, implementation, policy);
        public nn.RegularityNorm Clean { get; } = NonFiniteTrainingTests.Slot(variant, implementation, policy);
        public Tensor First { get; } = Batch(1);
        public Tensor Poisoned { get; } = Batch(2, bad);
        public Tensor Next { get; } = Batch(3);

        public void Dispose()
        {
            foreach (IDisposable d in new IDisposable[] { Slot, Clean, First, Poisoned, Next }) d.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_non_finite_training_batch_throws_and_leaves_the_state_untouched(RegularityVariant variant, RegularityImplementation implementation, double bad)
    {
        using var pair = new Pair(variant, implementation, NonFiniteTraining.Throw, bad);
        var (slot, clean, first, poisoned, next) = (pair.Slot, pair.Clean, pair.First, pair.Poisoned, pair.Next);
        Call(slot, first);
        Call(clean, first);
        var error = Assert.Throws<ArgumentException>(() => slot.Forward(poisoned));
        Assert.Contains("1 of the 30 elements", error.Message);
        AssertSameState(clean, slot);
        double[] y = Call(slot, next);
        Assert.All(y, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(Call(clean, next), y);
        AssertSameState(clean, slot);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Skip_learns_nothing_from_a_non_finite_batch(RegularityVariant variant, RegularityImplementation implementation, double bad)
    {
        using var pair = new Pair(variant, implementation, NonFiniteTraining.Skip, bad);
        var (slot, clean, first, poisoned, next) = (pair.Slot, pair.Clean, pair.First, pair.Poisoned, pair.Next);
        // With no history the batch passes through unchanged.
        Assert.Equal(poisoned.ToArray<double>(), Call(slot, poisoned));
        Assert.Equal(0, slot.Count);
        Call(slot, first);
        Call(clean, first);
        double[] skipped = Call(slot, poisoned);
        // Normalized with the stored state: only the poisoned element (and, per sample or per layer, what it touches) is not finite.
        Assert.True(double.IsNaN(skipped[7]) || double.IsInfinity(skipped[7]));
        AssertSameState(clean, slot);
        Assert.Equal(Call(clean, next), Call(slot, next));
    }
}
