namespace Uam.Runtime;

/// <summary>Argument checks made in managed code before a native call, so that messages name the
/// operation, the parameter and the shapes involved. libtorch's own checks remain the last line of defence.</summary>
internal static class Checks
{
    /// <summary>Throws the exception a null tensor argument deserves: it names the operation and the parameter (a
    /// NullReferenceException from deep inside would name neither).</summary>
    public static void NotNull(string operation, string parameter, [System.Diagnostics.CodeAnalysis.NotNull] Tensor? tensor)
    {
        if (tensor is null) throw new ArgumentNullException(parameter, $"{operation}: {parameter} is null.");
    }

    /// <summary>The native handle of the tensor argument <paramref name="tensor"/>, which must not be null.</summary>
    public static Interop.TensorHandle HandleOf(this Tensor? tensor, [System.Runtime.CompilerServices.CallerMemberName] string operation = "",
        [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(tensor))] string parameter = "")
    {
        NotNull(operation, parameter, tensor);
        return tensor.Handle;
    }

    public static string Format(ReadOnlySpan<long> shape) => "[" + string.Join(",", shape.ToArray()) + "]";

    /// <summary>Normalises a possibly negative dimension of <paramref name="tensor"/>, or throws.</summary>
    public static int Dim(string operation, Tensor tensor, long dim, int extra = 0)
    {
        int rank = tensor.Dim + extra;
        long normalised = dim < 0 ? dim + rank : dim;
        if (normalised < 0 || normalised >= Math.Max(rank, 1))
            throw new ArgumentOutOfRangeException(nameof(dim), dim,
                $"{operation}: dimension {dim} is out of range for a tensor of shape {Format(tensor.ShapeView)}.");
        return (int)normalised;
    }

    /// <summary>A dimension whose size is read: unlike <see cref="Dim"/>, a 0-D tensor (which libtorch lets reductions
    /// treat as having a dimension 0) has none.</summary>
    public static int SizedDim(string operation, Tensor tensor, long dim)
    {
        if (tensor.Dim == 0)
            throw new ArgumentOutOfRangeException(nameof(dim), dim,
                $"{operation}: the tensor is 0-D (a single value), so it has no dimension {dim}.");
        return Dim(operation, tensor, dim);
    }

    public static void Rank(string operation, string parameter, Tensor tensor, params int[] allowed)
    {
        NotNull(operation, parameter, tensor);
        if (Array.IndexOf(allowed, tensor.Dim) >= 0) return;
        string expected = string.Join(" or ", allowed.Select(r => $"{r}-D"));
        throw new ArgumentException(
            $"{operation}: {parameter} must be {expected}, but it is {Format(tensor.ShapeView)}.", parameter);
    }

    public static void DType(string operation, string parameter, Tensor tensor, params ScalarType[] allowed)
    {
        NotNull(operation, parameter, tensor);
        if (Array.IndexOf(allowed, tensor.DType) >= 0) return;
        throw new ArgumentException(
            $"{operation}: {parameter} must be {string.Join(" or ", allowed)}, but it is {tensor.DType}.", parameter);
    }

    public static void FloatingPoint(string operation, string parameter, Tensor tensor)
    {
        NotNull(operation, parameter, tensor);
        if (tensor.DType.IsFloatingPoint()) return;
        throw new ArgumentException(
            $"{operation}: {parameter} must be a floating-point tensor, but it is {tensor.DType}.", parameter);
    }

    public static void SameDType(string operation, Tensor left, string leftName, Tensor right, string rightName)
    {
        NotNull(operation, leftName, left);
        NotNull(operation, rightName, right);
        if (left.DType == right.DType) return;
        throw new ArgumentException(
            $"{operation}: {leftName} is {left.DType} and {rightName} is {right.DType}; the dtypes must match.", rightName);
    }

    public static void SameShape(string operation, Tensor left, string leftName, Tensor right, string rightName)
    {
        NotNull(operation, leftName, left);
        NotNull(operation, rightName, right);
        if (left.ShapeView.AsSpan().SequenceEqual(right.ShapeView)) return;
        throw new ArgumentException(
            $"{operation}: {leftName} is {Format(left.ShapeView)} and {rightName} is {Format(right.ShapeView)}; the shapes must match.",
            rightName);
    }

    /// <summary>Checks that two shapes broadcast together (numpy rules), naming both when they do not.</summary>
    public static void Broadcastable(string operation, Tensor left, Tensor right)
    {
        NotNull(operation, "the left operand", left);
        NotNull(operation, "other", right);
        long[] a = left.ShapeView, b = right.ShapeView;
        for (int i = 1; i <= Math.Min(a.Length, b.Length); i++)
        {
            long x = a[^i], y = b[^i];
            if (x != y && x != 1 && y != 1)
                throw new ArgumentException(
                    $"{operation}: shapes {Format(a)} and {Format(b)} cannot be broadcast together " +
                    $"(size {x} against {y} at dimension -{i}).");
        }
    }

    /// <summary>The shape two broadcastable tensors broadcast to.</summary>
    public static long[] BroadcastShape(Tensor left, Tensor right)
    {
        long[] a = left.ShapeView, b = right.ShapeView;
        var result = new long[Math.Max(a.Length, b.Length)];
        for (int i = 1; i <= result.Length; i++)
        {
            long x = i <= a.Length ? a[^i] : 1, y = i <= b.Length ? b[^i] : 1;
            result[^i] = x == 1 ? y : x;
        }
        return result;
    }

    public static void Positive(string operation, string parameter, double value)
    {
        if (value > 0) return;
        throw new ArgumentOutOfRangeException(parameter, value, $"{operation}: {parameter} must be positive.");
    }

    public static void NonNegative(string operation, string parameter, double value)
    {
        if (value >= 0) return;
        throw new ArgumentOutOfRangeException(parameter, value, $"{operation}: {parameter} must be >= 0.");
    }

    /// <summary>a·b for sizes computed from arguments, or an exception naming them when the product overflows.</summary>
    public static long Product(string operation, string what, long a, long b)
    {
        try { return checked(a * b); }
        catch (OverflowException)
        {
            throw new ArgumentOutOfRangeException(what, $"{operation}: {what} = {a}·{b} overflows a 64-bit size.");
        }
    }
}
