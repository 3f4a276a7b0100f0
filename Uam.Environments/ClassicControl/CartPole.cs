using Uam.Environments.Api;
using Uam.Environments.Random;

namespace Uam.Environments.ClassicControl;

/// <summary>How the pole's equations are integrated.</summary>
public enum CartPoleIntegrator
{
    /// <summary>Explicit Euler (the reference's default): positions advance with the old velocities.</summary>
    Euler,
    /// <summary>Semi-implicit Euler: velocities first, positions with the new velocities.</summary>
    SemiImplicitEuler,
}

/// <summary>The floating-point grouping of the dynamics. The results differ in the last bit at most.</summary>
public enum CartPoleGrouping
{
    /// <summary>gym 0.12–0.17.1 (the paper's era): ((m_p·l·θ̇)·θ̇)·sin θ and ((m_p·cos θ)·cos θ)/M.</summary>
    Paper,
    /// <summary>gym 0.17.2+ and Gymnasium: (m_p·l·θ̇²)·sin θ and (m_p·cos²θ)/M.</summary>
    Gymnasium,
}

/// <summary>CartPole (gym's <c>CartPoleEnv</c>), in double precision with the reference's evaluation order, so that a seed
/// and a sequence of actions give the reference's trajectory bit for bit (docs/environments.md). Actions: 0 pushes the
/// cart left, 1 right. The reward is 1 on every step, the terminating one included. The environment itself never
/// truncates: <see cref="Make"/> wraps it in the registry's time limit (v0: 200 steps, v1: 500).</summary>
public sealed class CartPole : IEnvironment<double[], int>
{
    public const double Gravity = 9.8, CartMass = 1.0, PoleMass = 0.1, HalfPoleLength = 0.5, ForceMagnitude = 10.0, Tau = 0.02;
    public const double TotalMass = PoleMass + CartMass;             // the double sum 0.1 + 1.0
    public const double PoleMassLength = PoleMass * HalfPoleLength;  // the double product 0.1·0.5
    public const double AngleThreshold = 12 * 2 * Math.PI / 360, PositionThreshold = 2.4;

    private readonly Func<ulong, IRandomSource> _randomFor;
    private IRandomSource? _random;
    private double _x, _xDot, _theta, _thetaDot;
    private bool _started, _ended;

    /// <param name="random">Where the initial states come from, given the reset's seed (default: the reference generator
    /// seeded as gym seeds it; tests inject draws).</param>
    public CartPole(CartPoleIntegrator integrator = CartPoleIntegrator.Euler, CartPoleGrouping grouping = CartPoleGrouping.Paper,
        Func<ulong, IRandomSource>? random = null)
    {
        Integrator = Enum.IsDefined(integrator) ? integrator : throw new ArgumentOutOfRangeException(nameof(integrator), integrator, "not a CartPoleIntegrator");
        Grouping = Enum.IsDefined(grouping) ? grouping : throw new ArgumentOutOfRangeException(nameof(grouping), grouping, "not a CartPoleGrouping");
        _randomFor = random ?? (seed => ReferenceRandom.FromSeed(seed));
    }

    /// <summary>The registered environments: "CartPole-v0" (200 steps) and "CartPole-v1" (500), time limit included.</summary>
    public static TimeLimit<double[], int> Make(string id, CartPoleIntegrator integrator = CartPoleIntegrator.Euler,
        CartPoleGrouping grouping = CartPoleGrouping.Paper) => id switch
    {
        "CartPole-v0" => new TimeLimit<double[], int>(new CartPole(integrator, grouping), 200),
        "CartPole-v1" => new TimeLimit<double[], int>(new CartPole(integrator, grouping), 500),
        _ => throw new ArgumentException($"'{id}' is not CartPole-v0 or CartPole-v1.", nameof(id)),
    };

    public CartPoleIntegrator Integrator { get; }

    public CartPoleGrouping Grouping { get; }

    /// <summary>Position, velocity, angle, angular velocity: bounds ±(4.8, max, 2·θ_max, max), never enforced.</summary>
    public Space ObservationSpace { get; } = new Box([-4.8, -double.MaxValue, -2 * AngleThreshold, -double.MaxValue],
        [4.8, double.MaxValue, 2 * AngleThreshold, double.MaxValue], [4]);

    public Space ActionSpace { get; } = new Discrete(2);

    /// <summary>The internal state (x, ẋ, θ, θ̇), always double.</summary>
    public (double X, double XDot, double Theta, double ThetaDot) State => (_x, _xDot, _theta, _thetaDot);

    /// <summary>A new episode from four draws U[−0.05, 0.05), in the order x, ẋ, θ, θ̇.</summary>
    public double[] Reset(ulong? seed = null)
    {
        if (seed is { } s) _random = _randomFor(s);
        if (_random is null) throw new InvalidOperationException("CartPole: the first Reset needs a seed (a seed fixes every initial state that follows).");
        _x = _random.Uniform(-0.05, 0.05);
        _xDot = _random.Uniform(-0.05, 0.05);
        _theta = _random.Uniform(-0.05, 0.05);
        _thetaDot = _random.Uniform(-0.05, 0.05);
        (_started, _ended) = (true, false);
        return Observation();
    }

    /// <summary>Starts an episode from a given state (for tests and worked examples), without drawing.</summary>
    public double[] ResetTo(double x, double xDot, double theta, double thetaDot)
    {
        (_x, _xDot, _theta, _thetaDot) = (x, xDot, theta, thetaDot);
        (_started, _ended) = (true, false);
        return Observation();
    }

    public StepResult<double[]> Step(int action)
    {
        if (action is not (0 or 1)) throw new ArgumentOutOfRangeException(nameof(action), action, "CartPole: the action must be 0 (push left) or 1 (push right).");
        if (!_started) throw new InvalidOperationException("CartPole: call Reset before the first Step.");
        // The reference returns reward 0 and keeps integrating; here stepping a finished episode is an error (a bug in the
        // caller's loop), documented in docs/environments.md.
        if (_ended) throw new InvalidOperationException("CartPole: the episode has ended; call Reset before stepping again.");

        double force = action == 1 ? ForceMagnitude : -ForceMagnitude;
        double cos = Math.Cos(_theta), sin = Math.Sin(_theta);
        double temp, thetaAcc;
        if (Grouping == CartPoleGrouping.Paper)
        {
            temp = (force + PoleMassLength * _thetaDot * _thetaDot * sin) / TotalMass;
            thetaAcc = (Gravity * sin - cos * temp) / (HalfPoleLength * (4.0 / 3.0 - PoleMass * cos * cos / TotalMass));
        }
        else
        {
            temp = (force + PoleMassLength * (_thetaDot * _thetaDot) * sin) / TotalMass;
            thetaAcc = (Gravity * sin - cos * temp) / (HalfPoleLength * (4.0 / 3.0 - PoleMass * (cos * cos) / TotalMass));
        }
        double xAcc = temp - PoleMassLength * thetaAcc * cos / TotalMass;
        if (Integrator == CartPoleIntegrator.Euler)
        {
            _x += Tau * _xDot;
            _xDot += Tau * xAcc;
            _theta += Tau * _thetaDot;
            _thetaDot += Tau * thetaAcc;
        }
        else
        {
            _xDot += Tau * xAcc;
            _x += Tau * _xDot;
            _thetaDot += Tau * thetaAcc;
            _theta += Tau * _thetaDot;
        }
        bool terminated = _x < -PositionThreshold || _x > PositionThreshold || _theta < -AngleThreshold || _theta > AngleThreshold;
        _ended = terminated;
        return new StepResult<double[]>(Observation(), 1.0, terminated, false);
    }

    private double[] Observation() => [_x, _xDot, _theta, _thetaDot];
}
