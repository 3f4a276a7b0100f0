using Uam.Runtime;
using Xunit;

namespace Uam.Runtime.Tests.Autograd;

/// <summary>Compares autograd gradients with central finite differences in float64.</summary>
internal static class GradientCheck
{
    /// <summary>Checks d(Σ f(inputs)·w)/d(inputs) for a fixed random weighting w of the output, so that every
    /// output element's gradient is exercised (not just their sum).</summary>
    public static void Verify(string name, Func<Tensor[], Tensor> f, double[][] inputs, long[][] shapes,
        double step = 1e-6, double tolerance = 1e-6)
    {
        using var scope = torch.NewDisposeScope();
        Tensor[] leaves = inputs.Select((values, i) => torch.FromArray(values, shapes[i]).SetRequiresGrad()).ToArray();
        Tensor output = f(leaves);
        using var weightGenerator = new Generator(1234);
        Tensor weights = torch.Randn(output.ShapeView, weightGenerator, ScalarType.Float64);
        Tensor objective = (output * weights).Sum();
        Tensor?[] analytic = Uam.Runtime.Autograd.Grad([objective], leaves, allowUnused: true);
        double[] w = weights.ToArray<double>();

        double Objective(double[][] point)
        {
            using var inner = torch.NewDisposeScope();
            using var noGrad = torch.NoGrad();
            Tensor[] xs = point.Select((values, i) => torch.FromArray(values, shapes[i])).ToArray();
            double[] y = f(xs).ToDoubleArray();
            return y.Select((v, i) => v * w[i]).Sum();
        }

        for (int input = 0; input < inputs.Length; input++)
        {
            double[] expected = new double[inputs[input].Length];
            for (int j = 0; j < expected.Length; j++)
            {
                double[][] plus = inputs.Select(a => (double[])a.Clone()).ToArray();
                double[][] minus = inputs.Select(a => (double[])a.Clone()).ToArray();
                plus[input][j] += step;
                minus[input][j] -= step;
                expected[j] = (Objective(plus) - Objective(minus)) / (2 * step);
            }
            double[] actual = analytic[input]?.ToDoubleArray() ?? new double[expected.Length];
            for (int j = 0; j < expected.Length; j++)
                Assert.True(Math.Abs(expected[j] - actual[j]) <= tolerance * Math.Max(1, Math.Abs(expected[j])),
                    $"{name}: d/d(input {input})[{j}] autograd {actual[j]:R} vs finite difference {expected[j]:R}");
        }
    }
}
