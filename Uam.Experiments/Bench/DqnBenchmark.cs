using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Uam.Environments.Api;
using Uam.Environments.Box2D;
using Uam.Environments.ClassicControl;
using Uam.Environments.Random;
using Uam.Experiments.Models;
using Uam.Experiments.Tasks.Dqn;
using Uam.Runtime;
using Uam.Runtime.Interop;

namespace Uam.Experiments.Bench;

/// <summary>`uam bench dqn`: the DQN task's costs, side by side in one process. (1) Environment steps per second of
/// CartPole-v1 and LunarLander-v2 under random actions (resets included). (2) The paper's learning step (batch 50,
/// CartPole's 4-64-64-2 Q-network: TD targets from the target network, MSE, Adam, soft update) through the binding
/// (<see cref="DqnAgent.Learn"/>, as training calls it) against the same step driven from C++ in the testing library,
/// from identical weights and batch, trials interleaved and the paired ratio's median reported. (3) Whole CartPole
/// episodes of the training loop (acting, stepping, storing, learning every 4 steps).</summary>
internal static class DqnBenchmark
{
    public sealed record Result(double LearnStepRatio, double CartPoleStepsPerSecond, double LunarStepsPerSecond);

    public static Result Run(IAnsiConsole console, int steps, int trials, int episodes)
    {
        console.MarkupLine($"libtorch threads: {torch.NumThreads}");
        double cartPole = EnvironmentSteps(CartPole.Make("CartPole-v1"), 200_000);
        double lunar;
        using (var lander = LunarLander.Make()) lunar = EnvironmentSteps(lander, 50_000);
        var learn = LearnStep(steps, trials);
        var (episodeSeconds, episodeSteps) = EpisodeLoop(episodes);

        var table = new Table().AddColumns("measurement", "binding (.NET)", "C++ in the shim", "ratio");
        table.AddRow("CartPole-v1 environment step (random actions)", $"{1e6 / cartPole:F3} µs ({cartPole:N0}/s)", "", "");
        table.AddRow("LunarLander-v2 environment step (random actions, Box2D)", $"{1e6 / lunar:F2} µs ({lunar:N0}/s)", "", "");
        table.AddRow("DQN learning step, batch 50, 4-64-64-2", $"{learn.Binding * 1e6:F1} µs", $"{learn.Native * 1e6:F1} µs", $"{learn.Ratio:F3}x (paired)");
        table.AddRow($"CartPole training episode (median of {episodes})", $"{episodeSeconds * 1e3:F2} ms ({episodeSteps:F0} steps)", "", "");
        console.Write(table);
        console.MarkupLine($"Learning-step trials, min / median / max (µs): binding {Measure.Describe(learn.BindingTrials, 1e6)}; " +
                           $"C++ {Measure.Describe(learn.NativeTrials, 1e6)}. Loss after the same {steps} steps from the same weights: " +
                           $"binding {learn.BindingLoss:F6}, C++ {learn.NativeLoss:F6}.");
        if (Math.Abs(learn.BindingLoss - learn.NativeLoss) > 1e-4 * Math.Max(1, Math.Abs(learn.NativeLoss)))
            throw new InvalidOperationException($"The two learning steps disagree: {learn.BindingLoss} vs {learn.NativeLoss}; the comparison is void.");
        return new Result(learn.Ratio, cartPole, lunar);
    }

    public static string ResultLine(Result result) => string.Create(CultureInfo.InvariantCulture,
        $"RESULT dqn learn_step_ratio={result.LearnStepRatio:F3} cartpole_steps_per_s={result.CartPoleStepsPerSecond:F0} lunar_steps_per_s={result.LunarStepsPerSecond:F0}");

    /// <summary>Steps per second under uniformly random actions, an episode's reset counted with its steps.</summary>
    private static double EnvironmentSteps(IEnvironment<double[], int> env, int steps)
    {
        var random = ReferenceRandom.FromSeed(7);
        int actions = ((Discrete)env.ActionSpace).Count;
        void Loop(int count)
        {
            env.Reset(1);
            for (int i = 0; i < count; i++)
                if (env.Step(random.Integer(0, actions)).Done) env.Reset();
        }
        Loop(steps / 10);   // warm-up: JIT, native library
        return steps / Measure.Seconds(() => Loop(steps));
    }

    private sealed record LearnTiming(double Binding, double Native, double Ratio, IReadOnlyList<double> BindingTrials, IReadOnlyList<double> NativeTrials,
        double BindingLoss, double NativeLoss);

    private static LearnTiming LearnStep(int steps, int trials)
    {
        var settings = new DqnSettings();
        // Two agents from the same seed hold identical weights: one learns through the binding, the other's tensors are
        // handed to the C++ loop, which updates them in place.
        nn.Module<Tensor, Tensor> Network(Generator g) => new CartPoleQNetwork(Kind.None, generator: g);
        using var binding = new DqnAgent(Network, 3, settings, false, ReferenceRandom.FromSeed(3));
        using var native = new DqnAgent(Network, 3, settings, false, ReferenceRandom.FromSeed(3));
        IReadOnlyList<Transition> batch = RandomBatch(settings.BatchSize);
        float[] states = batch.SelectMany(t => t.State).ToArray(), next = batch.SelectMany(t => t.Next).ToArray();
        long[] actions = batch.Select(t => (long)t.Action).ToArray();
        float[] rewards = batch.Select(t => t.Reward).ToArray();
        int[] dones = batch.Select(t => t.Done ? 1 : 0).ToArray();
        Tensor[] local = Ordered(native.Local), target = Ordered(native.Target);

        double bindingLoss = 0, nativeLoss = 0;
        double Binding() => Measure.Seconds(() =>
        {
            for (int s = 0; s < steps; s++) bindingLoss = binding.Learn(batch);
        });
        double Cpp()
        {
            var (seconds, loss) = NativeReference.DqnLearn(states, actions, rewards, next, dones, 4, local, target, settings.Gamma, settings.Tau,
                settings.LearningRate, steps);
            nativeLoss = loss;
            return seconds;
        }

        double firstBinding = 0, firstNative = 0;
        var timing = Measure.Paired(trials, steps, Binding, Cpp, () => (firstBinding, firstNative) = (bindingLoss, nativeLoss));
        return new LearnTiming(timing.Binding, timing.Native, timing.Ratio, timing.BindingTrials, timing.NativeTrials, firstBinding, firstNative);
    }

    /// <summary>The parameters as (weight, bias) per layer, in layer order; refuses anything else.</summary>
    private static Tensor[] Ordered(nn.Module module)
    {
        var named = module.NamedParameters().ToList();
        for (int i = 0; i < named.Count; i++)
            if (!named[i].Name.EndsWith(i % 2 == 0 ? "weight" : "bias", StringComparison.Ordinal))
                throw new InvalidOperationException($"parameter {i} is '{named[i].Name}': the C++ step expects weight, bias per layer");
        return named.Select(p => p.Parameter).ToArray();
    }

    /// <summary>A batch of CartPole transitions under random actions.</summary>
    private static IReadOnlyList<Transition> RandomBatch(int size)
    {
        var env = CartPole.Make("CartPole-v1");
        var random = ReferenceRandom.FromSeed(11);
        var batch = new List<Transition>();
        double[] state = env.Reset(11);
        while (batch.Count < size)
        {
            int action = random.Integer(0, 2);
            var step = env.Step(action);
            batch.Add(new Transition(state.Select(v => (float)v).ToArray(), action, (float)step.Reward, step.Observation.Select(v => (float)v).ToArray(), step.Terminated));
            state = step.Done ? env.Reset() : step.Observation;
        }
        return batch;
    }

    /// <summary>The median wall time and the mean length of CartPole training episodes (after a warm-up of 20).</summary>
    private static (double Seconds, double Steps) EpisodeLoop(int episodes)
    {
        var settings = new DqnSettings();
        var random = ReferenceRandom.FromSeed(5);
        using var agent = new DqnAgent(g => new CartPoleQNetwork(Kind.None, generator: g), 5, settings, false, random);
        var env = CartPole.Make("CartPole-v1");
        env.Reset(5);
        double epsilon = 1.0;
        var seconds = new List<double>();
        long total = 0;
        for (int episode = 0; episode < 20 + episodes; episode++)
        {
            var clock = Stopwatch.StartNew();
            float[] state = env.Reset().Select(v => (float)v).ToArray();
            var (_, length) = DqnStudy.Episode(env, state, agent, epsilon, 1000, terminalTruncation: false);
            epsilon = DqnAgent.NextEpsilon(epsilon);
            if (episode < 20) continue;
            seconds.Add(clock.Elapsed.TotalSeconds);
            total += length;
        }
        return (Measure.Median(seconds), total / (double)episodes);
    }
}
