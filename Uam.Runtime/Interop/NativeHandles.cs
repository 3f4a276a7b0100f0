using System.Runtime.InteropServices;

namespace Uam.Runtime.Interop;

/// <summary>An owned native object released exactly once through the shim's own free function.</summary>
/// <remarks>SafeHandle rather than a raw pointer: release runs once even under racing disposes, and a
/// handle in use by a running P/Invoke cannot be freed under it. Subclasses need a
/// public parameterless constructor for the generated marshallers.</remarks>
internal abstract class NativeHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;
}

/// <summary>One owned reference to a native tensor (an <c>nt_tensor*</c>).</summary>
internal sealed class TensorHandle : NativeHandle
{
    /// <summary>Stands for "no tensor" in an optional argument: the generated marshallers take no null handle.</summary>
    internal static readonly TensorHandle Null = new();

    protected override bool ReleaseHandle()
    {
        Native.nt_tensor_free(handle);
        return true;
    }
}

/// <summary>An owned native random generator (<c>nt_generator*</c>).</summary>
internal sealed class GeneratorHandle : NativeHandle
{
    /// <summary>Stands for "the global generator" in an optional argument.</summary>
    internal static readonly GeneratorHandle Null = new();

    protected override bool ReleaseHandle()
    {
        Native.nt_generator_free(handle);
        return true;
    }
}

/// <summary>An owned native process group (<c>nt_process_group*</c>): its store and its Gloo group.</summary>
internal sealed class ProcessGroupHandle : NativeHandle
{
    protected override bool ReleaseHandle()
    {
        Native.nt_process_group_free(handle);
        return true;
    }
}

/// <summary>An owned native gradient reducer (<c>nt_gradient_reducer*</c>): its buckets and the hooks it put on the parameters.</summary>
internal sealed class GradientReducerHandle : NativeHandle
{
    protected override bool ReleaseHandle()
    {
        Native.nt_gradient_reducer_free(handle);
        return true;
    }
}

/// <summary>An owned native list of tensors (<c>nt_tensor_list*</c>), as returned by split and grad.</summary>
internal sealed class TensorListHandle : NativeHandle
{
    protected override bool ReleaseHandle()
    {
        Native.nt_tensor_list_free(handle);
        return true;
    }
}
