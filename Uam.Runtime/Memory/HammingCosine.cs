namespace Uam.Runtime.Memory;

/// <summary>The map between Hamming distance and cosine similarity that SDM attention rests on: cos = 1 − 2H/n (exact for
/// ±1 vectors; a bit flip of a 0/1 vector counts as a sign flip).</summary>
public static class HammingCosine
{
    /// <summary>1 − 2H/n.</summary>
    public static double Cosine(int n, int hamming)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "HammingCosine.Cosine: the dimension must be at least 1.");
        if (hamming < 0 || hamming > n) throw new ArgumentOutOfRangeException(nameof(hamming), hamming, $"HammingCosine.Cosine: a Hamming distance lies in 0…{n}.");
        return 1 - 2.0 * hamming / n;
    }

    /// <summary>⌊n(1 − cos)/2⌋, the original's inverse (floor); cosines in (1, 1 + 1e−4) are first reduced by 1e−4 to absorb
    /// rounding, as there. One departure: the floor allows 1e−9 of rounding, so that the cosine of H maps back to H (the
    /// original's plain floor turns n = 784, H = 50 into 49 because 784·(1 − cos)/2 evaluates to 49.999…).</summary>
    public static int Hamming(int n, double cosine)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "HammingCosine.Hamming: the dimension must be at least 1.");
        if (cosine > 1 && cosine < 1 + 1e-4) cosine -= 1e-4;
        if (!(cosine >= -1 && cosine <= 1)) throw new ArgumentOutOfRangeException(nameof(cosine), cosine, "HammingCosine.Hamming: the cosine must lie in [−1, 1].");
        return (int)Math.Floor(n * (1 - cosine) / 2 + 1e-9);
    }
}
