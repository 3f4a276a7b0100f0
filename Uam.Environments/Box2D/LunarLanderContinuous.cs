using Uam.Environments.Api;
using Uam.Environments.Random;

namespace Uam.Environments.Box2D;

/// <summary>LunarLanderContinuous-v2: the same lander (<see cref="LunarLander"/>: bodies, randomness, observation, reward)
/// driven by two throttles in [−1, 1] — main engine (fires above 0, at half to full power) and lateral (a side engine
/// beyond ±0.5, on that side) — which can fire together (<see cref="LunarEngines.FireContinuous"/>). Values outside
/// [−1, 1] are clipped as the reference clips them; a non-finite value is refused (the reference would treat NaN as no
/// thrust without a word).</summary>
public sealed class LunarLanderContinuous : IEnvironment<double[], double[]>, IDisposable
{
    private readonly LunarLander _lander;

    public LunarLanderContinuous(LunarSleepRule sleep = LunarSleepRule.Box2D23, Func<ulong, IRandomSource>? random = null) =>
        _lander = new LunarLander(sleep, random);

    /// <summary>The registered environment "LunarLanderContinuous-v2" with its 1,000-step limit.</summary>
    public static TimeLimit<double[], double[]> Make(LunarSleepRule sleep = LunarSleepRule.Box2D23) => new(new LunarLanderContinuous(sleep), 1000);

    public Space ObservationSpace => _lander.ObservationSpace;

    public Space ActionSpace { get; } = new Box([-1, -1], [1, 1], [2]);

    /// <summary>The lander underneath, for its state, contacts and mass properties.</summary>
    public LunarLander Lander => _lander;

    public double[] Reset(ulong? seed = null) => _lander.Reset(seed);

    /// <summary>A new episode from given random quantities (see <see cref="LunarLander.ResetWith"/>).</summary>
    public double[] ResetWith(IReadOnlyList<double> heights, double fx, double fy, double d0, double d1) => _lander.ResetWith(heights, fx, fy, d0, d1);

    public StepResult<double[]> Step(double[] action) => _lander.StepContinuous(action, null);

    /// <summary>A step with given dispersions (tests, golden trajectories).</summary>
    public StepResult<double[]> StepWith(double[] action, double d0, double d1) => _lander.StepContinuous(action, (d0, d1));

    public void Dispose() => _lander.Dispose();
}
