namespace Uam.Experiments.Data;

/// <summary>PyTorch's CPU <c>randperm</c> for small n after <c>torch.manual_seed(seed)</c>: a Mersenne Twister
/// (MT19937, the standard <c>init_genrand</c>) driving a Fisher–Yates shuffle (docs/imbalanced.md). It makes the
/// choice of down-sampled classes the same as the original's for the same seed.</summary>
internal static class TorchRandPerm
{
    public static int[] Permutation(ulong seed, int n)
    {
        var twister = new MersenneTwister((uint)seed);
        int[] perm = Enumerable.Range(0, n).ToArray();
        for (int i = 0; i < n - 1; i++)
        {
            int z = (int)(twister.Next() % (uint)(n - i));
            (perm[i], perm[i + z]) = (perm[i + z], perm[i]);
        }
        return perm;
    }

    /// <summary>MT19937 (Matsumoto and Nishimura), 32-bit outputs.</summary>
    private sealed class MersenneTwister
    {
        private readonly uint[] _state = new uint[624];
        private int _index = 624;

        public MersenneTwister(uint seed)
        {
            _state[0] = seed;
            for (int i = 1; i < 624; i++)
                _state[i] = 1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30)) + (uint)i;
        }

        public uint Next()
        {
            if (_index >= 624) Twist();
            uint y = _state[_index++];
            y ^= y >> 11;
            y ^= (y << 7) & 0x9d2c5680u;
            y ^= (y << 15) & 0xefc60000u;
            y ^= y >> 18;
            return y;
        }

        private void Twist()
        {
            for (int i = 0; i < 624; i++)
            {
                uint y = (_state[i] & 0x80000000u) | (_state[(i + 1) % 624] & 0x7fffffffu);
                _state[i] = _state[(i + 397) % 624] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
            }
            _index = 0;
        }
    }
}
