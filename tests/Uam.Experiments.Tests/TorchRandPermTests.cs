using Uam.Experiments.Data;
using Xunit;

namespace Uam.Experiments.Tests;

public class TorchRandPermTests
{
    // torch.manual_seed(seed); torch.randperm(10) as PyTorch computes it, checked against the original notebooks' outputs.
    [Theory]
    [InlineData(0, new[] { 4, 1, 7, 5, 3, 9, 0, 8, 6, 2 })]
    [InlineData(1, new[] { 5, 6, 1, 2, 0, 8, 9, 3, 7, 4 })]
    [InlineData(2, new[] { 8, 7, 1, 5, 6, 9, 0, 4, 2, 3 })]
    [InlineData(3, new[] { 6, 0, 3, 7, 8, 5, 1, 9, 2, 4 })]
    [InlineData(4, new[] { 0, 4, 9, 6, 7, 3, 2, 8, 1, 5 })]
    [InlineData(5, new[] { 1, 4, 9, 6, 3, 5, 0, 2, 8, 7 })]
    public void PyTorchs_permutation_is_reproduced(int seed, int[] expected) =>
        Assert.Equal(expected, TorchRandPerm.Permutation((ulong)seed, 10));

    [Fact]
    public void The_original_down_samples_the_same_classes()
    {
        // Seed 5: n = 7 keeps classes 2, 8, 9 and n = 1 drops class 6 (the original's Imbalanced_MNIST.ipynb).
        Assert.Equal([0, 1, 3, 4, 5, 6, 7], new ImbalancedSampler(10, 7, 0.01, 5).DownSampled);
        Assert.Equal([6], new ImbalancedSampler(10, 1, 0.01, 5).DownSampled);
        Assert.Equal([0, 6, 7], new ImbalancedSampler(10, 3, 0.01, 5).DownSampled);
    }
}
