using System.Runtime.CompilerServices;
using Uam.Runtime.Interop;

namespace Uam.Runtime;

public sealed partial class Tensor
{
    private Tensor Unary(UnaryOp op, [CallerMemberName] string name = "") => Wrap(op(Handle, out var r), r, name);

    private Tensor Binary(BinaryOp op, Tensor other, [CallerMemberName] string name = "")
    {
        Checks.Broadcastable(name, this, other);
        return Wrap(op(Handle, other.HandleOf(), out var r), r, name);
    }

    /// <summary>An operator's tensor operand, which must not be null (C# would throw a NullReferenceException naming nothing).</summary>
    private static Tensor Operand(string symbol, Tensor operand, [CallerArgumentExpression(nameof(operand))] string name = "")
    {
        Checks.NotNull($"operator {symbol}", name, operand);
        return operand;
    }

    private Tensor WithScalar(ScalarOp op, Scalar other, [CallerMemberName] string name = "") =>
        Wrap(op(Handle, other.Native, out var r), r, name);

    // ---- pointwise ----------------------------------------------------------------------------------

    /// <summary>-x.</summary>
    public Tensor Neg() => Unary(Native.nt_tensor_neg);
    /// <summary>|x|.</summary>
    public Tensor Abs() => Unary(Native.nt_tensor_abs);
    /// <summary>e^x.</summary>
    public Tensor Exp() => Unary(Native.nt_tensor_exp);
    /// <summary>Natural logarithm.</summary>
    public Tensor Log() => Unary(Native.nt_tensor_log);
    /// <summary>log(1 + x), accurate for small x.</summary>
    public Tensor Log1p() => Unary(Native.nt_tensor_log1p);
    /// <summary>Square root.</summary>
    public Tensor Sqrt() => Unary(Native.nt_tensor_sqrt);
    /// <summary>1 / sqrt(x).</summary>
    public Tensor Rsqrt() => Unary(Native.nt_tensor_rsqrt);
    /// <summary>x².</summary>
    public Tensor Square() => Unary(Native.nt_tensor_square);
    /// <summary>1 / x.</summary>
    public Tensor Reciprocal() => Unary(Native.nt_tensor_reciprocal);
    /// <summary>-1, 0 or 1.</summary>
    public Tensor Sign() => Unary(Native.nt_tensor_sign);
    /// <summary>Largest integer not above x.</summary>
    public Tensor Floor() => Unary(Native.nt_tensor_floor);
    /// <summary>sin x.</summary>
    public Tensor Sin() => Unary(Native.nt_tensor_sin);
    /// <summary>cos x.</summary>
    public Tensor Cos() => Unary(Native.nt_tensor_cos);
    /// <summary>The error function.</summary>
    public Tensor Erf() => Unary(Native.nt_tensor_erf);
    /// <summary>max(x, 0).</summary>
    public Tensor Relu() => Unary(Native.nt_tensor_relu);
    /// <summary>Hyperbolic tangent.</summary>
    public Tensor Tanh() => Unary(Native.nt_tensor_tanh);
    /// <summary>1 / (1 + e^-x).</summary>
    public Tensor Sigmoid() => Unary(Native.nt_tensor_sigmoid);
    /// <summary>log(sigmoid(x)), computed stably.</summary>
    public Tensor LogSigmoid() => Unary(Native.nt_tensor_log_sigmoid);
    /// <summary>Elementwise boolean not.</summary>
    public Tensor LogicalNot() => Unary(Native.nt_tensor_logical_not);
    /// <summary>True where the element is NaN.</summary>
    public Tensor IsNaN() => Unary(Native.nt_tensor_isnan);
    /// <summary>True where the element is finite.</summary>
    public Tensor IsFinite() => Unary(Native.nt_tensor_isfinite);

    /// <summary>log(1 + e^(beta·x)) / beta, linear above <paramref name="threshold"/> (PyTorch's softplus).</summary>
    public Tensor Softplus(double beta = 1, double threshold = 20) =>
        Wrap(Native.nt_tensor_softplus(Handle, beta, threshold, out var r), r);

    /// <summary>x for x ≥ 0, slope·x otherwise.</summary>
    public Tensor LeakyRelu(double slope = 0.01) => Wrap(Native.nt_tensor_leaky_relu(Handle, slope, out var r), r);

    /// <summary>Clamps into [min, max]; a null bound is open.</summary>
    public Tensor Clamp(double? min = null, double? max = null)
    {
        RequireBound(min, max);
        return Wrap(Native.nt_tensor_clamp(Handle, min ?? 0, Flag(min.HasValue), max ?? 0, Flag(max.HasValue), out var r), r);
    }

    private static void RequireBound(double? min, double? max, [CallerMemberName] string name = "")
    {
        if (min is null && max is null) throw new ArgumentException($"{name}: give at least one of min and max.");
    }

    /// <summary>x + alpha·other (broadcasting).</summary>
    public Tensor Add(Tensor other, Scalar? alpha = null)
    {
        Checks.Broadcastable(nameof(Add), this, other);
        return Wrap(Native.nt_tensor_add(Handle, other.HandleOf(), (alpha ?? 1).Native, out var r), r);
    }

    /// <summary>x + value.</summary>
    public Tensor Add(Scalar value) => Wrap(Native.nt_tensor_add_scalar(Handle, value.Native, ((Scalar)1).Native, out var r), r);

    /// <summary>x - alpha·other (broadcasting).</summary>
    public Tensor Sub(Tensor other, Scalar? alpha = null)
    {
        Checks.Broadcastable(nameof(Sub), this, other);
        return Wrap(Native.nt_tensor_add(Handle, other.HandleOf(), (alpha ?? 1).Negate().Native, out var r), r);
    }

    /// <summary>x - value.</summary>
    public Tensor Sub(Scalar value) => Wrap(Native.nt_tensor_add_scalar(Handle, value.Native, ((Scalar)(-1)).Native, out var r), r);

    /// <summary>x · other (broadcasting).</summary>
    public Tensor Mul(Tensor other) => Binary(Native.nt_tensor_mul, other);
    /// <summary>x · value.</summary>
    public Tensor Mul(Scalar value) => WithScalar(Native.nt_tensor_mul_scalar, value);
    /// <summary>x / other (true division, broadcasting).</summary>
    public Tensor Div(Tensor other) => Binary(Native.nt_tensor_div, other);
    /// <summary>x / value.</summary>
    public Tensor Div(Scalar value) => WithScalar(Native.nt_tensor_div_scalar, value);
    /// <summary>x ^ exponent (broadcasting).</summary>
    public Tensor Pow(Tensor exponent) => Binary(Native.nt_tensor_pow, exponent);
    /// <summary>x ^ exponent.</summary>
    public Tensor Pow(Scalar exponent) => WithScalar(Native.nt_tensor_pow_scalar, exponent);
    /// <summary>Elementwise maximum (broadcasting).</summary>
    public Tensor Maximum(Tensor other) => Binary(Native.nt_tensor_maximum, other);
    /// <summary>Elementwise minimum (broadcasting).</summary>
    public Tensor Minimum(Tensor other) => Binary(Native.nt_tensor_minimum, other);

    // ---- comparisons and logic (Bool results) -------------------------------------------------------

    /// <summary>x == other.</summary>
    public Tensor Eq(Tensor other) => Binary(Native.nt_tensor_eq, other);
    /// <summary>x == value.</summary>
    public Tensor Eq(Scalar value) => WithScalar(Native.nt_tensor_eq_scalar, value);
    /// <summary>x != other.</summary>
    public Tensor Ne(Tensor other) => Binary(Native.nt_tensor_ne, other);
    /// <summary>x != value.</summary>
    public Tensor Ne(Scalar value) => WithScalar(Native.nt_tensor_ne_scalar, value);
    /// <summary>x &lt; other.</summary>
    public Tensor Lt(Tensor other) => Binary(Native.nt_tensor_lt, other);
    /// <summary>x &lt; value.</summary>
    public Tensor Lt(Scalar value) => WithScalar(Native.nt_tensor_lt_scalar, value);
    /// <summary>x ≤ other.</summary>
    public Tensor Le(Tensor other) => Binary(Native.nt_tensor_le, other);
    /// <summary>x ≤ value.</summary>
    public Tensor Le(Scalar value) => WithScalar(Native.nt_tensor_le_scalar, value);
    /// <summary>x &gt; other.</summary>
    public Tensor Gt(Tensor other) => Binary(Native.nt_tensor_gt, other);
    /// <summary>x &gt; value.</summary>
    public Tensor Gt(Scalar value) => WithScalar(Native.nt_tensor_gt_scalar, value);
    /// <summary>x ≥ other.</summary>
    public Tensor Ge(Tensor other) => Binary(Native.nt_tensor_ge, other);
    /// <summary>x ≥ value.</summary>
    public Tensor Ge(Scalar value) => WithScalar(Native.nt_tensor_ge_scalar, value);
    /// <summary>Elementwise boolean and.</summary>
    public Tensor LogicalAnd(Tensor other) => Binary(Native.nt_tensor_logical_and, other);
    /// <summary>Elementwise boolean or.</summary>
    public Tensor LogicalOr(Tensor other) => Binary(Native.nt_tensor_logical_or, other);

    // ---- operators ----------------------------------------------------------------------------------

    /// <summary>Elementwise sum.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Operand("+", a).Add(b);
    /// <summary>Adds a scalar.</summary>
    public static Tensor operator +(Tensor a, Scalar b) => Operand("+", a).Add(b);
    /// <summary>Adds a scalar.</summary>
    public static Tensor operator +(Scalar a, Tensor b) => Operand("+", b).Add(a);
    /// <summary>Elementwise difference.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Operand("-", a).Sub(b);
    /// <summary>Subtracts a scalar.</summary>
    public static Tensor operator -(Tensor a, Scalar b) => Operand("-", a).Sub(b);
    /// <summary>A scalar minus each element.</summary>
    public static Tensor operator -(Scalar a, Tensor b) => Operand("-", b).WithScalar(Native.nt_tensor_rsub_scalar, a, "RSub");
    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor a) => Operand("-", a).Neg();
    /// <summary>Elementwise product.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Operand("*", a).Mul(b);
    /// <summary>Multiplies by a scalar.</summary>
    public static Tensor operator *(Tensor a, Scalar b) => Operand("*", a).Mul(b);
    /// <summary>Multiplies by a scalar.</summary>
    public static Tensor operator *(Scalar a, Tensor b) => Operand("*", b).Mul(a);
    /// <summary>Elementwise quotient.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Operand("/", a).Div(b);
    /// <summary>Divides by a scalar.</summary>
    public static Tensor operator /(Tensor a, Scalar b) => Operand("/", a).Div(b);

    /// <summary>A scalar divided by each element.</summary>
    public static Tensor operator /(Scalar a, Tensor b)
    {
        using var reciprocal = Operand("/", b).Reciprocal();
        return reciprocal.Mul(a);
    }

    /// <summary>Elementwise a &lt; b.</summary>
    public static Tensor operator <(Tensor a, Tensor b) => Operand("<", a).Lt(b);
    /// <summary>Elementwise a &gt; b.</summary>
    public static Tensor operator >(Tensor a, Tensor b) => Operand(">", a).Gt(b);
    /// <summary>Elementwise a ≤ b.</summary>
    public static Tensor operator <=(Tensor a, Tensor b) => Operand("<=", a).Le(b);
    /// <summary>Elementwise a ≥ b.</summary>
    public static Tensor operator >=(Tensor a, Tensor b) => Operand(">=", a).Ge(b);
    /// <summary>Elementwise a &lt; b.</summary>
    public static Tensor operator <(Tensor a, Scalar b) => Operand("<", a).Lt(b);
    /// <summary>Elementwise a &gt; b.</summary>
    public static Tensor operator >(Tensor a, Scalar b) => Operand(">", a).Gt(b);
    /// <summary>Elementwise a ≤ b.</summary>
    public static Tensor operator <=(Tensor a, Scalar b) => Operand("<=", a).Le(b);
    /// <summary>Elementwise a ≥ b.</summary>
    public static Tensor operator >=(Tensor a, Scalar b) => Operand(">=", a).Ge(b);

    // ---- in place (return this) ---------------------------------------------------------------------

    private Tensor InPlace(int status, [CallerMemberName] string name = "")
    {
        NativeErrors.Check(status, name);
        return this;
    }

    /// <summary>x += alpha·other.</summary>
    public Tensor AddInPlace(Tensor other, Scalar? alpha = null) =>
        InPlace(Native.nt_tensor_add_(Handle, other.HandleOf(), (alpha ?? 1).Native));
    /// <summary>x += value.</summary>
    public Tensor AddInPlace(Scalar value) => InPlace(Native.nt_tensor_add_scalar_(Handle, value.Native));
    /// <summary>x *= other.</summary>
    public Tensor MulInPlace(Tensor other) => InPlace(Native.nt_tensor_mul_(Handle, other.HandleOf()));
    /// <summary>x *= value.</summary>
    public Tensor MulInPlace(Scalar value) => InPlace(Native.nt_tensor_mul_scalar_(Handle, value.Native));
    /// <summary>x /= other.</summary>
    public Tensor DivInPlace(Tensor other) => InPlace(Native.nt_tensor_div_(Handle, other.HandleOf()));
    /// <summary>x += value · a · b (a and b of x's dtype).</summary>
    public Tensor AddcmulInPlace(Tensor a, Tensor b, Scalar value)
    {
        SameDTypeOperands(nameof(AddcmulInPlace), a, nameof(a), b, nameof(b));
        return InPlace(Native.nt_tensor_addcmul_(Handle, a.HandleOf(), b.HandleOf(), value.Native));
    }

    /// <summary>x += value · a / b (a and b of x's dtype).</summary>
    public Tensor AddcdivInPlace(Tensor a, Tensor b, Scalar value)
    {
        SameDTypeOperands(nameof(AddcdivInPlace), a, nameof(a), b, nameof(b));
        return InPlace(Native.nt_tensor_addcdiv_(Handle, a.HandleOf(), b.HandleOf(), value.Native));
    }

    /// <summary>x += weight · (end − x): a soft update towards <paramref name="end"/> (of x's dtype).</summary>
    public Tensor LerpInPlace(Tensor end, Scalar weight)
    {
        SameDTypeOperands(nameof(LerpInPlace), end, nameof(end), end, nameof(end));
        return InPlace(Native.nt_tensor_lerp_(Handle, end.HandleOf(), weight.Native));
    }

    /// <summary>libtorch's addcmul_, addcdiv_ and lerp_ kernels do not convert operands (an operand of another dtype ends
    /// in an internal assertion), so the operands must have this tensor's dtype.</summary>
    private void SameDTypeOperands(string operation, Tensor a, string aName, Tensor b, string bName)
    {
        ArgumentNullException.ThrowIfNull(a, aName);
        ArgumentNullException.ThrowIfNull(b, bName);
        Checks.SameDType(operation, this, "the tensor updated in place", a, aName);
        Checks.SameDType(operation, this, "the tensor updated in place", b, bName);
    }

    /// <summary>Clamps into [min, max] in place.</summary>
    public Tensor ClampInPlace(double? min = null, double? max = null)
    {
        RequireBound(min, max);
        return InPlace(Native.nt_tensor_clamp_(Handle, min ?? 0, Flag(min.HasValue), max ?? 0, Flag(max.HasValue)));
    }

    /// <summary>Sets elements where <paramref name="mask"/> is true to <paramref name="value"/>.</summary>
    public Tensor MaskedFillInPlace(Tensor mask, Scalar value)
    {
        Checks.DType(nameof(MaskedFillInPlace), nameof(mask), mask, ScalarType.Bool);
        return InPlace(Native.nt_tensor_masked_fill_(Handle, mask.HandleOf(), value.Native));
    }

    /// <summary>Copies the values of <paramref name="source"/> (broadcast, converted) into this tensor.</summary>
    public Tensor CopyInPlace(Tensor source) => InPlace(Native.nt_tensor_copy_(Handle, source.HandleOf()));
    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public Tensor FillInPlace(Scalar value) => InPlace(Native.nt_tensor_fill_(Handle, value.Native));
    /// <summary>Sets every element to zero.</summary>
    public Tensor ZeroInPlace() => InPlace(Native.nt_tensor_zero_(Handle));

    internal static byte Flag(bool value) => value ? (byte)1 : (byte)0;
}
