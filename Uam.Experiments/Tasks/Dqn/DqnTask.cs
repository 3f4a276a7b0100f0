using System.CommandLine;
using Spectre.Console;
using Uam.Experiments.Cli;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Tasks.Dqn;

/// <summary><c>uam dqn</c>: the paper's DQN task (docs/dqn.md) on CartPole-v1 and LunarLander-v2, every normalizer, both protocols.</summary>
internal sealed class DqnTask : IStudyTask
{
    public const string TaskName = "dqn";

    public string Name => TaskName;

    public Command CreateCommand()
    {
        var environment = new Option<string>("--env")
        {
            Description = "The environment: cartpole (CartPole-v1, ported bit for bit) or lunarlander (LunarLander-v2 on Box2D 2.4.1).",
            DefaultValueFactory = _ => "cartpole",
        };
        var normalizers = new Option<string[]>("--normalizers")
        {
            Description = "Q-networks by the paper's names: baseline, LN, RN, RLN, LN+RN, RN+LN, BN, WN (or probe); 'all' = every one of them but probe.",
            DefaultValueFactory = _ => ["baseline", "RN"], AllowMultipleArgumentsPerToken = true,
        };
        var episodes = new Option<int>("--episodes") { Description = "Episodes per run (the paper: 2,000).", DefaultValueFactory = _ => 2000 };
        var faithful = new Option<bool>("--faithful")
        {
            Description = "The original's protocol: ε not reset between runs, the environment seeded with 0, acting trains the local network's " +
                          "regularity slots with single states, the time limit stored as a terminal transition, LunarLander's episodes cut at 100 steps " +
                          "(not terminal). Default: the improved protocol.",
        };
        var common = new StudyOptionSet("runs/dqn", "the initial weights, the agent's exploration and sampling, and (default protocol) the environment", "0");
        var command = new Command(TaskName,
            "Train the paper's DQN agent (replay 10,000, batch 50, γ 0.99, soft update τ 0.001, Adam 0.001, learning every 4 steps) with each " +
            "Q-network, one run per seed; reports the 50-episode moving average at the last episode (mean ± s.e. over runs), the mean return " +
            "curve, when each run solved the game, and the UAM probe of the local and target networks.")
        {
            environment, normalizers, episodes, faithful,
        };
        common.AddTo(command);
        command.SetAction((result, cancellation) =>
        {
            string env = DqnEnvironment.Of(result.GetValue(environment)!).Name;
            string[] chosen = result.GetValue(normalizers)!;
            var names = chosen.Length == 1 && chosen[0].Equals("all", StringComparison.OrdinalIgnoreCase) ? DqnOptions.AllNormalizers : chosen.Distinct().ToArray();
            foreach (string name in names) DqnOptions.KindOf(name);
            int count = result.GetValue(episodes);
            if (count < 1) throw new ArgumentException("--episodes must be at least 1.");
            var options = new DqnOptions(env, names, count, result.GetValue(faithful), common.Read(result));
            var study = new DqnStudy(options);
            return Task.FromResult(StudyTasks.RunAndReport(study, DqnReport.Build, AnsiConsole.Console, cancellation));
        });
        return command;
    }

    public Report Report(StudyResults results) => DqnReport.Build(results);
}
