using System.Globalization;
using System.Text.Json.Serialization;
using Uam.Experiments.Cli;
using Uam.Experiments.Studies;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Ntm;

/// <summary>An NTM copy study: controller normalizers, the training budget in sequences, the curve's block, the test lengths
/// and sequences per length, the protocol and the common options.</summary>
internal sealed record NtmCopyOptions(IReadOnlyList<string> Normalizers, int Sequences, int Block, IReadOnlyList<int> TestLengths, int TestSequences,
    bool Faithful, StudyOptions Common)
{
    /// <summary>The controller's normalizers: none, LayerNorm, RN, RLN (per feature) and RN then LayerNorm.</summary>
    public static readonly string[] AllNormalizers = ["nn", "ln", "rn", "rln", "rnln"];

    /// <summary>The issue's comparison: baseline, LN, RN.</summary>
    public static readonly string[] DefaultNormalizers = ["nn", "ln", "rn"];

    /// <summary>Held-out sequences at the end of each block (of the longest training length, the same ones every time).</summary>
    public const int HeldOutSequences = 32;

    public static Kind KindOf(string normalizer) => normalizer switch
    {
        "nn" => Kind.None, "ln" => Kind.LN, "rn" => Kind.RN, "rln" => Kind.RLN, "rnln" => Kind.RNThenLN,
        _ => throw new ArgumentException($"--normalizers: '{normalizer}' is not one of {string.Join(", ", AllNormalizers)}."),
    };

    public NtmSettings Settings => Faithful ? NtmSettings.Original : NtmSettings.Default;

    /// <summary>These options, once the curve's blocks are whole batches and divide the budget (checked before any run
    /// starts and again by <see cref="NtmCopyStudy.Train"/>).</summary>
    public NtmCopyOptions Validated()
    {
        if (Block % Settings.BatchSize != 0 || Sequences % Block != 0)
            throw new ArgumentException($"--block ({Block}) must be a multiple of the batch size ({Settings.BatchSize}) and divide --sequences ({Sequences}).");
        return this;
    }

    public string ProtocolKey => string.Create(CultureInfo.InvariantCulture,
        $"copy|{(Faithful ? "faithful" : "default")}|sequences={Sequences}|block={Block}|tests={string.Join(',', TestLengths)}x{TestSequences}");
}

/// <summary>One NTM: its curves per block (the mean training loss in nats per bit, the mean bits wrong per training
/// sequence, the bits wrong per held-out sequence of length 20 at the block's end), the sequences it took to make at most
/// one bit wrong per held-out sequence, and the final machine's copies of every test length.</summary>
internal sealed record NtmCopyRun(
    [property: JsonPropertyName("normalizer")] string Normalizer,
    [property: JsonPropertyName("batch_size")] int BatchSize,
    [property: JsonPropertyName("block_sequences")] int BlockSequences,
    [property: JsonPropertyName("loss")] float[] Loss,
    [property: JsonPropertyName("training_bits")] float[] TrainingBits,
    [property: JsonPropertyName("held_out_bits")] float[] HeldOutBits,
    [property: JsonPropertyName("sequences_to_one_bit")] long? SequencesToOneBit,
    [property: JsonPropertyName("test")] NtmLengthResult[] Test);

/// <summary>The copy task with each controller normalizer, one NTM per (seed, normalizer).</summary>
internal sealed class NtmCopyStudy(NtmCopyOptions options) : Study<NoSharedData, NtmCopyRun>
{
    public const string Normalizer = "normalizer";

    public NtmCopyOptions Options { get; } = options;

    public override string Task => NtmTask.TaskName;

    public override string Protocol => Options.ProtocolKey;

    public override StudyGrid Grid { get; } = new([Axis.Of(Axis.Seed, options.Common.Seeds), Axis.Of(Normalizer, options.Normalizers)]);

    public override StudyOptions Common => Options.Common;

    public override IReadOnlyList<string> Arguments(StudyOptions common)
    {
        static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
        List<string> arguments =
        [
            NtmTask.TaskName, "copy", "--normalizers", .. Options.Normalizers, "--sequences", N(Options.Sequences), "--block", N(Options.Block),
            "--test-lengths", .. Options.TestLengths.Select(N), "--test-sequences", N(Options.TestSequences), .. common.ToArguments(),
        ];
        if (Options.Faithful) arguments.Add("--faithful");
        return arguments;
    }

    public override string RunName(RunPoint point) => $"{point[Normalizer]}-s{point.Seed}";

    public override NoSharedData Prepare() => new();

    public override NtmCopyRun Run(RunPoint point, NoSharedData data, RunContext context) =>
        Train(Options, point[Normalizer], point.Seed, context.Name, context.OutputDirectory, context.Progress, context.Cancellation);

    public override string Describe(NtmCopyRun run) => string.Create(CultureInfo.InvariantCulture,
        $"held-out {run.HeldOutBits[^1]:F2} bits wrong per sequence; length {run.Test[^1].Length}: {run.Test[^1].BitsWrong:F1}");

    /// <summary>Trains one NTM for the budget (continuing from its checkpoint if an earlier attempt left one), tests it on
    /// every test length, and draws its weightings on one sequence of 20 and one of the longest test length.</summary>
    public static NtmCopyRun Train(NtmCopyOptions options, string normalizer, int seed, string runName, string outputDirectory,
        Action<int, int, string>? progress, CancellationToken cancellation = default)
    {
        NtmSettings settings = options.Validated().Settings;
        using var trainer = new NtmTrainer(settings, NtmCopyOptions.KindOf(normalizer), seed);
        string checkpoint = RunCheckpoint.PathOf(outputDirectory, runName, options.ProtocolKey), identity = $"{options.ProtocolKey}|{runName}";
        trainer.Restore(checkpoint, identity);
        var slots = trainer.Model.RegularitySlots().ToList();
        foreach (var (name, slot) in slots) slot.Trace = new RegularityTrace(name);
        int batchesPerBlock = options.Block / settings.BatchSize, blocks = options.Sequences / options.Block;
        var codeLength = new double[slots.Count];
        var calls = new int[slots.Count];
        double loss = 0, bits = 0;
        while (trainer.Progress.Batches < blocks * batchesPerBlock)
        {
            cancellation.ThrowIfCancellationRequested();
            var (l, b) = trainer.Step();
            (loss, bits) = (loss + l, bits + b);
            for (int i = 0; i < slots.Count; i++)
            {
                // The mean of this step's training calls, summed per block; the records are dropped at once (flat memory).
                var trace = slots[i].Slot.Trace!;
                var train = trace.Records.Where(r => r.Mode == RegularityMode.Train).ToList();
                if (train.Count > 0) (codeLength[i], calls[i]) = (codeLength[i] + train.Average(r => r.CodeLengthMean), calls[i] + 1);
                trace.Clear();
            }
            if (trainer.Progress.Batches % batchesPerBlock != 0) continue;
            double heldOut = HeldOut(trainer, seed, slots);
            var p = trainer.Progress;
            p.Loss.Add((float)(loss / batchesPerBlock));
            p.TrainingBits.Add((float)(bits / batchesPerBlock));
            p.HeldOutBits.Add((float)heldOut);
            p.CodeLength.Add(codeLength.Select((c, i) => calls[i] == 0 ? float.NaN : (float)(c / calls[i])).ToArray());
            (loss, bits) = (0, 0);
            Array.Clear(codeLength);
            Array.Clear(calls);
            trainer.Save(checkpoint, identity);
            progress?.Invoke(p.TrainingBits.Count, blocks, string.Create(CultureInfo.InvariantCulture, $"held-out bits wrong {heldOut:F2}"));
        }
        foreach (var (_, slot) in slots) slot.Trace = null;

        var test = options.TestLengths.Select((length, i) =>
            NtmTranscript.Record(trainer.Model, length, options.TestSequences, new Random(seed + 8_000_000 + i)).Measure()).ToArray();
        foreach (int length in new[] { settings.MaxLength, options.TestLengths.Max() }.Distinct())
        {
            string path = NtmPictures.PathOf(outputDirectory, runName, length);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Reporting.AtomicFile.Write(path, NtmPictures.Weightings(NtmTranscript.Record(trainer.Model, length, 1, new Random(seed + 9_000_000))).Encode());
        }
        var progressSoFar = trainer.Progress;
        if (slots.Count > 0)
            new ProbeTraces(slots.Select((s, i) => new SlotTrace(s.Name, 1, progressSoFar.CodeLength.Select(block => block[i]).ToArray())).ToList())
                .Write(ProbeTraces.PathOf(outputDirectory, runName));
        int reached = progressSoFar.HeldOutBits.FindIndex(v => v <= 1);
        var run = new NtmCopyRun(normalizer, settings.BatchSize, options.Block, progressSoFar.Loss.ToArray(), progressSoFar.TrainingBits.ToArray(),
            progressSoFar.HeldOutBits.ToArray(), reached < 0 ? null : (long)(reached + 1) * options.Block, test);
        File.Delete(checkpoint);
        return run;
    }

    /// <summary>Bits wrong per sequence on the same <see cref="NtmCopyOptions.HeldOutSequences"/> sequences of the longest
    /// training length every time; the probes do not record it.</summary>
    private static double HeldOut(NtmTrainer trainer, int seed, IReadOnlyList<(string Name, nn.RegularityNorm Slot)> slots)
    {
        var traces = slots.Select(s => s.Slot.Trace).ToList();
        foreach (var (_, slot) in slots) slot.Trace = null;
        try
        {
            return NtmTranscript.Record(trainer.Model, trainer.Settings.MaxLength, NtmCopyOptions.HeldOutSequences, new Random(seed + 7_000_000)).Measure().BitsWrong;
        }
        finally
        {
            for (int i = 0; i < slots.Count; i++) slots[i].Slot.Trace = traces[i];
        }
    }
}
