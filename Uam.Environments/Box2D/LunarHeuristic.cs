namespace Uam.Environments.Box2D;

/// <summary>The reference's hand-written controller (environments-reference §2.16): aims the tilt at the pad, hovers lower
/// as it nears the centre, and only damps the fall once a leg touches. Deterministic given the observations.</summary>
public static class LunarHeuristic
{
    public static int Act(IReadOnlyList<double> s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Count != 8) throw new ArgumentException($"LunarLander's observation has 8 values, not {s.Count}.", nameof(s));
        double angleTarget = Math.Clamp(s[0] * 0.5 + s[2] * 1.0, -0.4, 0.4);
        double hoverTarget = 0.55 * Math.Abs(s[0]);
        double angleTodo = (angleTarget - s[4]) * 0.5 - s[5] * 1.0;
        double hoverTodo = (hoverTarget - s[1]) * 0.5 - s[3] * 0.5;
        if (s[6] != 0 || s[7] != 0)
        {
            angleTodo = 0;
            hoverTodo = -s[3] * 0.5;
        }
        if (hoverTodo > Math.Abs(angleTodo) && hoverTodo > 0.05) return 2;
        if (angleTodo < -0.05) return 3;
        if (angleTodo > +0.05) return 1;
        return 0;
    }
}
