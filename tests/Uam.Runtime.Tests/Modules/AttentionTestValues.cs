using Xunit;

namespace Uam.Runtime.Tests.Modules;

/// <summary>Inputs and comparisons the attention-module tests share.</summary>
internal static class AttentionTestValues
{
    /// <summary><paramref name="count"/> values uniform in [−1, 1) from a seeded generator.</summary>
    public static double[] Uniform(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.NextDouble() * 2 - 1).ToArray();
    }

    /// <summary>Asserts that <paramref name="actual"/> holds <paramref name="expected"/> element by element.</summary>
    public static void Close(double[] expected, Tensor actual, double tolerance = 1e-12)
    {
        double[] values = actual.ToDoubleArray();
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < values.Length; i++) Assert.True(Math.Abs(expected[i] - values[i]) <= tolerance, $"[{i}]: {values[i]:R} vs {expected[i]:R}");
    }
}
