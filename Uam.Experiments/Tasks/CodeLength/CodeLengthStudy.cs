using System.Globalization;
using System.Text.Json.Serialization;
using Uam.Experiments.Cli;
using Uam.Experiments.Studies;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.CodeLength;

/// <summary>The payload of one run: the code length of every call, the fitted growth before the shift, the jump at it.</summary>
internal sealed record CodeLengthRun(
    [property: JsonPropertyName("code_length")] double[] CodeLength,
    [property: JsonPropertyName("slope")] double Slope,
    [property: JsonPropertyName("intercept")] double Intercept,
    [property: JsonPropertyName("jump")] double Jump);

internal sealed class CodeLengthStudy(CodeLengthOptions options) : Study<NoSharedData, CodeLengthRun>
{
    public const string Variant = "variant", Batch = "batch";

    public override string Task => CodeLengthTask.TaskName;

    public override string Protocol =>
        string.Create(CultureInfo.InvariantCulture, $"steps={options.Steps}|shift={options.Shift:R}|features={options.Features}");

    public override StudyGrid Grid { get; } = new(
    [
        Axis.Of(Axis.Seed, options.Common.Seeds), Axis.Of(Batch, options.BatchSizes),
        Axis.Of(Variant, options.Variants.Select(v => v.PaperName())),
    ]);

    public override StudyOptions Common => options.Common;

    public override IReadOnlyList<string> Arguments(StudyOptions common) =>
    [
        CodeLengthTask.TaskName, "--variants", .. options.Variants.Select(v => v.PaperName()),
        "--batch-sizes", .. options.BatchSizes.Select(b => b.ToString(CultureInfo.InvariantCulture)),
        "--steps", options.Steps.ToString(CultureInfo.InvariantCulture), "--shift", options.Shift.ToString("R", CultureInfo.InvariantCulture),
        "--features", options.Features.ToString(CultureInfo.InvariantCulture), .. common.ToArguments(),
    ];

    public override string RunName(RunPoint point) => $"{point[Variant]}-b{point[Batch]}-s{point.Seed}";

    public override NoSharedData Prepare() => new();

    public override CodeLengthRun Run(RunPoint point, NoSharedData data, RunContext context)
    {
        RegularityVariant variant = CodeLengthOptions.ParseVariant(point[Variant]);
        int batch = point.Integer(Batch), middle = options.Steps / 2;
        using var generator = new Generator((ulong)point.Seed);
        using var slot = new nn.RegularityNorm(variant, options.Features);
        slot.Trace = new RegularityTrace("slot");
        slot.Train();
        for (int step = 0; step < options.Steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            Tensor x = torch.Randn([batch, options.Features], generator);
            if (step >= middle && options.Shift != 0) x = x + options.Shift;
            slot.Forward(x);
            context.Progress(step + 1, options.Steps, "");
        }
        double[] codeLength = slot.Trace.Records.Select(r => r.CodeLengthMean).ToArray();
        // Least squares of l against ln(step) over the stationary half, past the first few calls (where the
        // statistics are still settling and COMP's prior unit still counts).
        var fit = Enumerable.Range(4, middle - 4).Select(i => (X: Math.Log(i + 1), Y: codeLength[i])).ToList();
        double mx = fit.Average(p => p.X), my = fit.Average(p => p.Y);
        double slope = fit.Sum(p => (p.X - mx) * (p.Y - my)) / fit.Sum(p => (p.X - mx) * (p.X - mx));
        return new CodeLengthRun(codeLength, slope, my - slope * mx, codeLength[middle] - codeLength[middle - 1]);
    }

    public override string Describe(CodeLengthRun run) => string.Create(CultureInfo.InvariantCulture, $"slope {run.Slope:F3}, jump {run.Jump:F3}");
}
