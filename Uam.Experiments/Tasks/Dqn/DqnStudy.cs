using System.Globalization;
using System.Text.Json.Serialization;
using Uam.Environments.Api;
using Uam.Environments.Random;
using Uam.Experiments.Cli;
using Uam.Experiments.Models;
using Uam.Experiments.Studies;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Dqn;

/// <summary>A DQN study: environment, normalizers, episodes, protocol, and the common options.</summary>
internal sealed record DqnOptions(string Environment, IReadOnlyList<string> Normalizers, int Episodes, bool Faithful, StudyOptions Common)
{
    /// <summary>The paper's variants (§ docs/dqn.md) and the two the original declared but never ran.</summary>
    public static readonly string[] AllNormalizers = ["baseline", "LN", "RN", "RLN", "LN+RN", "RN+LN", "BN", "WN"];

    public static Kind KindOf(string normalizer) => normalizer switch
    {
        "baseline" => Kind.None, "LN" => Kind.LN, "RN" => Kind.RN, "RLN" => Kind.RLN, "LN+RN" => Kind.LNThenRN, "RN+LN" => Kind.RNThenLN,
        "BN" => Kind.BN, "WN" => Kind.WN, "probe" => Kind.Probe,
        _ => throw new ArgumentException($"--normalizers: '{normalizer}' is not one of {string.Join(", ", AllNormalizers)} or probe."),
    };

    public string ProtocolKey => string.Create(CultureInfo.InvariantCulture, $"{Environment}|episodes={Episodes}|faithful={Faithful}");
}

/// <summary>One run: the return of every episode, and when the agent "solved" the game by the original's two rules.</summary>
internal sealed record DqnRun(
    [property: JsonPropertyName("normalizer")] string Normalizer,
    [property: JsonPropertyName("returns")] float[] Returns,
    [property: JsonPropertyName("environment_steps")] long EnvironmentSteps,
    [property: JsonPropertyName("learning_steps")] int LearningSteps,
    [property: JsonPropertyName("final_moving_average")] double FinalMovingAverage,
    [property: JsonPropertyName("solved_window10")] int? SolvedWindow10,
    [property: JsonPropertyName("solved_window50")] int? SolvedWindow50);

/// <summary>DQN on CartPole-v1 or LunarLander-v2 with the paper's agent, one run per (seed, normalizer).</summary>
internal sealed class DqnStudy(DqnOptions options) : Study<NoSharedData, DqnRun>
{
    public const string Normalizer = "normalizer";

    public DqnOptions Options { get; } = options;

    public override string Task => DqnTask.TaskName;

    public override string Protocol => Options.ProtocolKey;

    public override StudyGrid Grid { get; } = new([Axis.Of(Axis.Seed, options.Common.Seeds), Axis.Of(Normalizer, options.Normalizers)]);

    public override StudyOptions Common => Options.Common;

    public override IReadOnlyList<string> Arguments(StudyOptions common)
    {
        List<string> arguments =
        [
            DqnTask.TaskName, "--env", Options.Environment, "--normalizers", .. Options.Normalizers,
            "--episodes", Options.Episodes.ToString(CultureInfo.InvariantCulture), .. common.ToArguments(),
        ];
        if (Options.Faithful) arguments.Add("--faithful");
        return arguments;
    }

    public override string RunName(RunPoint point) => $"{point[Normalizer].Replace('+', '_')}-s{point.Seed}";

    public override NoSharedData Prepare() => new();

    public override DqnRun Run(RunPoint point, NoSharedData data, RunContext context) =>
        Train(Options, point[Normalizer], point.Seed, context.Name, context.OutputDirectory, (episode, total, average) =>
            context.Progress(episode, total, $"average {average:F1}"));

    public override string Describe(DqnRun run) => string.Create(CultureInfo.InvariantCulture, $"50-episode average {run.FinalMovingAverage:F1}");

    /// <summary>Trains one agent. The faithful protocol keeps the original's choices (docs/dqn.md): ε not reset between
    /// runs (every run but the one with seed 0 starts at 0.01), the environment seeded with 0, acting trains the local
    /// network's slots, and the time limit's cut is stored as a terminal transition. The default resets ε to 1 per run,
    /// seeds the environment with the run's seed, acts in inference, and bootstraps through the time limit.</summary>
    public static DqnRun Train(DqnOptions options, string normalizer, int seed, string runName, string outputDirectory, Action<int, int, double>? progress)
    {
        Kind kind = DqnOptions.KindOf(normalizer);
        // Default acting is inference; before the first learning step a slot has no history yet, and acts on the state's
        // own statistics with COMP = 0 (the library's opt-in for that case) instead of refusing.
        RegularityOptions regularity = options.Faithful ? RegularityOptions.Faithful : RegularityOptions.Default with { AllowInferenceWithoutHistory = true };
        var settings = new DqnSettings();
        var random = ReferenceRandom.FromSeed((ulong)seed + 1_000_000);
        DqnEnvironment environment = DqnEnvironment.Of(options.Environment);
        using var agent = new DqnAgent(g => environment.Network(kind, regularity, g), (ulong)seed, settings, options.Faithful, random);
        var local = agent.Local as IRegularityModel;
        var target = agent.Target as IRegularityModel;
        var localSlots = local?.RegularitySlots().ToList() ?? [];
        var targetSlots = target?.RegularitySlots().ToList() ?? [];
        var codeLengths = localSlots.Select(_ => new List<float>()).Concat(targetSlots.Select(_ => new List<float>())).ToList();
        var traces = (local?.EnableProbes() ?? []).Concat(target?.EnableProbes() ?? []).ToList();
        agent.Learned = () =>
        {
            // The code length of each slot's latest training call: the learning step's batch.
            for (int i = 0; i < traces.Count; i++)
                if (traces[i].Records.LastOrDefault(r => r.Mode == RegularityMode.Train) is { } record) codeLengths[i].Add((float)record.CodeLengthMean);
            foreach (var trace in traces) trace.Clear();
        };

        var env = environment.Make();
        using var owned = env as IDisposable;
        int stepCut = environment.StepCut(options.Faithful);
        double[] first = env.Reset(options.Faithful ? 0UL : (ulong)seed);
        double epsilon = options.Faithful && seed != 0 ? 0.01 : 1.0;
        var returns = new float[options.Episodes];
        long steps = 0;
        for (int episode = 0; episode < options.Episodes; episode++)
        {
            float[] state = ToFloat(episode == 0 ? first : env.Reset());
            var (score, length) = Episode(env, state, agent, epsilon, stepCut, terminalTruncation: options.Faithful);
            steps += length;
            returns[episode] = (float)score;
            epsilon = DqnAgent.NextEpsilon(epsilon);
            progress?.Invoke(episode + 1, options.Episodes, MovingAverage(returns, episode, 50));
        }
        if (traces.Count > 0)
        {
            var names = localSlots.Select(s => "local." + s.Name).Concat(targetSlots.Select(s => "target." + s.Name)).ToList();
            new ProbeTraces(names.Select((n, i) => new SlotTrace(n, 1, Thin(codeLengths[i], ProbePoints))).ToList())
                .Write(ProbeTraces.PathOf(outputDirectory, runName));
        }
        return new DqnRun(normalizer, returns, steps, agent.LearningSteps, MovingAverage(returns, options.Episodes - 1, 50),
            SolvedAt(returns, 10), SolvedAt(returns, 50));
    }

    /// <summary>One episode of the training loop from <paramref name="state"/>: at most <paramref name="stepCut"/> steps of
    /// acting, stepping, storing and learning. A transition is stored as terminal when the environment terminated, and — the
    /// original's gym semantics, <paramref name="terminalTruncation"/> — when a time limit truncated it; the loop's own cut
    /// is never terminal (the original's LunarLander loop stores it with done = False).</summary>
    public static (double Score, int Steps) Episode(IEnvironment<double[], int> env, float[] state, DqnAgent agent, double epsilon, int stepCut,
        bool terminalTruncation)
    {
        double score = 0;
        int steps = 0;
        for (int t = 0; t < stepCut; t++)
        {
            int action = agent.Act(state, epsilon);
            var step = env.Step(action);
            float[] next = ToFloat(step.Observation);
            bool stored = step.Terminated || (terminalTruncation && step.Truncated);
            agent.Step(new Transition(state, action, (float)step.Reward, next, stored));
            score += step.Reward;
            steps++;
            state = next;
            if (step.Done) break;
        }
        return (score, steps);
    }

    private static float[] ToFloat(double[] values) => values.Select(v => (float)v).ToArray();

    /// <summary>The most points a stored probe trace keeps per slot: a run has up to a few hundred thousand learning steps,
    /// and the paper plots the code length as moving averages over 1,000–5,000 of them anyway.</summary>
    public const int ProbePoints = 5000;

    /// <summary>The values as means over consecutive buckets of ⌈n / <paramref name="points"/>⌉ (all of them when they fit).</summary>
    public static float[] Thin(IReadOnlyList<float> values, int points)
    {
        if (values.Count <= points) return values.ToArray();
        int bucket = (values.Count + points - 1) / points;
        var thinned = new float[(values.Count + bucket - 1) / bucket];
        for (int b = 0; b < thinned.Length; b++)
        {
            int from = b * bucket, to = Math.Min(values.Count, from + bucket);
            double sum = 0;
            for (int i = from; i < to; i++) sum += values[i];
            thinned[b] = (float)(sum / (to - from));
        }
        return thinned;
    }

    /// <summary>The mean of the last <paramref name="window"/> returns up to <paramref name="episode"/> (fewer at the start).</summary>
    public static double MovingAverage(IReadOnlyList<float> returns, int episode, int window)
    {
        int from = Math.Max(0, episode - window + 1);
        double sum = 0;
        for (int i = from; i <= episode; i++) sum += returns[i];
        return sum / (episode - from + 1);
    }

    /// <summary>The original's "solved": the first episode (1-based) at which the mean of the last <paramref name="window"/>
    /// returns reaches 200, recorded as that episode minus the window; null when never.</summary>
    public static int? SolvedAt(IReadOnlyList<float> returns, int window)
    {
        for (int episode = window - 1; episode < returns.Count; episode++)
            if (MovingAverage(returns, episode, window) >= 200) return episode + 1 - window;
        return null;
    }
}
