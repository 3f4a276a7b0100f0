using System.CommandLine;
using Spectre.Console;
using Uam.Experiments.Cli;
using Uam.Experiments.Data;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Draw;

/// <summary><c>uam draw</c>: the paper's DRAW task (docs/draw.md): each variant trained on one dataset and measured by the
/// held-out bound; <c>uam draw sample</c> generates from a trained model of any variant.</summary>
internal sealed class DrawTask : IStudyTask
{
    public const string TaskName = "draw";

    public string Name => TaskName;

    public Report Report(StudyResults results) => DrawReport.Build(results);

    public Command CreateCommand()
    {
        var dataset = new Option<string>("--dataset")
        {
            Description = "fashion-mnist (Debian's dataset-fashion-mnist) or mnist (../shared/data/mnist: its test set, trained on 4/5 and measured " +
                          "on every 5th image); or a directory of MNIST-format IDX files.",
            DefaultValueFactory = _ => "fashion-mnist",
        };
        var data = new Option<string?>("--data") { Description = "The directory of the IDX files (overrides the dataset's default location)." };
        var normalizers = new Option<string[]>("--normalizers")
        {
            Description = "Variants: nn (plain DRAW), ln, rn, rnln (RN then LayerNorm), sn (RN with the labels' prior); 'all' = every one.",
            DefaultValueFactory = _ => ["nn", "rn"], AllowMultipleArgumentsPerToken = true,
        };
        var iterations = new Option<int?>("--iterations") { Description = "Training iterations (default 10,000 in both configurations)." };
        var evaluateEvery = new Option<int>("--evaluate-every")
        {
            Description = $"Iterations between points of the held-out curve (the first {DrawOptions.CurveImages:N0} test images) and checkpoints.",
            DefaultValueFactory = _ => 1000,
        };
        var faithful = new Option<bool>("--faithful")
        {
            Description = "The paper's configuration (T 5, N 5, z 10, states 10, batch 30, unshuffled data, the original code's filterbank and " +
                          "KL constant, the original normalizer's options). Default: the DRAW paper's model (T 10, z 100, states 256, batch 64, " +
                          "shuffled data).",
        };
        var common = new StudyOptionSet("runs/draw", "the initial weights, the data order and the noise of the latent", "1");
        var command = new Command(TaskName,
            "Train DRAW (LSTM encoder and decoder, filterbank read and write attention) with each variant on the hidden states, one run per " +
            "seed (Adam 1e-3, betas (0.5, 0.999), gradients clipped to norm 5); reports the held-out negative variational bound (reconstruction " +
            "and KL), the curves, the UAM probe, samples from the prior and the glimpses. Checkpoints let an interrupted run continue.")
        {
            dataset, data, normalizers, iterations, evaluateEvery, faithful,
        };
        common.AddTo(command);
        command.Subcommands.Add(SampleCommand());
        command.SetAction((result, cancellation) =>
        {
            string name = result.GetValue(dataset)!;
            string directory = result.GetValue(data) ?? ImageDataset.DirectoryOf(name);
            string[] chosen = result.GetValue(normalizers)!;
            var names = chosen.Length == 1 && chosen[0].Equals("all", StringComparison.OrdinalIgnoreCase) ? DrawOptions.AllNormalizers : chosen.Distinct().ToArray();
            foreach (string n in names) DrawOptions.KindOf(n);
            int every = result.GetValue(evaluateEvery);
            if (every < 1 || every % DrawSettings.CurveBlock != 0)
                throw new ArgumentException($"--evaluate-every must be a positive multiple of {DrawSettings.CurveBlock} (checkpoints close a block of the curve), not {every}.");
            bool testSetSplit = Directory.Exists(directory) && !ImageDataset.HasTrainingImages(directory);
            var options = new DrawOptions(testSetSplit ? name + "-test-split" : name, directory, names, result.GetValue(faithful),
                result.GetValue(iterations), every, common.Read(result));
            _ = options.Settings;   // validates --iterations
            return Task.FromResult(StudyTasks.RunAndReport(new DrawStudy(options), DrawReport.Build, AnsiConsole.Console, cancellation));
        });
        return command;
    }

    /// <summary><c>uam draw sample</c>: a grid of samples from the prior of a model file written by a run.</summary>
    private static Command SampleCommand()
    {
        var model = new Option<string>("--model") { Description = "A model file of a run: <output>/models/<variant>-s<seed>.safetensors.", Required = true };
        var count = new Option<int>("--count") { Description = "Samples.", DefaultValueFactory = _ => 64 };
        var columns = new Option<int>("--columns") { Description = "Samples per row.", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed") { Description = "Seed of z ~ N(0, I).", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--output") { Description = "The PNG to write.", DefaultValueFactory = _ => "draw-samples.png" };
        var command = new Command("sample", "Generate from a trained DRAW model of any variant: T decoder steps from z ~ N(0, I), the final canvases as a PNG grid.")
        {
            model, count, columns, seed, output,
        };
        command.SetAction(result =>
        {
            int n = result.GetValue(count), across = result.GetValue(columns);
            if (n < 1) throw new ArgumentException("--count must be at least 1.");
            if (across < 1) throw new ArgumentException("--columns must be at least 1.");
            var (drawModel, normalizer) = DrawModelFile.Load(result.GetValue(model)!);
            using (drawModel)
            {
                string path = result.GetValue(output)!;
                string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
                if (directory is not null) Directory.CreateDirectory(directory);
                DrawPictures.Samples(drawModel, DrawOptions.KindOf(normalizer), n, across, (ulong)result.GetValue(seed)).Save(path);
                AnsiConsole.MarkupLine($"{n} samples of the {Markup.Escape(normalizer)} model written to {Markup.Escape(path)}");
            }
            return 0;
        });
        return command;
    }
}
