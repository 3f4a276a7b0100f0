using System.Runtime.CompilerServices;
using Uam.Runtime.Interop;

namespace Uam.Runtime;

public sealed partial class Tensor
{
    private Tensor Reduce(ReductionOp op, ReadOnlySpan<long> dims, bool keepDim, [CallerMemberName] string name = "")
    {
        foreach (long d in dims) Checks.Dim(name, this, d);
        return Wrap(op(Handle, dims, dims.Length, Flag(keepDim), out var r), r, name);
    }

    /// <summary>Sum of every element (a 0-D tensor).</summary>
    public Tensor Sum() => Reduce(Native.nt_tensor_sum, default, false);
    /// <summary>Sum over <paramref name="dim"/>.</summary>
    public Tensor Sum(long dim, bool keepDim = false) => Reduce(Native.nt_tensor_sum, [dim], keepDim);
    /// <summary>Sum over <paramref name="dims"/>.</summary>
    public Tensor Sum(ReadOnlySpan<long> dims, bool keepDim = false) => Reduce(Native.nt_tensor_sum, dims, keepDim);

    /// <summary>Mean of every element.</summary>
    public Tensor Mean() => Reduce(Native.nt_tensor_mean, default, false);
    /// <summary>Mean over <paramref name="dim"/>.</summary>
    public Tensor Mean(long dim, bool keepDim = false) => Reduce(Native.nt_tensor_mean, [dim], keepDim);
    /// <summary>Mean over <paramref name="dims"/>.</summary>
    public Tensor Mean(ReadOnlySpan<long> dims, bool keepDim = false) => Reduce(Native.nt_tensor_mean, dims, keepDim);

    /// <summary>log Σ exp over every element, computed stably.</summary>
    public Tensor LogSumExp() => Reduce(Native.nt_tensor_logsumexp, default, false);
    /// <summary>log Σ exp over <paramref name="dim"/>.</summary>
    public Tensor LogSumExp(long dim, bool keepDim = false) => Reduce(Native.nt_tensor_logsumexp, [dim], keepDim);
    /// <summary>log Σ exp over <paramref name="dims"/>.</summary>
    public Tensor LogSumExp(ReadOnlySpan<long> dims, bool keepDim = false) => Reduce(Native.nt_tensor_logsumexp, dims, keepDim);

    /// <summary>Largest element (a 0-D tensor).</summary>
    public Tensor Max() => Reduce(Native.nt_tensor_amax, default, false);
    /// <summary>Largest elements over <paramref name="dims"/> (no indices).</summary>
    public Tensor AMax(ReadOnlySpan<long> dims, bool keepDim = false) => Reduce(Native.nt_tensor_amax, dims, keepDim);
    /// <summary>Smallest element (a 0-D tensor).</summary>
    public Tensor Min() => Reduce(Native.nt_tensor_amin, default, false);
    /// <summary>Smallest elements over <paramref name="dims"/> (no indices).</summary>
    public Tensor AMin(ReadOnlySpan<long> dims, bool keepDim = false) => Reduce(Native.nt_tensor_amin, dims, keepDim);

    /// <summary>Standard deviation of every element (unbiased: divides by n − 1).</summary>
    public Tensor Std(bool unbiased = true) => Moment(Native.nt_tensor_std, default, unbiased, false);
    /// <summary>Standard deviation over <paramref name="dims"/>.</summary>
    public Tensor Std(ReadOnlySpan<long> dims, bool unbiased = true, bool keepDim = false) =>
        Moment(Native.nt_tensor_std, dims, unbiased, keepDim);
    /// <summary>Variance of every element (unbiased: divides by n − 1).</summary>
    public Tensor Var(bool unbiased = true) => Moment(Native.nt_tensor_var, default, unbiased, false);
    /// <summary>Variance over <paramref name="dims"/>.</summary>
    public Tensor Var(ReadOnlySpan<long> dims, bool unbiased = true, bool keepDim = false) =>
        Moment(Native.nt_tensor_var, dims, unbiased, keepDim);

    private delegate int MomentOp(TensorHandle a, ReadOnlySpan<long> dims, int ndim, byte unbiased, byte keepdim, out TensorHandle result);

    private Tensor Moment(MomentOp op, ReadOnlySpan<long> dims, bool unbiased, bool keepDim, [CallerMemberName] string name = "")
    {
        foreach (long d in dims) Checks.Dim(name, this, d);
        return Wrap(op(Handle, dims, dims.Length, Flag(unbiased), Flag(keepDim), out var r), r, name);
    }

    /// <summary>The p-norm of every element, or over <paramref name="dims"/> when given.</summary>
    public Tensor Norm(double p = 2, ReadOnlySpan<long> dims = default, bool keepDim = false)
    {
        foreach (long d in dims) Checks.Dim(nameof(Norm), this, d);
        return Wrap(Native.nt_tensor_norm(Handle, p, dims, dims.Length, Flag(keepDim), out var r), r);
    }

    /// <summary>Largest values over <paramref name="dim"/> and where they are.</summary>
    public (Tensor Values, Tensor Indices) Max(long dim, bool keepDim = false)
    {
        Checks.Dim(nameof(Max), this, dim);
        NativeErrors.Check(Native.nt_tensor_max_dim(Handle, dim, Flag(keepDim), out var values, out var indices));
        return (new Tensor(values), new Tensor(indices));
    }

    /// <summary>Smallest values over <paramref name="dim"/> and where they are.</summary>
    public (Tensor Values, Tensor Indices) Min(long dim, bool keepDim = false)
    {
        Checks.Dim(nameof(Min), this, dim);
        NativeErrors.Check(Native.nt_tensor_min_dim(Handle, dim, Flag(keepDim), out var values, out var indices));
        return (new Tensor(values), new Tensor(indices));
    }

    /// <summary>Index of the largest element of the flattened tensor.</summary>
    public Tensor ArgMax() => Wrap(Native.nt_tensor_argmax(Handle, 0, 0, 0, out var r), r);

    /// <summary>Indices of the largest elements over <paramref name="dim"/>.</summary>
    public Tensor ArgMax(long dim, bool keepDim = false)
    {
        Checks.Dim(nameof(ArgMax), this, dim);
        return Wrap(Native.nt_tensor_argmax(Handle, dim, 1, Flag(keepDim), out var r), r);
    }

    /// <summary>Index of the smallest element of the flattened tensor.</summary>
    public Tensor ArgMin() => Wrap(Native.nt_tensor_argmin(Handle, 0, 0, 0, out var r), r);

    /// <summary>Indices of the smallest elements over <paramref name="dim"/>.</summary>
    public Tensor ArgMin(long dim, bool keepDim = false)
    {
        Checks.Dim(nameof(ArgMin), this, dim);
        return Wrap(Native.nt_tensor_argmin(Handle, dim, 1, Flag(keepDim), out var r), r);
    }

    /// <summary>Running sum along <paramref name="dim"/>.</summary>
    public Tensor CumSum(long dim)
    {
        Checks.Dim(nameof(CumSum), this, dim);
        return Wrap(Native.nt_tensor_cumsum(Handle, dim, out var r), r);
    }
}

public sealed partial class Tensor
{
    /// <summary>exp(x) / Σ exp(x) over <paramref name="dim"/>.</summary>
    public Tensor Softmax(long dim)
    {
        Checks.Dim(nameof(Softmax), this, dim);
        Checks.FloatingPoint(nameof(Softmax), "input", this);
        return Wrap(Native.nt_softmax(Handle, dim, out var r), r);
    }

    /// <summary>log softmax over <paramref name="dim"/>, computed stably.</summary>
    public Tensor LogSoftmax(long dim)
    {
        Checks.Dim(nameof(LogSoftmax), this, dim);
        Checks.FloatingPoint(nameof(LogSoftmax), "input", this);
        return Wrap(Native.nt_log_softmax(Handle, dim, out var r), r);
    }
}
