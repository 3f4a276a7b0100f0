using System.Runtime.InteropServices;

namespace Uam.Runtime.Interop;

/// <summary>Signatures shared by many math exports, so the public layer can pass them around.</summary>
internal delegate int UnaryOp(TensorHandle a, out TensorHandle result);
internal delegate int BinaryOp(TensorHandle a, TensorHandle b, out TensorHandle result);
internal delegate int ScalarOp(TensorHandle a, NativeScalar b, out TensorHandle result);
internal delegate int ReductionOp(TensorHandle a, ReadOnlySpan<long> dims, int ndim, byte keepdim, out TensorHandle result);

internal static partial class Native
{
    [LibraryImport(Library)] internal static partial int nt_tensor_neg(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_abs(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_exp(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_log(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_log1p(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_sqrt(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_rsqrt(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_square(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_reciprocal(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_sign(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_floor(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_sin(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_cos(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_erf(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_relu(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_tanh(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_sigmoid(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_log_sigmoid(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_logical_not(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_isnan(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_isfinite(TensorHandle a, out TensorHandle result);

    [LibraryImport(Library)] internal static partial int nt_tensor_mul(TensorHandle a, TensorHandle b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_div(TensorHandle a, TensorHandle b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_pow(TensorHandle a, TensorHandle b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_maximum(TensorHandle a, TensorHandle b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_minimum(TensorHandle a, TensorHandle b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_eq(TensorHandle a, TensorHandle b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_ne(TensorHandle a, TensorHandle b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_lt(TensorHandle a, TensorHandle b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_le(TensorHandle a, TensorHandle b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_gt(TensorHandle a, TensorHandle b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_ge(TensorHandle a, TensorHandle b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_logical_and(TensorHandle a, TensorHandle b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_logical_or(TensorHandle a, TensorHandle b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_matmul(TensorHandle a, TensorHandle b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_mm(TensorHandle a, TensorHandle b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_bmm(TensorHandle a, TensorHandle b, out TensorHandle result);

    [LibraryImport(Library)] internal static partial int nt_tensor_mul_scalar(TensorHandle a, NativeScalar b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_div_scalar(TensorHandle a, NativeScalar b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_pow_scalar(TensorHandle a, NativeScalar b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_rpow_scalar(TensorHandle a, NativeScalar b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_eq_scalar(TensorHandle a, NativeScalar b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_ne_scalar(TensorHandle a, NativeScalar b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_lt_scalar(TensorHandle a, NativeScalar b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_le_scalar(TensorHandle a, NativeScalar b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_gt_scalar(TensorHandle a, NativeScalar b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_ge_scalar(TensorHandle a, NativeScalar b, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_rsub_scalar(TensorHandle a, NativeScalar b, out TensorHandle result);

    [LibraryImport(Library)] internal static partial int nt_tensor_add(TensorHandle a, TensorHandle b, NativeScalar alpha, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_add_scalar(TensorHandle a, NativeScalar b, NativeScalar alpha, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_softplus(TensorHandle a, double beta, double threshold, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_leaky_relu(TensorHandle a, double slope, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_clamp(TensorHandle a, double min, byte hasMin, double max, byte hasMax, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_where(TensorHandle condition, TensorHandle a, TensorHandle b, out TensorHandle result);

    [LibraryImport(Library)] internal static partial int nt_tensor_add_(TensorHandle a, TensorHandle b, NativeScalar alpha);
    [LibraryImport(Library)] internal static partial int nt_tensor_add_scalar_(TensorHandle a, NativeScalar b);
    [LibraryImport(Library)] internal static partial int nt_tensor_mul_(TensorHandle a, TensorHandle b);
    [LibraryImport(Library)] internal static partial int nt_tensor_mul_scalar_(TensorHandle a, NativeScalar b);
    [LibraryImport(Library)] internal static partial int nt_tensor_div_(TensorHandle a, TensorHandle b);
    [LibraryImport(Library)] internal static partial int nt_tensor_addcmul_(TensorHandle a, TensorHandle b, TensorHandle c, NativeScalar value);
    [LibraryImport(Library)] internal static partial int nt_tensor_addcdiv_(TensorHandle a, TensorHandle b, TensorHandle c, NativeScalar value);
    [LibraryImport(Library)] internal static partial int nt_optim_adam_update(TensorHandle parameter, TensorHandle grad, TensorHandle expAvg, TensorHandle expAvgSq, TensorHandle maxExpAvgSq, double beta1, double beta2, double stepSize, double sqrtBiasCorrection2, double eps, double weightDecay);
    [LibraryImport(Library)] internal static partial int nt_soft_update(ReadOnlySpan<nint> targets, ReadOnlySpan<nint> sources, int count, double sourceWeight, double targetWeight);
    [LibraryImport(Library)] internal static partial int nt_tensor_lerp_(TensorHandle a, TensorHandle end, NativeScalar weight);
    [LibraryImport(Library)] internal static partial int nt_tensor_clamp_(TensorHandle a, double min, byte hasMin, double max, byte hasMax);
    [LibraryImport(Library)] internal static partial int nt_tensor_masked_fill_(TensorHandle a, TensorHandle mask, NativeScalar value);

    [LibraryImport(Library)] internal static partial int nt_tensor_sum(TensorHandle a, ReadOnlySpan<long> dims, int ndim, byte keepdim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_mean(TensorHandle a, ReadOnlySpan<long> dims, int ndim, byte keepdim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_logsumexp(TensorHandle a, ReadOnlySpan<long> dims, int ndim, byte keepdim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_amax(TensorHandle a, ReadOnlySpan<long> dims, int ndim, byte keepdim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_amin(TensorHandle a, ReadOnlySpan<long> dims, int ndim, byte keepdim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_std(TensorHandle a, ReadOnlySpan<long> dims, int ndim, byte unbiased, byte keepdim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_var(TensorHandle a, ReadOnlySpan<long> dims, int ndim, byte unbiased, byte keepdim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_norm(TensorHandle a, double p, ReadOnlySpan<long> dims, int ndim, byte keepdim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_max_dim(TensorHandle a, long dim, byte keepdim, out TensorHandle values, out TensorHandle indices);
    [LibraryImport(Library)] internal static partial int nt_tensor_min_dim(TensorHandle a, long dim, byte keepdim, out TensorHandle values, out TensorHandle indices);
    [LibraryImport(Library)] internal static partial int nt_tensor_argmax(TensorHandle a, long dim, byte hasDim, byte keepdim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_argmin(TensorHandle a, long dim, byte hasDim, byte keepdim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_cumsum(TensorHandle a, long dim, out TensorHandle result);
}
