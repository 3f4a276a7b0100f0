using Uam.Environments.Api;
using Uam.Environments.Box2D.Interop;
using Uam.Environments.Random;

namespace Uam.Environments.Box2D;

/// <summary>How the lander comes to rest (the +100 terminal).</summary>
public enum LunarSleepRule
{
    /// <summary>Box2D 2.3's rule as the reference ran it, emulated over the lander's island after each step with sleeping
    /// off in the world (<see cref="SleepClock"/>); the terminal observation has zero velocities, as Box2D's sleep leaves
    /// them. The default.</summary>
    Box2D23,

    /// <summary>Box2D 2.4.1's own sleeping (<c>b2Body::IsAwake</c>): every contact that begins or ends restarts the
    /// countdown, so coming to rest can be recognised later than in the reference.</summary>
    Box2D241,
}

/// <summary>LunarLander-v2 with discrete actions (gym's <c>lunar_lander.py</c>, environments-reference §2) on Box2D 2.4.1
/// through liblunar.so: the reference's bodies, creation order, float values, contact rule, impulses, observation and
/// reward; a fresh Box2D world per episode (docs/environments.md says what cannot match the reference's Box2D 2.3 bit for
/// bit). Observations are the reference's float32 values, widened to double; <see cref="State"/> holds the doubles the
/// reward is computed from. The environment never truncates: <see cref="Make"/> adds the 1,000-step limit.</summary>
public sealed class LunarLander : IEnvironment<double[], int>, IDisposable
{
    public const double Fps = 50, Scale = 30.0, ViewportWidth = 600, ViewportHeight = 400;
    public const double Width = ViewportWidth / Scale, Height = ViewportHeight / Scale;
    public const double HelipadY = Height / 4, LegDown = 18, InitialRandom = 1000.0;
    public const float TimeStep = (float)(1.0 / Fps);

    private readonly LunarWorldHandle _world = LunarWorldHandle.Create();
    private readonly Func<ulong, IRandomSource> _randomFor;
    private readonly SleepClock _clock = new(3);
    private IRandomSource? _random;
    private LunarNative.WorldState _body;
    private double[] _state = new double[8];
    private double? _previousShaping;
    private bool _started, _ended, _asleep;

    /// <param name="sleep">How coming to rest is recognised (default: the reference's Box2D 2.3 rule).</param>
    /// <param name="random">Where the random quantities come from, given the reset's seed (default: the reference
    /// generator seeded as gym seeds it; tests inject draws).</param>
    public LunarLander(LunarSleepRule sleep = LunarSleepRule.Box2D23, Func<ulong, IRandomSource>? random = null)
    {
        Sleep = Enum.IsDefined(sleep) ? sleep : throw new ArgumentOutOfRangeException(nameof(sleep), sleep, "not a LunarSleepRule");
        _randomFor = random ?? (seed => ReferenceRandom.FromSeed(seed));
    }

    /// <summary>The registered environment "LunarLander-v2" with its 1,000-step limit.</summary>
    public static TimeLimit<double[], int> Make(string id = "LunarLander-v2", LunarSleepRule sleep = LunarSleepRule.Box2D23) => id switch
    {
        "LunarLander-v2" => new TimeLimit<double[], int>(new LunarLander(sleep), 1000),
        _ => throw new ArgumentException($"'{id}' is not LunarLander-v2.", nameof(id)),
    };

    public LunarSleepRule Sleep { get; }

    /// <summary>x, y, vx, vy, angle, angular velocity, leg contacts; unbounded (gym 0.15 declares ±∞).</summary>
    public Space ObservationSpace { get; } = new Box(Enumerable.Repeat(double.NegativeInfinity, 8).ToArray(), Enumerable.Repeat(double.PositiveInfinity, 8).ToArray(), [8]);

    public Space ActionSpace { get; } = new Discrete(4);

    /// <summary>The last observation in double (what the reward is computed from).</summary>
    public IReadOnlyList<double> State => _state;

    /// <summary>The lander's hull touched the ground in this episode.</summary>
    public bool GameOver => _body.GameOver != 0;

    /// <summary>legs[0] (the +x side) and legs[1] touch the ground (the reference's booleans).</summary>
    public (bool Leg0, bool Leg1) LegContact => (_body.Leg0Contact != 0, _body.Leg1Contact != 0);

    /// <summary>The lander came to rest on the last step (by <see cref="Sleep"/>'s rule).</summary>
    public bool Asleep => _asleep;

    /// <summary>The lander's body origin, angle and centre-of-mass velocity as Box2D holds them (single precision).</summary>
    public (float X, float Y, float Angle, float Vx, float Vy, float AngularVelocity) Lander =>
        (_body.Lander.X, _body.Lander.Y, _body.Lander.Angle, _body.Lander.VelocityX, _body.Lander.VelocityY, _body.Lander.AngularVelocity);

    /// <summary>The terrain of the current episode (chunk points).</summary>
    public (double[] X, double[] Y) Terrain { get; private set; } = ([], []);

    /// <summary>A new episode: 12 terrain heights U[0, H/2), the initial force Fx then Fy U[−1000, 1000), and the two
    /// dispersions of the reset's own step, in that order (environments-reference §2.14).</summary>
    public double[] Reset(ulong? seed = null)
    {
        if (seed is { } s) _random = _randomFor(s);
        if (_random is null) throw new InvalidOperationException("LunarLander: the first Reset needs a seed (a seed fixes every episode that follows).");
        var heights = new double[LunarTerrain.Heights];
        for (int i = 0; i < heights.Length; i++) heights[i] = _random.Uniform(0, Height / 2);
        double fx = _random.Uniform(-InitialRandom, InitialRandom), fy = _random.Uniform(-InitialRandom, InitialRandom);
        var (d0, d1) = Dispersion(_random);
        return ResetWith(heights, fx, fy, d0, d1);
    }

    /// <summary>A new episode from given random quantities (tests, golden trajectories): the reference's reset, which ends
    /// with one no-op step whose observation it returns.</summary>
    public double[] ResetWith(IReadOnlyList<double> heights, double fx, double fy, double d0, double d1)
    {
        double[] terrainY = LunarTerrain.ChunkY(heights);
        if (!double.IsFinite(fx) || !double.IsFinite(fy)) throw new ArgumentException($"LunarLander: the initial force ({fx}, {fy}) must be finite.");
        RequireDispersion(d0, d1);
        double[] terrainX = LunarTerrain.ChunkX();
        float[] x = terrainX.Select(v => (float)v).ToArray(), y = terrainY.Select(v => (float)v).ToArray();
        unsafe
        {
            fixed (float* px = x, py = y)
                LunarNative.Check(LunarNative.lunar_reset(_world, px, py, x.Length, (float)Width, (float)fx, (float)fy, Sleep == LunarSleepRule.Box2D241 ? 1 : 0));
        }
        LunarNative.Check(LunarNative.lunar_read(_world, out _body));
        Terrain = (terrainX, terrainY);
        _clock.Reset();
        _previousShaping = null;
        (_started, _ended, _asleep) = (true, false, false);
        return Advance(0, null, d0, d1).Observation;
    }

    public StepResult<double[]> Step(int action)
    {
        RequireAction(action);
        RequireRunning();
        var (d0, d1) = Dispersion(_random!);
        return Advance(action, null, d0, d1);
    }

    /// <summary>A step with given dispersions (tests, golden trajectories).</summary>
    public StepResult<double[]> StepWith(int action, double d0, double d1)
    {
        RequireAction(action);
        RequireRunning();
        RequireDispersion(d0, d1);
        return Advance(action, null, d0, d1);
    }

    /// <summary>A step of the continuous lander (<see cref="LunarLanderContinuous"/>): its dispersions drawn, or given.</summary>
    internal StepResult<double[]> StepContinuous(IReadOnlyList<double> action, (double D0, double D1)? dispersion)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (action.Count != 2) throw new ArgumentException($"LunarLanderContinuous: the action has 2 values (main, lateral), not {action.Count}.", nameof(action));
        if (!double.IsFinite(action[0]) || !double.IsFinite(action[1]))
            throw new ArgumentException($"LunarLanderContinuous: the action ({action[0]}, {action[1]}) must be finite.", nameof(action));
        RequireRunning();
        var (d0, d1) = dispersion ?? Dispersion(_random!);
        RequireDispersion(d0, d1);
        return Advance(0, action, d0, d1);
    }

    private StepResult<double[]> Advance(int action, IReadOnlyList<double>? continuous, double d0, double d1)
    {
        var (x, y, angle) = (_body.Lander.X, _body.Lander.Y, _body.Lander.Angle);
        EngineFiring[] firings = continuous is null
            ? LunarEngines.Fire(action, x, y, angle, d0, d1) is { Fires: true } firing ? [firing] : []
            : LunarEngines.FireContinuous(continuous, x, y, angle, d0, d1);
        Span<LunarNative.Impulse> impulses = stackalloc LunarNative.Impulse[2];
        for (int i = 0; i < firings.Length; i++)
            impulses[i] = new LunarNative.Impulse { Jx = (float)firings[i].Jx, Jy = (float)firings[i].Jy, Qx = (float)firings[i].Qx, Qy = (float)firings[i].Qy };
        unsafe
        {
            fixed (LunarNative.Impulse* p = impulses) LunarNative.Check(LunarNative.lunar_step(_world, p, firings.Length, out _body));
        }
        _asleep = Sleep == LunarSleepRule.Box2D241
            ? _body.Lander.Awake == 0
            : _clock.Advance([Velocity(_body.Lander), Velocity(_body.Leg0), Velocity(_body.Leg1)], TimeStep);
        // Box2D zeroes the velocities of the bodies it puts to sleep; the emulation reports what it would have.
        var lander = _body.Lander;
        bool zero = _asleep && Sleep == LunarSleepRule.Box2D23;
        _state = LunarObservation.Of(lander.X, lander.Y, zero ? 0 : lander.VelocityX, zero ? 0 : lander.VelocityY, lander.Angle,
            zero ? 0 : lander.AngularVelocity, _body.Leg0Contact != 0, _body.Leg1Contact != 0);
        double shaping = LunarObservation.Shaping(_state);
        bool crashed = _body.GameOver != 0 || LunarObservation.OutOfBounds(_state);
        double reward = LunarObservation.Reward(shaping, _previousShaping, firings.Sum(f => f.MainPower), firings.Sum(f => f.SidePower), crashed, _asleep);
        _previousShaping = shaping;
        bool terminated = crashed || _asleep;
        _ended = terminated;
        return new StepResult<double[]>(_state.Select(v => (double)(float)v).ToArray(), reward, terminated, false);
    }

    private static (float, float, float) Velocity(LunarNative.BodyState body) => (body.VelocityX, body.VelocityY, body.AngularVelocity);

    private static (double D0, double D1) Dispersion(IRandomSource random)
    {
        double d0 = random.Uniform(-1.0, 1.0) / Scale;
        double d1 = random.Uniform(-1.0, 1.0) / Scale;
        return (d0, d1);
    }

    private static void RequireAction(int action)
    {
        if (action is < 0 or > 3)
            throw new ArgumentOutOfRangeException(nameof(action), action, "LunarLander: the action must be 0 (no-op), 1 (left engine), 2 (main engine) or 3 (right engine).");
    }

    private void RequireRunning()
    {
        if (!_started) throw new InvalidOperationException("LunarLander: call Reset before the first Step.");
        if (_ended) throw new InvalidOperationException("LunarLander: the episode has ended; call Reset before stepping again.");
    }

    private static void RequireDispersion(double d0, double d1)
    {
        if (!double.IsFinite(d0) || !double.IsFinite(d1)) throw new ArgumentException($"LunarLander: the dispersions ({d0}, {d1}) must be finite.");
    }

    /// <summary>Mass, centre of mass (body frame) and inertia about it, as Box2D computed them: 0 the lander, 1 legs[0], 2
    /// legs[1].</summary>
    public (float Mass, float CenterX, float CenterY, float Inertia) MassOf(int body)
    {
        if (body is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(body), body, "0 is the lander, 1 legs[0], 2 legs[1]");
        LunarNative.Check(LunarNative.lunar_mass(_world, LunarNative.Lander + body, out float mass, out float cx, out float cy, out float inertia));
        return (mass, cx, cy, inertia);
    }

    /// <summary>The hull's vertices in the order Box2D stores them after its convex-hull routine.</summary>
    public (float X, float Y)[] HullVertices()
    {
        var xy = new float[16];
        int count;
        unsafe
        {
            fixed (float* p = xy) LunarNative.Check(LunarNative.lunar_hull(_world, p, 8, out count));
        }
        return Enumerable.Range(0, count).Select(i => (xy[2 * i], xy[2 * i + 1])).ToArray();
    }

    /// <summary>Feeds the contact rule one event without Box2D (tests of its boolean semantics): bodies 0 ground, 1 lander,
    /// 2 legs[0], 3 legs[1].</summary>
    internal void ContactEvent(bool begin, int bodyA, int bodyB)
    {
        LunarNative.Check(LunarNative.lunar_contact_event(_world, begin ? 1 : 0, bodyA, bodyB));
        LunarNative.Check(LunarNative.lunar_read(_world, out _body));
    }

    /// <summary>Native worlds alive in this process.</summary>
    internal static long LiveWorlds
    {
        get
        {
            LunarNative.EnsureLoaded();
            return LunarNative.lunar_live_worlds();
        }
    }

    public void Dispose() => _world.Dispose();
}
