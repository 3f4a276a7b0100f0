using System.Globalization;
using Spectre.Console;
using Uam.Runtime;

namespace Uam.Experiments.Bench;

/// <summary>`uam bench attention`: multi-head attention forward and backward (batch 32, 8 heads, sequence 128, width 512)
/// through <c>nn.MultiHeadAttention</c> beside the same computation written inline from tensor ops (what the module adds:
/// its checks, its scope, its mask handling), and one NTM step: a read and a write head addressing a 128 × 20 memory from
/// a 100-feature controller (batch 32), the read, the write, forward and backward.</summary>
internal static class AttentionBenchmark
{
    public static (double MhaMilliseconds, double NtmStepMilliseconds) Run(IAnsiConsole console, int trials)
    {
        console.MarkupLine($"libtorch threads: {torch.NumThreads}; median of {trials} interleaved trials");
        const int batch = 32, heads = 8, length = 128, width = 512;
        using var generator = new Generator(3);
        using var module = new nn.MultiHeadAttention(width, heads, generator: generator);
        using var input = torch.Randn([batch, length, width], generator);
        double Module() => Measure.Seconds(() =>
        {
            using var scope = torch.NewDisposeScope();
            var (output, _) = module.Forward(input, input, input);
            output.Square().Mean().Backward();
            module.ZeroGrad();
        });
        double Inline() => Measure.Seconds(() =>
        {
            using var scope = torch.NewDisposeScope();
            Tensor Split(Tensor x) => x.Reshape(batch, length, heads, width / heads).Transpose(1, 2);
            Tensor q = Split(nn.functional.Linear(input, module.Query.Weight, module.Query.Bias));
            Tensor k = Split(nn.functional.Linear(input, module.Key.Weight, module.Key.Bias));
            Tensor v = Split(nn.functional.Linear(input, module.Value.Weight, module.Value.Bias));
            Tensor weights = (q.MatMul(k.Transpose(-2, -1)) * (1 / Math.Sqrt(width / heads))).Softmax(-1);
            Tensor merged = weights.MatMul(v).Transpose(1, 2).Contiguous().Reshape(batch, length, width);
            nn.functional.Linear(merged, module.Output.Weight, module.Output.Bias).Square().Mean().Backward();
            module.ZeroGrad();
        });
        Module();
        Inline();
        var moduleTimes = new List<double>();
        var inlineTimes = new List<double>();
        Measure.Interleave(trials, () => moduleTimes.Add(Module()), () => inlineTimes.Add(Inline()));
        double mha = Measure.Median(moduleTimes) * 1000, inline = Measure.Median(inlineTimes) * 1000;

        using var read = new nn.NtmHead(100, 20, generator: generator);
        using var write = new nn.NtmHead(100, 20, write: true, generator: generator);
        using var controller = torch.Randn([batch, 100], generator).SetRequiresGrad();
        using var memory = torch.Randn([batch, 128, 20], generator) * 0.1;
        using var previous = torch.Full([batch, 128], 1.0 / 128);
        double Step() => Measure.Seconds(() =>
        {
            using var scope = torch.NewDisposeScope();
            using var w = write.Address(controller, memory, previous);
            Tensor updated = nn.functional.NtmWrite(memory, w.Weights, w.Erase!, w.Add!);
            using var r = read.Address(controller, updated, previous);
            nn.functional.NtmRead(updated, r.Weights).Square().Sum().Backward();
            read.ZeroGrad();
            write.ZeroGrad();
        });
        Step();
        var stepTimes = new List<double>();
        for (int t = 0; t < trials * 4; t++) stepTimes.Add(Step());
        double ntm = Measure.Median(stepTimes) * 1000;

        var table = new Table().AddColumns("measurement", "median (ms)", "min / median / max (ms)");
        table.AddRow("nn.MultiHeadAttention forward + backward", mha.ToString("F1", CultureInfo.InvariantCulture), Measure.Describe(moduleTimes, 1000));
        table.AddRow("the same inline from tensor ops", inline.ToString("F1", CultureInfo.InvariantCulture), Measure.Describe(inlineTimes, 1000));
        table.AddRow("NTM step (write + read head, forward + backward)", ntm.ToString("F2", CultureInfo.InvariantCulture), Measure.Describe(stepTimes, 1000));
        console.Write(table);
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"module / inline: {mha / inline:F3}"));
        return (mha, ntm);
    }

    public static string ResultLine((double MhaMilliseconds, double NtmStepMilliseconds) result) =>
        string.Create(CultureInfo.InvariantCulture, $"RESULT attention mha_ms={result.MhaMilliseconds:F1} ntm_step_ms={result.NtmStepMilliseconds:F2}");
}
