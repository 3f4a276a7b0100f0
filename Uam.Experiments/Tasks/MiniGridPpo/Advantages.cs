namespace Uam.Experiments.Tasks.MiniGridPpo;

/// <summary>Generalised advantage estimation as torch-ac computes it, per environment over its frames of a rollout.</summary>
internal static class Advantages
{
    /// <summary>The advantages of one environment's frames 0..T−1: δ_t = r_t + γ·V_{t+1}·m_{t+1} − V_t and
    /// A_t = δ_t + γλ·A_{t+1}·m_{t+1}, where m_t is 0 when frame t starts a new episode (the previous one ended with
    /// frame t − 1: nothing is bootstrapped across the end) and V_T, m_T are the bootstrap value and mask after the
    /// rollout. Returns are A_t + V_t.</summary>
    /// <param name="masks">m_0..m_T: T + 1 entries (m_T is the mask of the observation after the rollout).</param>
    public static double[] Gae(IReadOnlyList<double> rewards, IReadOnlyList<double> values, IReadOnlyList<double> masks, double bootstrapValue,
        double discount, double lambda)
    {
        int frames = rewards.Count;
        if (values.Count != frames) throw new ArgumentException($"{values.Count} values for {frames} rewards", nameof(values));
        if (masks.Count != frames + 1) throw new ArgumentException($"{masks.Count} masks for {frames} rewards; give one more (the mask after the rollout)", nameof(masks));
        var advantages = new double[frames];
        double nextAdvantage = 0;
        for (int t = frames - 1; t >= 0; t--)
        {
            double nextValue = t + 1 < frames ? values[t + 1] : bootstrapValue;
            double nextMask = masks[t + 1];
            double delta = rewards[t] + discount * nextValue * nextMask - values[t];
            advantages[t] = delta + discount * lambda * nextAdvantage * nextMask;
            nextAdvantage = advantages[t];
        }
        return advantages;
    }
}
