namespace Uam.Experiments.Data;

/// <summary>PyTorch's CPU <c>randperm</c> for small n after <c>torch.manual_seed(seed)</c>: a Mersenne Twister
/// (MT19937, the standard <c>init_genrand</c>) driving a Fisher–Yates shuffle (docs/imbalanced.md). It makes the
/// choice of down-sampled classes the same as the original's for the same seed.</summary>
internal static class TorchRandPerm
{
    public static int[] Permutation(ulong seed, int n)
    {
        // The same generator the reference environments use (Uam.Environments), seeded as torch seeds it: init_genrand.
        var twister = Uam.Environments.Random.ReferenceRandom.FromInteger((uint)seed);
        int[] perm = Enumerable.Range(0, n).ToArray();
        for (int i = 0; i < n - 1; i++)
        {
            int z = (int)(twister.NextUInt32() % (uint)(n - i));
            (perm[i], perm[i + z]) = (perm[i + z], perm[i]);
        }
        return perm;
    }
}
