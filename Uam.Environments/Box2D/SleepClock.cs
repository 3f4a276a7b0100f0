namespace Uam.Environments.Box2D;

/// <summary>Box2D 2.3's sleep rule, emulated over the lander's island (the lander and its legs) after each step
/// (environments-reference §2.15, item 3): a body's timer restarts when its speed exceeds 0.01 m/s or its angular speed
/// 2°/s, and otherwise grows by the step in single precision (25 quiet steps reach 0.5000000596); the island sleeps when
/// its smallest timer reaches 0.5 s. Unlike Box2D 2.4.1, contacts that begin or end do not restart the timers.</summary>
public sealed class SleepClock
{
    public const float TimeToSleep = 0.5f, LinearTolerance = 0.01f, AngularTolerance = 2.0f / 180.0f * 3.14159265359f;
    private const float LinearToleranceSquared = LinearTolerance * LinearTolerance, AngularToleranceSquared = AngularTolerance * AngularTolerance;

    private readonly float[] _timers;

    public SleepClock(int bodies) => _timers = bodies > 0 ? new float[bodies] : throw new ArgumentOutOfRangeException(nameof(bodies), bodies, "an island has at least one body");

    /// <summary>Each body's timer in seconds.</summary>
    public IReadOnlyList<float> Timers => _timers;

    public void Reset() => Array.Clear(_timers);

    /// <summary>Advances the timers by one step of <paramref name="dt"/> given each body's velocity after it; true when
    /// the island falls asleep.</summary>
    public bool Advance(ReadOnlySpan<(float Vx, float Vy, float AngularVelocity)> bodies, float dt)
    {
        if (bodies.Length != _timers.Length) throw new ArgumentException($"{bodies.Length} velocities for an island of {_timers.Length} bodies", nameof(bodies));
        float minimum = float.MaxValue;
        for (int i = 0; i < bodies.Length; i++)
        {
            var (vx, vy, w) = bodies[i];
            if (w * w > AngularToleranceSquared || vx * vx + vy * vy > LinearToleranceSquared)
            {
                _timers[i] = 0;
                minimum = 0;
            }
            else
            {
                _timers[i] += dt;
                minimum = Math.Min(minimum, _timers[i]);
            }
        }
        return minimum >= TimeToSleep;
    }
}
