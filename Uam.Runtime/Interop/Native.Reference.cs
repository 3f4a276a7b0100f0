using System.Runtime.InteropServices;

namespace Uam.Runtime.Interop;

internal static partial class Native
{
    [LibraryImport(Library)] internal static partial int nt_reference_optimizer_run(int kind, ReadOnlySpan<double> options, int optionCount, TensorHandle initial, TensorHandle weights, double curvature, int steps, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_bench_add_loop(TensorHandle a, TensorHandle b, long iterations, out double seconds);
    [LibraryImport(Library)] internal static partial int nt_bench_mlp_train(TensorHandle input, TensorHandle target, ReadOnlySpan<nint> weights, ReadOnlySpan<nint> biases, int layers, double learningRate, double momentum, int steps, out double seconds, out double lastLoss);
}
