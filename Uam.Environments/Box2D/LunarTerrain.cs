namespace Uam.Environments.Box2D;

/// <summary>LunarLander's terrain from its 12 random heights (environments-reference §2.3): 11 chunk points, the helipad
/// flattened, heights smoothed with the reference's factor 0.33 (not 1/3) and its wrap-around to the last height.</summary>
public static class LunarTerrain
{
    public const int Chunks = 11;

    /// <summary>The number of random heights: one more than the chunks (the extra one is only read by the wrap-around).</summary>
    public const int Heights = Chunks + 1;

    /// <summary>The chunks' x: W/(CHUNKS − 1)·i, i.e. 0, 2, …, 20.</summary>
    public static double[] ChunkX()
    {
        var x = new double[Chunks];
        for (int i = 0; i < Chunks; i++) x[i] = LunarLander.Width / (Chunks - 1) * i;
        return x;
    }

    /// <summary>The chunks' y: h[3..7] overwritten with the helipad's height, then sy[i] = 0.33·(h[i−1] + h[i] + h[i+1])
    /// with h[−1] = h[11] (the reference's negative index), evaluated left to right in double.</summary>
    public static double[] ChunkY(IReadOnlyList<double> heights)
    {
        ArgumentNullException.ThrowIfNull(heights);
        if (heights.Count != Heights) throw new ArgumentException($"LunarLander's terrain needs {Heights} heights, not {heights.Count}.", nameof(heights));
        for (int i = 0; i < Heights; i++)
            if (!double.IsFinite(heights[i])) throw new ArgumentException($"terrain height {i} is {heights[i]}; heights must be finite.", nameof(heights));
        double[] h = heights.ToArray();
        for (int i = Chunks / 2 - 2; i <= Chunks / 2 + 2; i++) h[i] = LunarLander.HelipadY;
        var y = new double[Chunks];
        for (int i = 0; i < Chunks; i++) y[i] = 0.33 * (h[(i - 1 + Heights) % Heights] + h[i] + h[i + 1]);
        return y;
    }
}
