using System.Globalization;
using Spectre.Console;
using Uam.Experiments.Models;
using Uam.Runtime;
using Uam.Runtime.Interop;

namespace Uam.Experiments.Bench;

/// <summary>`uam bench binding`: what the .NET binding costs over driving libtorch from C++, measured side by
/// side in one process. (1) A tiny op (adding two 2×3 tensors) through the binding versus the same op in
/// a C++ loop inside the shim. (2) A training step of the paper's 784-1000-1000-10 network at batch 128
/// with SGD + momentum through the binding (our modules and optimizer) versus the same step driven from
/// C++ with torch::optim::SGD, on identical copies of the weights and data. Trials are interleaved and
/// medians reported (the order alternates per trial) so that noise from other work on the machine and
/// order effects hit both sides alike.</summary>
internal static class BindingBenchmark
{
    public static (double StepRatio, double CallOverheadMicroseconds) Run(IAnsiConsole console, int calls, int steps, int trials)
    {
        console.MarkupLine($"libtorch threads: {torch.NumThreads}; OpenBLAS mapped: {torch.IsOpenBlasLoaded()}");
        var (bindingCall, nativeCall) = TinyOp(calls, trials);
        var (bindingStep, nativeStep, ratio, bindingLoss, nativeLoss) = TrainingStep(steps, trials);

        double overhead = (bindingCall - nativeCall) * 1e6;
        var table = new Table().AddColumns("measurement", "binding (.NET)", "C++ in the shim", "ratio");
        table.AddRow("tiny op: a + b, 2×3 float", $"{bindingCall * 1e6:F3} µs", $"{nativeCall * 1e6:F3} µs", $"{bindingCall / nativeCall:F2}x");
        table.AddRow("train step 784-1000-1000-10, batch 128", $"{bindingStep * 1e3:F2} ms", $"{nativeStep * 1e3:F2} ms", $"{ratio:F3}x (paired)");
        console.Write(table);
        console.MarkupLine(Spread);
        console.MarkupLine($"Per-call overhead of the binding: {overhead:F3} µs. Loss after the same steps: " +
                           $"binding {bindingLoss:F6}, C++ {nativeLoss:F6} (identical weights, data and order).");
        if (Math.Abs(bindingLoss - nativeLoss) > 1e-4 * Math.Max(1, Math.Abs(nativeLoss)))
            throw new InvalidOperationException($"The two training paths disagree: {bindingLoss} vs {nativeLoss}; the comparison is void.");
        return (ratio, overhead);
    }

    private static (double Binding, double Native) TinyOp(int calls, int trials)
    {
        using var a = torch.Ones([2, 3]);
        using var b = torch.Ones([2, 3]);
        void Binding()
        {
            for (int i = 0; i < calls; i++)
            {
                using var c = a + b;
            }
        }
        double Cpp() => NativeReference.AddLoopSeconds(a, b, calls);
        Binding();   // warm up the JIT and the allocator
        Cpp();
        var binding = new List<double>();
        var native = new List<double>();
        Measure.Interleave(trials, () => binding.Add(Measure.Seconds(Binding) / calls), () => native.Add(Cpp() / calls));
        return (Measure.Median(binding), Measure.Median(native));
    }

    private static string Spread = "";

    // The ratio is Measure.Paired's: the median over trials of binding/C++ within each trial.
    private static (double Binding, double Native, double PairedRatio, double BindingLoss, double NativeLoss) TrainingStep(int steps, int trials)
    {
        using var generator = new Generator(2024);
        using var bindingModel = new ImbalancedMnistNet(Kind.None, generator: generator);
        using var nativeModel = new ImbalancedMnistNet(Kind.None, generator: generator);
        nativeModel.LoadStateDict(bindingModel.StateDict());   // identical starting weights
        using var x = torch.Randn([128, 784], generator);
        using var y = torch.RandInt(0, 10, [128], generator);
        using var optimizer = new optim.SGD(bindingModel.Parameters(), 0.01, momentum: 0.9);
        // The baseline's layers follow the class's (absent) normalization, so their properties are typed as any module.
        nn.Linear[] nativeLayers = [(nn.Linear)nativeModel.Fc1, (nn.Linear)nativeModel.Fc2, (nn.Linear)nativeModel.Fc3];
        Tensor[] nativeWeights = nativeLayers.Select(l => l.Weight).ToArray();
        Tensor[] nativeBiases = nativeLayers.Select(l => l.Bias!).ToArray();
        double bindingLoss = 0, nativeLoss = 0;

        double Binding()
        {
            return Measure.Seconds(() =>
            {
                for (int s = 0; s < steps; s++)
                {
                    using var scope = torch.NewDisposeScope();
                    optimizer.ZeroGrad();
                    Tensor loss = nn.functional.NllLoss(bindingModel.Forward(x), y);
                    loss.Backward();
                    optimizer.Step();
                    if (s == steps - 1) bindingLoss = loss.ToDouble();
                }
            });
        }

        // torch::optim::SGD is created inside each native call, so its momentum restarts per call: one buffer
        // copy per parameter per call, negligible over `steps` steps. The warm-up round starts both sides
        // fresh from the same weights, which makes their losses comparable.
        double Cpp()
        {
            var (seconds, loss) = NativeReference.MlpTrain(x, y, nativeWeights, nativeBiases, 0.01, 0.9, steps);
            nativeLoss = loss;
            return seconds;
        }

        // The warm-up round is also the correctness check: both start from the same weights.
        double firstBindingLoss = 0, firstNativeLoss = 0;
        var timing = Measure.Paired(trials, steps, Binding, Cpp, () => (firstBindingLoss, firstNativeLoss) = (bindingLoss, nativeLoss));
        var (binding, native) = (timing.BindingTrials, timing.NativeTrials);
        Spread = $"per-step trials, min / median / max (ms): binding {Measure.Describe(binding, 1e3)}; C++ {Measure.Describe(native, 1e3)}; " +
                 $"ratio of minima {binding.Min() / native.Min():F3}x";
        return (timing.Binding, timing.Native, timing.Ratio, firstBindingLoss, firstNativeLoss);
    }

    public static string ResultLine(double ratio, double overhead) =>
        string.Create(CultureInfo.InvariantCulture, $"RESULT binding step_ratio={ratio:F3} call_overhead_us={overhead:F3}");
}
