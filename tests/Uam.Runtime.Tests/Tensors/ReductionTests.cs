using Uam.Runtime;
using Xunit;
using static Uam.Runtime.Tests.TestSupport;

namespace Uam.Runtime.Tests.Tensors;

public class ReductionTests
{
    private static Tensor Matrix() => F64([1, 2, 3, 4, 5, 6], 2, 3);

    [Fact]
    public void Sums_and_means_over_all_and_chosen_dimensions()
    {
        using var m = Matrix();
        Close(21, m.Sum());
        Close([5, 7, 9], m.Sum(0));
        Close([6, 15], m.Sum(1));
        using (var kept = m.Sum(1, keepDim: true)) Shape(kept, 2, 1);
        Close(3.5, m.Mean());
        Close([2, 5], m.Mean(-1));
        Close(21, m.Sum([0, 1]));
    }

    [Fact]
    public void Standard_deviation_and_variance_use_the_requested_correction()
    {
        using var x = F64([1, 2, 3, 4]);
        Close(Math.Sqrt(5.0 / 3), x.Std());                 // unbiased: Σ(x−2.5)² = 5, / (n−1)
        Close(Math.Sqrt(5.0 / 4), x.Std(unbiased: false));
        Close(5.0 / 3, x.Var());
        using var m = Matrix();
        Close([1, 1], m.Std([1]));
        Close([2.25, 2.25, 2.25], m.Var([0], unbiased: false));
    }

    [Fact]
    public void LogSumExp_is_stable_for_large_values()
    {
        using var x = F64([1000, 1000]);
        Close(1000 + Math.Log(2), x.LogSumExp(), 1e-12);
        using var m = Matrix();
        Close([Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)), Math.Log(Math.Exp(4) + Math.Exp(5) + Math.Exp(6))], m.LogSumExp(1));
    }

    [Fact]
    public void Extremes_and_their_indices()
    {
        using var m = F64([3, 9, 1, 4, 2, 8], 2, 3);
        Close(9, m.Max());
        Close(1, m.Min());
        var (values, indices) = m.Max(1);
        using (values) using (indices)
        {
            Close([9, 8], values);
            Assert.Equal(new long[] { 1, 2 }, indices.ToArray<long>());
        }
        var (minValues, minIndices) = m.Min(0);
        using (minValues) using (minIndices)
        {
            Close([3, 2, 1], minValues);
            Assert.Equal(new long[] { 0, 1, 0 }, minIndices.ToArray<long>());
        }
        using (var a = m.ArgMax()) Assert.Equal(1, a.Item<long>());
        using (var a = m.ArgMax(0)) Assert.Equal(new long[] { 1, 0, 1 }, a.ToArray<long>());
        using (var a = m.ArgMin(1)) Assert.Equal(new long[] { 2, 1 }, a.ToArray<long>());
        Close([9, 8], m.AMax([1]));
    }

    [Fact]
    public void Norms_and_running_sums()
    {
        using var v = F64([3, -4]);
        Close(5, v.Norm());
        Close(7, v.Norm(1));
        using var m = Matrix();
        Close([Math.Sqrt(14), Math.Sqrt(77)], m.Norm(2, [1]));
        Close([1, 3, 6, 4, 9, 15], m.CumSum(1));
    }

    [Fact]
    public void Softmax_and_log_softmax_match_the_closed_form()
    {
        using var x = F64([1, 2, 3]);
        double z = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        Close([Math.Exp(1) / z, Math.Exp(2) / z, Math.Exp(3) / z], x.Softmax(0));
        Close([1 - Math.Log(z), 2 - Math.Log(z), 3 - Math.Log(z)], x.LogSoftmax(-1));
    }
}
