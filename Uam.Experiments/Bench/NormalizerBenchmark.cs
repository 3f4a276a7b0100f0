using System.Globalization;
using Spectre.Console;
using Uam.Experiments.Models;
using Uam.Runtime;

namespace Uam.Experiments.Bench;

/// <summary>`uam bench normalizers`: a training step (forward, backward, SGD with momentum) of the paper's
/// 784-1000-1000-10 network at batch 128 with RN, RLN or SN on both hidden layers, fused and composite,
/// against the plain network, interleaved in one process. Ratios are medians of per-trial ratios to the
/// plain step measured in the same trial.</summary>
internal static class NormalizerBenchmark
{
    private sealed record Config(string Name, string Model, RegularityImplementation Implementation);

    public static (double Rn, double Rln, double Sn) Run(IAnsiConsole console, int steps, int trials, int batch)
    {
        Config[] configs =
        [
            new("plain", "baseline", RegularityImplementation.Fused),
            new("RN fused", "RN", RegularityImplementation.Fused),
            new("RLN fused", "RLN", RegularityImplementation.Fused),
            new("SN fused", "SN", RegularityImplementation.Fused),
            new("RN composite", "RN", RegularityImplementation.Composite),
            new("RLN composite", "RLN", RegularityImplementation.Composite),
            new("SN composite", "SN", RegularityImplementation.Composite),
        ];
        using var generator = new Generator(2026);
        using var x = torch.Randn([batch, 784], generator);
        using var y = torch.RandInt(0, 10, [batch], generator);
        var models = configs.Select(c => PaperModels.Classifiers[c.Model](new Generator(1),
            RegularityOptions.Default with { Implementation = c.Implementation })).ToArray();
        var optimizers = models.Select(m => new optim.SGD(m.Parameters(), 0.01, momentum: 0.9)).ToArray();

        double Steps(int i)
        {
            return Measure.Seconds(() =>
            {
                for (int s = 0; s < steps; s++)
                {
                    using var scope = torch.NewDisposeScope();
                    optimizers[i].ZeroGrad();
                    Tensor loss = nn.functional.NllLoss(PaperModels.Forward(models[i], x, y), y);
                    loss.Backward();
                    optimizers[i].Step();
                }
            }) / steps;
        }

        for (int i = 0; i < configs.Length; i++) Steps(i);   // warm-up: JIT, allocator, first-batch state
        var times = configs.Select(_ => new List<double>()).ToArray();
        Measure.Interleave(trials, configs.Select((_, i) => (Action)(() => times[i].Add(Steps(i)))).ToArray());
        foreach (var m in models) m.Dispose();
        foreach (var o in optimizers) o.Dispose();

        double Ratio(int i) => Measure.Median(times[i].Zip(times[0], (t, plain) => t / plain));
        var table = new Table().AddColumns("network", "ms per step (median)", "ratio to plain (paired median)");
        for (int i = 0; i < configs.Length; i++)
            table.AddRow(configs[i].Name, (Measure.Median(times[i]) * 1e3).ToString("F2", CultureInfo.InvariantCulture),
                i == 0 ? "1" : Ratio(i).ToString("F3", CultureInfo.InvariantCulture) + "x");
        console.MarkupLine($"784-1000-1000-10, batch {batch}, SGD + momentum; slots after fc1 and fc2; {trials} trials of {steps} steps; libtorch threads {torch.NumThreads}");
        console.Write(table);
        return (Ratio(1), Ratio(2), Ratio(3));
    }

    public static string ResultLine(double rn, double rln, double sn) =>
        string.Create(CultureInfo.InvariantCulture, $"RESULT normalizers rn_over_plain={rn:F3} rln_over_plain={rln:F3} sn_over_plain={sn:F3}");
}
