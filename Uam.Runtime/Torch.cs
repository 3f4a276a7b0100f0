using System.Text;
using Uam.Runtime.Interop;

namespace Uam.Runtime;

/// <summary>The entry point, read like PyTorch: <c>torch.Randn([128, 784])</c>, <c>torch.NoGrad()</c>,
/// <c>torch.cuda.IsAvailable()</c>. Factories create Float32 tensors on the CPU unless told otherwise.</summary>
public static class torch
{
    static torch() => NativeLibraryLoader.EnsureLoaded();

    private static NativeOptions Options(ScalarType? dtype, Device? device, bool requiresGrad, ScalarType fallback = ScalarType.Float32)
    {
        Device target = device ?? Device.CPU;
        target.EnsureAvailable();
        ScalarType type = dtype ?? fallback;
        if (requiresGrad && !type.IsFloatingPoint())
            throw new ArgumentException($"requiresGrad: only floating-point tensors can require gradients, not {type}.", nameof(requiresGrad));
        return new NativeOptions(type, target, requiresGrad);
    }

    private static void CheckShape(ReadOnlySpan<long> shape)
    {
        foreach (long size in shape)
            if (size < 0) throw new ArgumentException($"shape {Checks.Format(shape)} has a negative size.", nameof(shape));
    }

    // ---- creation from .NET data -------------------------------------------------------------------

    /// <summary>A tensor holding a copy of <paramref name="data"/> in <paramref name="shape"/>
    /// (default: 1-D); the dtype follows <typeparamref name="T"/>.</summary>
    public static unsafe Tensor FromArray<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> shape = default, Device? device = null,
        bool requiresGrad = false) where T : unmanaged
    {
        ReadOnlySpan<long> dims = shape.IsEmpty && data.Length != 1 ? [data.Length] : shape;
        CheckShape(dims);
        long count = 1;
        foreach (long d in dims) count *= d;
        if (count != data.Length)
            throw new ArgumentException(
                $"FromArray: shape {Checks.Format(dims)} holds {count} elements, but {data.Length} were given.", nameof(shape));
        var options = Options(ScalarTypes.Of<T>(), device, requiresGrad);
        fixed (T* pointer = data)
            return Tensor.Wrap(Native.nt_tensor_from_data(pointer, (nuint)(data.Length * sizeof(T)), dims, dims.Length, options, out var r), r);
    }

    /// <summary>A tensor holding a copy of <paramref name="data"/> in <paramref name="shape"/> (default: 1-D).</summary>
    public static Tensor FromArray<T>(T[] data, ReadOnlySpan<long> shape = default, Device? device = null, bool requiresGrad = false)
        where T : unmanaged => FromArray((ReadOnlySpan<T>)data, shape, device, requiresGrad);

    /// <summary>A tensor from a rectangular 2-D array.</summary>
    public static Tensor FromArray<T>(T[,] data, Device? device = null, bool requiresGrad = false) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        var flat = new T[data.Length];
        int columns = data.GetLength(1), i = 0;
        for (int r = 0; r < data.GetLength(0); r++)
            for (int c = 0; c < columns; c++) flat[i++] = data[r, c];
        return FromArray(flat, [data.GetLength(0), columns], device, requiresGrad);
    }

    /// <summary>A 0-D tensor.</summary>
    public static Tensor Scalar(double value, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requiresGrad = false) =>
        Full([], value, dtype, device, requiresGrad);

    // ---- factories ----------------------------------------------------------------------------------

    /// <summary>Uninitialised values.</summary>
    public static Tensor Empty(ReadOnlySpan<long> shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requiresGrad = false)
    {
        CheckShape(shape);
        return Tensor.Wrap(Native.nt_tensor_empty(shape, shape.Length, Options(dtype, device, requiresGrad), out var r), r);
    }

    /// <summary>Every element equal to <paramref name="value"/>.</summary>
    public static Tensor Full(ReadOnlySpan<long> shape, Scalar value, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requiresGrad = false)
    {
        CheckShape(shape);
        return Tensor.Wrap(Native.nt_tensor_full(shape, shape.Length, value.Native, Options(dtype, device, requiresGrad), out var r), r);
    }

    /// <summary>Zeros.</summary>
    public static Tensor Zeros(ReadOnlySpan<long> shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requiresGrad = false) =>
        Full(shape, 0, dtype, device, requiresGrad);

    /// <summary>Ones.</summary>
    public static Tensor Ones(ReadOnlySpan<long> shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requiresGrad = false) =>
        Full(shape, 1, dtype, device, requiresGrad);

    /// <summary>Zeros shaped, typed and placed like <paramref name="like"/>.</summary>
    public static Tensor ZerosLike(Tensor like)
    {
        Checks.NotNull(nameof(ZerosLike), nameof(like), like);
        return Full(like.ShapeView, 0, like.DType, like.Device);
    }

    /// <summary>Ones shaped, typed and placed like <paramref name="like"/>.</summary>
    public static Tensor OnesLike(Tensor like)
    {
        Checks.NotNull(nameof(OnesLike), nameof(like), like);
        return Full(like.ShapeView, 1, like.DType, like.Device);
    }

    /// <summary>start, start+step, … below end.</summary>
    public static Tensor Arange(double start, double end, double step = 1, ScalarType dtype = ScalarType.Int64, Device? device = null)
    {
        if (step == 0) throw new ArgumentOutOfRangeException(nameof(step), step, "Arange: step must not be zero.");
        return Tensor.Wrap(Native.nt_tensor_arange(start, end, step, Options(dtype, device, false), out var r), r);
    }

    /// <summary>0, 1, … below end (Int64).</summary>
    public static Tensor Arange(long end) => Arange(0, end);

    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive.</summary>
    public static Tensor Linspace(double start, double end, long steps, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        Checks.NonNegative(nameof(Linspace), nameof(steps), steps);
        return Tensor.Wrap(Native.nt_tensor_linspace(start, end, steps, Options(dtype, device, false), out var r), r);
    }

    /// <summary>The identity matrix (rows × columns, default square).</summary>
    public static Tensor Eye(long rows, long? columns = null, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Tensor.Wrap(Native.nt_tensor_eye(rows, columns ?? rows, Options(dtype, device, false), out var r), r);

    // ---- random -------------------------------------------------------------------------------------

    /// <summary>Standard normal samples.</summary>
    public static Tensor Randn(ReadOnlySpan<long> shape, Generator? generator = null, ScalarType dtype = ScalarType.Float32,
        Device? device = null, bool requiresGrad = false)
    {
        CheckShape(shape);
        return Tensor.Wrap(Native.nt_tensor_randn(shape, shape.Length, Options(dtype, device, requiresGrad), Generator.HandleOrNull(generator), out var r), r);
    }

    /// <summary>Uniform samples from [0, 1).</summary>
    public static Tensor Rand(ReadOnlySpan<long> shape, Generator? generator = null, ScalarType dtype = ScalarType.Float32,
        Device? device = null, bool requiresGrad = false)
    {
        CheckShape(shape);
        return Tensor.Wrap(Native.nt_tensor_rand(shape, shape.Length, Options(dtype, device, requiresGrad), Generator.HandleOrNull(generator), out var r), r);
    }

    /// <summary>Uniform integers from [low, high).</summary>
    public static Tensor RandInt(long low, long high, ReadOnlySpan<long> shape, Generator? generator = null,
        ScalarType dtype = ScalarType.Int64, Device? device = null)
    {
        CheckShape(shape);
        if (high <= low) throw new ArgumentException($"RandInt: high ({high}) must exceed low ({low}).", nameof(high));
        return Tensor.Wrap(Native.nt_tensor_randint(low, high, shape, shape.Length, Options(dtype, device, false), Generator.HandleOrNull(generator), out var r), r);
    }

    /// <summary>A random permutation of 0 … n−1 (Int64).</summary>
    public static Tensor RandPerm(long n, Generator? generator = null, Device? device = null)
    {
        Checks.NonNegative(nameof(RandPerm), nameof(n), n);
        return Tensor.Wrap(Native.nt_tensor_randperm(n, Options(ScalarType.Int64, device, false), Generator.HandleOrNull(generator), out var r), r);
    }

    /// <summary>Bernoulli samples with the given probabilities.</summary>
    public static Tensor Bernoulli(Tensor probabilities, Generator? generator = null) =>
        Tensor.Wrap(Native.nt_tensor_bernoulli(probabilities.HandleOf(), Generator.HandleOrNull(generator), out var r), r);

    /// <summary>Indices drawn from the rows of <paramref name="probabilities"/> (unnormalised weights).</summary>
    public static Tensor Multinomial(Tensor probabilities, long samples, bool replacement = false, Generator? generator = null)
    {
        Checks.Rank(nameof(Multinomial), nameof(probabilities), probabilities, 1, 2);
        Checks.Positive(nameof(Multinomial), nameof(samples), samples);
        return Tensor.Wrap(Native.nt_tensor_multinomial(probabilities.HandleOf(), samples, Tensor.Flag(replacement), Generator.HandleOrNull(generator), out var r), r);
    }

    /// <summary>Seeds libtorch's global generator (used wherever no generator is passed).</summary>
    public static void ManualSeed(ulong seed) => NativeErrors.Check(Native.nt_manual_seed(seed));

    // ---- joins and selection ------------------------------------------------------------------------

    /// <summary>Concatenates along an existing dimension; other sizes must agree.</summary>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, long dim = 0)
    {
        CheckJoin(nameof(Cat), tensors, dim, concatenated: true);
        using var handles = new HandleArray(tensors);
        return Tensor.Wrap(Native.nt_tensor_cat(handles.Pointers, tensors.Count, dim, out var r), r);
    }

    /// <summary>Stacks equally shaped tensors along a new dimension.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, long dim = 0)
    {
        CheckJoin(nameof(Stack), tensors, dim, concatenated: false);
        using var handles = new HandleArray(tensors);
        return Tensor.Wrap(Native.nt_tensor_stack(handles.Pointers, tensors.Count, dim, out var r), r);
    }

    private static void CheckJoin(string operation, IReadOnlyList<Tensor> tensors, long dim, bool concatenated)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0) throw new ArgumentException($"{operation}: needs at least one tensor.", nameof(tensors));
        for (int i = 0; i < tensors.Count; i++) Checks.NotNull(operation, $"tensor {i}", tensors[i]);
        Tensor first = tensors[0];
        int d = Checks.Dim(operation, first, dim, concatenated ? 0 : 1);
        for (int i = 1; i < tensors.Count; i++)
        {
            long[] a = first.ShapeView, b = tensors[i].ShapeView;
            bool compatible = a.Length == b.Length;
            for (int k = 0; compatible && k < a.Length; k++)
                compatible = a[k] == b[k] || (concatenated && k == d);
            if (!compatible)
                throw new ArgumentException(
                    $"{operation}: tensor 0 is {Checks.Format(a)} and tensor {i} is {Checks.Format(b)}; " +
                    (concatenated ? $"all sizes but dimension {dim} must match." : "all shapes must match."), nameof(tensors));
        }
    }

    /// <summary>Elements of <paramref name="a"/> where <paramref name="condition"/> is true, else of <paramref name="b"/>.</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        Checks.DType(nameof(Where), nameof(condition), condition, ScalarType.Bool);
        return Tensor.Wrap(Native.nt_tensor_where(condition.HandleOf(), a.HandleOf(), b.HandleOf(), out var r), r);
    }

    // ---- modes, memory, runtime ---------------------------------------------------------------------

    /// <summary>Stops autograd recording on this thread until the returned scope is disposed.</summary>
    public static GradModeScope NoGrad() => new(false);

    /// <summary>Turns autograd recording back on inside a <see cref="NoGrad"/> region.</summary>
    public static GradModeScope EnableGrad() => new(true);

    /// <summary>Opens a scope that will dispose every tensor created on this thread until it ends.</summary>
    public static DisposeScope NewDisposeScope() => new();

    /// <summary>Native tensor handles alive right now (exact; for leak tests).</summary>
    public static long LiveTensorCount => Native.nt_live_tensor_count();

    /// <summary>The most intra-op threads <see cref="NumThreads"/> accepts: 4 per logical processor (more only
    /// oversubscribes the machine).</summary>
    public static int MaxThreads => 4 * Environment.ProcessorCount;

    /// <summary>libtorch's intra-op thread count, and OpenBLAS's (1 to <see cref="MaxThreads"/>): the number of threads changes
    /// the summation order of matrix products, so one setting decides it for both.</summary>
    public static int NumThreads
    {
        get
        {
            NativeErrors.Check(Native.nt_get_num_threads(out int threads));
            return threads;
        }
        set
        {
            Checks.Positive(nameof(NumThreads), nameof(value), value);
            // OpenMP starts that many threads at the next parallel kernel: 100,000 of them hang the process for minutes.
            int limit = MaxThreads;
            if (value > limit)
                throw new ArgumentOutOfRangeException(nameof(value), value,
                    $"NumThreads: {value} threads on {Environment.ProcessorCount} logical processors; at most {limit} (4 per processor) are allowed.");
            NativeErrors.Check(Native.nt_set_num_threads(value));
        }
    }

    /// <summary>Makes libtorch use deterministic algorithms (or fail/warn where there are none).</summary>
    public static void UseDeterministicAlgorithms(bool enabled, bool warnOnly = false) =>
        NativeErrors.Check(Native.nt_set_deterministic(Tensor.Flag(enabled), Tensor.Flag(warnOnly)));

    /// <summary>libtorch's version, the shim's ABI, CUDA support and parallel settings (for logs and bug reports).</summary>
    public static unsafe string RuntimeInfo()
    {
        NativeErrors.Check(Native.nt_runtime_info(null, 0, out int needed));
        var buffer = new byte[needed];
        fixed (byte* pointer = buffer) NativeErrors.Check(Native.nt_runtime_info(pointer, buffer.Length, out _));
        return Encoding.UTF8.GetString(buffer, 0, Math.Max(0, needed - 1));
    }

    /// <summary>True when OpenBLAS is mapped into this process (libtorch runs ~40x slower on reference BLAS).</summary>
    public static bool IsOpenBlasLoaded()
    {
        NativeLibraryLoader.EnsureLoaded();
        return File.ReadLines("/proc/self/maps").Any(line => line.Contains("openblas", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>CUDA queries.</summary>
    public static class cuda
    {
        /// <summary>True when the loaded libtorch was built with CUDA and a device is present.</summary>
        public static bool IsAvailable()
        {
            NativeLibraryLoader.EnsureLoaded();
            NativeErrors.Check(Native.nt_cuda_is_available(out byte available));
            return available != 0;
        }

        /// <summary>Number of CUDA devices (0 without CUDA support).</summary>
        public static int DeviceCount()
        {
            NativeLibraryLoader.EnsureLoaded();
            NativeErrors.Check(Native.nt_cuda_device_count(out int count));
            return count;
        }
    }
}
