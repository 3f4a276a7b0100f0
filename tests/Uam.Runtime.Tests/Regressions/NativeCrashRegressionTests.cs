using Uam.Runtime;
using Xunit;
using F = Uam.Runtime.nn.functional;

namespace Uam.Runtime.Tests.Regressions;

/// <summary>Calls that killed the process or were silently wrong (issue 10), pinned: each now raises a .NET exception
/// that names the operation and the shapes, or is correct, and the process lives.</summary>
public class NativeCrashRegressionTests
{
    [Fact]
    public void Weight_norm_with_too_few_gains_is_refused_instead_of_overflowing_the_heap()
    {
        using var v = torch.Randn([1000, 4]);
        using var g = torch.Randn([2]);
        var error = Assert.Throws<ArgumentException>(() => F.WeightNorm(v, g, 0));
        Assert.Contains("g must be [1000,1]", error.Message);
        Assert.Contains("[2]", error.Message);
        using var last = torch.Randn([3]);
        Assert.Contains("g must be [1,4]", Assert.Throws<ArgumentException>(() => F.WeightNorm(v, last, -1)).Message);
    }

    [Fact]
    public void Weight_norm_of_an_empty_v_is_refused_instead_of_dividing_by_zero()
    {
        using var v = torch.Randn([0, 4]);
        using var g = torch.Randn([0, 1]);
        Assert.Contains("has no elements", Assert.Throws<ArgumentException>(() => F.WeightNorm(v, g, 0)).Message);
    }

    [Fact]
    public void Weight_norm_with_well_shaped_gains_is_g_times_the_unit_rows()
    {
        using var v = torch.FromArray(new double[] { 3, 4, 0, 5 }, [2, 2]);
        using var g = torch.FromArray(new double[] { 2, 10 }, [2, 1]);
        using var w = F.WeightNorm(v, g, 0);
        Assert.Equal(new[] { 1.2, 1.6, 0, 10 }, w.ToArray<double>().Select(x => Math.Round(x, 12)).ToArray());
        using var gLast = torch.FromArray(new double[] { 3, 6.4031242374328485 }, [1, 2]);   // ‖(4, 5)‖
        using var columns = F.WeightNorm(v, gLast, 1);
        Assert.Equal(new double[] { 3, 4, 0, 5 }, columns.ToArray<double>().Select(x => Math.Round(x, 12)).ToArray());
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(2)]
    [InlineData(4)]
    public void IndexSelect_on_a_0_D_tensor_takes_exactly_one_index(int entries)
    {
        // 1,000 entries corrupted the heap; 2–4 returned a wrong shape silently.
        using var a = torch.Zeros([], ScalarType.Float64);
        using var i = torch.Zeros([entries], ScalarType.Int64);
        var error = Assert.Throws<ArgumentException>(() => a.IndexSelect(0, i));
        Assert.Contains($"it has {entries}", error.Message);
    }

    [Fact]
    public void IndexSelect_on_a_0_D_tensor_with_its_one_index_returns_its_value()
    {
        using var a = torch.Full([], 2.5, ScalarType.Float64);
        using var zero = torch.Zeros([1], ScalarType.Int64);
        using var picked = a.IndexSelect(0, zero);
        Assert.Equal(2.5, picked.ToDouble());
        using var one = torch.Ones([1], ScalarType.Int64);
        Assert.Throws<ArgumentOutOfRangeException>(() => a.IndexSelect(0, one));
    }

    [Fact]
    public void SetGrad_refuses_a_gradient_of_another_shape_or_dtype()
    {
        using var p = torch.Zeros([3, 4]).SetRequiresGrad();
        using var wrongShape = torch.Zeros([3, 4, 5]);
        using var empty = torch.Zeros([0]);
        using var wrongType = torch.Zeros([3, 4], ScalarType.Float64);
        Assert.Contains("Float32[3,4,5]", Assert.Throws<ArgumentException>(() => p.SetGrad(wrongShape)).Message);
        Assert.Contains("[0]", Assert.Throws<ArgumentException>(() => p.SetGrad(empty)).Message);
        Assert.Contains("Float64[3,4]", Assert.Throws<ArgumentException>(() => p.SetGrad(wrongType)).Message);
        using var right = torch.Ones([3, 4]);
        p.SetGrad(right);
        using Tensor grad = p.Grad!;
        Assert.Equal(12, grad.Sum().ToDouble());
    }

    [Fact]
    public void Narrow_with_a_huge_start_or_length_does_not_overflow_the_bounds_check()
    {
        using var x = torch.Zeros([5]);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(0, long.MaxValue, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(0, 2, long.MaxValue));
        using var tail = x.Narrow(0, 3, 2);
        Assert.Equal([2L], tail.Shape);
    }
}
