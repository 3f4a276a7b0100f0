using System.Runtime.InteropServices;

namespace Uam.Runtime.Interop;

internal static partial class Native
{
    [LibraryImport(Library)] internal static partial void nt_tensor_free(nint tensor);
    [LibraryImport(Library)] internal static unsafe partial int nt_tensor_from_data(void* data, nuint nbytes, ReadOnlySpan<long> dims, int ndim, NativeOptions options, out TensorHandle result);
    [LibraryImport(Library)] internal static unsafe partial int nt_tensor_copy_to(TensorHandle tensor, void* destination, nuint nbytes);
    [LibraryImport(Library)] internal static partial int nt_tensor_empty(ReadOnlySpan<long> dims, int ndim, NativeOptions options, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_full(ReadOnlySpan<long> dims, int ndim, NativeScalar value, NativeOptions options, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_arange(double start, double end, double step, NativeOptions options, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_linspace(double start, double end, long steps, NativeOptions options, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_eye(long rows, long columns, NativeOptions options, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_shape(TensorHandle tensor, Span<long> dims, int capacity, out int ndim);
    [LibraryImport(Library)] internal static partial int nt_tensor_dtype(TensorHandle tensor, out int dtype);
    [LibraryImport(Library)] internal static partial int nt_tensor_device(TensorHandle tensor, out int deviceType, out int deviceIndex);
    [LibraryImport(Library)] internal static partial int nt_tensor_to(TensorHandle tensor, int dtype, int deviceType, int deviceIndex, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_clone(TensorHandle tensor, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_contiguous(TensorHandle tensor, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_alias(TensorHandle tensor, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_copy_(TensorHandle destination, TensorHandle source);
    [LibraryImport(Library)] internal static partial int nt_tensor_fill_(TensorHandle tensor, NativeScalar value);
    [LibraryImport(Library)] internal static partial int nt_tensor_zero_(TensorHandle tensor);
}
