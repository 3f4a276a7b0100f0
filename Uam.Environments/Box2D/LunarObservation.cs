namespace Uam.Environments.Box2D;

/// <summary>LunarLander's observation and shaping (environments-reference §2.9, §2.10), in double with the reference's
/// evaluation order.</summary>
public static class LunarObservation
{
    /// <summary>The eight values from the lander's body origin (x, y), centre-of-mass velocity, angle, angular velocity and
    /// the legs' contact flags.</summary>
    public static double[] Of(double x, double y, double vx, double vy, double angle, double angularVelocity, bool leg0, bool leg1)
    {
        const double halfWidth = LunarLander.ViewportWidth / LunarLander.Scale / 2;
        const double halfHeight = LunarLander.ViewportHeight / LunarLander.Scale / 2;
        return
        [
            (x - halfWidth) / halfWidth,
            (y - (LunarLander.HelipadY + LunarLander.LegDown / LunarLander.Scale)) / halfHeight,
            vx * halfWidth / LunarLander.Fps,
            vy * halfHeight / LunarLander.Fps,
            angle,
            20.0 * angularVelocity / LunarLander.Fps,
            leg0 ? 1.0 : 0.0,
            leg1 ? 1.0 : 0.0,
        ];
    }

    /// <summary>−100·|(s0, s1)| − 100·|(s2, s3)| − 100·|s4| + 10·s6 + 10·s7: distance, speed and tilt cost, leg contact pays.</summary>
    public static double Shaping(IReadOnlyList<double> s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Count != 8) throw new ArgumentException($"LunarLander's state has 8 values, not {s.Count}.", nameof(s));
        return -100 * Math.Sqrt(s[0] * s[0] + s[1] * s[1]) - 100 * Math.Sqrt(s[2] * s[2] + s[3] * s[3]) - 100 * Math.Abs(s[4]) + 10 * s[6] + 10 * s[7];
    }

    /// <summary>The body origin left the screen sideways (|s0| ≥ 1); there is no bound on the height.</summary>
    public static bool OutOfBounds(IReadOnlyList<double> s) => Math.Abs(s[0]) >= 1.0;

    /// <summary>A step's reward: the change of shaping (0 without a previous one), the fuel, and the terminal overrides —
    /// −100 for a crash or leaving the screen, then +100 when the lander sleeps (which wins if both hold).</summary>
    public static double Reward(double shaping, double? previousShaping, double mainPower, double sidePower, bool crashed, bool asleep)
    {
        double reward = previousShaping is { } previous ? shaping - previous : 0;
        reward -= mainPower * 0.30;
        reward -= sidePower * 0.03;
        if (crashed) reward = -100;
        if (asleep) reward = +100;
        return reward;
    }
}
