namespace Uam.Runtime;

/// <summary>Element types, carrying libtorch's numeric codes (pinned by static_asserts in the shim).</summary>
public enum ScalarType
{
    /// <summary>Unsigned 8-bit integer (<see cref="byte"/>).</summary>
    UInt8 = 0,
    /// <summary>Signed 8-bit integer (<see cref="sbyte"/>).</summary>
    Int8 = 1,
    /// <summary>Signed 16-bit integer (<see cref="short"/>).</summary>
    Int16 = 2,
    /// <summary>Signed 32-bit integer (<see cref="int"/>).</summary>
    Int32 = 3,
    /// <summary>Signed 64-bit integer (<see cref="long"/>): class labels and indices.</summary>
    Int64 = 4,
    /// <summary>IEEE half precision (<see cref="Half"/>); few CPU kernels support it in libtorch 1.13.</summary>
    Float16 = 5,
    /// <summary>Single precision (<see cref="float"/>), the default.</summary>
    Float32 = 6,
    /// <summary>Double precision (<see cref="double"/>), used by gradient checks.</summary>
    Float64 = 7,
    /// <summary>Boolean, one byte per element (<see cref="bool"/>).</summary>
    Bool = 11,
    /// <summary>bfloat16 (raw <see cref="ushort"/> bits); few CPU kernels support it in libtorch 1.13.</summary>
    BFloat16 = 15,
}

/// <summary>Facts about <see cref="ScalarType"/> values and their .NET element types.</summary>
public static class ScalarTypes
{
    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this ScalarType type) => type switch
    {
        ScalarType.UInt8 or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown scalar type"),
    };

    /// <summary>True for the floating-point types (the ones that can carry gradients).</summary>
    public static bool IsFloatingPoint(this ScalarType type) =>
        type is ScalarType.Float16 or ScalarType.Float32 or ScalarType.Float64 or ScalarType.BFloat16;

    /// <summary>True for the integer types (Bool excluded).</summary>
    public static bool IsIntegral(this ScalarType type) =>
        type is ScalarType.UInt8 or ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 or ScalarType.Int64;

    /// <summary>The scalar type whose elements are <typeparamref name="T"/>.</summary>
    public static ScalarType Of<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return ScalarType.Float32;
        if (typeof(T) == typeof(double)) return ScalarType.Float64;
        if (typeof(T) == typeof(long)) return ScalarType.Int64;
        if (typeof(T) == typeof(int)) return ScalarType.Int32;
        if (typeof(T) == typeof(bool)) return ScalarType.Bool;
        if (typeof(T) == typeof(byte)) return ScalarType.UInt8;
        if (typeof(T) == typeof(sbyte)) return ScalarType.Int8;
        if (typeof(T) == typeof(short)) return ScalarType.Int16;
        if (typeof(T) == typeof(Half)) return ScalarType.Float16;
        throw new NotSupportedException($"{typeof(T).Name} is not a tensor element type.");
    }

    /// <summary>The name used in safetensors headers (F32, I64, BOOL, ...).</summary>
    internal static string FileCode(this ScalarType type) => type switch
    {
        ScalarType.UInt8 => "U8",
        ScalarType.Int8 => "I8",
        ScalarType.Int16 => "I16",
        ScalarType.Int32 => "I32",
        ScalarType.Int64 => "I64",
        ScalarType.Float16 => "F16",
        ScalarType.Float32 => "F32",
        ScalarType.Float64 => "F64",
        ScalarType.Bool => "BOOL",
        ScalarType.BFloat16 => "BF16",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown scalar type"),
    };

    /// <summary>Inverse of <see cref="FileCode"/>; null when the code is unknown.</summary>
    internal static ScalarType? FromFileCode(string code) => code switch
    {
        "U8" => ScalarType.UInt8,
        "I8" => ScalarType.Int8,
        "I16" => ScalarType.Int16,
        "I32" => ScalarType.Int32,
        "I64" => ScalarType.Int64,
        "F16" => ScalarType.Float16,
        "F32" => ScalarType.Float32,
        "F64" => ScalarType.Float64,
        "BOOL" => ScalarType.Bool,
        "BF16" => ScalarType.BFloat16,
        _ => null,
    };
}
