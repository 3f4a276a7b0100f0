using Uam.Runtime;
using Xunit;

namespace Uam.Runtime.Tests.Optim;

/// <summary>nn.utils.SoftUpdate: θ_target ← τ·θ_source + (1 − τ)·θ_target, exact in single precision, without gradients,
/// with refused mismatches.</summary>
public class SoftUpdateTests
{
    [Fact]
    public void Each_target_moves_a_fraction_tau_towards_its_source()
    {
        using var target = torch.FromArray(new float[] { 1, 2, 3 }, [3]).SetRequiresGrad();
        using var other = torch.FromArray(new float[] { -4, 0.5f, 10, 7 }, [2, 2]).SetRequiresGrad();
        using var source = torch.FromArray(new float[] { 5, 6, 7 }, [3]);
        using var otherSource = torch.FromArray(new float[] { 0.3f, -1.7f, 2.2f, 9 }, [2, 2]);
        nn.utils.SoftUpdate([target, other], [source, otherSource], 0.25);
        Assert.Equal([2f, 3f, 4f], target.ToArray<float>());
        // In float: (source·τ) + (target·(1 − τ)), each product rounded, then the sum.
        float[] before = [-4, 0.5f, 10, 7], from = [0.3f, -1.7f, 2.2f, 9];
        Assert.Equal(before.Zip(from, (t, s) => s * 0.25f + t * 0.75f), other.ToArray<float>());
        Assert.True(target.IsLeaf && target.Grad is null, "the update is not recorded by autograd");
        nn.utils.SoftUpdate([target], [source], 1.0);
        Assert.Equal([5f, 6f, 7f], target.ToArray<float>());
        nn.utils.SoftUpdate([target], [torch.Zeros([3])], 0.0);
        Assert.Equal([5f, 6f, 7f], target.ToArray<float>());
    }

    [Fact]
    public void Mismatched_pairs_and_a_tau_outside_0_1_are_refused()
    {
        using var a = torch.Zeros([3]);
        using var b = torch.Zeros([4]);
        using var c = torch.Zeros([3], ScalarType.Float64);
        Assert.Contains("pair 1", Assert.Throws<ArgumentException>(() => nn.utils.SoftUpdate([a, a], [a, b], 0.5)).Message);
        Assert.Contains("pair 0", Assert.Throws<ArgumentException>(() => nn.utils.SoftUpdate([a], [c], 0.5)).Message);
        Assert.Throws<ArgumentException>(() => nn.utils.SoftUpdate([a, a], [a], 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => nn.utils.SoftUpdate([a], [a], 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => nn.utils.SoftUpdate([a], [a], double.NaN));
    }
}
