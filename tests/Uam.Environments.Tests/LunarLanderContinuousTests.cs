using Uam.Environments.Box2D;
using Xunit;

namespace Uam.Environments.Tests;

/// <summary>The continuous lander: its engines against the discrete ones they generalise (exact), the reference's
/// clipping, float rounding and thresholds, both engines in one step, and a refused non-finite action.</summary>
public class LunarLanderContinuousTests
{
    private static EngineFiring[] Fire(double main, double lateral) => LunarEngines.FireContinuous([main, lateral], 10, 12, 0.1, 0.01, -0.02);

    private static EngineFiring Discrete(int action) => LunarEngines.Fire(action, 10, 12, 0.1, 0.01, -0.02);

    [Fact]
    public void Full_throttle_is_the_discrete_engine()
    {
        Assert.Equal([Discrete(2)], Fire(1, 0));
        Assert.Equal([Discrete(1)], Fire(0, -1));
        Assert.Equal([Discrete(3)], Fire(0, 1));
        Assert.Equal([Discrete(2), Discrete(1)], Fire(2, -3));   // clipped to (1, −1): both fire, main first
    }

    [Fact]
    public void The_engines_fire_above_their_thresholds_at_the_references_powers()
    {
        Assert.Empty(Fire(0, 0));
        Assert.Empty(Fire(-1, 0.5));                              // main needs > 0, a side engine |lateral| > 0.5
        EngineFiring half = Assert.Single(Fire(0.5, 0));
        Assert.Equal((0.75, 0.0), (half.MainPower, half.SidePower));
        Assert.Equal((Discrete(2).Jx * 0.75, Discrete(2).Jy * 0.75), (half.Jx, half.Jy));
        // The action is rounded to float first: (float(0.3) + 1)/2, not 0.65.
        Assert.Equal(0.6500000059604645, Assert.Single(Fire(0.3, 0)).MainPower);
        EngineFiring right = Assert.Single(Fire(0, 0.75));
        Assert.Equal((0.0, 0.75), (right.MainPower, right.SidePower));
        Assert.True(right.Jx > 0, "a positive lateral throttle fires the right engine, pushing towards +x");
    }

    [Fact]
    public void Non_finite_or_misshapen_actions_are_refused()
    {
        Assert.Contains("must be finite", Assert.Throws<ArgumentException>(() => Fire(double.NaN, 0)).Message);
        Assert.Throws<ArgumentException>(() => LunarEngines.FireContinuous([1, 0, 0], 10, 12, 0, 0, 0));
        using var env = new LunarLanderContinuous();
        env.Reset(3);
        Assert.Contains("must be finite", Assert.Throws<ArgumentException>(() => env.Step([0, double.NaN])).Message);
        Assert.Contains("2 values", Assert.Throws<ArgumentException>(() => env.Step([0])).Message);
    }

    [Fact]
    public void Full_throttles_follow_the_discrete_landers_trajectory_bit_for_bit()
    {
        using var continuous = new LunarLanderContinuous();
        using var discrete = new LunarLander();
        Assert.Equal(discrete.Reset(8), continuous.Reset(8));
        int[] actions = [0, 2, 2, 1, 3, 0, 2, 3, 3, 1, 2, 0];
        double[][] throttles = [[0, 0], [1, 0], [1, 0], [0, -1], [0, 1], [-0.5, 0.2], [1, 0.3], [0, 1], [0, 0.9999], [0, -1], [1, 0], [0, 0]];
        for (int t = 0; t < 60; t++)
        {
            int k = t % actions.Length;
            if (k == 8) continue;   // a throttle of 0.9999 is not full power
            var a = discrete.Step(actions[k]);
            var b = continuous.Step(throttles[k]);
            Assert.Equal(a.Observation, b.Observation);
            Assert.Equal(a.Reward, b.Reward);
            if (a.Terminated) break;
        }
    }

    [Fact]
    public void Both_engines_in_one_step_cost_both_fuels()
    {
        using var env = new LunarLanderContinuous();
        env.Reset(4);
        double before = LunarObservation.Shaping(env.Lander.State);
        var step = env.StepWith([1, 1], 0, 0);
        Assert.Equal(LunarObservation.Shaping(env.Lander.State) - before - 0.30 - 0.03, step.Reward);
    }
}
