using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Uam.Environments.Random;

/// <summary>The random generator of the reference environments (gym ≤ 0.21, gym-minigrid): MT19937 seeded through a
/// SHA-512 hash of the seed (gym's <c>seeding.np_random</c>), with NumPy's legacy <c>RandomState</c> conversions, so that
/// a seed gives the reference's draws bit for bit (docs/environments.md).</summary>
public sealed class ReferenceRandom : IRandomSource
{
    private const int N = 624, M = 397;
    private readonly uint[] _state = new uint[N];
    private int _index = N;

    private ReferenceRandom() { }

    /// <summary>The generator gym makes for <paramref name="seed"/>: MT19937 <c>init_by_array</c> of the first 8 bytes of
    /// SHA-512("seed") as little-endian 32-bit words, without leading zero words.</summary>
    public static ReferenceRandom FromSeed(ulong seed)
    {
        byte[] digest = SHA512.HashData(Encoding.ASCII.GetBytes(seed.ToString(CultureInfo.InvariantCulture)));
        uint w0 = BinaryPrimitives.ReadUInt32LittleEndian(digest.AsSpan(0, 4)), w1 = BinaryPrimitives.ReadUInt32LittleEndian(digest.AsSpan(4, 4));
        return FromKey(w1 == 0 ? [w0] : [w0, w1]);
    }

    /// <summary>The key gym derives from a seed (for tests against the reference's values).</summary>
    public static uint[] KeyOf(ulong seed)
    {
        byte[] digest = SHA512.HashData(Encoding.ASCII.GetBytes(seed.ToString(CultureInfo.InvariantCulture)));
        uint w0 = BinaryPrimitives.ReadUInt32LittleEndian(digest.AsSpan(0, 4)), w1 = BinaryPrimitives.ReadUInt32LittleEndian(digest.AsSpan(4, 4));
        return w1 == 0 ? [w0] : [w0, w1];
    }

    /// <summary>MT19937's standard <c>init_genrand</c> (NumPy's <c>RandomState(seed)</c> for a 32-bit seed).</summary>
    public static ReferenceRandom FromInteger(uint seed)
    {
        var random = new ReferenceRandom();
        random.InitGenrand(seed);
        return random;
    }

    /// <summary>MT19937's standard <c>init_by_array</c>.</summary>
    public static ReferenceRandom FromKey(IReadOnlyList<uint> key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Count == 0) throw new ArgumentException("the key needs at least one word", nameof(key));
        var random = new ReferenceRandom();
        uint[] mt = random._state;
        random.InitGenrand(19650218u);
        int i = 1, j = 0;
        for (int k = Math.Max(N, key.Count); k > 0; k--)
        {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j;
            i++;
            j++;
            if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
            if (j >= key.Count) j = 0;
        }
        for (int k = N - 1; k > 0; k--)
        {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941u)) - (uint)i;
            i++;
            if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
        }
        mt[0] = 0x80000000u;
        random._index = N;
        return random;
    }

    private void InitGenrand(uint seed)
    {
        _state[0] = seed;
        for (int i = 1; i < N; i++) _state[i] = 1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30)) + (uint)i;
        _index = N;
    }

    /// <summary>The next 32-bit output.</summary>
    public uint NextUInt32()
    {
        if (_index >= N)
        {
            for (int k = 0; k < N; k++)
            {
                uint y = (_state[k] & 0x80000000u) | (_state[(k + 1) % N] & 0x7fffffffu);
                _state[k] = _state[(k + M) % N] ^ (y >> 1) ^ ((y & 1u) != 0 ? 0x9908b0dfu : 0u);
            }
            _index = 0;
        }
        uint z = _state[_index++];
        z ^= z >> 11;
        z ^= (z << 7) & 0x9d2c5680u;
        z ^= (z << 15) & 0xefc60000u;
        z ^= z >> 18;
        return z;
    }

    /// <summary>NumPy's <c>random_sample()</c>: 53 random bits from two outputs, in [0, 1).</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary>NumPy's <c>uniform(low, high)</c> = low + (high − low)·random_sample().</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>NumPy's legacy <c>randint(low, high)</c> in [low, high − 1]: masked rejection sampling, no draw when the
    /// range holds one value.</summary>
    public int Integer(int low, int high)
    {
        if (high <= low) throw new ArgumentOutOfRangeException(nameof(high), high, $"randint: high ({high}) must exceed low ({low}).");
        uint range = (uint)(high - low - 1);
        if (range == 0) return low;
        uint mask = range;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        do value = NextUInt32() & mask; while (value > range);
        return low + (int)value;
    }
}
