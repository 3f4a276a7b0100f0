using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Uam.Runtime.Interop;

namespace Uam.Runtime;

/// <summary>A libtorch tensor. Every operation returns a fresh tensor that the caller owns; in-place
/// operations (suffix <c>InPlace</c>) return this same object; no operation disposes its inputs.</summary>
/// <remarks>Dispose tensors, or create them inside a <see cref="DisposeScope"/> (one per training step)
/// so the scope frees every temporary at once. A finalizer frees forgotten tensors as a backstop.</remarks>
public sealed partial class Tensor : IDisposable
{
    private TensorHandle _handle;
    private long[]? _shape;            // shape and dtype never change for a handle: cached on first use
    private ScalarType? _dtype;
    internal DisposeScope? OwningScope;

    static Tensor() => NativeLibraryLoader.EnsureLoaded();

    internal Tensor(TensorHandle handle)
    {
        _handle = handle;
        DisposeScope.Current?.Attach(this);
    }

    internal TensorHandle Handle
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if (_handle.IsClosed) ThrowDisposed();
            return _handle;
        }
    }

    private static void ThrowDisposed() => throw new ObjectDisposedException(nameof(Tensor),
        "The tensor was disposed, explicitly or by its dispose scope. To keep a tensor beyond its scope, call " +
        "MoveToOuterDisposeScope() or DetachFromDisposeScope() on it before the scope ends.");

    /// <summary>True once the tensor was disposed (explicitly or by its scope).</summary>
    public bool IsDisposed => _handle.IsClosed;

    /// <summary>Frees the native tensor now. Idempotent.</summary>
    public void Dispose() => _handle.Dispose();

    // ---- metadata -----------------------------------------------------------------------------------

    /// <summary>The sizes of each dimension (a copy).</summary>
    public long[] Shape => (long[])ShapeView.Clone();

    internal long[] ShapeView => _shape ??= QueryShape();

    private long[] QueryShape()
    {
        Span<long> dims = stackalloc long[8];
        NativeErrors.Check(Native.nt_tensor_shape(Handle, dims, dims.Length, out int ndim), nameof(Shape));
        if (ndim <= dims.Length) return dims[..ndim].ToArray();
        var large = new long[ndim];
        NativeErrors.Check(Native.nt_tensor_shape(Handle, large, ndim, out _), nameof(Shape));
        return large;
    }

    /// <summary>Number of dimensions.</summary>
    public int Dim => ShapeView.Length;

    /// <summary>Size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public long Size(int dim) => ShapeView[Checks.SizedDim(nameof(Size), this, dim)];

    /// <summary>Total number of elements.</summary>
    public long NumElements
    {
        get
        {
            long n = 1;
            foreach (long d in ShapeView) n *= d;
            return n;
        }
    }

    /// <summary>The element type.</summary>
    public ScalarType DType
    {
        get
        {
            if (_dtype is { } known) return known;
            NativeErrors.Check(Native.nt_tensor_dtype(Handle, out int code), nameof(DType));
            _dtype = (ScalarType)code;
            return _dtype.Value;
        }
    }

    /// <summary>The device holding the data.</summary>
    public Device Device
    {
        get
        {
            NativeErrors.Check(Native.nt_tensor_device(Handle, out int type, out int index), nameof(Device));
            return new Device((DeviceType)type, index);
        }
    }

    // ---- conversions --------------------------------------------------------------------------------

    /// <summary>A copy converted to <paramref name="dtype"/> (this tensor itself if it already has it).</summary>
    public Tensor To(ScalarType dtype) => ToCore(dtype, Device);

    /// <summary>A copy on <paramref name="device"/>.</summary>
    public Tensor To(Device device)
    {
        device.EnsureAvailable();
        return ToCore(DType, device);
    }

    private Tensor ToCore(ScalarType dtype, Device device)
    {
        NativeErrors.Check(Native.nt_tensor_to(Handle, (int)dtype, (int)device.Type, device.Index, out var result), "To");
        return new Tensor(result);
    }

    /// <summary>A deep copy that keeps autograd history.</summary>
    public Tensor Clone() => Wrap(Native.nt_tensor_clone(Handle, out var r), r);

    /// <summary>A contiguous tensor with the same values.</summary>
    public Tensor Contiguous() => Wrap(Native.nt_tensor_contiguous(Handle, out var r), r);

    /// <summary>A second handle to the same tensor (same storage, same autograd node), owned separately.</summary>
    public Tensor Alias() => Wrap(Native.nt_tensor_alias(Handle, out var r), r);

    /// <summary>Copies the elements into a new array; <typeparamref name="T"/> must match <see cref="DType"/>.</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        var result = new T[NumElements];
        CopyTo<T>(result);
        return result;
    }

    /// <summary>Copies the elements (row-major) into <paramref name="destination"/>, which must have exactly
    /// <see cref="NumElements"/> elements of a type matching <see cref="DType"/>.</summary>
    public unsafe void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        ScalarType expected = ScalarTypes.Of<T>();
        if (expected != DType)
            throw new ArgumentException(
                $"CopyTo<{typeof(T).Name}>: the tensor holds {DType}, not {expected}; convert it with To(ScalarType.{expected}) first.",
                nameof(destination));
        if (destination.Length != NumElements)
            throw new ArgumentException(
                $"CopyTo: the tensor {Checks.Format(ShapeView)} has {NumElements} elements, the destination {destination.Length}.",
                nameof(destination));
        fixed (T* pointer = destination)
            NativeErrors.Check(Native.nt_tensor_copy_to(Handle, pointer, (nuint)(destination.Length * sizeof(T))), "CopyTo");
    }

    /// <summary>Number of bytes of the elements (row-major, contiguous).</summary>
    internal long ByteCount => NumElements * DType.ElementSize();

    /// <summary>Copies the raw element bytes, whatever the dtype (for serialization).</summary>
    internal unsafe void CopyBytesTo(Span<byte> destination)
    {
        fixed (byte* pointer = destination)
            NativeErrors.Check(Native.nt_tensor_copy_to(Handle, pointer, (nuint)destination.Length), "CopyTo");
    }

    /// <summary>A CPU tensor made from raw element bytes (for serialization).</summary>
    internal static unsafe Tensor FromBytes(ReadOnlySpan<byte> data, ReadOnlySpan<long> shape, ScalarType dtype)
    {
        fixed (byte* pointer = data)
            return Wrap(Native.nt_tensor_from_data(pointer, (nuint)data.Length, shape, shape.Length,
                new NativeOptions(dtype, Device.CPU, false), out var r), r, "FromBytes");
    }

    /// <summary>The value of a one-element tensor.</summary>
    public T Item<T>() where T : unmanaged
    {
        if (NumElements != 1)
            throw new InvalidOperationException($"Item: only a one-element tensor has an item; this one is {Checks.Format(ShapeView)}.");
        Span<T> one = stackalloc T[1];
        CopyTo(one);
        return one[0];
    }

    /// <summary>The value of a one-element tensor of any numeric dtype, as a double.</summary>
    public double ToDouble()
    {
        if (DType == ScalarType.Float64) return Item<double>();
        using var converted = To(ScalarType.Float64);
        return converted.Item<double>();
    }

    /// <summary>All elements as doubles, whatever the dtype (a convenience for tests and reports).</summary>
    public double[] ToDoubleArray()
    {
        if (DType == ScalarType.Float64) return ToArray<double>();
        using var converted = To(ScalarType.Float64);
        return converted.ToArray<double>();
    }

    // ---- scopes -------------------------------------------------------------------------------------

    /// <summary>Hands this tensor to the scope enclosing its current one (or to none), so it outlives the
    /// current scope. Returns this tensor.</summary>
    public Tensor MoveToOuterDisposeScope()
    {
        OwningScope?.MoveToOuter(this);
        return this;
    }

    /// <summary>Removes this tensor from every dispose scope: the caller must dispose it. Returns this tensor.</summary>
    public Tensor DetachFromDisposeScope()
    {
        OwningScope = null;
        return this;
    }

    /// <summary>Replaces the native tensor behind this object (used when a module moves its parameters
    /// to another device or dtype, so references held by optimizers stay valid).</summary>
    internal void ReplaceWith(Tensor source)
    {
        var old = _handle;
        _handle = source._handle;
        _shape = source._shape;
        _dtype = source._dtype;
        source._handle = new TensorHandle();
        source.OwningScope = null;
        old.Dispose();
    }

    // ---- helpers shared by the partial files --------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Tensor Wrap(int status, TensorHandle result, [CallerMemberName] string operation = "")
    {
        NativeErrors.Check(status, operation);
        return new Tensor(result);
    }

    internal static Tensor? WrapOptional(int status, TensorHandle result, [CallerMemberName] string operation = "")
    {
        NativeErrors.Check(status, operation);
        if (result.IsInvalid)
        {
            result.Dispose();
            return null;
        }
        return new Tensor(result);
    }

    internal static TensorHandle HandleOrNull(Tensor? tensor) => tensor?.Handle ?? TensorHandle.Null;

    /// <summary>"Tensor[2,3] Float32 cpu" followed by the values when there are at most 64 of them.</summary>
    public override string ToString()
    {
        if (IsDisposed) return "Tensor(disposed)";
        var text = new StringBuilder($"Tensor{Checks.Format(ShapeView)} {DType} {Device}");
        if (NumElements is > 0 and <= 64 && DType != ScalarType.BFloat16 && DType != ScalarType.Float16)
        {
            text.Append(" [");
            text.AppendJoin(", ", ToDoubleArray().Select(v => v.ToString("G6", CultureInfo.InvariantCulture)));
            text.Append(']');
        }
        return text.ToString();
    }
}
