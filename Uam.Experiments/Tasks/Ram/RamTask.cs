using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Uam.Experiments.Cli;
using Uam.Experiments.Data;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Tasks.Ram;

/// <summary><c>uam ram</c>: the recurrent attention model on translated images against a CNN and an MLP (docs/attention.md).</summary>
internal sealed class RamTask : IStudyTask
{
    public const string TaskName = "ram";

    public string Name => TaskName;

    public Report Report(StudyResults results) => RamReport.Build(results);

    public Command CreateCommand()
    {
        var dataset = new Option<string>("--dataset") { Description = "fashion-mnist (Debian's package), mnist (../shared/data/mnist) or an IDX directory.", DefaultValueFactory = _ => "fashion-mnist" };
        var data = new Option<string?>("--data") { Description = "The dataset's directory (default: where --dataset lives)." };
        var models = new Option<string[]>("--models")
        {
            Description = "ram (the recurrent attention model), cnn, mlp; 'all' = every one.", DefaultValueFactory = _ => ["all"], AllowMultipleArgumentsPerToken = true,
        };
        var epochs = new Option<int>("--epochs") { Description = "Epochs for every model (the same budget).", DefaultValueFactory = _ => 4 };
        var glimpses = new Option<int>("--glimpses") { Description = "The RAM's glimpses per image.", DefaultValueFactory = _ => 6 };
        var sigma = new Option<double>("--sigma") { Description = "The location policy's standard deviation (in image half-widths).", DefaultValueFactory = _ => 0.15 };
        var canvas = new Option<int>("--canvas") { Description = "The canvas's side in pixels.", DefaultValueFactory = _ => 60 };
        var training = new Option<int>("--training-images") { Description = "Training images (the first ones of the training split).", DefaultValueFactory = _ => 55_000 };
        var validation = new Option<int>("--validation-images")
        {
            Description = "The training split's last images, held out for the validation curve (never trained on).", DefaultValueFactory = _ => 5_000,
        };
        var common = new StudyOptionSet("runs/ram", "the initial weights, the order and places of the training images and the RAM's locations", "1-2");
        var command = new Command(TaskName,
            "Train the recurrent attention model (3 patches of 12 × 12, a ReLU RNN core of 256, a Gaussian location policy trained by REINFORCE with a " +
            "baseline) and, on the same budget, a CNN and an MLP to classify images placed at random on a larger canvas; reports accuracy and parameters.")
        {
            dataset, data, models, epochs, glimpses, sigma, canvas, training, validation,
        };
        common.AddTo(command);
        command.SetAction((result, cancellation) =>
        {
            string name = result.GetValue(dataset)!;
            string[] chosen = result.GetValue(models)!;
            var names = chosen.Length == 1 && chosen[0].Equals("all", StringComparison.OrdinalIgnoreCase) ? RamOptions.AllModels : chosen.Distinct().ToArray();
            foreach (string m in names)
                if (!RamOptions.AllModels.Contains(m)) throw new ArgumentException($"--models: '{m}' is not one of {string.Join(", ", RamOptions.AllModels)}.");
            int e = result.GetValue(epochs), g = result.GetValue(glimpses), c = result.GetValue(canvas), n = result.GetValue(training);
            double s = result.GetValue(sigma);
            if (e < 1) throw new ArgumentException("--epochs must be at least 1.");
            if (g < 1) throw new ArgumentException("--glimpses must be at least 1.");
            if (!(s > 0)) throw new ArgumentException("--sigma must be positive.");
            if (c < TranslatedImages.Side + 12) throw new ArgumentException($"--canvas must be at least {TranslatedImages.Side + 12} (the CNN's two 5 × 5 convolutions and poolings).");
            if (n < RamTrainer.BatchSize) throw new ArgumentException($"--training-images must be at least one batch ({RamTrainer.BatchSize}).");
            int v = result.GetValue(validation);
            if (v < 1) throw new ArgumentException("--validation-images must be at least 1.");
            var options = new RamOptions(name, result.GetValue(data) ?? ImageDataset.DirectoryOf(name), names, e, g, s, c, n, v, common.Read(result));
            return Task.FromResult(StudyTasks.RunAndReport(new RamStudy(options), RamReport.Build, AnsiConsole.Console, cancellation));
        });
        return command;
    }
}
