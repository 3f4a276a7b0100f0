using Uam.Runtime.Interop;

namespace Uam.Runtime;

/// <summary>Restores the thread's previous gradient mode when disposed. Always use it with <c>using</c>:
/// a mode left off on a pooled thread would silently poison later work.</summary>
public sealed class GradModeScope : IDisposable
{
    private readonly bool _previous;
    private bool _disposed;

    internal GradModeScope(bool enabled)
    {
        _previous = IsEnabled;
        Set(enabled);
    }

    /// <summary>Whether operations on this thread are recorded for autograd.</summary>
    public static bool IsEnabled
    {
        get
        {
            NativeLibraryLoader.EnsureLoaded();
            NativeErrors.Check(Native.nt_grad_mode_is_enabled(out byte enabled));
            return enabled != 0;
        }
    }

    private static void Set(bool enabled)
    {
        NativeLibraryLoader.EnsureLoaded();
        NativeErrors.Check(Native.nt_grad_mode_set(enabled ? (byte)1 : (byte)0));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Set(_previous);
    }
}
