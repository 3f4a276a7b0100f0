namespace Uam.Environments.Box2D;

/// <summary>An engine firing: the impulse <c>(Jx, Jy)</c> applied to the lander at the world point <c>(Qx, Qy)</c>, and the
/// powers that cost fuel (1 for the engine that fires, 0 otherwise).</summary>
public readonly record struct EngineFiring(double Jx, double Jy, double Qx, double Qy, double MainPower, double SidePower)
{
    public bool Fires => MainPower > 0 || SidePower > 0;
}

/// <summary>The engines of the discrete LunarLander (environments-reference §2.8), in double from the lander's body origin
/// and angle as Box2D returns them, with the reference's groupings (its side-engine lever arm uses 17 px across and 14 px
/// up, so the point is not a rigidly rotated body point).</summary>
public static class LunarEngines
{
    public const double MainEnginePower = 13.0, SideEnginePower = 0.6, SideEngineHeight = 14.0, SideEngineAway = 12.0;

    /// <param name="action">0 no-op, 1 left orientation engine, 2 main engine, 3 right orientation engine.</param>
    /// <param name="d0">The first dispersion, U[−1, 1)/30.</param>
    /// <param name="d1">The second dispersion.</param>
    public static EngineFiring Fire(int action, double x, double y, double angle, double d0, double d1)
    {
        if (action is < 0 or > 3) throw new ArgumentOutOfRangeException(nameof(action), action, "LunarLander's actions are 0 to 3.");
        return action switch
        {
            2 => Main(1.0, x, y, angle, d0, d1),
            1 or 3 => Side(action - 2, 1.0, x, y, angle, d0, d1),
            _ => new EngineFiring(0, 0, 0, 0, 0, 0),
        };
    }

    /// <summary>The continuous lander's engines (LunarLanderContinuous-v2): the action is clipped to [−1, 1] and rounded to
    /// float as the reference does; the main engine fires when action[0] &gt; 0 at power (action[0] + 1)/2 ∈ (0.5, 1], a side
    /// engine when |action[1]| &gt; 0.5, on the side of action[1]'s sign, at power |action[1]| — both can fire in one step,
    /// main first.</summary>
    public static EngineFiring[] FireContinuous(IReadOnlyList<double> action, double x, double y, double angle, double d0, double d1)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (action.Count != 2) throw new ArgumentException($"the continuous lander's action has 2 values (main, lateral), not {action.Count}.", nameof(action));
        if (!double.IsFinite(action[0]) || !double.IsFinite(action[1]))
            throw new ArgumentException($"the continuous lander's action ({action[0]}, {action[1]}) must be finite.", nameof(action));
        float main = (float)Math.Clamp(action[0], -1, 1), lateral = (float)Math.Clamp(action[1], -1, 1);
        var firings = new List<EngineFiring>(2);
        if (main > 0) firings.Add(Main((Math.Clamp((double)main, 0.0, 1.0) + 1.0) * 0.5, x, y, angle, d0, d1));
        if (Math.Abs(lateral) > 0.5) firings.Add(Side(Math.Sign(lateral), Math.Clamp((double)Math.Abs(lateral), 0.5, 1.0), x, y, angle, d0, d1));
        return firings.ToArray();
    }

    private static EngineFiring Main(double power, double x, double y, double angle, double d0, double d1)
    {
        double tipX = Math.Sin(angle), tipY = Math.Cos(angle);
        double sideX = -tipY, sideY = tipX;
        const double scale = LunarLander.Scale;
        double ox = tipX * (4 / scale + 2 * d0) + sideX * d1;
        double oy = -tipY * (4 / scale + 2 * d0) - sideY * d1;
        return new EngineFiring(-ox * MainEnginePower * power, -oy * MainEnginePower * power, x + ox, y + oy, power, 0.0);
    }

    private static EngineFiring Side(int direction, double power, double x, double y, double angle, double d0, double d1)
    {
        double tipX = Math.Sin(angle), tipY = Math.Cos(angle);
        double sideX = -tipY, sideY = tipX;
        const double scale = LunarLander.Scale;
        double ox = tipX * d0 + sideX * (3 * d1 + direction * SideEngineAway / scale);
        double oy = -tipY * d0 - sideY * (3 * d1 + direction * SideEngineAway / scale);
        return new EngineFiring(-ox * SideEnginePower * power, -oy * SideEnginePower * power,
            x + ox - tipX * 17 / scale, y + oy + tipY * SideEngineHeight / scale, 0.0, power);
    }
}
