namespace Uam.Runtime;

public static partial class nn
{
    public static partial class utils
    {
        /// <summary>The soft (Polyak) update of a target network, in place and without gradients:
        /// θ_target ← τ·θ_source + (1 − τ)·θ_target for each pair, evaluated as (θ_source·τ) + (θ_target·(1 − τ)). One native
        /// call for all pairs, which matters for small networks updated after every step (DQN's target network).</summary>
        public static void SoftUpdate(IReadOnlyList<Tensor> targets, IReadOnlyList<Tensor> sources, double tau)
        {
            ArgumentNullException.ThrowIfNull(targets);
            ArgumentNullException.ThrowIfNull(sources);
            if (targets.Count != sources.Count) throw new ArgumentException($"SoftUpdate: {targets.Count} targets for {sources.Count} sources.", nameof(sources));
            if (!(tau >= 0 && tau <= 1)) throw new ArgumentOutOfRangeException(nameof(tau), tau, "SoftUpdate: tau must be in [0, 1].");
            using var t = new HandleArray(targets);
            using var s = new HandleArray(sources);
            Interop.NativeErrors.Check(Interop.Native.nt_soft_update(t.Pointers, s.Pointers, targets.Count, tau, 1 - tau), nameof(SoftUpdate));
        }
    }
}
