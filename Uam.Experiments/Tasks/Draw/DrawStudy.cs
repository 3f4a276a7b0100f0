using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Uam.Experiments.Cli;
using Uam.Experiments.Data;
using Uam.Experiments.Studies;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Draw;

/// <summary>A DRAW study: the dataset, the variants, the configuration (faithful or default), the iteration budget, how often
/// the held-out curve is measured, and the common options.</summary>
internal sealed record DrawOptions(string Dataset, string DataDirectory, IReadOnlyList<string> Normalizers, bool Faithful, int? Iterations,
    int EvaluateEvery, StudyOptions Common)
{
    /// <summary>The original's variants (uam-reference §2.5): plain DRAW, LayerNorm, RN, RN then LayerNorm, and SN.</summary>
    public static readonly string[] AllNormalizers = ["nn", "ln", "rn", "rnln", "sn"];

    /// <summary>Held-out images of each point of the held-out curve (the first ones of the test split).</summary>
    public const int CurveImages = 1000;

    public static Kind KindOf(string normalizer) => normalizer switch
    {
        "nn" => Kind.None, "ln" => Kind.LN, "rn" => Kind.RN, "rnln" => Kind.RNThenLN, "sn" => Kind.SN,
        _ => throw new ArgumentException($"--normalizers: '{normalizer}' is not one of {string.Join(", ", AllNormalizers)}."),
    };

    public DrawSettings Settings
    {
        get
        {
            var settings = DrawSettings.For(Faithful);
            return Iterations is { } n ? settings.WithIterations(n) : settings;
        }
    }

    public string ProtocolKey => string.Create(CultureInfo.InvariantCulture,
        $"{Dataset}|{(Faithful ? "faithful" : "default")}|{Settings.Key}|evaluate_every={EvaluateEvery}");
}

/// <summary>The training set and the held-out test split, loaded once per process.</summary>
internal sealed class DrawDatasets(DrawData train, DrawData test) : IDisposable
{
    public DrawData Train { get; } = train;
    public DrawData Test { get; } = test;

    public static DrawDatasets Load(string directory, string name)
    {
        var dataset = ImageDataset.Load(directory, name);
        return new DrawDatasets(new DrawData(dataset.Train), new DrawData(dataset.Test));
    }

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}

/// <summary>One run: the training curve (mean reconstruction and exact KL per image, per block of 10 iterations), the
/// held-out curve, and the final held-out bound on the test split's whole batches (<see cref="TestImages"/> images).</summary>
internal sealed record DrawRun(
    [property: JsonPropertyName("normalizer")] string Normalizer,
    [property: JsonPropertyName("curve_block")] int CurveBlock,
    [property: JsonPropertyName("reconstruction")] float[] Reconstruction,
    [property: JsonPropertyName("latent")] float[] Latent,
    [property: JsonPropertyName("held_out")] DrawBound[] HeldOut,
    [property: JsonPropertyName("test")] DrawBound Test,
    [property: JsonPropertyName("test_images")] int TestImages);

/// <summary>DRAW with each variant on one dataset, one run per (seed, variant).</summary>
internal sealed class DrawStudy(DrawOptions options) : Study<DrawDatasets, DrawRun>
{
    public const string Normalizer = "normalizer";

    /// <summary>Samples in a run's picture of the prior (8 × 8) and test images in its picture of the glimpses.</summary>
    public const int SampleCount = 64, SampleColumns = 8, GlimpseRows = 4;

    public DrawOptions Options { get; } = options;

    public override string Task => DrawTask.TaskName;

    public override string Protocol => Options.ProtocolKey;

    public override StudyGrid Grid { get; } = new([Axis.Of(Axis.Seed, options.Common.Seeds), Axis.Of(Normalizer, options.Normalizers)]);

    public override StudyOptions Common => Options.Common;

    public override IReadOnlyList<string> Arguments(StudyOptions common)
    {
        List<string> arguments =
        [
            DrawTask.TaskName, "--dataset", Options.Dataset, "--data", Options.DataDirectory, "--normalizers", .. Options.Normalizers,
            "--evaluate-every", Options.EvaluateEvery.ToString(CultureInfo.InvariantCulture), .. common.ToArguments(),
        ];
        if (Options.Iterations is { } n) arguments.AddRange(["--iterations", n.ToString(CultureInfo.InvariantCulture)]);
        if (Options.Faithful) arguments.Add("--faithful");
        return arguments;
    }

    public override string RunName(RunPoint point) => $"{point[Normalizer]}-s{point.Seed}";

    public override DrawDatasets Prepare() => DrawDatasets.Load(Options.DataDirectory, Options.Dataset);

    public override DrawRun Run(RunPoint point, DrawDatasets data, RunContext context) =>
        Train(Options, point[Normalizer], point.Seed, data, context.Name, context.OutputDirectory, context.Progress, context.Cancellation);

    public override string Describe(DrawRun run) =>
        string.Create(CultureInfo.InvariantCulture, $"held-out bound {run.Test.Total:F2} nats ({run.Test.Reconstruction:F2} + KL {run.Test.Latent:F2})");

    public static string ModelPath(string outputDirectory, string runName) => Path.Combine(outputDirectory, "models", runName + ".safetensors");

    /// <summary>Trains one model (continuing from its checkpoint if a previous attempt left one), measures it on the test
    /// split, saves it for <c>uam draw sample</c>, and draws its pictures.</summary>
    public static DrawRun Train(DrawOptions options, string normalizer, int seed, DrawDatasets data, string runName, string outputDirectory,
        Action<int, int, string>? progress, CancellationToken cancellation = default)
    {
        Kind kind = DrawOptions.KindOf(normalizer);
        DrawSettings settings = options.Settings;
        using var trainer = new DrawTrainer(settings, kind, data.Train, seed);
        string checkpoint = RunCheckpoint.PathOf(outputDirectory, runName, options.ProtocolKey);
        string identity = $"{options.ProtocolKey}|{runName}";
        trainer.Restore(checkpoint, identity);
        var slots = trainer.Model.RegularitySlots().ToList();
        foreach (var (name, slot) in slots) slot.Trace = new RegularityTrace(name);
        int evaluationImages = Math.Min(DrawOptions.CurveImages, data.Test.Count);
        while (trainer.Iteration < settings.Iterations)
        {
            cancellation.ThrowIfCancellationRequested();
            var (reconstruction, latent) = trainer.Step();
            RecordCodeLengths(trainer, slots);
            int iteration = trainer.Iteration;
            if (iteration % options.EvaluateEvery == 0 || iteration == settings.Iterations)
            {
                trainer.Record(DrawEvaluation.Bound(trainer.Model, kind, data.Test, evaluationImages, settings.BatchSize, seed, iteration));
                if (iteration % DrawSettings.CurveBlock == 0) trainer.Save(checkpoint, identity);
            }
            if (iteration % DrawSettings.CurveBlock == 0)
                progress?.Invoke(iteration, settings.Iterations, string.Create(CultureInfo.InvariantCulture, $"bound {reconstruction + latent:F1}"));
        }
        DrawBound test = DrawEvaluation.Bound(trainer.Model, kind, data.Test, data.Test.Count, settings.BatchSize, seed, trainer.Iteration);

        Directory.CreateDirectory(Path.GetDirectoryName(ModelPath(outputDirectory, runName))!);
        trainer.Model.Save(ModelPath(outputDirectory, runName), DrawModelFile.Metadata(options.Faithful, settings, normalizer));
        WritePictures(trainer.Model, kind, data.Test, seed, outputDirectory, runName);
        if (slots.Count > 0)
            new ProbeTraces(slots.Select((s, i) => new SlotTrace(s.Name, 1, trainer.Progress.CodeLength.Select(block => block[i]).ToArray())).ToList())
                .Write(ProbeTraces.PathOf(outputDirectory, runName));
        var p = trainer.Progress;
        var run = new DrawRun(normalizer, DrawSettings.CurveBlock, p.Reconstruction.ToArray(), p.Latent.ToArray(), p.HeldOut.ToArray(), test,
            DrawEvaluation.ImagesUsed(data.Test.Count, settings.BatchSize));
        File.Delete(checkpoint);
        return run;
    }

    /// <summary>The mean code length of each slot's training calls of the block just closed (the UAM probe).</summary>
    private static void RecordCodeLengths(DrawTrainer trainer, IReadOnlyList<(string Name, nn.RegularityNorm Slot)> slots)
    {
        if (slots.Count == 0 || trainer.Iteration % DrawSettings.CurveBlock != 0) return;
        var block = new float[slots.Count];
        for (int i = 0; i < slots.Count; i++)
        {
            var trace = slots[i].Slot.Trace!;
            var train = trace.Records.Where(r => r.Mode == RegularityMode.Train).ToList();
            block[i] = train.Count == 0 ? float.NaN : (float)train.Average(r => r.CodeLengthMean);
            trace.Clear();
        }
        trainer.Progress.CodeLength.Add(block);
    }

    public static void WritePictures(DrawModel model, Kind kind, DrawData test, int seed, string outputDirectory, string runName)
    {
        string samples = DrawPictures.SamplesPath(outputDirectory, runName), glimpses = DrawPictures.GlimpsesPath(outputDirectory, runName);
        Directory.CreateDirectory(Path.GetDirectoryName(samples)!);
        Directory.CreateDirectory(Path.GetDirectoryName(glimpses)!);
        DrawPictures.Samples(model, kind, SampleCount, SampleColumns, (ulong)seed + 11_000_000).Save(samples);
        var (images, labels) = test.Slice(0, Math.Min(GlimpseRows, test.Count));
        using (images)
        using (labels)
            DrawPictures.Glimpses(model, kind, images, labels, (ulong)seed + 12_000_000).Save(glimpses);
    }
}
