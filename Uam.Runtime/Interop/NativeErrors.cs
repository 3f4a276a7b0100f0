using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Uam.Runtime.Interop;

/// <summary>Turns a non-zero shim status into the matching .NET exception, at once, on the calling thread.</summary>
internal static class NativeErrors
{
    /// <summary>Throws if <paramref name="status"/> is not OK; <paramref name="operation"/> names the op in the message.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Check(int status, [CallerMemberName] string operation = "")
    {
        if (status != 0) throw Translate((NativeStatus)status, operation);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Exception Translate(NativeStatus status, string operation)
    {
        // The message lives in a thread-local buffer valid until the next shim call: copy it first.
        string native = Marshal.PtrToStringUTF8(Native.nt_last_error_message()) ?? "(no message)";
        string message = $"{operation}: {native}";
        return status switch
        {
            NativeStatus.Index => new ArgumentOutOfRangeException(message, (Exception?)null),
            NativeStatus.Argument or NativeStatus.Value or NativeStatus.Type => new ArgumentException(message),
            NativeStatus.NotImplemented => new NotSupportedException(message),
            _ => new TorchException(KindOf(status), operation, native),
        };
    }

    private static TorchErrorKind KindOf(NativeStatus status) => status switch
    {
        NativeStatus.LinearAlgebra => TorchErrorKind.LinearAlgebra,
        NativeStatus.OutOfMemory => TorchErrorKind.OutOfMemory,
        NativeStatus.Torch => TorchErrorKind.Torch,
        NativeStatus.Std => TorchErrorKind.Std,
        _ => TorchErrorKind.Unknown,
    };
}
