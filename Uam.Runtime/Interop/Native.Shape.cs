using System.Runtime.InteropServices;

namespace Uam.Runtime.Interop;

internal delegate int DimsOp(TensorHandle a, ReadOnlySpan<long> dims, int ndim, out TensorHandle result);

internal static partial class Native
{
    [LibraryImport(Library)] internal static partial int nt_tensor_reshape(TensorHandle a, ReadOnlySpan<long> dims, int ndim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_view(TensorHandle a, ReadOnlySpan<long> dims, int ndim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_expand(TensorHandle a, ReadOnlySpan<long> dims, int ndim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_repeat(TensorHandle a, ReadOnlySpan<long> dims, int ndim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_permute(TensorHandle a, ReadOnlySpan<long> dims, int ndim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_flip(TensorHandle a, ReadOnlySpan<long> dims, int ndim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_transpose(TensorHandle a, long dim0, long dim1, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_flatten(TensorHandle a, long startDim, long endDim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_squeeze(TensorHandle a, long dim, byte hasDim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_unsqueeze(TensorHandle a, long dim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_slice(TensorHandle a, long dim, long start, long end, long step, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_select(TensorHandle a, long dim, long index, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_cat(ReadOnlySpan<nint> items, int count, long dim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_stack(ReadOnlySpan<nint> items, int count, long dim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_split(TensorHandle a, long splitSize, long dim, out TensorListHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_index_select(TensorHandle a, long dim, TensorHandle index, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_gather(TensorHandle a, long dim, TensorHandle index, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_scatter(TensorHandle a, long dim, TensorHandle index, TensorHandle source, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_masked_fill(TensorHandle a, TensorHandle mask, NativeScalar value, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_one_hot(TensorHandle indices, long classes, out TensorHandle result);

    [LibraryImport(Library)] internal static partial int nt_tensor_list_size(TensorListHandle list, out int size);
    [LibraryImport(Library)] internal static partial int nt_tensor_list_take(TensorListHandle list, int index, out TensorHandle result);
    [LibraryImport(Library)] internal static partial void nt_tensor_list_free(nint list);
}
