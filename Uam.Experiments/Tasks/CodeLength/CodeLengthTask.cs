using System.CommandLine;
using Spectre.Console;
using Uam.Experiments.Cli;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.CodeLength;

/// <summary><c>uam code-length</c>: how a regularity slot's code length grows on stationary data, and how it reacts
/// to a shift. The smallest complete study on the study layer (and the second task of its tests): one slot fed
/// Gaussian batches drawn from the seed, no dataset. It measures what the report's "code length − ln(step)" view
/// assumes: on stationary data COMP gains one batch's mass per step, so l grows like ln(step) with slope ≈ 1.</summary>
internal sealed class CodeLengthTask : IStudyTask
{
    public const string TaskName = "code-length";

    public string Name => TaskName;

    public Command CreateCommand()
    {
        var variants = new Option<string[]>("--variants")
        {
            Description = "Slot variants by the paper's names: RN (whole layer), RLN (per feature), RBN (per sample).",
            DefaultValueFactory = _ => ["RN", "RLN", "RBN"], AllowMultipleArgumentsPerToken = true,
        };
        var batches = new Option<string[]>("--batch-sizes")
        {
            Description = "Batch sizes (rows per call), a list and/or ranges.", DefaultValueFactory = _ => ["16", "128"], AllowMultipleArgumentsPerToken = true,
        };
        var steps = new Option<int>("--steps") { Description = "Training calls per run; the shift (if any) starts at the middle one.", DefaultValueFactory = _ => 400 };
        var shift = new Option<double>("--shift")
        {
            Description = "Mean shift of the input (in standard deviations) from the middle call on; 0: stationary throughout.", DefaultValueFactory = _ => 2,
        };
        var features = new Option<int>("--features") { Description = "Features per row.", DefaultValueFactory = _ => 32 };
        var common = new StudyOptionSet("runs/code-length", "the Gaussian batches fed to the slot", "1-3");
        var command = new Command(TaskName,
            "Feed one regularity slot Gaussian batches and record its code length at every call: the slope of l against ln(step) before " +
            "a mean shift, and the jump at the shift, per variant and batch size.")
        {
            variants, batches, steps, shift, features,
        };
        common.AddTo(command);
        command.SetAction((result, cancellation) =>
        {
            var options = new CodeLengthOptions(
                result.GetValue(variants)!.Select(CodeLengthOptions.ParseVariant).Distinct().ToList(),
                Lists.ParseIntegers(result.GetValue(batches)!, "--batch-sizes"), result.GetValue(steps), result.GetValue(shift), result.GetValue(features),
                common.Read(result));
            options.Validate();
            var study = new CodeLengthStudy(options);
            return Task.FromResult(StudyTasks.RunAndReport(study, CodeLengthReport.Build, AnsiConsole.Console, cancellation));
        });
        return command;
    }

    public Report Report(StudyResults results) => CodeLengthReport.Build(results);
}

/// <summary>The grid and protocol of a code-length study.</summary>
internal sealed record CodeLengthOptions(
    IReadOnlyList<RegularityVariant> Variants, IReadOnlyList<int> BatchSizes, int Steps, double Shift, int Features, StudyOptions Common)
{
    public static RegularityVariant ParseVariant(string name) => name.Trim().ToUpperInvariant() switch
    {
        "RN" => RegularityVariant.WholeLayer,
        "RLN" => RegularityVariant.PerFeature,
        "RBN" => RegularityVariant.PerSample,
        _ => throw new ArgumentException($"--variants: '{name}' is not RN, RLN or RBN."),
    };

    public void Validate()
    {
        if (Steps < 8) throw new ArgumentException("--steps must be at least 8.");
        if (Features < 1) throw new ArgumentException("--features must be at least 1.");
        if (BatchSizes.Any(b => b < 2)) throw new ArgumentException("--batch-sizes must be at least 2 (a slot needs a batch variance).");
        if (!double.IsFinite(Shift)) throw new ArgumentException("--shift must be finite.");
    }
}
