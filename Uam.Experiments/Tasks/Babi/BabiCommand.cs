using System.CommandLine;
using Spectre.Console;
using Uam.Experiments.Cli;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Tasks.Babi;

/// <summary><c>uam babi</c>: the paper's bAbI task (docs/babi.md): a GGNN per fold on tasks 18 and 19 with each variant.</summary>
internal sealed class BabiCommand : IStudyTask
{
    public const string TaskName = "babi";

    public string Name => TaskName;

    public Report Report(StudyResults results) => BabiReport.Build(results);

    public Command CreateCommand()
    {
        var data = new Option<string>("--data")
        {
            Description = "The directory of processed_1 … processed_10 (the graph files and dictionaries).",
            DefaultValueFactory = _ => Path.Combine("..", "shared", "data", "babi"),
        };
        var tasks = new Option<string[]>("--tasks") { Description = "18 (size reasoning) and/or 19 (path finding).", DefaultValueFactory = _ => ["18", "19"], AllowMultipleArgumentsPerToken = true };
        var sizes = new Option<string[]>("--training-sizes")
        {
            Description = "Training stories (the first ones of each fold's training file; every question of a story is an example).",
            DefaultValueFactory = _ => ["50", "100"], AllowMultipleArgumentsPerToken = true,
        };
        var folds = new Option<string[]>("--folds") { Description = "Folds, 1-10.", DefaultValueFactory = _ => ["1-10"], AllowMultipleArgumentsPerToken = true };
        var epochs = new Option<int>("--outer-epochs") { Description = "Outer epochs: one training epoch, then a test, each.", DefaultValueFactory = _ => 10 };
        var normalizers = new Option<string[]>("--normalizers")
        {
            Description = "Variants: nn (GGNN), ln, rn, rnln (RN then LayerNorm); 'all' = every one.",
            DefaultValueFactory = _ => ["all"], AllowMultipleArgumentsPerToken = true,
        };
        var faithful = new Option<bool>("--faithful")
        {
            Description = "The original's protocol: RN's state lost between calls, RN off at test, the test split cut to the training size, a new Adam " +
                          "per outer epoch, accuracy as the mean of per-batch accuracies, task 19 read after steps 1 and 2. Default: the improved protocol.",
        };
        var common = new StudyOptionSet("runs/babi", "the initial weights and the order of the training examples", "1");
        var command = new Command(TaskName,
            "Train a gated graph neural network (states of 10, 5 propagation steps, batch 10, Adam 0.001) per fold on bAbI task 18 and 19 with each " +
            "normalizer on its per-step transforms; reports the test accuracy (mean ± std over folds) after every outer epoch.")
        {
            data, tasks, sizes, folds, epochs, normalizers, faithful,
        };
        common.AddTo(command);
        command.SetAction((result, cancellation) =>
        {
            var taskList = Lists.ParseIntegers(result.GetValue(tasks)!, "--tasks");
            foreach (int t in taskList) BabiOptions.TaskOf(t);
            var sizeList = Lists.ParseIntegers(result.GetValue(sizes)!, "--training-sizes");
            if (sizeList.Any(s => s < 1 || s > 1000)) throw new ArgumentException("--training-sizes must lie in 1…1000 (the stories of a training file).");
            var foldList = Lists.ParseIntegers(result.GetValue(folds)!, "--folds");
            if (foldList.Any(f => f < 1 || f > BabiFold.Folds)) throw new ArgumentException($"--folds must lie in 1…{BabiFold.Folds}.");
            int outer = result.GetValue(epochs);
            if (outer < 1) throw new ArgumentException("--outer-epochs must be at least 1.");
            string[] chosen = result.GetValue(normalizers)!;
            var names = chosen.Length == 1 && chosen[0].Equals("all", StringComparison.OrdinalIgnoreCase) ? BabiOptions.AllNormalizers : chosen.Distinct().ToArray();
            foreach (string n in names) BabiOptions.KindOf(n);
            var options = new BabiOptions(result.GetValue(data)!, taskList, sizeList, foldList, outer, names, result.GetValue(faithful), common.Read(result));
            return Task.FromResult(StudyTasks.RunAndReport(new BabiStudy(options), BabiReport.Build, AnsiConsole.Console, cancellation));
        });
        return command;
    }
}
