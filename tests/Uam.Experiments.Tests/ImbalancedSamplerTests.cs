using Uam.Experiments.Data;
using Xunit;

namespace Uam.Experiments.Tests;

public class ImbalancedSamplerTests
{
    private static readonly byte[] Labels = Enumerable.Range(0, 50_000).Select(i => (byte)(i % 10)).ToArray();

    [Fact]
    public void The_same_seed_draws_the_same_classes_and_images()
    {
        var a = new ImbalancedSampler(10, 3, 0.05, seed: 4);
        var b = new ImbalancedSampler(10, 3, 0.05, seed: 4);
        Assert.Equal(a.DownSampled, b.DownSampled);
        Assert.Equal(a.Draw(Labels), b.Draw(Labels));
        Assert.NotEqual(a.DownSampled, new ImbalancedSampler(10, 3, 0.05, seed: 6).DownSampled);
    }

    [Fact]
    public void Down_sampled_classes_keep_about_p_of_their_images_and_others_keep_all()
    {
        var sampler = new ImbalancedSampler(10, 4, 0.1, seed: 1);
        int[] kept = sampler.Draw(Labels);
        var perClass = new int[10];
        foreach (int i in kept) perClass[Labels[i]]++;
        Assert.Equal(4, sampler.DownSampled.Length);
        for (int c = 0; c < 10; c++)
            if (sampler.DownSampled.Contains(c)) Assert.InRange(perClass[c], 400, 600);   // 5,000 × 0.1 ± 4.5σ
            else Assert.Equal(5000, perClass[c]);
    }

    [Fact]
    public void Draws_are_restricted_to_the_pool()
    {
        var sampler = new ImbalancedSampler(10, 0, 0.01, 1);
        int[] pool = Enumerable.Range(5000, 1000).ToArray();
        Assert.Equal(pool, sampler.Draw(Labels, pool));
    }

    [Fact]
    public void Zero_and_all_classes_are_valid_extremes()
    {
        Assert.Equal(Labels.Length, new ImbalancedSampler(10, 0, 0.01, 1).Draw(Labels).Length);
        Assert.Empty(new ImbalancedSampler(10, 10, 0, 1).Draw(Labels));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImbalancedSampler(10, 11, 0.01, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImbalancedSampler(10, 1, 1.5, 1));
    }
}
