using Uam.Environments.Api;
using Uam.Environments.ClassicControl;
using Uam.Environments.Random;
using Xunit;

namespace Uam.Environments.Tests;

/// <summary>CartPole against the reference's worked examples and rules (docs/environments.md): every value exact.</summary>
public class CartPoleTests
{
    private static double[] StepFrom(CartPoleIntegrator integrator, double[] state, int action, CartPoleGrouping grouping = CartPoleGrouping.Paper)
    {
        var env = new CartPole(integrator, grouping);
        env.ResetTo(state[0], state[1], state[2], state[3]);
        return env.Step(action).Observation;
    }

    [Fact]
    public void The_constants_are_the_references()
    {
        Assert.Equal(0.20943951023931953, CartPole.AngleThreshold);
        Assert.Equal(1.1, CartPole.TotalMass);
        Assert.Equal(0.05, CartPole.PoleMassLength);
    }

    public static TheoryData<CartPoleIntegrator, double[], int, double[], bool> WorkedSteps => new()
    {
        // E1: upright at rest, push right
        { CartPoleIntegrator.Euler, [0, 0, 0, 0], 1, [0.0, 0.1951219512195122, 0.0, -0.2926829268292683], false },
        { CartPoleIntegrator.SemiImplicitEuler, [0, 0, 0, 0], 1, [0.0039024390243902443, 0.1951219512195122, -0.005853658536585366, -0.2926829268292683], false },
        // E2: a generic state, push left
        { CartPoleIntegrator.Euler, [0.01, -0.02, 0.03, 0.04], 0, [0.009600000000000001, -0.21553901710278936, 0.030799999999999998, 0.3419952237760392], false },
        { CartPoleIntegrator.SemiImplicitEuler, [0.01, -0.02, 0.03, 0.04], 0, [0.005689219657944213, -0.21553901710278936, 0.03683990447552078, 0.3419952237760392], false },
        // E3: the pole falls past 12°
        { CartPoleIntegrator.Euler, [0, 0, 0.205, 0.5], 0, [0.0, -0.19733227721165442, 0.215, 0.8496492454184822], true },
        { CartPoleIntegrator.SemiImplicitEuler, [0, 0, 0.205, 0.5], 0, [-0.003946645544233089, -0.19733227721165442, 0.22199298490836963, 0.8496492454184822], true },
        // E4: the cart leaves the track
        { CartPoleIntegrator.Euler, [-2.39, -0.6, -0.1, 0.2], 0, [-2.402, -0.7935600848265119, -0.096, 0.45953861145675357], true },
    };

    [Theory]
    [MemberData(nameof(WorkedSteps))]
    public void Worked_steps_are_exact(CartPoleIntegrator integrator, double[] state, int action, double[] expected, bool terminated)
    {
        var env = new CartPole(integrator);
        env.ResetTo(state[0], state[1], state[2], state[3]);
        StepResult<double[]> step = env.Step(action);
        Assert.Equal(expected, step.Observation);
        Assert.Equal((1.0, terminated, false), (step.Reward, step.Terminated, step.Truncated));
    }

    [Fact]
    public void The_observation_as_float_and_the_newer_grouping_match_the_reference()
    {
        Assert.Equal([0.0f, 0.19512194395065308f, 0.0f, -0.2926829159259796f], StepFrom(CartPoleIntegrator.Euler, [0, 0, 0, 0], 1).Select(v => (float)v));
        // gym 0.17.2+ squares first, which changes the last bit of E2's angular velocity
        Assert.Equal(0.34199522377603914, StepFrom(CartPoleIntegrator.Euler, [0.01, -0.02, 0.03, 0.04], 0, CartPoleGrouping.Gymnasium)[3]);
    }

    /// <summary>One Euler step written as the reference writes it (docs/environments.md, §1.4, the paper-era grouping).</summary>
    private static double[] ReferenceEulerStep(double x, double xDot, double theta, double thetaDot, int action)
    {
        double force = action == 1 ? 10.0 : -10.0, total = 0.1 + 1.0, pml = 0.1 * 0.5;
        double c = Math.Cos(theta), s = Math.Sin(theta);
        double temp = (force + ((pml * thetaDot) * thetaDot) * s) / total;
        double thetaAcc = (9.8 * s - c * temp) / (0.5 * (4.0 / 3.0 - ((0.1 * c) * c) / total));
        double xAcc = temp - ((pml * thetaAcc) * c) / total;
        return [x + 0.02 * xDot, xDot + 0.02 * xAcc, theta + 0.02 * thetaDot, thetaDot + 0.02 * thetaAcc];
    }

    [Fact]
    public void Every_step_follows_the_references_evaluation_order_to_the_last_bit()
    {
        var random = ReferenceRandom.FromSeed(42);
        var env = new CartPole();
        int differFromNewerGrouping = 0;
        for (int i = 0; i < 2000; i++)
        {
            double[] state = Enumerable.Range(0, 4).Select(_ => random.Uniform(-3, 3)).ToArray();
            int action = random.Integer(0, 2);
            env.ResetTo(state[0], state[1], state[2], state[3]);
            Assert.Equal(ReferenceEulerStep(state[0], state[1], state[2], state[3], action), env.Step(action).Observation);
            var newer = new CartPole(grouping: CartPoleGrouping.Gymnasium);
            newer.ResetTo(state[0], state[1], state[2], state[3]);
            env.ResetTo(state[0], state[1], state[2], state[3]);
            if (!newer.Step(action).Observation.SequenceEqual(env.Step(action).Observation)) differFromNewerGrouping++;
        }
        Assert.True(differFromNewerGrouping > 0, "the two groupings never differed: the test states do not exercise the grouping");
    }

    [Fact]
    public void A_ten_step_trajectory_is_exact()
    {
        double[][] expected =
        [
            [0.0104, 0.21553901710278936, -0.0292, -0.26199522377603923],
            [0.014710780342055786, 0.020845786573834096, -0.03443990447552078, 0.0213365483416999],
            [0.015127696073532468, -0.1737657684436117, -0.03401317350868679, 0.3029574449669985],
            [0.011652380704660233, 0.02182400974440113, -0.027954024609346817, -0.0002554758932594159],
            [0.012088860899548255, 0.21733547779646648, -0.027959134127212005, -0.30162551482448463],
            [0.016435570455477583, 0.4128445337660024, -0.0339916444237017, -0.602993396771053],
            [0.02469246113079763, 0.21821408988423457, -0.04605151235912276, -0.3212079954708582],
            [0.029056742928482322, 0.41396056626840955, -0.05247567226853993, -0.6280507789033096],
            [0.037335954253850515, 0.2196087513773518, -0.06503668784660611, -0.3523451218750843],
            [0.041728129281397554, 0.02546902258545128, -0.0720835902841078, -0.08085849619931851],
        ];
        var env = new CartPole();
        env.ResetTo(0.01, 0.02, -0.03, 0.04);
        int[] actions = [1, 0, 0, 1, 1, 1, 0, 1, 0, 0];
        for (int t = 0; t < 10; t++)
        {
            StepResult<double[]> step = env.Step(actions[t]);
            Assert.Equal(expected[t], step.Observation);
            Assert.Equal((1.0, false), (step.Reward, step.Terminated));
        }
    }

    [Theory]
    [InlineData(CartPoleIntegrator.Euler, 1, 9, new[] { 0.14065097203306187, 1.7603811257683097, -0.21518604988500967, -2.777886494012814 })]
    [InlineData(CartPoleIntegrator.Euler, 0, 9, new[] { -0.14065097203306187, -1.7603811257683097, 0.21518604988500967, 2.777886494012814 })]
    [InlineData(CartPoleIntegrator.SemiImplicitEuler, 1, 8, new[] { 0.14075971623212447, 1.5658013884598083, -0.21814282210871258, -2.4871580857766817 })]
    public void A_constant_action_from_rest_terminates_at_the_references_step(CartPoleIntegrator integrator, int action, int steps, double[] final)
    {
        var env = new CartPole(integrator);
        env.ResetTo(0, 0, 0, 0);
        double total = 0;
        for (int t = 1; ; t++)
        {
            StepResult<double[]> step = env.Step(action);
            total += step.Reward;
            if (!step.Terminated) continue;
            Assert.Equal(steps, t);
            Assert.Equal(final, step.Observation);
            break;
        }
        Assert.Equal(steps, total);   // reward 1 on the terminating step too
        Assert.Contains("Reset", Assert.Throws<InvalidOperationException>(() => env.Step(action)).Message);
    }

    [Fact]
    public void Seeded_resets_give_the_references_first_states()
    {
        var env = new CartPole();
        Assert.Equal([-0.04456399437492168, 0.04653909372423204, 0.013269094558410327, -0.020998265615229175], env.Reset(0));
        Assert.Equal([-0.04363321250043704, -0.14877061164085567, 0.012849129246105744, 0.27584150116514483], env.Step(0).Observation);
        env.Reset(0);
        Assert.Equal([-0.04363321250043704, 0.24146826361142143, 0.012849129246105744, -0.30946528078089636], env.Step(1).Observation);
        double[][] firsts = [[0.03073904, 0.00145001, -0.03088818, -0.03131252], [0.03468829, 0.01500225, 0.01230312, 0.01825219]];
        for (int seed = 1; seed <= 2; seed++)
        {
            double[] state = env.Reset((ulong)seed);
            for (int i = 0; i < 4; i++) Assert.Equal(firsts[seed - 1][i], state[i], 8);
        }
        // without a seed the next reset continues the stream of the last one
        double[] second = env.Reset();
        Assert.NotEqual(env.Reset(2), second);
        Assert.Equal(second, new Func<double[]>(() => { env.Reset(2); return env.Reset(); })());
    }

    private sealed class Draws(params double[] values) : IRandomSource
    {
        private int _next;
        public double Uniform(double low, double high)
        {
            double value = values[_next++];
            Assert.InRange(value, low, high);
            return value;
        }
        public int Integer(int low, int high) => throw new NotSupportedException();
    }

    [Fact]
    public void A_reset_draws_x_velocity_angle_and_angular_velocity_in_that_order_within_bounds()
    {
        var env = new CartPole(random: _ => new Draws(0.01, -0.02, 0.03, -0.04));
        Assert.Equal([0.01, -0.02, 0.03, -0.04], env.Reset(5));
        var seeded = new CartPole();
        seeded.Reset(7);
        for (int episode = 0; episode < 200; episode++)
            Assert.All(seeded.Reset(), v => Assert.True(v >= -0.05 && v < 0.05, $"{v} outside [-0.05, 0.05)"));
    }

    [Fact]
    public void Thresholds_are_strict()
    {
        var env = new CartPole();
        foreach (var (state, terminal) in new (double[] State, bool Terminal)[]
                 {
                     ([2.4, 0, 0, 0], false), ([Math.BitIncrement(2.4), 0, 0, 0], true), ([-2.4, 0, 0, 0], false), ([Math.BitDecrement(-2.4), 0, 0, 0], true),
                     ([0, 0, CartPole.AngleThreshold, 0], false), ([0, 0, Math.BitIncrement(CartPole.AngleThreshold), 0], true),
                     ([0, 0, -CartPole.AngleThreshold, 0], false), ([0, 0, Math.BitDecrement(-CartPole.AngleThreshold), 0], true),
                 })
        {
            // Zero velocities: the Euler step leaves x and θ where they are, so the rule is applied to exactly these values.
            env.ResetTo(state[0], state[1], state[2], state[3]);
            StepResult<double[]> step = env.Step(1);
            Assert.Equal(state[0], step.Observation[0]);
            Assert.Equal(state[2], step.Observation[2]);
            Assert.Equal(terminal, step.Terminated);
        }
    }

    [Fact]
    public void Bad_use_is_refused_with_a_clear_exception()
    {
        var env = new CartPole();
        Assert.Contains("first Reset needs a seed", Assert.Throws<InvalidOperationException>(() => env.Reset()).Message);
        Assert.Contains("call Reset before the first Step", Assert.Throws<InvalidOperationException>(() => env.Step(0)).Message);
        env.Reset(0);
        Assert.Contains("0 (push left) or 1 (push right)", Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(2)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(-1));
        Assert.Throws<ArgumentException>(() => CartPole.Make("CartPole-v2"));
    }

    [Theory]
    [InlineData("CartPole-v0", 200)]
    [InlineData("CartPole-v1", 500)]
    public void The_registered_time_limit_truncates_without_terminating_and_restarts_at_reset(string id, int cap)
    {
        var env = CartPole.Make(id);
        var inner = (CartPole)env.Inner;
        for (int episode = 0; episode < 2; episode++)
        {
            env.Reset((ulong)episode);
            StepResult<double[]> step = default;
            for (int t = 1; t <= cap; t++)
            {
                inner.ResetTo(0, 0, 0, 0);   // keep the pole up so that only the limit ends the episode
                step = env.Step(t % 2);
                Assert.Equal(t == cap, step.Truncated);
                Assert.False(step.Terminated);
            }
            Assert.Equal(cap, env.ElapsedSteps);
            Assert.Contains("truncated", Assert.Throws<InvalidOperationException>(() => env.Step(0)).Message);
        }
    }

    [Fact]
    public void A_pole_that_falls_on_the_capped_step_is_both_terminated_and_truncated()
    {
        var env = new TimeLimit<double[], int>(new CartPole(), 9);
        env.Reset(0);
        ((CartPole)env.Inner).ResetTo(0, 0, 0, 0);
        StepResult<double[]> step = default;
        for (int t = 0; t < 9; t++) step = env.Step(1);   // always right falls at step 9 (Euler)
        Assert.True(step.Terminated);
        Assert.True(step.Truncated);
    }
}
