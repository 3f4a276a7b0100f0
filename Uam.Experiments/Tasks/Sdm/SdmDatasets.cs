using Uam.Experiments.Data;
using Uam.Runtime;
using Uam.Runtime.Memory;

namespace Uam.Experiments.Tasks.Sdm;

/// <summary>A memory's patterns: unit vectors, and (random data only) their 0/1 copies: the signs of the same uniform draws
/// (quirk 14: binary and continuous copies of a pattern are related).</summary>
internal sealed record PatternSet(Tensor Continuous, Tensor? Binary) : IDisposable
{
    public int Dimension => (int)Continuous.Size(1);

    public void Dispose()
    {
        Continuous.Dispose();
        Binary?.Dispose();
    }
}

/// <summary>The convergence experiments' datasets (spec §3.1): uniform random patterns at n = 64 and 1000, and images
/// (Fashion-MNIST's training set, MNIST's test set split) flattened to 784 and L2-normalised; m patterns per dataset.</summary>
internal static class SdmDatasets
{
    public static readonly string[] All = ["rand64", "rand1000", "fashion-mnist", "mnist"];

    public static bool IsRandom(string dataset) => dataset.StartsWith("rand", StringComparison.Ordinal);

    /// <summary>n of a dataset.</summary>
    public static int Dimension(string dataset) => dataset switch
    {
        "rand64" => 64, "rand1000" => 1000, "fashion-mnist" or "mnist" => 784,
        _ => throw new ArgumentException($"--datasets: '{dataset}' is not one of {string.Join(", ", All)}."),
    };

    /// <summary>The largest perturbation: 12 bits (n = 64), 375 (n = 1000), 300 (images).</summary>
    public static int MaxPerturbation(string dataset) => dataset switch { "rand64" => 12, "rand1000" => 375, _ => 300 };

    /// <summary>Neurons of the finite-neuron variants: 10⁵ at n = 64 (the neuron-based comparison), 10⁶ at n = 1000.</summary>
    public static double Neurons(string dataset) => dataset == "rand64" ? 1e5 : 1e6;

    /// <summary>unique(⌊linspace(0, max, 7)⌋).</summary>
    public static int[] Levels(int max) => Enumerable.Range(0, 7).Select(i => (int)Math.Floor(max * i / 6.0)).Distinct().ToArray();

    /// <summary>The index-th memory of a dataset (index = the study's seed): random draws from a generator seeded by it, or
    /// m images drawn without replacement by a seeded permutation.</summary>
    public static PatternSet Load(string dataset, int index, int patterns, ImageDataset? images)
    {
        int n = Dimension(dataset);
        using var scope = torch.NewDisposeScope();
        if (IsRandom(dataset))
        {
            using var generator = new Generator((ulong)(1_000 * n + index));
            Tensor uniform = torch.Rand([patterns, n], generator) * 2 - 1;
            return new PatternSet(scope.MoveToOuter(PatternMemory.Normalised(uniform)), scope.MoveToOuter(uniform.Gt(0).To(ScalarType.Float32)));
        }
        if (images is null) throw new ArgumentException($"The dataset {dataset} needs its images.", nameof(images));
        var source = images.Train;
        if (source.Count < patterns) throw new ArgumentException($"{dataset} has {source.Count} training images; the memory needs {patterns}.");
        int[] order = Enumerable.Range(0, source.Count).ToArray();
        new Random(index).Shuffle(order);
        float[] pixels = new float[patterns * 784];
        for (int p = 0; p < patterns; p++)
            for (int i = 0; i < 784; i++) pixels[p * 784 + i] = source.Pixels[order[p] * source.ImageSize + i] / 255f;
        return new PatternSet(scope.MoveToOuter(PatternMemory.Normalised(torch.FromArray(pixels, [patterns, 784]))), null);
    }
}
