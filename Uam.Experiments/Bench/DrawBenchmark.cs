using System.Globalization;
using Spectre.Console;
using Uam.Experiments.Tasks.Draw;
using Uam.Runtime;
using Uam.Runtime.Interop;

namespace Uam.Experiments.Bench;

/// <summary>`uam bench draw`: a training iteration of the default DRAW configuration (T = 10, 5 × 5 read and write, z = 100,
/// LSTMs of 256, batch 64, plain DRAW) through the binding (<see cref="DrawTrainer.Step"/>, as the study calls it) against the
/// same forward, backward, clipping and Adam step driven from C++ in the testing library, from identical weights, images and
/// noise; trials interleaved, the paired ratio's median reported.</summary>
internal static class DrawBenchmark
{
    public sealed record Result(double IterationRatio, double IterationsPerSecond);

    private const int Seed = 11;

    public static Result Run(IAnsiConsole console, int steps, int trials)
    {
        console.MarkupLine($"libtorch threads: {torch.NumThreads}");
        DrawSettings settings = DrawSettings.Default with { Shuffle = false };
        DrawShape shape = settings.Shape;
        using var images = torch.Rand([settings.BatchSize, shape.Pixels], new Generator(5));
        using var labels = torch.Zeros([settings.BatchSize], ScalarType.Int64);
        // One batch as the whole training set: every binding step reads it (a view), as the C++ loop reads its images.
        using var data = new DrawData(images.Clone(), labels.Clone());
        using var binding = new DrawTrainer(settings, Kind.None, data, Seed);
        using var twin = new DrawTrainer(settings, Kind.None, data, Seed);   // the same initial weights, handed to C++
        var nativeParameters = twin.Model.Parameters().ToList();
        using var noise = new Generator(Seed + 1_000_000);                  // the trainer's noise stream
        double bindingLoss = 0, nativeLoss = 0;

        double Binding()
        {
            return Measure.Seconds(() =>
            {
                for (int s = 0; s < steps; s++)
                {
                    var (reconstruction, latent) = binding.Step();
                    if (s == steps - 1) bindingLoss = reconstruction + latent;
                }
            });
        }

        double Cpp()
        {
            var (seconds, loss) = NativeReference.DrawTrain(images, nativeParameters, noise,
                (shape.Glimpses, shape.Width, shape.Height, shape.ReadPatch, shape.WritePatch),
                settings.LearningRate, settings.Beta1, settings.Beta2, settings.ClipNorm, steps);
            nativeLoss = loss;
            return seconds;
        }

        // The warm-up round is the correctness check: both sides start from the same weights and draw the same ε.
        double firstBinding = 0, firstNative = 0;
        var timing = Measure.Paired(trials, steps, Binding, Cpp, () => (firstBinding, firstNative) = (bindingLoss, nativeLoss));
        var (bindingTrials, nativeTrials, ratio, bindingStep, nativeStep) = (timing.BindingTrials, timing.NativeTrials, timing.Ratio, timing.Binding, timing.Native);

        var table = new Table().AddColumns("measurement", "binding (.NET)", "C++ in the shim", "ratio");
        table.AddRow($"DRAW iteration: T {shape.Glimpses}, N {shape.ReadPatch}/{shape.WritePatch}, z {shape.Latent}, LSTMs {shape.Encoder}, batch {settings.BatchSize}",
            $"{bindingStep * 1e3:F2} ms", $"{nativeStep * 1e3:F2} ms", $"{ratio:F3}x (paired)");
        console.Write(table);
        console.MarkupLine($"Iteration trials, min / median / max (ms): binding {Measure.Describe(bindingTrials, 1e3)}; C++ {Measure.Describe(nativeTrials, 1e3)}. " +
                           $"−bound after the same {steps} steps from the same weights: binding {firstBinding:F4}, C++ {firstNative:F4}.");
        if (Math.Abs(firstBinding - firstNative) > 1e-3 * Math.Max(1, Math.Abs(firstNative)))
            throw new InvalidOperationException($"The two DRAW training paths disagree: {firstBinding} vs {firstNative}; the comparison is void.");
        return new Result(ratio, 1 / bindingStep);
    }

    public static string ResultLine(Result result) => string.Create(CultureInfo.InvariantCulture,
        $"RESULT draw iter_ratio={result.IterationRatio:F3} iters_per_s={result.IterationsPerSecond:F2}");
}
