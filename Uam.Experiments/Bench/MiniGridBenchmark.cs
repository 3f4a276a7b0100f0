using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Uam.Environments.Api;
using Uam.Environments.MiniGrid;
using Uam.Environments.Random;
using Uam.Experiments.Tasks.MiniGridPpo;
using Uam.Runtime;

namespace Uam.Experiments.Bench;

/// <summary>`uam bench minigrid`: the MiniGrid task's costs in one process. (1) Frames per second of 16 RedBlueDoors 6×6
/// environments stepped together under random actions (resets included). (2) Whole PPO updates as training runs them
/// (collect 2,048 frames, estimate advantages, 4 epochs of minibatches), for the baseline and the RN backbone, with the
/// time split into the environments' steps (timed inside the loop), the rest of the collection (the network's forward
/// passes, sampling, bookkeeping) and the update (forward, backward, Adam).</summary>
internal static class MiniGridBenchmark
{
    public sealed record Result(double EnvironmentFps, double TrainFps, double EnvironmentShare);

    private sealed record LoopTiming(string Backbone, double Fps, double Environment, double Collection, double Update, int Updates);

    public static Result Run(IAnsiConsole console, int updates)
    {
        console.MarkupLine($"libtorch threads: {torch.NumThreads}");
        double environmentFps = EnvironmentFrames(200_000);
        var loops = new[] { Loop("nn", updates), Loop("rn", updates) };

        var table = new Table().AddColumns("measurement", "value", "share of the loop");
        table.AddRow("16 environments, random actions", $"{environmentFps:N0} frames/s ({1e6 / environmentFps:F2} µs per frame)", "");
        foreach (var l in loops)
        {
            double total = l.Environment + l.Collection + l.Update;
            table.AddRow($"PPO loop, {l.Backbone} backbone ({l.Updates} updates of 2,048 frames)", $"{l.Fps:N0} frames/s", "100 %");
            table.AddRow("  environment steps", $"{l.Environment / l.Updates * 1e3:F1} ms per update", $"{100 * l.Environment / total:F1} %");
            table.AddRow("  rest of the collection (forward passes, sampling, bookkeeping)", $"{l.Collection / l.Updates * 1e3:F1} ms per update", $"{100 * l.Collection / total:F1} %");
            table.AddRow("  PPO update (4 epochs × 8 minibatches of 256)", $"{l.Update / l.Updates * 1e3:F1} ms per update", $"{100 * l.Update / total:F1} %");
        }
        console.Write(table);
        var baseline = loops[0];
        return new Result(environmentFps, baseline.Fps, baseline.Environment / (baseline.Environment + baseline.Collection + baseline.Update));
    }

    public static string ResultLine(Result result) => string.Create(CultureInfo.InvariantCulture,
        $"RESULT minigrid env_fps={result.EnvironmentFps:F0} train_fps={result.TrainFps:F0} env_share={result.EnvironmentShare:F3}");

    private static double EnvironmentFrames(int frames)
    {
        var vector = new SyncVectorEnvironment<MiniGridObservation, int>(Enumerable.Range(0, 16).Select(_ => (IEnvironment<MiniGridObservation, int>)new RedBlueDoors(6)));
        var random = ReferenceRandom.FromSeed(9);
        var actions = new int[16];
        void Loop(int count)
        {
            vector.Reset(ExperienceCollector.SeedsOf(1, 16));
            for (int i = 0; i < count / 16; i++)
            {
                for (int p = 0; p < 16; p++) actions[p] = random.Integer(0, 7);
                vector.Step(actions);
            }
        }
        Loop(frames / 10);
        return frames / Measure.Seconds(() => Loop(frames));
    }

    /// <summary>An environment whose steps and resets are timed, for the loop's environment share.</summary>
    private sealed class Timed(IEnvironment<MiniGridObservation, int> inner, Stopwatch clock) : IEnvironment<MiniGridObservation, int>
    {
        public Space ObservationSpace => inner.ObservationSpace;
        public Space ActionSpace => inner.ActionSpace;

        public MiniGridObservation Reset(ulong? seed = null)
        {
            clock.Start();
            try { return inner.Reset(seed); } finally { clock.Stop(); }
        }

        public StepResult<MiniGridObservation> Step(int action)
        {
            clock.Start();
            try { return inner.Step(action); } finally { clock.Stop(); }
        }
    }

    private static LoopTiming Loop(string backbone, int updates)
    {
        var settings = new PpoSettings();
        var environmentClock = new Stopwatch();
        using var generator = new Generator(1);
        using ActorCritic model = MiniGridStudy.Model(MiniGridOptions.KindOf(backbone), faithful: false, memory: false, generator);
        var collector = new ExperienceCollector(() => new Timed(new RedBlueDoors(6), environmentClock), 1, settings, ReferenceRandom.FromSeed(2));
        using var trainer = new ActorCriticTrainer(model, collector, settings, RegularitySemantics.Consistent, ReferenceRandom.FromSeed(3));
        trainer.Step();   // warm-up: JIT, libtorch's first calls, the slots' priming
        var stepClock = new Stopwatch();
        var updateClock = new Stopwatch();
        environmentClock.Reset();
        trainer.Updating = () => updateClock.Start();
        trainer.Updated = () => updateClock.Stop();
        stepClock.Start();
        for (int u = 0; u < updates; u++) trainer.Step();
        stepClock.Stop();
        double total = stepClock.Elapsed.TotalSeconds, update = updateClock.Elapsed.TotalSeconds, environment = environmentClock.Elapsed.TotalSeconds;
        return new LoopTiming(backbone, updates * settings.FramesPerUpdate / total, environment, total - update - environment, update, updates);
    }
}
