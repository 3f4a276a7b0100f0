using System.Runtime.CompilerServices;
using Uam.Runtime.Interop;

namespace Uam.Runtime;

public sealed partial class Tensor
{
    private Tensor WithDims(DimsOp op, ReadOnlySpan<long> dims, [CallerMemberName] string name = "") =>
        Wrap(op(Handle, dims, dims.Length, out var r), r, name);

    /// <summary>The same elements in a new shape (one size may be -1); a view when possible.</summary>
    public Tensor Reshape(params ReadOnlySpan<long> shape)
    {
        CheckElementCount(nameof(Reshape), shape);
        return WithDims(Native.nt_tensor_reshape, shape);
    }

    /// <summary>A view with a new shape (one size may be -1); the tensor must be laid out compatibly.</summary>
    public Tensor View(params ReadOnlySpan<long> shape)
    {
        CheckElementCount(nameof(View), shape);
        return WithDims(Native.nt_tensor_view, shape);
    }

    private void CheckElementCount(string operation, ReadOnlySpan<long> shape)
    {
        long known = 1;
        int inferred = 0;
        foreach (long size in shape)
        {
            if (size == -1) inferred++;
            else if (size < 0) throw new ArgumentException($"{operation}: size {size} in {Checks.Format(shape)} is negative.", nameof(shape));
            else known *= size;
        }
        long count = NumElements;
        bool fits = inferred switch
        {
            0 => known == count,
            1 => known != 0 ? count % known == 0 : count == 0,
            _ => false,
        };
        if (!fits)
            throw new ArgumentException(
                $"{operation}: cannot make a tensor of {count} elements ({Checks.Format(ShapeView)}) into shape {Checks.Format(shape)}.",
                nameof(shape));
    }

    /// <summary>A broadcast view to <paramref name="shape"/> (-1 keeps a size).</summary>
    public Tensor Expand(params ReadOnlySpan<long> shape) => WithDims(Native.nt_tensor_expand, shape);
    /// <summary>Tiles the tensor <paramref name="repeats"/> times along each dimension.</summary>
    public Tensor Repeat(params ReadOnlySpan<long> repeats) => WithDims(Native.nt_tensor_repeat, repeats);

    /// <summary>Reorders the dimensions.</summary>
    public Tensor Permute(params ReadOnlySpan<long> order)
    {
        if (order.Length != Dim)
            throw new ArgumentException(
                $"Permute: {Checks.Format(order)} names {order.Length} dimensions, but the tensor {Checks.Format(ShapeView)} has {Dim}.",
                nameof(order));
        return WithDims(Native.nt_tensor_permute, order);
    }

    /// <summary>Reverses the order of elements along <paramref name="dims"/>.</summary>
    public Tensor Flip(params ReadOnlySpan<long> dims) => WithDims(Native.nt_tensor_flip, dims);

    /// <summary>Swaps two dimensions (a view).</summary>
    public Tensor Transpose(long dim0, long dim1)
    {
        Checks.Dim(nameof(Transpose), this, dim0);
        Checks.Dim(nameof(Transpose), this, dim1);
        return Wrap(Native.nt_tensor_transpose(Handle, dim0, dim1, out var r), r);
    }

    /// <summary>The transpose of a matrix.</summary>
    public Tensor T()
    {
        Checks.Rank(nameof(T), "tensor", this, 2);
        return Transpose(0, 1);
    }

    /// <summary>Merges dimensions <paramref name="startDim"/> to <paramref name="endDim"/> into one.</summary>
    public Tensor Flatten(long startDim = 0, long endDim = -1) =>
        Wrap(Native.nt_tensor_flatten(Handle, startDim, endDim, out var r), r);

    /// <summary>Removes every dimension of size 1.</summary>
    public Tensor Squeeze() => Wrap(Native.nt_tensor_squeeze(Handle, 0, 0, out var r), r);

    /// <summary>Removes dimension <paramref name="dim"/> if its size is 1.</summary>
    public Tensor Squeeze(long dim)
    {
        Checks.Dim(nameof(Squeeze), this, dim);
        return Wrap(Native.nt_tensor_squeeze(Handle, dim, 1, out var r), r);
    }

    /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/>.</summary>
    public Tensor Unsqueeze(long dim)
    {
        Checks.Dim(nameof(Unsqueeze), this, dim, extra: 1);
        return Wrap(Native.nt_tensor_unsqueeze(Handle, dim, out var r), r);
    }

    /// <summary>Elements start, start+step, … before end along <paramref name="dim"/> (a view). Bounds clamp
    /// like Python slices; negative bounds count from the end.</summary>
    public Tensor Slice(long dim, long start, long end, long step = 1)
    {
        int d = Checks.SizedDim(nameof(Slice), this, dim);
        Checks.Positive(nameof(Slice), nameof(step), step);
        // Python's bounds, computed here: libtorch's length (end − start + step − 1) / step overflows for a huge step.
        long size = ShapeView[d];
        long first = Math.Clamp(start < 0 ? Math.Max(start, -size) + size : start, 0, size);
        long last = Math.Clamp(end < 0 ? Math.Max(end, -size) + size : end, 0, size);
        if (last > first && step > last - first) step = last - first;   // the same single element at `first`
        return Wrap(Native.nt_tensor_slice(Handle, d, first, Math.Max(first, last), step, out var r), r);
    }

    /// <summary><paramref name="length"/> elements from <paramref name="start"/> along <paramref name="dim"/> (a view).</summary>
    public Tensor Narrow(long dim, long start, long length)
    {
        int d = Checks.SizedDim(nameof(Narrow), this, dim);
        // start > size − length rather than start + length > size: the sum overflows for lengths near long.MaxValue.
        if (start < 0 || length < 0 || start > ShapeView[d] || length > ShapeView[d] - start)
            throw new ArgumentOutOfRangeException(nameof(length),
                $"Narrow: start {start} and length {length} are outside dimension {dim} of size {ShapeView[d]}.");
        return Slice(dim, start, start + length);
    }

    /// <summary>The slice at <paramref name="index"/> of dimension <paramref name="dim"/>, which it removes (a view).</summary>
    public Tensor Select(long dim, long index)
    {
        int d = Checks.SizedDim(nameof(Select), this, dim);
        long size = ShapeView[d];
        if (index < -size || index >= size)
            throw new ArgumentOutOfRangeException(nameof(index), index,
                $"Select: index {index} is out of range for dimension {dim} of size {size}.");
        return Wrap(Native.nt_tensor_select(Handle, dim, index, out var r), r);
    }

    /// <summary>The sub-tensor at <paramref name="index"/> of the first dimension.</summary>
    [IndexerName("At")]
    public Tensor this[long index] => Select(0, index);

    /// <summary>Splits into chunks of <paramref name="splitSize"/> along <paramref name="dim"/> (the last may be smaller).</summary>
    public Tensor[] Split(long splitSize, long dim = 0)
    {
        Checks.Dim(nameof(Split), this, dim);
        Checks.Positive(nameof(Split), nameof(splitSize), splitSize);
        NativeErrors.Check(Native.nt_tensor_split(Handle, splitSize, dim, out var list));
        using (list) return Array.ConvertAll(TakeAll(list, nameof(Split)), t => t!);
    }

    /// <summary>Moves every item out of a native list; undefined items become null.</summary>
    internal static Tensor?[] TakeAll(TensorListHandle list, string operation)
    {
        NativeErrors.Check(Native.nt_tensor_list_size(list, out int count), operation);
        var result = new Tensor?[count];
        for (int i = 0; i < count; i++)
            result[i] = WrapOptional(Native.nt_tensor_list_take(list, i, out var item), item, operation);
        return result;
    }

    /// <summary>The entries at <paramref name="index"/> (1-D, Int64 or Int32) along <paramref name="dim"/>.</summary>
    public Tensor IndexSelect(long dim, Tensor index)
    {
        Checks.Dim(nameof(IndexSelect), this, dim);
        Checks.DType(nameof(IndexSelect), nameof(index), index, ScalarType.Int64, ScalarType.Int32);
        Checks.Rank(nameof(IndexSelect), nameof(index), index, 0, 1);
        // libtorch 1.13 allocates a 0-D result for a 0-D input and writes every index into it (heap corruption).
        if (Dim == 0 && index.NumElements != 1)
            throw new ArgumentException(
                $"IndexSelect: the input is 0-D (one value), so the index must hold exactly one entry (0), but it has {index.NumElements}.",
                nameof(index));
        if (Dim == 0)
        {
            using Tensor only = index.To(ScalarType.Int64);
            long value = only.Item<long>();
            if (value is not (0 or -1))
                throw new ArgumentOutOfRangeException(nameof(index), value, "IndexSelect: the only valid index into a 0-D input is 0 (or -1).");
        }
        return Wrap(Native.nt_tensor_index_select(Handle, dim, index.HandleOf(), out var r), r);
    }

    /// <summary>out[i][j] = x[i][index[i][j]] for dim 1 (and likewise for other dims); index is Int64.</summary>
    public Tensor Gather(long dim, Tensor index)
    {
        Checks.Dim(nameof(Gather), this, dim);
        Checks.DType(nameof(Gather), nameof(index), index, ScalarType.Int64);
        if (index.Dim != Dim)
            throw new ArgumentException(
                $"Gather: index {Checks.Format(index.ShapeView)} must have as many dimensions as the input {Checks.Format(ShapeView)}.",
                nameof(index));
        return Wrap(Native.nt_tensor_gather(Handle, dim, index.HandleOf(), out var r), r);
    }

    /// <summary>A copy with source values written at <paramref name="index"/> along <paramref name="dim"/>.</summary>
    public Tensor Scatter(long dim, Tensor index, Tensor source)
    {
        Checks.Dim(nameof(Scatter), this, dim);
        Checks.DType(nameof(Scatter), nameof(index), index, ScalarType.Int64);
        return Wrap(Native.nt_tensor_scatter(Handle, dim, index.HandleOf(), source.HandleOf(), out var r), r);
    }

    /// <summary>A copy with elements where <paramref name="mask"/> (Bool, broadcastable) is true set to <paramref name="value"/>.</summary>
    public Tensor MaskedFill(Tensor mask, Scalar value)
    {
        Checks.DType(nameof(MaskedFill), nameof(mask), mask, ScalarType.Bool);
        Checks.Broadcastable(nameof(MaskedFill), this, mask);
        return Wrap(Native.nt_tensor_masked_fill(Handle, mask.HandleOf(), value.Native, out var r), r);
    }

    /// <summary>One-hot encoding of Int64 class indices into a trailing dimension of <paramref name="classes"/>.</summary>
    public Tensor OneHot(long classes)
    {
        Checks.DType(nameof(OneHot), "indices", this, ScalarType.Int64);
        return Wrap(Native.nt_tensor_one_hot(Handle, classes, out var r), r);
    }
}
