using Uam.Runtime;
using Xunit;

// Tests touch process-wide native state (seeds, grad mode, thread count): run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Uam.Runtime.Tests;

/// <summary>Assertions and builders shared by the runtime tests.</summary>
internal static class TestSupport
{
    /// <summary>A Float64 tensor with the given values and shape.</summary>
    public static Tensor F64(double[] values, params long[] shape) => torch.FromArray(values, shape.Length == 0 ? [values.Length] : shape);

    /// <summary>A Float32 tensor with the given values and shape.</summary>
    public static Tensor F32(float[] values, params long[] shape) => torch.FromArray(values, shape.Length == 0 ? [values.Length] : shape);

    /// <summary>Asserts every element of <paramref name="actual"/> is within <paramref name="tolerance"/> of <paramref name="expected"/>.</summary>
    public static void Close(double[] expected, Tensor actual, double tolerance = 1e-6)
    {
        double[] values = actual.ToDoubleArray();
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - values[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]:R}, got {values[i]:R} (tolerance {tolerance})");
    }

    /// <summary>Asserts a one-element tensor equals <paramref name="expected"/> within <paramref name="tolerance"/>.</summary>
    public static void Close(double expected, Tensor actual, double tolerance = 1e-6) => Close([expected], actual, tolerance);

    /// <summary>The live native tensor count once the garbage collector has finalized every unreachable tensor
    /// (other tests' undisposed temporaries would otherwise vanish from the count at random moments).</summary>
    public static long SettledLiveTensorCount()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return torch.LiveTensorCount;
    }

    /// <summary>Asserts the shape.</summary>
    public static void Shape(Tensor tensor, params long[] expected) => Assert.Equal(expected, tensor.Shape);
}
