using System.CommandLine;
using Spectre.Console;
using Uam.Experiments.Bench;
using Uam.Runtime;

namespace Uam.Experiments.Commands;

/// <summary>`uam bench …`: measurements printed side by side, each ending in a RESULT line.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks; each prints its measurements and ends with a line 'RESULT <name> key=value …'.");
        bench.Subcommands.Add(Binding());
        bench.Subcommands.Add(Memory());
        bench.Subcommands.Add(Normalizers());
        bench.Subcommands.Add(Imbalanced());
        bench.Subcommands.Add(Dqn());
        bench.Subcommands.Add(MiniGrid());
        bench.Subcommands.Add(Draw());
        bench.Subcommands.Add(Babi());
        bench.Subcommands.Add(Sdm());
        bench.Subcommands.Add(Attention());
        bench.Subcommands.Add(Distributed());
        return bench;
    }

    private static Command Distributed()
    {
        var normalizer = new Option<string>("--normalizer") { Description = "The imbalanced network's normalizer (paper name).", DefaultValueFactory = _ => "RN" };
        var steps = new Option<int>("--steps") { Description = "Timed training steps per trial.", DefaultValueFactory = _ => 20 };
        var trials = new Option<int>("--trials") { Description = "Interleaved trials per configuration (medians are reported).", DefaultValueFactory = _ => 3 };
        var worker = new Option<bool>("--worker") { Hidden = true };
        var command = new Command("distributed",
            "Training samples/s of the imbalanced network at global batch 256: 1 process × 2 threads against 2 data-parallel processes × 1 thread; " +
            "and one all-reduce of its gradients.") { normalizer, steps, trials, worker };
        command.SetAction(result =>
        {
            string name = result.GetValue(normalizer)!;
            if (!Models.PaperModels.Classifiers.ContainsKey(name)) throw new ArgumentException($"--normalizer: '{name}' is not one of the paper's networks.");
            int count = result.GetValue(steps) is var s and > 0 ? s : throw new ArgumentException("--steps must be at least 1.");
            if (result.GetValue(worker)) return DistributedBenchmark.Worker(name, count);
            int rounds = result.GetValue(trials) is var t and > 0 ? t : throw new ArgumentException("--trials must be at least 1.");
            Console.WriteLine(DistributedBenchmark.ResultLine(DistributedBenchmark.Run(AnsiConsole.Console, name, count, rounds)));
            return 0;
        });
        return command;
    }

    private static Command Attention()
    {
        var trials = new Option<int>("--trials") { Description = "Interleaved timed trials per side (medians are reported).", DefaultValueFactory = _ => 5 };
        var command = new Command("attention", "Multi-head attention forward and backward (32 × 8 heads × 128 × 512) against the same inline, and an NTM step.") { trials };
        command.SetAction(result =>
        {
            int count = result.GetValue(trials) is var t and > 0 ? t : throw new ArgumentException("--trials must be at least 1.");
            Console.WriteLine(AttentionBenchmark.ResultLine(AttentionBenchmark.Run(AnsiConsole.Console, count)));
            return 0;
        });
        return command;
    }

    private static Command Sdm()
    {
        var trials = new Option<int>("--trials") { Description = "Timed trials per measurement (medians are reported).", DefaultValueFactory = _ => 5 };
        var command = new Command("sdm", "The exact circle-intersection table for n = 1000 and all radii, and one batched read of 1,024 queries against 1,024 patterns.") { trials };
        command.SetAction(result =>
        {
            int count = result.GetValue(trials) is var t and > 0 ? t : throw new ArgumentException("--trials must be at least 1.");
            Console.WriteLine(SdmBenchmark.ResultLine(SdmBenchmark.Run(AnsiConsole.Console, count)));
            return 0;
        });
        return command;
    }

    private static Command Babi()
    {
        var data = new Option<string>("--data") { Description = "The bAbI data directory.", DefaultValueFactory = _ => Path.Combine("..", "shared", "data", "babi") };
        var epochs = new Option<int>("--epochs") { Description = "Timed training epochs per configuration (after one untimed).", DefaultValueFactory = _ => 5 };
        var command = new Command("babi", "Training examples per second of the GGNN on bAbI tasks 18 and 19 (100 stories, plain and RN).") { data, epochs };
        command.SetAction(result =>
        {
            int count = result.GetValue(epochs) is var e and > 0 ? e : throw new ArgumentException("--epochs must be at least 1.");
            Console.WriteLine(BabiBenchmark.ResultLine(BabiBenchmark.Run(AnsiConsole.Console, result.GetValue(data)!, count)));
            return 0;
        });
        return command;
    }

    private static Command Draw()
    {
        var steps = new Option<int>("--steps") { Description = "Training iterations per trial.", DefaultValueFactory = _ => 10 };
        var trials = new Option<int>("--trials") { Description = "Interleaved trials per side (medians are reported).", DefaultValueFactory = _ => 7 };
        var threads = new Option<int>("--threads") { Description = "libtorch threads (the study's default: 1).", DefaultValueFactory = _ => 1 };
        var command = new Command("draw", "A training iteration of the default DRAW configuration through the binding versus the same iteration driven from C++.")
        {
            steps, trials, threads,
        };
        command.SetAction(result =>
        {
            torch.NumThreads = result.GetValue(threads) is var n and > 0 ? n : throw new ArgumentException("--threads must be at least 1.");
            int count = result.GetValue(steps) is var s and > 0 ? s : throw new ArgumentException("--steps must be at least 1.");
            int rounds = result.GetValue(trials) is var t and > 0 ? t : throw new ArgumentException("--trials must be at least 1.");
            Console.WriteLine(DrawBenchmark.ResultLine(DrawBenchmark.Run(AnsiConsole.Console, count, rounds)));
            return 0;
        });
        return command;
    }

    private static Command MiniGrid()
    {
        var updates = new Option<int>("--updates") { Description = "Timed PPO updates per backbone (after one untimed).", DefaultValueFactory = _ => 20 };
        var threads = new Option<int>("--threads") { Description = "libtorch threads (the study's default: 1).", DefaultValueFactory = _ => 1 };
        var command = new Command("minigrid",
            "Frames per second of 16 RedBlueDoors environments, and whole PPO updates (baseline and RN) split into environment, collection and update time.")
        {
            updates, threads,
        };
        command.SetAction(result =>
        {
            torch.NumThreads = result.GetValue(threads) is var n and > 0 ? n : throw new ArgumentException("--threads must be at least 1.");
            int count = result.GetValue(updates) is var u and > 0 ? u : throw new ArgumentException("--updates must be at least 1.");
            Console.WriteLine(MiniGridBenchmark.ResultLine(MiniGridBenchmark.Run(AnsiConsole.Console, count)));
            return 0;
        });
        return command;
    }

    private static Command Dqn()
    {
        var steps = new Option<int>("--steps") { Description = "Learning steps per trial.", DefaultValueFactory = _ => 200 };
        var trials = new Option<int>("--trials") { Description = "Interleaved trials per side (medians are reported).", DefaultValueFactory = _ => 9 };
        var episodes = new Option<int>("--episodes") { Description = "Timed CartPole training episodes (after 20 untimed).", DefaultValueFactory = _ => 100 };
        var threads = new Option<int>("--threads")
        {
            Description = "libtorch threads (the DQN study's default, 1: its 50×64 products are too small to share).", DefaultValueFactory = _ => 1,
        };
        var command = new Command("dqn",
            "Environment steps per second (CartPole, LunarLander), the DQN learning step through the binding versus C++, and CartPole training episodes.")
        {
            steps, trials, episodes, threads,
        };
        command.SetAction(result =>
        {
            torch.NumThreads = result.GetValue(threads) is var n and > 0 ? n : throw new ArgumentException("--threads must be at least 1.");
            var outcome = DqnBenchmark.Run(AnsiConsole.Console, result.GetValue(steps), result.GetValue(trials), result.GetValue(episodes));
            Console.WriteLine(DqnBenchmark.ResultLine(outcome));
            return 0;
        });
        return command;
    }

    private static Command Imbalanced()
    {
        var data = new Option<string>("--data") { Description = "Fashion-MNIST's IDX directory.", DefaultValueFactory = _ => Data.ImageDataset.FashionMnistDirectory };
        var command = new Command("imbalanced", "Wall time of one full-epoch run per normalizer of the imbalanced study and its ratio to the baseline.") { data };
        command.SetAction(result =>
        {
            double ratio = ImbalancedBenchmark.Run(AnsiConsole.Console, result.GetValue(data)!);
            Console.WriteLine(ImbalancedBenchmark.ResultLine(ratio));
            return 0;
        });
        return command;
    }

    private static Command Normalizers()
    {
        var steps = new Option<int>("--steps") { Description = "Training steps per trial.", DefaultValueFactory = _ => 10 };
        var trials = new Option<int>("--trials") { Description = "Interleaved trials per network (medians are reported).", DefaultValueFactory = _ => 9 };
        var batch = new Option<int>("--batch-size") { Description = "Mini-batch size.", DefaultValueFactory = _ => 128 };
        var command = new Command("normalizers", "Training step of 784-1000-1000-10 with RN, RLN and SN (fused and composite) against the plain network.") { steps, trials, batch };
        command.SetAction(result =>
        {
            var (rn, rln, sn) = NormalizerBenchmark.Run(AnsiConsole.Console, result.GetValue(steps), result.GetValue(trials), result.GetValue(batch));
            Console.WriteLine(NormalizerBenchmark.ResultLine(rn, rln, sn));
            return 0;
        });
        return command;
    }

    private static Command Binding()
    {
        var calls = new Option<int>("--calls") { Description = "Tiny-op calls per trial.", DefaultValueFactory = _ => 200_000 };
        var steps = new Option<int>("--steps") { Description = "Training steps per trial.", DefaultValueFactory = _ => 20 };
        var trials = new Option<int>("--trials") { Description = "Interleaved trials per side (medians are reported).", DefaultValueFactory = _ => 9 };
        var command = new Command("binding", "Per-call overhead of the binding and a 784-1000-1000-10 training step, binding versus C++.") { calls, steps, trials };
        command.SetAction(result =>
        {
            var (ratio, overhead) = BindingBenchmark.Run(AnsiConsole.Console, result.GetValue(calls), result.GetValue(steps), result.GetValue(trials));
            Console.WriteLine(BindingBenchmark.ResultLine(ratio, overhead));
            return 0;
        });
        return command;
    }

    private static Command Memory()
    {
        var steps = new Option<int>("--steps") { Description = "Training steps.", DefaultValueFactory = _ => 10_000 };
        var batch = new Option<int>("--batch-size") { Description = "Mini-batch size.", DefaultValueFactory = _ => 32 };
        var command = new Command("memory", "Resident memory and live tensors over a long training loop (784-1000-1000-10 with RN) in dispose scopes.") { steps, batch };
        command.SetAction(result =>
        {
            var (rss, native, live) = MemoryBenchmark.Run(AnsiConsole.Console, result.GetValue(steps), result.GetValue(batch));
            Console.WriteLine(MemoryBenchmark.ResultLine(rss, native, live));
            return 0;
        });
        return command;
    }
}
