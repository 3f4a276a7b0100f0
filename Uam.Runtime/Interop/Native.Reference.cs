using System.Runtime.InteropServices;

namespace Uam.Runtime.Interop;

/// <summary>The testing library (Native/testing/, libnt_testing.so): test, benchmark and reference exports that users
/// do not need. It is built with the repository and copied beside libnt.so into every build output, but not packed:
/// from the package these calls throw DllNotFoundException.</summary>
internal static partial class Native
{
    internal const string TestingLibrary = "nt_testing";

    [LibraryImport(TestingLibrary)] internal static partial int nt_test_throw(int kind);
    [LibraryImport(TestingLibrary)] internal static partial int nt_reference_optimizer_run(int kind, ReadOnlySpan<double> options, int optionCount, TensorHandle initial, TensorHandle weights, double curvature, int steps, out TensorHandle result);
    [LibraryImport(TestingLibrary)] internal static partial int nt_bench_add_loop(TensorHandle a, TensorHandle b, long iterations, out double seconds);
    [LibraryImport(TestingLibrary)] internal static partial int nt_bench_mlp_train(TensorHandle input, TensorHandle target, ReadOnlySpan<nint> weights, ReadOnlySpan<nint> biases, int layers, double learningRate, double momentum, int steps, out double seconds, out double lastLoss);
    [LibraryImport(TestingLibrary)] internal static unsafe partial int nt_bench_dqn_learn(float* states, long* actions, float* rewards, float* nextStates, int* dones, int batch, int features, ReadOnlySpan<nint> local, ReadOnlySpan<nint> target, int layers, double gamma, double tau, double learningRate, int steps, out double seconds, out double lastLoss);
    [LibraryImport(TestingLibrary)] internal static partial int nt_bench_draw_train(TensorHandle images, ReadOnlySpan<nint> parameters, int parameterCount, GeneratorHandle noise, ReadOnlySpan<int> shape, double learningRate, double beta1, double beta2, double clipNorm, int steps, out double seconds, out double lastLoss);
}
