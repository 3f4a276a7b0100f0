namespace Uam.Experiments.Data;

/// <summary>The paper's imbalance protocol (spec §3) made reproducible: a seeded permutation chooses which
/// <see cref="DownSampledClasses"/> classes keep each image only with probability p, and the draws
/// come from the same seeded generator (the original's were unseeded).</summary>
internal sealed class ImbalancedSampler
{
    private readonly Random _random;

    public ImbalancedSampler(int classes, int downSampledClasses, double keepProbability, int seed)
    {
        if (downSampledClasses < 0 || downSampledClasses > classes)
            throw new ArgumentOutOfRangeException(nameof(downSampledClasses), downSampledClasses, $"must be in 0..{classes}");
        if (keepProbability is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(keepProbability), keepProbability, "must be in [0, 1]");
        _random = new Random(seed);   // .NET keeps the seeded algorithm fixed across versions for reproducibility
        int[] order = Enumerable.Range(0, classes).ToArray();
        _random.Shuffle(order);
        DownSampled = order.Take(downSampledClasses).Order().ToArray();
        KeepProbability = keepProbability;
        Probabilities = Enumerable.Range(0, classes).Select(c => DownSampled.Contains(c) ? keepProbability : 1.0).ToArray();
    }

    /// <summary>The classes that are down-sampled, ascending.</summary>
    public int[] DownSampled { get; }

    /// <summary>How many classes are down-sampled.</summary>
    public int DownSampledClasses => DownSampled.Length;

    /// <summary>Probability of keeping an image of a down-sampled class.</summary>
    public double KeepProbability { get; }

    /// <summary>Keep probability per class.</summary>
    public double[] Probabilities { get; }

    /// <summary>The indices kept from <paramref name="labels"/> for one epoch, in file order.</summary>
    public int[] Draw(byte[] labels)
    {
        var kept = new List<int>(labels.Length);
        for (int i = 0; i < labels.Length; i++)
            if (_random.NextDouble() < Probabilities[labels[i]]) kept.Add(i);
        return kept.ToArray();
    }

    /// <summary>Shuffles <paramref name="indices"/> in place with the sampler's generator (the epoch's data order).</summary>
    public void Shuffle(int[] indices) => _random.Shuffle(indices);
}
