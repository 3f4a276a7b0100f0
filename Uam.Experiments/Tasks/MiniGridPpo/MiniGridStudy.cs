using System.Globalization;
using System.Text.Json.Serialization;
using Uam.Environments.Api;
using Uam.Environments.MiniGrid;
using Uam.Environments.Random;
using Uam.Experiments.Cli;
using Uam.Experiments.Studies;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.MiniGridPpo;

/// <summary>A MiniGrid study: size, backbones, frame budget, recurrence, algorithm, protocol, the return threshold, and
/// the common options.</summary>
internal sealed record MiniGridOptions(
    int Size, IReadOnlyList<string> Normalizers, long Frames, int Recurrence, PolicyAlgorithm Algorithm, bool Faithful, double Threshold, StudyOptions Common)
{
    /// <summary>The original's backbones (nn, ln, rn, rnln: RN then LayerNorm) and the per-feature variant.</summary>
    public static readonly string[] AllNormalizers = ["nn", "ln", "rn", "rnln", "rln"];

    public static Kind KindOf(string normalizer) => normalizer switch
    {
        "nn" => Kind.None, "ln" => Kind.LN, "rn" => Kind.RN, "rnln" => Kind.RNThenLN, "rln" => Kind.RLN,
        _ => throw new ArgumentException($"--normalizers: '{normalizer}' is not one of {string.Join(", ", AllNormalizers)}."),
    };

    public PpoSettings Settings => PpoSettings.For(Algorithm, Recurrence).Validated();

    public string EnvironmentId => $"MiniGrid-RedBlueDoors-{Size}x{Size}-v0";

    public string ProtocolKey => string.Create(CultureInfo.InvariantCulture,
        $"{EnvironmentId}|{Algorithm.ToString().ToLowerInvariant()}|frames={Frames}|recurrence={Recurrence}|faithful={Faithful}");
}

/// <summary>One run: per update, the episodes that ended and the sum of their returns (the return-per-episode curve over
/// frames, torch-ac's log), the final window's mean return, when the run reached the threshold, and an evaluation of the
/// final policy on 100 new layouts.</summary>
internal sealed record MiniGridRun(
    [property: JsonPropertyName("normalizer")] string Normalizer,
    [property: JsonPropertyName("frames_per_update")] int FramesPerUpdate,
    [property: JsonPropertyName("episodes")] int[] Episodes,
    [property: JsonPropertyName("return_sums")] float[] ReturnSums,
    [property: JsonPropertyName("entropy")] float[] Entropy,
    [property: JsonPropertyName("final_return")] double FinalReturn,
    [property: JsonPropertyName("frames_to_threshold")] long? FramesToThreshold,
    [property: JsonPropertyName("evaluation_return")] double EvaluationReturn,
    [property: JsonPropertyName("evaluation_success")] double EvaluationSuccess);

/// <summary>PPO (or A2C) on RedBlueDoors with each backbone, one run per (seed, backbone).</summary>
internal sealed class MiniGridStudy(MiniGridOptions options) : Study<NoSharedData, MiniGridRun>
{
    public const string Normalizer = "normalizer";

    /// <summary>Updates whose finished episodes make the smoothed return (10 updates: 20,480 frames with PPO's defaults).</summary>
    public const int Window = 10;

    /// <summary>Episodes of the final policy's evaluation.</summary>
    public const int EvaluationEpisodes = 100;

    public MiniGridOptions Options { get; } = options;

    public override string Task => MiniGridTask.TaskName;

    public override string Protocol => Options.ProtocolKey;

    public override StudyGrid Grid { get; } = new([Axis.Of(Axis.Seed, options.Common.Seeds), Axis.Of(Normalizer, options.Normalizers)]);

    public override StudyOptions Common => Options.Common;

    public override IReadOnlyList<string> Arguments(StudyOptions common)
    {
        List<string> arguments =
        [
            MiniGridTask.TaskName, "--size", Options.Size.ToString(CultureInfo.InvariantCulture), "--normalizers", .. Options.Normalizers,
            "--frames", Options.Frames.ToString(CultureInfo.InvariantCulture), "--recurrence", Options.Recurrence.ToString(CultureInfo.InvariantCulture),
            "--algorithm", Options.Algorithm.ToString().ToLowerInvariant(), "--threshold", Options.Threshold.ToString("R", CultureInfo.InvariantCulture),
            .. common.ToArguments(),
        ];
        if (Options.Faithful) arguments.Add("--faithful");
        return arguments;
    }

    public override string RunName(RunPoint point) => $"{point[Normalizer]}-s{point.Seed}";

    public override NoSharedData Prepare() => new();

    public override MiniGridRun Run(RunPoint point, NoSharedData data, RunContext context) =>
        Train(Options, point[Normalizer], point.Seed, context.Name, context.OutputDirectory,
            (update, updates, smoothed) => context.Progress(update, updates, $"return {smoothed:F2}"), context.Cancellation);

    public override string Describe(MiniGridRun run) =>
        string.Create(CultureInfo.InvariantCulture, $"return {run.FinalReturn:F3}, evaluation {run.EvaluationReturn:F3} ({run.EvaluationSuccess:P0} solved)");

    /// <summary>The model of a backbone under a protocol: the faithful one normalizes the logits and the value as well, with
    /// the original's slot options; the default normalizes the two hidden layers only, with the library's.</summary>
    public static ActorCritic Model(Kind kind, bool faithful, bool memory, Generator generator) =>
        new(kind, faithful ? RegularityOptions.Faithful : RegularityOptions.Default, memory, normalizeOutputs: faithful, generator);

    /// <summary>The environment of a size.</summary>
    public static Func<IEnvironment<MiniGridObservation, int>> Environment(int size) => () => new RedBlueDoors(size);

    /// <summary>Trains one agent for the frame budget (whole updates: the budget rounded up).</summary>
    public static MiniGridRun Train(MiniGridOptions options, string normalizer, int seed, string runName, string outputDirectory,
        Action<int, int, double>? progress, CancellationToken cancellation = default)
    {
        Kind kind = MiniGridOptions.KindOf(normalizer);
        PpoSettings settings = options.Settings;
        using var generator = new Generator((ulong)seed);
        using ActorCritic model = Model(kind, options.Faithful, settings.UsesMemory, generator);
        var collector = new ExperienceCollector(Environment(options.Size), seed, settings, ReferenceRandom.FromSeed((ulong)seed + 2_000_000));
        var semantics = options.Faithful ? RegularitySemantics.Faithful : RegularitySemantics.Consistent;
        using var trainer = new ActorCriticTrainer(model, collector, settings, semantics, ReferenceRandom.FromSeed((ulong)seed + 3_000_000));
        var slots = model.Slots();
        foreach (var (name, slot) in slots) slot.Trace = new RegularityTrace(name);
        var codeLengths = slots.Select(_ => new List<float>()).ToList();
        trainer.Updated = () =>
        {
            // The mean code length of each slot's training calls of this update (the faithful loss makes one per
            // minibatch and recurrence step; the default one per update).
            for (int i = 0; i < slots.Count; i++)
            {
                var trace = slots[i].Slot.Trace!;
                var train = trace.Records.Where(r => r.Mode == RegularityMode.Train).ToList();
                codeLengths[i].Add(train.Count == 0 ? float.NaN : (float)train.Average(r => r.CodeLengthMean));
                trace.Clear();
            }
        };

        int updates = (int)((options.Frames + settings.FramesPerUpdate - 1) / settings.FramesPerUpdate);
        var episodes = new int[updates];
        var returnSums = new float[updates];
        var entropy = new float[updates];
        for (int u = 0; u < updates; u++)
        {
            cancellation.ThrowIfCancellationRequested();
            var (finished, log) = trainer.Step();
            episodes[u] = finished.Count;
            returnSums[u] = (float)finished.Sum(e => e.Return);
            entropy[u] = (float)log.Entropy;
            progress?.Invoke(u + 1, updates, SmoothedReturn(episodes, returnSums, u, Window));
        }
        if (slots.Count > 0)
            new ProbeTraces(slots.Select((s, i) => new SlotTrace(s.Name, 1, codeLengths[i].ToArray())).ToList())
                .Write(ProbeTraces.PathOf(outputDirectory, runName));

        var evaluation = PolicyEvaluation.Run(model, semantics, options.Size, EvaluationEpisodes, seed, settings.UsesMemory,
            PolicyEvaluation.PicturePath(outputDirectory, runName));
        int? reached = FirstUpdateReaching(episodes, returnSums, Window, options.Threshold);
        return new MiniGridRun(normalizer, settings.FramesPerUpdate, episodes, returnSums, entropy,
            SmoothedReturn(episodes, returnSums, updates - 1, Window),
            reached is { } r ? (long)(r + 1) * settings.FramesPerUpdate : null, evaluation.MeanReturn, evaluation.SuccessRate);
    }

    /// <summary>The mean return of the episodes that ended in updates u − window + 1 … u (NaN when none did).</summary>
    public static double SmoothedReturn(IReadOnlyList<int> episodes, IReadOnlyList<float> returnSums, int update, int window)
    {
        int count = 0;
        double sum = 0;
        for (int i = Math.Max(0, update - window + 1); i <= update; i++) (count, sum) = (count + episodes[i], sum + returnSums[i]);
        return count == 0 ? double.NaN : sum / count;
    }

    /// <summary>The first update (0-based) whose smoothed return reaches <paramref name="threshold"/>, or null.</summary>
    public static int? FirstUpdateReaching(IReadOnlyList<int> episodes, IReadOnlyList<float> returnSums, int window, double threshold)
    {
        for (int u = 0; u < episodes.Count; u++)
            if (SmoothedReturn(episodes, returnSums, u, window) >= threshold) return u;
        return null;
    }
}
