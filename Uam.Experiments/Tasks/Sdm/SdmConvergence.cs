using System.Globalization;
using System.Text.Json.Serialization;
using Uam.Experiments.Cli;
using Uam.Experiments.Data;
using Uam.Experiments.Studies;
using Uam.Runtime;
using Uam.Runtime.Memory;

namespace Uam.Experiments.Tasks.Sdm;

/// <summary>A convergence study: datasets, radii (as fractions of the space), algorithms, memory size, repeats, protocol.</summary>
internal sealed record SdmConvergenceOptions(IReadOnlyList<string> Datasets, IReadOnlyList<double> Fractions, IReadOnlyList<string> Algorithms,
    int Patterns, int Repeats, bool Faithful, StudyOptions Common)
{
    /// <summary>The experiments' fractions (§3.1, table §1.4): n = 64 radii 5, 9, 11, 15, 19, 27.</summary>
    public static readonly double[] DefaultFractions = [1e-13, 1e-9, 1e-8, 7e-6, 3.68e-4, 0.1];

    /// <summary>The algorithms a dataset runs: every one on random data (binary ones on the signs), the continuous ones on
    /// images (binarised images are too correlated for Hamming geometry, §3.1); the neuron-based SDM only at n = 64.</summary>
    public static IEnumerable<MemoryAlgorithm> Applicable(string dataset) => Enum.GetValues<MemoryAlgorithm>().Where(a =>
        a switch
        {
            MemoryAlgorithm.NeuronSdm => dataset == "rand64",
            MemoryAlgorithm.ContinuousSdmNeuronLimit or MemoryAlgorithm.ContinuousBinarySdmNeuronLimit => false,
            _ => SdmDatasets.IsRandom(dataset) || !a.IsBinary(),
        });

    public string ProtocolKey => string.Create(CultureInfo.InvariantCulture,
        $"convergence|{(Faithful ? "faithful" : "default")}|patterns={Patterns}|repeats={Repeats}");
}

/// <summary>One algorithm's cosines to the targets per perturbation level: sums for pooling over runs.</summary>
internal sealed record AlgorithmCosines(
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("beta")] double Beta,
    [property: JsonPropertyName("count")] int[] Count,
    [property: JsonPropertyName("sum")] double[] Sum,
    [property: JsonPropertyName("sum_squares")] double[] SumSquares,
    [property: JsonPropertyName("mean_steps")] double[] MeanSteps);

/// <summary>One memory (dataset, index, radius): every algorithm on the same queries.</summary>
internal sealed record SdmConvergenceRun(
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("radius")] int Radius,
    [property: JsonPropertyName("levels")] int[] Levels,
    [property: JsonPropertyName("baseline")] double[] Baseline,
    [property: JsonPropertyName("algorithms")] AlgorithmCosines[] Algorithms);

/// <summary>The image datasets a convergence study needs, loaded once per process.</summary>
internal sealed class SdmImages(IReadOnlyDictionary<string, ImageDataset> images) : IDisposable
{
    public ImageDataset? this[string dataset] => images.GetValueOrDefault(dataset);

    public void Dispose()
    {
    }
}

/// <summary>The autoassociative convergence experiments (spec §3.1): each stored pattern perturbed by k, read until it stops
/// changing, and compared with the pattern.</summary>
internal sealed class SdmConvergenceStudy(SdmConvergenceOptions options) : Study<SdmImages, SdmConvergenceRun>
{
    public const string Dataset = "dataset", Fraction = "fraction";

    public SdmConvergenceOptions Options { get; } = options;

    public override string Task => SdmTask.TaskName;

    public override string Protocol => Options.ProtocolKey;

    public override StudyGrid Grid { get; } = new([Axis.Of(Axis.Seed, options.Common.Seeds), Axis.Of(Dataset, options.Datasets),
        Axis.Of(Fraction, options.Fractions.Select(f => f.ToString("R", CultureInfo.InvariantCulture)).ToList())]);

    public override StudyOptions Common => Options.Common;

    public override IReadOnlyList<string> Arguments(StudyOptions common)
    {
        List<string> arguments =
        [
            SdmTask.TaskName, "convergence", "--datasets", .. Options.Datasets,
            "--fractions", .. Options.Fractions.Select(f => f.ToString("R", CultureInfo.InvariantCulture)), "--algorithms", .. Options.Algorithms,
            "--patterns", Options.Patterns.ToString(CultureInfo.InvariantCulture), "--repeats", Options.Repeats.ToString(CultureInfo.InvariantCulture),
            .. common.ToArguments(),
        ];
        if (Options.Faithful) arguments.Add("--faithful");
        return arguments;
    }

    public override string RunName(RunPoint point) => $"{point[Dataset]}-p{point[Fraction]}-s{point.Seed}";

    public override SdmImages Prepare() => new(Options.Datasets.Where(d => !SdmDatasets.IsRandom(d))
        .ToDictionary(d => d, d => ImageDataset.Load(ImageDataset.DirectoryOf(d), d)));

    public override SdmConvergenceRun Run(RunPoint point, SdmImages data, RunContext context) =>
        Converge(Options, point[Dataset], point.Seed, double.Parse(point[Fraction], CultureInfo.InvariantCulture), data[point[Dataset]], context.Progress, context.Cancellation);

    public override string Describe(SdmConvergenceRun run) =>
        $"d={run.Radius}: " + string.Join(", ", run.Algorithms.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Algorithm} {a.Sum[^1] / a.Count[^1]:F3}")));

    public static SdmConvergenceRun Converge(SdmConvergenceOptions options, string dataset, int seed, double fraction, ImageDataset? images,
        Action<int, int, string>? progress = null, CancellationToken cancellation = default)
    {
        using var patterns = SdmDatasets.Load(dataset, seed, options.Patterns, images);
        int n = patterns.Dimension, radius = HammingBall.RadiusFor(n, fraction);
        int[] levels = SdmDatasets.Levels(SdmDatasets.MaxPerturbation(dataset));
        var algorithms = SdmConvergenceOptions.Applicable(dataset).Where(a => options.Algorithms.Contains(a.Name())).ToList();
        using var neuronDraws = new Generator((ulong)(seed * 7_919 + radius));
        var memories = algorithms.Select(a => Memories.Create(a, a.IsBinary() ? patterns.Binary! : patterns.Continuous, null,
            MemoryOptionsFor(a, dataset, radius, options.Faithful), neuronDraws)).ToList();
        var convergence = new ConvergenceOptions(MaxSteps: 100, CompareUnnormalised: options.Faithful);
        var results = algorithms.Select(a => (Count: new int[levels.Length], Sum: new double[levels.Length], Squares: new double[levels.Length], Steps: new double[levels.Length])).ToList();
        float[] binaryRows = patterns.Binary?.ToArray<float>() ?? [], continuousRows = patterns.Continuous.ToArray<float>();
        int total = levels.Length * options.Repeats, done = 0;
        try
        {
            for (int l = 0; l < levels.Length; l++)
                for (int repeat = 0; repeat < options.Repeats; repeat++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    // The queries depend on (memory, level, repeat) only: every algorithm and radius reads the same ones. (Not
                    // HashCode.Combine: it is seeded afresh in every process, and a seed must fix the queries everywhere.)
                    var random = new Random(QuerySeed(seed, Array.IndexOf(SdmDatasets.All, dataset), levels[l], repeat));
                    using var binaryQueries = patterns.Binary is null ? null : Queries(patterns.Binary, binaryRows, n, levels[l], true, random, dataset);
                    using var continuousQueries = Queries(patterns.Continuous, continuousRows, n, levels[l], false, random, dataset);
                    for (int a = 0; a < algorithms.Count; a++)
                    {
                        bool binary = algorithms[a].IsBinary();
                        using var result = Convergence.Run(memories[a], binary ? binaryQueries! : continuousQueries, convergence);
                        double[] cosines = CosinesToTargets(result.Queries, binary ? patterns.Binary! : patterns.Continuous, binary);
                        var r = results[a];
                        r.Count[l] += cosines.Length;
                        r.Sum[l] += cosines.Sum();
                        r.Squares[l] += cosines.Sum(c => c * c);
                        r.Steps[l] += result.Steps / (double)options.Repeats;
                    }
                    progress?.Invoke(++done, total, $"d={radius} k={levels[l]}");
                }
        }
        finally
        {
            foreach (var memory in memories) memory.Dispose();
        }
        return new SdmConvergenceRun(dataset, n, radius, levels, levels.Select(k => 1 - 2.0 * k / n).ToArray(),
            algorithms.Select((a, i) => new AlgorithmCosines(a.Name(), memories[i] is PatternMemory p ? p.Beta : double.NaN,
                results[i].Count, results[i].Sum, results[i].Squares, results[i].Steps)).ToArray());
    }

    /// <summary>A seed for the queries of one (memory, dataset, level, repeat), the same in every process.</summary>
    public static int QuerySeed(int seed, int dataset, int level, int repeat) =>
        (int)(((long)seed * 1_000_003 + dataset * 100_003L + level * 1_009L + repeat) & 0x7FFFFFFF);

    /// <summary>The options of one algorithm in this experiment: finite neurons for the neuron variants, the quirks under
    /// the faithful protocol.</summary>
    public static MemoryOptions MemoryOptionsFor(MemoryAlgorithm algorithm, string dataset, int radius, bool faithful)
    {
        var options = new MemoryOptions(radius, Neurons: algorithm.NeedsNeurons() ? SdmDatasets.Neurons(dataset) : null);
        // Radii below 2 have no β fit; the attention then uses the nearest fit (d = 2).
        if (algorithm is MemoryAlgorithm.BinarySdmAttention or MemoryAlgorithm.SdmAttentionBinaryFit && radius < 2) options = options with { Beta = BetaFit.Binary(SdmDatasets.Dimension(dataset), 2).Beta };
        return faithful ? options.Faithful() : options;
    }

    /// <summary>Every pattern perturbed by k; for random data the whole batch is redrawn (at most 10 times) while some query
    /// lies nearer to another pattern than to its own (the original's <c>ensure_no_closer_images</c>).</summary>
    private static Tensor Queries(Tensor patterns, float[] rows, int n, int k, bool binary, Random random, string dataset)
    {
        for (int attempt = 0; attempt < 10; attempt++)
        {
            float[] perturbed = binary ? Perturbation.FlipBits(rows, n, k, random) : Perturbation.ToCosine(rows, n, 1 - 2.0 * k / n, random);
            var queries = torch.FromArray(perturbed, [rows.Length / n, n]);
            if (!SdmDatasets.IsRandom(dataset) || NoCloserPattern(queries, patterns, n, k, binary)) return queries;
            queries.Dispose();
        }
        throw new InvalidOperationException($"{dataset}: after 10 draws some query perturbed by {k} still lies nearer to another pattern than to its own.");
    }

    private static bool NoCloserPattern(Tensor queries, Tensor patterns, int n, int k, bool binary)
    {
        using var scope = torch.NewDisposeScope();
        if (binary)
        {
            Tensor hamming = queries.Sum(1, keepDim: true) + patterns.Sum(1).Unsqueeze(0) - queries.MatMul(patterns.T()) * 2;
            return hamming.AMin([1]).Min().Item<float>() >= k - 0.5;
        }
        Tensor cosines = PatternMemory.Normalised(queries).MatMul(patterns.T());
        return cosines.AMax([1]).Max().Item<float>() <= 1 - 2.0 * k / n + 1e-5;
    }

    /// <summary>Cosine of each converged query with its unperturbed pattern: 1 − 2·(differing bits)/n for binary rows.</summary>
    public static double[] CosinesToTargets(Tensor results, Tensor targets, bool binary)
    {
        using var scope = torch.NewDisposeScope();
        Tensor cosines = binary
            ? 1 - (results - targets).Abs().Sum(1) * (2.0 / results.Size(1))
            : (PatternMemory.Normalised(results) * PatternMemory.Normalised(targets)).Sum(1);
        return cosines.To(ScalarType.Float64).ToArray<double>();
    }
}
