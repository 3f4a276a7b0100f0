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
        double tipX = Math.Sin(angle), tipY = Math.Cos(angle);
        double sideX = -tipY, sideY = tipX;
        const double scale = LunarLander.Scale;
        if (action == 2)
        {
            double ox = tipX * (4 / scale + 2 * d0) + sideX * d1;
            double oy = -tipY * (4 / scale + 2 * d0) - sideY * d1;
            return new EngineFiring(-ox * MainEnginePower * 1.0, -oy * MainEnginePower * 1.0, x + ox, y + oy, 1.0, 0.0);
        }
        if (action is 1 or 3)
        {
            int direction = action - 2;
            double ox = tipX * d0 + sideX * (3 * d1 + direction * SideEngineAway / scale);
            double oy = -tipY * d0 - sideY * (3 * d1 + direction * SideEngineAway / scale);
            return new EngineFiring(-ox * SideEnginePower * 1.0, -oy * SideEnginePower * 1.0,
                x + ox - tipX * 17 / scale, y + oy + tipY * SideEngineHeight / scale, 0.0, 1.0);
        }
        return new EngineFiring(0, 0, 0, 0, 0, 0);
    }
}
