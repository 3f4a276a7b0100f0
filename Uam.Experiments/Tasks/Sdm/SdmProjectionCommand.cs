using System.CommandLine;
using Spectre.Console;
using Uam.Experiments.Cli;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Tasks.Sdm;

/// <summary><c>uam sdm projection</c>.</summary>
internal static class SdmProjectionCommand
{
    public static Command Create()
    {
        var radii = new Option<string[]>("--radii") { Description = "Hamming radii at n = 64 (β fitted to each).", DefaultValueFactory = _ => ["5", "9", "11", "15"], AllowMultipleArgumentsPerToken = true };
        var beta = new Option<string[]>("--beta")
        {
            Description = "fixed (β = the binary fit) and/or learned (initialised at 3× the fit and trained with W_k, in log space).",
            DefaultValueFactory = _ => ["fixed", "learned"], AllowMultipleArgumentsPerToken = true,
        };
        var memory = new Option<int>("--memory") { Description = "Training images in the memory (the original: all 60,000).", DefaultValueFactory = _ => 10_000 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs over the memory, batches of 128, Adam 0.005.", DefaultValueFactory = _ => 10 };
        var queries = new Option<int>("--test-queries") { Description = "Perturbed queries per memory and level at test.", DefaultValueFactory = _ => 1000 };
        var faithful = new Option<bool>("--faithful") { Description = "Test images retrieved from the training memory, and the binary-fitted β for the cap-fitted attention (quirk 10)." };
        var common = new StudyOptionSet("runs/sdm-projection", "the projection's initialisation, the batches and the perturbations", "1-3");
        var command = new Command("projection",
            "Learn a key projection of Fashion-MNIST images into 64 dimensions through one softmax read (spec §3.2), then test the SDM and attention reads " +
            "through it on the training memory and on a held-out memory of test images.") { radii, beta, memory, epochs, queries, faithful };
        common.AddTo(command);
        command.SetAction((result, cancellation) =>
        {
            var radiusList = Lists.ParseIntegers(result.GetValue(radii)!, "--radii");
            if (radiusList.Any(r => r < 2 || r > 32)) throw new ArgumentException("--radii must lie in 2…32 (n = 64; the β fit needs d ≥ 2).");
            var modes = result.GetValue(beta)!.Distinct().ToList();
            if (modes.Any(m => m is not ("fixed" or "learned"))) throw new ArgumentException("--beta takes fixed and/or learned.");
            int size = result.GetValue(memory), epochCount = result.GetValue(epochs), queryCount = result.GetValue(queries);
            if (size < SdmProjectionOptions.BatchSize) throw new ArgumentException($"--memory must hold at least one batch ({SdmProjectionOptions.BatchSize}).");
            if (epochCount < 1 || queryCount < 1) throw new ArgumentException("--epochs and --test-queries must be at least 1.");
            var options = new SdmProjectionOptions(radiusList, modes, size, epochCount, queryCount, result.GetValue(faithful), common.Read(result));
            return Task.FromResult(StudyTasks.RunAndReport(new SdmProjectionStudy(options), SdmReport.Projection, AnsiConsole.Console, cancellation));
        });
        return command;
    }
}
