namespace Uam.Experiments.Tasks.Sdm;

/// <summary>The queries of the convergence experiments (spec §3.1): each stored pattern perturbed by k — k flipped bits for
/// binary patterns, the cosine 1 − 2k/n to the pattern for continuous ones — from a seeded generator.</summary>
internal static class Perturbation
{
    /// <summary>Flips exactly <paramref name="bits"/> distinct, uniformly chosen bits of each 0/1 row.</summary>
    public static float[] FlipBits(float[] rows, int n, int bits, Random random)
    {
        if (bits < 0 || bits > n) throw new ArgumentOutOfRangeException(nameof(bits), bits, $"Perturbation: 0…{n} bits can be flipped.");
        float[] result = (float[])rows.Clone();
        int[] positions = Enumerable.Range(0, n).ToArray();
        for (int row = 0; row < rows.Length / n; row++)
            for (int i = 0; i < bits; i++)   // a partial Fisher–Yates shuffle: the first `bits` positions are a uniform subset
            {
                int j = random.Next(i, n);
                (positions[i], positions[j]) = (positions[j], positions[i]);
                result[row * n + positions[i]] = 1 - result[row * n + positions[i]];
            }
        return result;
    }

    /// <summary>Each row x moved to the exact cosine <paramref name="cosine"/> with itself, keeping its norm:
    /// q = (c·u + √(1 − c²)·v̂)·‖x‖, u = x/‖x‖, v̂ a uniform draw in [−1, 1]ⁿ made orthogonal to u and normalised.</summary>
    public static float[] ToCosine(float[] rows, int n, double cosine, Random random) =>
        ToCosines(rows, n, Enumerable.Repeat(cosine, rows.Length / n).ToArray(), random);

    /// <summary>Row i moved to the cosine <paramref name="cosines"/>[i] with itself (the projection's training queries each
    /// have their own).</summary>
    public static float[] ToCosines(float[] rows, int n, double[] cosines, Random random)
    {
        if (cosines.Length != rows.Length / n) throw new ArgumentException($"Perturbation: {cosines.Length} cosines for {rows.Length / n} rows.", nameof(cosines));
        if (cosines.Any(c => !(c >= -1 && c <= 1))) throw new ArgumentOutOfRangeException(nameof(cosines), "Perturbation: a cosine lies in [−1, 1].");
        float[] result = new float[rows.Length];
        var u = new double[n];
        var v = new double[n];
        for (int row = 0; row < rows.Length / n; row++)
        {
            double cosine = cosines[row], sine = Math.Sqrt(1 - cosine * cosine);
            double norm = 0;
            for (int i = 0; i < n; i++) norm += rows[row * n + i] * (double)rows[row * n + i];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < n; i++) u[i] = rows[row * n + i] / norm;
            double along = 0;
            for (int i = 0; i < n; i++) along += (v[i] = random.NextDouble() * 2 - 1) * u[i];
            double vNorm = 0;
            for (int i = 0; i < n; i++) vNorm += (v[i] -= along * u[i]) * v[i];
            vNorm = Math.Sqrt(vNorm);
            for (int i = 0; i < n; i++) result[row * n + i] = (float)((cosine * u[i] + sine * v[i] / vNorm) * norm);
        }
        return result;
    }
}
