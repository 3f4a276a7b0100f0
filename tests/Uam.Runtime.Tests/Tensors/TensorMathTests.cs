using Uam.Runtime;
using Xunit;
using static Uam.Runtime.Tests.TestSupport;

namespace Uam.Runtime.Tests.Tensors;

public class TensorMathTests
{
    [Fact]
    public void Arithmetic_operators_match_hand_computed_values()
    {
        using var a = F64([1, 2, 3]);
        using var b = F64([4, 5, 6]);
        using (var r = a + b) Close([5, 7, 9], r);
        using (var r = a - b) Close([-3, -3, -3], r);
        using (var r = a * b) Close([4, 10, 18], r);
        using (var r = b / a) Close([4, 2.5, 2], r);
        using (var r = a + 1) Close([2, 3, 4], r);
        using (var r = 10 - a) Close([9, 8, 7], r);
        using (var r = 6 / a) Close([6, 3, 2], r);
        using (var r = -a) Close([-1, -2, -3], r);
        using (var r = a.Add(b, 2)) Close([9, 12, 15], r);
        using (var r = a.Sub(b, 0.5)) Close([-1, -0.5, 0], r);
        using (var r = a.Pow(2)) Close([1, 4, 9], r);
        using (var r = a.Pow(b)) Close([1, 32, 729], r);
    }

    [Fact]
    public void Broadcasting_follows_numpy_rules()
    {
        using var column = F64([1, 2], 2, 1);
        using var row = F64([10, 20, 30], 1, 3);
        using var sum = column + row;
        Shape(sum, 2, 3);
        Close([11, 21, 31, 12, 22, 32], sum);
    }

    [Fact]
    public void Integer_tensors_stay_integral_with_integral_scalars()
    {
        using var a = torch.FromArray(new long[] { 1, 2 });
        using var plusOne = a + 1;
        using var plusHalf = a + 0.5;
        Assert.Equal(ScalarType.Int64, plusOne.DType);
        Assert.Equal(new long[] { 2, 3 }, plusOne.ToArray<long>());
        Assert.Equal(ScalarType.Float32, plusHalf.DType);
    }

    [Fact]
    public void Pointwise_functions_match_their_closed_forms()
    {
        double[] x = [-1.5, -0.2, 0.3, 2.0];
        using var t = F64(x);
        Close(x.Select(Math.Abs).ToArray(), t.Abs());
        Close(x.Select(Math.Exp).ToArray(), t.Exp());
        Close(x.Select(Math.Tanh).ToArray(), t.Tanh());
        Close(x.Select(v => 1 / (1 + Math.Exp(-v))).ToArray(), t.Sigmoid());
        Close(x.Select(v => Math.Max(v, 0)).ToArray(), t.Relu());
        Close(x.Select(v => Math.Log(1 + Math.Exp(v))).ToArray(), t.Softplus());
        Close(x.Select(v => Math.Log(1 + Math.Exp(2 * v)) / 2).ToArray(), t.Softplus(beta: 2));
        Close(x.Select(v => -Math.Log(1 + Math.Exp(-v))).ToArray(), t.LogSigmoid());
        Close(x.Select(v => v * v).ToArray(), t.Square());
        Close(x.Select(v => (double)Math.Sign(v)).ToArray(), t.Sign());
        Close(x.Select(Math.Sin).ToArray(), t.Sin());
        Close(x.Select(Math.Floor).ToArray(), t.Floor());
        Close(x.Select(v => v > 0 ? v : 0.1 * v).ToArray(), t.LeakyRelu(0.1));
        Close([-1, -0.2, 0.3, 1], t.Clamp(-1, 1));
        Close([-0.2, -0.2, 0.3, 2], t.Clamp(min: -0.2));
        using var positive = F64([0.25, 4, 9]);
        Close([0.5, 2, 3], positive.Sqrt());
        Close([2, 0.5, 1.0 / 3], positive.Rsqrt());
        Close([Math.Log(0.25), Math.Log(4), Math.Log(9)], positive.Log());
        Close([Math.Log(1.25), Math.Log(5), Math.Log(10)], positive.Log1p());
        Close([4, 0.25, 1.0 / 9], positive.Reciprocal());
    }

    [Fact]
    public void Comparisons_return_booleans()
    {
        using var a = F64([1, 2, 3]);
        using var b = F64([3, 2, 1]);
        using (var r = a < b) Assert.Equal(new[] { true, false, false }, r.ToArray<bool>());
        using (var r = a >= b) Assert.Equal(new[] { false, true, true }, r.ToArray<bool>());
        using (var r = a.Eq(b)) Assert.Equal(new[] { false, true, false }, r.ToArray<bool>());
        using (var r = a.Ne(2)) Assert.Equal(new[] { true, false, true }, r.ToArray<bool>());
        using (var r = a > 1.5) Assert.Equal(new[] { false, true, true }, r.ToArray<bool>());
        using var lt = a < b;
        using var gt = a > b;
        using (var r = lt.LogicalOr(gt)) Assert.Equal(new[] { true, false, true }, r.ToArray<bool>());
        using (var r = lt.LogicalAnd(gt)) Assert.Equal(new[] { false, false, false }, r.ToArray<bool>());
        using (var r = lt.LogicalNot()) Assert.Equal(new[] { false, true, true }, r.ToArray<bool>());
        using (var r = a.Maximum(b)) Close([3, 2, 3], r);
        using (var r = a.Minimum(b)) Close([1, 2, 1], r);
        using (var r = torch.Where(lt, a, b)) Close([1, 2, 1], r);
    }

    [Fact]
    public void NaN_and_infinity_are_detected()
    {
        using var t = F64([1, double.NaN, double.PositiveInfinity]);
        using (var r = t.IsNaN()) Assert.Equal(new[] { false, true, false }, r.ToArray<bool>());
        using (var r = t.IsFinite()) Assert.Equal(new[] { true, false, false }, r.ToArray<bool>());
    }

    [Fact]
    public void In_place_operations_modify_and_return_the_same_tensor()
    {
        using var a = F64([1, 2, 3]);
        using var b = F64([1, 1, 1]);
        Assert.Same(a, a.AddInPlace(b, 2));
        Close([3, 4, 5], a);
        a.MulInPlace(2);
        Close([6, 8, 10], a);
        a.AddcmulInPlace(b, b, -1);
        Close([5, 7, 9], a);
        a.AddcdivInPlace(b, F64([1, 2, 4]), 2);
        Close([7, 8, 9.5], a);
        a.LerpInPlace(F64([9, 10, 11.5]), 0.5);
        Close([8, 9, 10.5], a);
        a.ClampInPlace(max: 9);
        Close([8, 9, 9], a);
        using var mask = a.Eq(9);
        a.MaskedFillInPlace(mask, -1);
        Close([8, -1, -1], a);
        a.CopyInPlace(b);
        Close([1, 1, 1], a);
        a.FillInPlace(2.5).AddInPlace(0.5);
        Close([3, 3, 3], a);
        a.ZeroInPlace();
        Close([0, 0, 0], a);
    }

    [Fact]
    public void Matrix_products_match_hand_computation()
    {
        using var a = F64([1, 2, 3, 4, 5, 6], 2, 3);
        using var b = F64([7, 8, 9, 10, 11, 12], 3, 2);
        using (var r = a.MatMul(b)) { Shape(r, 2, 2); Close([58, 64, 139, 154], r); }
        using (var r = a.Mm(b)) Close([58, 64, 139, 154], r);
        using var v = F64([1, 0, -1]);
        using (var r = a.MatMul(v)) Close([-2, -2], r);
        using var batchA = torch.Stack([a, a]);
        using var batchB = torch.Stack([b, b]);
        using (var r = batchA.Bmm(batchB)) { Shape(r, 2, 2, 2); Close([58, 64, 139, 154, 58, 64, 139, 154], r); }
    }
}
