using System.Runtime.InteropServices;

namespace Uam.Runtime.Interop;

/// <summary>Mirror of <c>nt_scalar</c>: a scalar passed by value with its kind.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct NativeScalar
{
    public const int Real = 0, Integer = 1, Boolean = 2;

    public readonly double RealValue;
    public readonly long IntegerValue;
    public readonly int Kind;

    public NativeScalar(double real, long integer, int kind)
    {
        RealValue = real;
        IntegerValue = integer;
        Kind = kind;
    }
}

/// <summary>Mirror of <c>nt_options</c>: dtype, device and gradient flag of a new tensor.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct NativeOptions
{
    public readonly int DType;
    public readonly int DeviceType;
    public readonly int DeviceIndex;
    public readonly byte RequiresGrad;

    public NativeOptions(ScalarType dtype, Device device, bool requiresGrad)
    {
        DType = (int)dtype;
        DeviceType = (int)device.Type;
        DeviceIndex = device.Index;
        RequiresGrad = requiresGrad ? (byte)1 : (byte)0;
    }
}

/// <summary>Status codes returned by every shim export (<c>enum nt_status</c>).</summary>
internal enum NativeStatus
{
    Ok = 0,
    Argument = 1,
    Index = 2,
    Value = 3,
    Type = 4,
    NotImplemented = 5,
    LinearAlgebra = 6,
    OutOfMemory = 7,
    Torch = 8,
    Std = 9,
    Unknown = 10,
}
