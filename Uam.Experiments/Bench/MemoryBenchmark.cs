using System.Globalization;
using Spectre.Console;
using Uam.Experiments.Models;
using Uam.Runtime;

namespace Uam.Experiments.Bench;

/// <summary>`uam bench memory`: a long training loop of the paper's network with RN (normalizer state,
/// optimizer state and all) in dispose scopes, sampling resident memory, native heap, managed heap and the
/// native live-tensor count, to show that none grows with the number of steps.</summary>
internal static class MemoryBenchmark
{
    public static (double RssGrowthMegabytes, double NativeGrowthMegabytes, long LiveTensorDelta) Run(IAnsiConsole console, int steps, int batch)
    {
        using var generator = new Generator(7);
        using var model = new ImbalancedMnistNet(Kind.RN, generator: generator);
        using var optimizer = new optim.Adam(model.Parameters(), 1e-3);
        using var x = torch.Randn([batch, 784], generator);
        using var y = torch.RandInt(0, 10, [batch], generator);

        void Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.ZeroGrad();
            Tensor loss = nn.functional.NllLoss(model.Forward(x), y);
            loss.Backward();
            optimizer.Step();
        }

        int warmUp = Math.Max(1, steps / 20);
        int sampleEvery = Math.Max(1, steps / 10);
        var samples = new List<(int Step, double Rss, double Native, double Managed, long Live)>();
        console.Progress().AutoClear(true).Start(context =>
        {
            var task = context.AddTask("training", maxValue: steps);
            for (int s = 1; s <= steps; s++)
            {
                Step();
                if (s == warmUp || s % sampleEvery == 0)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    samples.Add((s, Measure.ResidentMegabytes(), Measure.NativeHeapInUseMegabytes(),
                        GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024.0), torch.LiveTensorCount));
                }
                task.Increment(1);
            }
        });

        var table = new Table().AddColumns("step", "resident MiB", "native heap in use MiB", "managed heap MiB", "live tensors");
        foreach (var (step, rss, native, managed, live) in samples)
            table.AddRow(step.ToString(CultureInfo.InvariantCulture), $"{rss:F1}", $"{native:F2}", $"{managed:F2}", live.ToString(CultureInfo.InvariantCulture));
        console.Write(table);
        var baseline = samples[0];
        var last = samples[^1];
        double growth = last.Rss - baseline.Rss;
        double nativeGrowth = last.Native - baseline.Native;
        console.MarkupLine($"784-1000-1000-10 with RN, batch {batch}, Adam: resident memory after warm-up (step {baseline.Step}) " +
                           $"{baseline.Rss:F1} MiB, after step {last.Step} {last.Rss:F1} MiB ({growth:+0.0;-0.0} MiB); native heap in use " +
                           $"{nativeGrowth:+0.00;-0.00} MiB; live tensors {baseline.Live} → {last.Live}.");
        return (growth, nativeGrowth, last.Live - baseline.Live);
    }

    public static string ResultLine(double rssGrowth, double nativeGrowth, long liveDelta) =>
        string.Create(CultureInfo.InvariantCulture,
            $"RESULT memory rss_growth_mb={rssGrowth:F1} native_heap_growth_mb={nativeGrowth:F2} live_tensor_delta={liveDelta}");
}
