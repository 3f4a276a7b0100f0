namespace Uam.Experiments.Data;

/// <summary>The paper's imbalance protocol (docs/imbalanced.md) made reproducible. PyTorch's seeded permutation of the
/// classes chooses which <see cref="DownSampled"/> classes keep each image only with probability p: class c
/// is down-sampled iff perm[c] &lt; n, as in the original. The keep draws and the epoch's data order come from
/// a generator seeded with the same seed (the original's draws were unseeded).</summary>
internal sealed class ImbalancedSampler
{
    private readonly Random _random;

    public ImbalancedSampler(int classes, int downSampledClasses, double keepProbability, int seed)
    {
        if (downSampledClasses < 0 || downSampledClasses > classes)
            throw new ArgumentOutOfRangeException(nameof(downSampledClasses), downSampledClasses, $"must be in 0..{classes}");
        if (keepProbability is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(keepProbability), keepProbability, "must be in [0, 1]");
        int[] perm = TorchRandPerm.Permutation((ulong)seed, classes);
        DownSampled = Enumerable.Range(0, classes).Where(c => perm[c] < downSampledClasses).ToArray();
        _random = new Random(seed);   // .NET keeps the seeded algorithm fixed across versions for reproducibility
        KeepProbability = keepProbability;
        Probabilities = Enumerable.Range(0, classes).Select(c => DownSampled.Contains(c) ? keepProbability : 1.0).ToArray();
    }

    /// <summary>The classes that are down-sampled, ascending.</summary>
    public int[] DownSampled { get; }

    /// <summary>Probability of keeping an image of a down-sampled class.</summary>
    public double KeepProbability { get; }

    /// <summary>Keep probability per class.</summary>
    public double[] Probabilities { get; }

    /// <summary>The indices of <paramref name="pool"/> kept for one epoch, in pool order.</summary>
    public int[] Draw(byte[] labels, IReadOnlyList<int> pool)
    {
        var kept = new List<int>(pool.Count);
        foreach (int i in pool)
            if (_random.NextDouble() < Probabilities[labels[i]]) kept.Add(i);
        return kept.ToArray();
    }

    /// <summary>The kept indices of the whole file (every index in the pool).</summary>
    public int[] Draw(byte[] labels) => Draw(labels, Enumerable.Range(0, labels.Length).ToArray());

    /// <summary>Shuffles <paramref name="indices"/> in place with the sampler's generator (the epoch's data order).</summary>
    public void Shuffle(int[] indices) => _random.Shuffle(indices);
}
