using System.CommandLine;
using Spectre.Console;
using Uam.Experiments.Cli;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Tasks.MiniGridPpo;

/// <summary><c>uam minigrid</c>: the paper's MiniGrid task (docs/minigrid.md): RedBlueDoors with PPO or A2C and each
/// actor-critic backbone, under the original's protocol or the improved default.</summary>
internal sealed class MiniGridTask : IStudyTask
{
    public const string TaskName = "minigrid";

    public string Name => TaskName;

    public Command CreateCommand()
    {
        var size = new Option<int>("--size") { Description = "RedBlueDoors 6 (6x6) or 8 (8x8).", DefaultValueFactory = _ => 6 };
        var normalizers = new Option<string[]>("--normalizers")
        {
            Description = "Backbones: nn, ln, rn, rnln (RN then LayerNorm, the original's), rln (per-feature RN); 'all' = every one.",
            DefaultValueFactory = _ => ["nn", "rn"], AllowMultipleArgumentsPerToken = true,
        };
        var frames = new Option<long>("--frames") { Description = "Frames per run (whole updates of 2,048 frames with PPO, 128 with A2C).", DefaultValueFactory = _ => 1_000_000 };
        var recurrence = new Option<int>("--recurrence") { Description = "Steps of backpropagation through time; above 1 the model gets its LSTM memory.", DefaultValueFactory = _ => 1 };
        var algorithm = new Option<string>("--algorithm") { Description = "ppo or a2c.", DefaultValueFactory = _ => "ppo" };
        var threshold = new Option<double>("--threshold")
        {
            Description = "The return whose first crossing by the smoothed curve (episodes of the last 10 updates) is reported as frames to threshold.",
            DefaultValueFactory = _ => 0.8,
        };
        var faithful = new Option<bool>("--faithful")
        {
            Description = "The original's protocol: rollouts with the regularity slots switched off, the loss with them in training mode, the " +
                          "logits and the one-dimensional value normalized too (LayerNorm over the value), the original's slot options. " +
                          "Default: the improved protocol (docs/minigrid.md).",
        };
        var common = new StudyOptionSet("runs/minigrid", "the initial weights, the environments (seed + 10,000·i) and the sampling", "1");
        var command = new Command(TaskName,
            "Train torch-ac's PPO (16 environments, 128 frames each per update, 4 epochs of minibatches of 256, GAE 0.95, clip 0.2, Adam 0.001) on " +
            "MiniGrid RedBlueDoors with each actor-critic backbone, one run per seed; reports the return per episode over frames (mean ± s.e. " +
            "over seeds), frames to the threshold, the final return, an evaluation on new layouts, the UAM probe, and rendered episodes.")
        {
            size, normalizers, frames, recurrence, algorithm, threshold, faithful,
        };
        common.AddTo(command);
        command.SetAction((result, cancellation) =>
        {
            int s = result.GetValue(size);
            if (s is not (6 or 8)) throw new ArgumentException($"--size must be 6 or 8, not {s}.");
            string[] chosen = result.GetValue(normalizers)!;
            var names = chosen.Length == 1 && chosen[0].Equals("all", StringComparison.OrdinalIgnoreCase) ? MiniGridOptions.AllNormalizers : chosen.Distinct().ToArray();
            foreach (string name in names) MiniGridOptions.KindOf(name);
            long budget = result.GetValue(frames);
            if (budget < 1) throw new ArgumentException("--frames must be at least 1.");
            PolicyAlgorithm algo = result.GetValue(algorithm) switch
            {
                "ppo" => PolicyAlgorithm.Ppo, "a2c" => PolicyAlgorithm.A2c,
                var other => throw new ArgumentException($"--algorithm must be ppo or a2c, not '{other}'."),
            };
            var options = new MiniGridOptions(s, names, budget, result.GetValue(recurrence), algo, result.GetValue(faithful), result.GetValue(threshold), common.Read(result));
            _ = options.Settings;   // validates the recurrence against the rollout and minibatch sizes
            return Task.FromResult(StudyTasks.RunAndReport(new MiniGridStudy(options), MiniGridReport.Build, AnsiConsole.Console, cancellation));
        });
        return command;
    }

    public Report Report(StudyResults results) => MiniGridReport.Build(results);
}
