using System.Runtime.InteropServices;

namespace Uam.Runtime.Interop;

internal static partial class Native
{
    [LibraryImport(Library)] internal static partial int nt_tensor_requires_grad(TensorHandle a, out byte result);
    [LibraryImport(Library)] internal static partial int nt_tensor_set_requires_grad(TensorHandle a, byte requiresGrad);
    [LibraryImport(Library)] internal static partial int nt_tensor_is_leaf(TensorHandle a, out byte result);
    [LibraryImport(Library)] internal static partial int nt_tensor_detach(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_retain_grad(TensorHandle a);
    [LibraryImport(Library)] internal static partial int nt_tensor_grad(TensorHandle a, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_set_grad(TensorHandle a, TensorHandle grad);
    [LibraryImport(Library)] internal static partial int nt_autograd_backward(ReadOnlySpan<nint> outputs, ReadOnlySpan<nint> gradOutputs, int count, byte retainGraph, byte createGraph);
    [LibraryImport(Library)] internal static partial int nt_autograd_grad(ReadOnlySpan<nint> outputs, ReadOnlySpan<nint> gradOutputs, int outputCount, ReadOnlySpan<nint> inputs, int inputCount, byte retainGraph, byte createGraph, byte allowUnused, out TensorListHandle result);
    [LibraryImport(Library)] internal static partial int nt_grad_mode_is_enabled(out byte enabled);
    [LibraryImport(Library)] internal static partial int nt_grad_mode_set(byte enabled);
}
