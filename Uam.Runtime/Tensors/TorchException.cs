namespace Uam.Runtime;

/// <summary>What kind of native failure a <see cref="TorchException"/> reports.</summary>
public enum TorchErrorKind
{
    /// <summary>libtorch rejected the call (a <c>c10::Error</c>): shapes, dtypes, devices.</summary>
    Torch,
    /// <summary>A linear-algebra failure (singular matrix and the like).</summary>
    LinearAlgebra,
    /// <summary>Native memory ran out; callers may catch this and shrink the batch.</summary>
    OutOfMemory,
    /// <summary>A C++ standard-library exception.</summary>
    Std,
    /// <summary>Something thrown that is not an exception class.</summary>
    Unknown,
}

/// <summary>A failure inside libtorch, caught at the shim boundary and raised here.</summary>
public sealed class TorchException : Exception
{
    internal TorchException(TorchErrorKind kind, string operation, string nativeMessage)
        : base($"{operation}: {nativeMessage}")
    {
        Kind = kind;
        Operation = operation;
        NativeMessage = nativeMessage;
    }

    /// <summary>The kind of failure.</summary>
    public TorchErrorKind Kind { get; }

    /// <summary>The operation that failed, as named by the .NET API.</summary>
    public string Operation { get; }

    /// <summary>libtorch's own message, without a C++ backtrace.</summary>
    public string NativeMessage { get; }
}
