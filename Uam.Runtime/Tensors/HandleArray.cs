using System.Runtime.InteropServices;
using Uam.Runtime.Interop;

namespace Uam.Runtime;

/// <summary>Raw handles of several tensors for one native call that takes an array of them, each
/// reference-counted for the duration so that a concurrent Dispose cannot free it mid-call.</summary>
internal readonly struct HandleArray : IDisposable
{
    private readonly SafeHandle?[] _held;
    public readonly nint[] Pointers;

    /// <summary>Null entries stay null pointers (meaning "none" to the shim).</summary>
    public HandleArray(IReadOnlyList<Tensor?> tensors)
    {
        _held = new SafeHandle?[tensors.Count];
        Pointers = new nint[tensors.Count];
        try
        {
            for (int i = 0; i < tensors.Count; i++)
            {
                if (tensors[i] is not { } tensor) continue;
                TensorHandle handle = tensor.HandleOf();
                bool added = false;
                handle.DangerousAddRef(ref added);
                _held[i] = handle;
                Pointers[i] = handle.DangerousGetHandle();
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        for (int i = 0; i < _held.Length; i++)
        {
            _held[i]?.DangerousRelease();
            _held[i] = null;
        }
    }
}
