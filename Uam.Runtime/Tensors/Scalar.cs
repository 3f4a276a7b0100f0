using Uam.Runtime.Interop;

namespace Uam.Runtime;

/// <summary>A number passed to a tensor operation by value, keeping whether it is integral, so that
/// <c>longTensor + 1</c> stays Int64 while <c>longTensor + 0.5</c> promotes to floating point.</summary>
public readonly struct Scalar
{
    internal readonly NativeScalar Native;

    private Scalar(NativeScalar native) => Native = native;

    /// <summary>A floating-point scalar.</summary>
    public static implicit operator Scalar(double value) => new(new NativeScalar(value, 0, NativeScalar.Real));

    /// <summary>A floating-point scalar.</summary>
    public static implicit operator Scalar(float value) => new(new NativeScalar(value, 0, NativeScalar.Real));

    /// <summary>An integral scalar.</summary>
    public static implicit operator Scalar(long value) => new(new NativeScalar(value, value, NativeScalar.Integer));

    /// <summary>An integral scalar.</summary>
    public static implicit operator Scalar(int value) => new(new NativeScalar(value, value, NativeScalar.Integer));

    /// <summary>A boolean scalar.</summary>
    public static implicit operator Scalar(bool value) =>
        new(new NativeScalar(value ? 1 : 0, value ? 1 : 0, NativeScalar.Boolean));

    /// <summary>The value as a double.</summary>
    public double ToDouble() => Native.Kind == NativeScalar.Real ? Native.RealValue : Native.IntegerValue;

    /// <summary>This scalar negated (used to express subtraction as addition).</summary>
    internal Scalar Negate() => Native.Kind == NativeScalar.Real
        ? new Scalar(new NativeScalar(-Native.RealValue, 0, NativeScalar.Real))
        : new Scalar(new NativeScalar(-Native.IntegerValue, -Native.IntegerValue, NativeScalar.Integer));

    /// <inheritdoc/>
    public override string ToString() => Native.Kind switch
    {
        NativeScalar.Real => Native.RealValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        NativeScalar.Boolean => Native.IntegerValue != 0 ? "true" : "false",
        _ => Native.IntegerValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
