using System.Globalization;
using System.Text.Json.Serialization;
using Uam.Experiments.Cli;
using Uam.Experiments.Data;
using Uam.Experiments.Studies;
using Uam.Runtime;
using Uam.Runtime.Memory;

namespace Uam.Experiments.Tasks.Sdm;

/// <summary>A learned-projection study (spec §3.2): radii, whether β is learned, memory size, epochs, protocol.</summary>
internal sealed record SdmProjectionOptions(IReadOnlyList<int> Radii, IReadOnlyList<string> BetaModes, int MemorySize, int Epochs, int TestQueries,
    bool Faithful, StudyOptions Common)
{
    public const int LatentDimension = 64, BatchSize = 128;
    public const double LearningRate = 0.005;

    public string ProtocolKey => string.Create(CultureInfo.InvariantCulture,
        $"projection|{(Faithful ? "faithful" : "default")}|memory={MemorySize}|epochs={Epochs}|queries={TestQueries}");
}

/// <summary>One algorithm's mean ± s.d. cosine to the original images per perturbation level, on one memory.</summary>
internal sealed record ProjectionScore(
    [property: JsonPropertyName("memory")] string Memory,
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("mean")] double[] Mean,
    [property: JsonPropertyName("sd")] double[] Sd);

/// <summary>One trained projection: its radius, β (initial and final), training loss per epoch, and the test scores.</summary>
internal sealed record SdmProjectionRun(
    [property: JsonPropertyName("radius")] int Radius,
    [property: JsonPropertyName("beta_mode")] string BetaMode,
    [property: JsonPropertyName("initial_beta")] double InitialBeta,
    [property: JsonPropertyName("final_beta")] double FinalBeta,
    [property: JsonPropertyName("loss")] double[] Loss,
    [property: JsonPropertyName("levels")] int[] Levels,
    [property: JsonPropertyName("scores")] ProjectionScore[] Scores);

/// <summary>Fashion-MNIST, loaded once per process.</summary>
internal sealed class ProjectionImages(ImageDataset images) : IDisposable
{
    public ImageDataset Images { get; } = images;

    public void Dispose()
    {
    }
}

/// <summary>Learns a key projection W_k (784 → 64) in which one softmax read, K softmax(β K̃ᵀ z), cleans a perturbed
/// Fashion-MNIST image (spec §3.2); then tests the SDM and attention reads through it, on the training memory and on a
/// memory of held-out test images (the original tested on its training memory: quirk 10).</summary>
internal sealed class SdmProjectionStudy(SdmProjectionOptions options) : Study<ProjectionImages, SdmProjectionRun>
{
    public const string Radius = "radius", BetaMode = "beta";
    public static readonly int[] Levels = [0, 50, 100, 150, 200, 250, 300];

    public SdmProjectionOptions Options { get; } = options;

    public override string Task => SdmTask.TaskName;

    public override string Protocol => Options.ProtocolKey;

    public override StudyGrid Grid { get; } = new([Axis.Of(Axis.Seed, options.Common.Seeds), Axis.Of(Radius, options.Radii), Axis.Of(BetaMode, options.BetaModes)]);

    public override StudyOptions Common => Options.Common;

    public override IReadOnlyList<string> Arguments(StudyOptions common)
    {
        List<string> arguments =
        [
            SdmTask.TaskName, "projection", "--radii", .. Options.Radii.Select(r => r.ToString(CultureInfo.InvariantCulture)), "--beta", .. Options.BetaModes,
            "--memory", Options.MemorySize.ToString(CultureInfo.InvariantCulture), "--epochs", Options.Epochs.ToString(CultureInfo.InvariantCulture),
            "--test-queries", Options.TestQueries.ToString(CultureInfo.InvariantCulture), .. common.ToArguments(),
        ];
        if (Options.Faithful) arguments.Add("--faithful");
        return arguments;
    }

    public override string RunName(RunPoint point) => $"d{point[Radius]}-{point[BetaMode]}-s{point.Seed}";

    public override ProjectionImages Prepare() => new(ImageDataset.Load(ImageDataset.DirectoryOf("fashion-mnist"), "fashion-mnist"));

    public override SdmProjectionRun Run(RunPoint point, ProjectionImages data, RunContext context) =>
        Train(Options, point.Integer(Radius), point[BetaMode], point.Seed, data.Images, context.Progress, context.Cancellation);

    public override string Describe(SdmProjectionRun run) => string.Create(CultureInfo.InvariantCulture,
        $"β {run.InitialBeta:F2} → {run.FinalBeta:F2}, loss {run.Loss[^1]:F2}");

    /// <summary>The first <paramref name="count"/> images of a split as [count, 784] pixels in [0, 1].</summary>
    public static Tensor Images(LabelledImages split, int count)
    {
        if (split.Count < count) throw new ArgumentException($"The split holds {split.Count} images; {count} were asked for.");
        float[] pixels = new float[count * split.ImageSize];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = split.Pixels[i] / 255f;
        return torch.FromArray(pixels, [count, split.ImageSize]);
    }

    public static SdmProjectionRun Train(SdmProjectionOptions options, int radius, string betaMode, int seed, ImageDataset images,
        Action<int, int, string>? progress = null, CancellationToken cancellation = default)
    {
        const int n = SdmProjectionOptions.LatentDimension;
        double fitted = BetaFit.Binary(n, radius).Beta;
        bool learned = betaMode == "learned";
        using var keys = Images(images.Train, options.MemorySize);
        int pixels = (int)keys.Size(1);
        using var generator = new Generator((ulong)seed);
        using var projection = torch.Randn([n, pixels], generator).SetRequiresGrad();
        using var logBeta = torch.FromArray(new[] { (float)Math.Log(learned ? 3 * fitted : fitted) });
        var parameters = new List<Tensor> { projection };
        if (learned)
        {
            logBeta.SetRequiresGrad();
            parameters.Add(logBeta);
        }
        using var optimizer = new optim.Adam(parameters, SdmProjectionOptions.LearningRate);
        float[] keyRows = keys.ToArray<float>();
        var random = new Random(seed);
        int steps = options.MemorySize / SdmProjectionOptions.BatchSize;
        var loss = new double[options.Epochs];
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            int[] order = Enumerable.Range(0, options.MemorySize).ToArray();
            random.Shuffle(order);
            double total = 0;
            for (int step = 0; step < steps; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                int[] batch = order.Skip(step * SdmProjectionOptions.BatchSize).Take(SdmProjectionOptions.BatchSize).ToArray();
                float[] targets = batch.SelectMany(i => keyRows.Skip(i * pixels).Take(pixels)).ToArray();
                // Each query its own perturbation k ~ U[10, 100): the cosine 1 − 2k/784 to its image.
                double[] cosines = batch.Select(_ => 1 - 2.0 * random.Next(10, 100) / pixels).ToArray();
                Tensor target = torch.FromArray(targets, [batch.Length, pixels]);
                Tensor query = torch.FromArray(Perturbation.ToCosines(targets, pixels, cosines, random), [batch.Length, pixels]);
                Tensor read = Read(projection, logBeta.Exp(), keys, query);
                Tensor error = (read - target).Square().Sum() / batch.Length;
                optimizer.ZeroGrad();
                error.Backward();
                optimizer.Step();
                total += error.Item<float>();
            }
            loss[epoch] = total / steps;
            progress?.Invoke(epoch + 1, options.Epochs, string.Create(CultureInfo.InvariantCulture, $"loss {loss[epoch]:F2}"));
        }
        double finalBeta = Math.Exp(logBeta.Item<float>());
        var scores = Test(options, projection, radius, learned ? finalBeta : null, images, seed);
        return new SdmProjectionRun(radius, betaMode, learned ? 3 * fitted : fitted, finalBeta, loss, Levels, scores);
    }

    /// <summary>One softmax read in image space: K softmax(β·normalised(W K)·normalised(W q)).</summary>
    public static Tensor Read(Tensor projection, Tensor beta, Tensor keys, Tensor queries)
    {
        Tensor latentKeys = PatternMemory.Normalised(keys.MatMul(projection.T())), latentQueries = PatternMemory.Normalised(queries.MatMul(projection.T()));
        return (latentQueries.MatMul(latentKeys.T()) * beta).Softmax(1).MatMul(keys);
    }

    /// <summary>Every test algorithm, up to 10 reads in latent space: training images from the training memory, and test
    /// images from a memory of the test images (faithful: test images from the training memory, where they can never be
    /// found, and the binary-fitted β for both attentions: quirk 10).</summary>
    private static ProjectionScore[] Test(SdmProjectionOptions options, Tensor projection, int radius, double? trainedBeta, ImageDataset images, int seed)
    {
        const int n = SdmProjectionOptions.LatentDimension;
        using var noGrad = torch.NoGrad();
        var scores = new List<ProjectionScore>();
        using var train = Images(images.Train, options.MemorySize);
        using var heldOut = Images(images.Test, Math.Min(options.MemorySize, images.Test.Count));
        foreach (var (name, memoryImages, queryImages) in new[] { ("train", train, train), ("test", options.Faithful ? train : heldOut, heldOut) })
        {
            using var latent = PatternMemory.Normalised(memoryImages.MatMul(projection.T()));
            int queries = Math.Min(options.TestQueries, (int)queryImages.Size(0));
            using var targets = queryImages.Narrow(0, 0, queries);
            float[] targetRows = targets.ToArray<float>();
            int pixels = (int)memoryImages.Size(1);
            var algorithms = new (string Name, MemoryAlgorithm Algorithm, double? Beta)[]
            {
                ("cont-sdm", MemoryAlgorithm.ContinuousSdm, null), ("cont-binary-sdm", MemoryAlgorithm.ContinuousBinarySdm, null),
                ("sdm-attention-bfit", MemoryAlgorithm.SdmAttentionBinaryFit, null),
                ("sdm-attention-cfit", MemoryAlgorithm.SdmAttentionCapFit, options.Faithful ? BetaFit.Binary(n, radius).Beta : null),
                ("trained-beta attention", MemoryAlgorithm.SdmAttentionBinaryFit, trainedBeta),
            };
            foreach (var (label, algorithm, beta) in algorithms)
            {
                if (label == "trained-beta attention" && trainedBeta is null) continue;   // β fixed: the same read as sdm-attention-bfit
                var memoryOptions = new MemoryOptions(radius, Beta: beta);
                using var memory = new PatternMemory(algorithm, latent, memoryImages, options.Faithful ? memoryOptions.Faithful() : memoryOptions);
                var mean = new double[Levels.Length];
                var sd = new double[Levels.Length];
                for (int l = 0; l < Levels.Length; l++)
                {
                    // The same queries for every algorithm, and in every process.
                    var random = new Random(SdmConvergenceStudy.QuerySeed(seed, name == "train" ? 0 : 1, Levels[l], 0));
                    using var query = torch.FromArray(Perturbation.ToCosine(targetRows, pixels, 1 - 2.0 * Levels[l] / pixels, random), [queries, pixels]);
                    using var result = Convergence.Run(memory, query, new ConvergenceOptions(MaxSteps: 10, RenormaliseContinuous: false), q => q.MatMul(projection.T()));
                    double[] cosines = SdmConvergenceStudy.CosinesToTargets(result.Queries, targets, binary: false);
                    mean[l] = cosines.Average();
                    sd[l] = Math.Sqrt(Math.Max(0, cosines.Average(c => c * c) - mean[l] * mean[l]));
                }
                scores.Add(new ProjectionScore(name, label, mean, sd));
            }
        }
        return scores.ToArray();
    }
}
