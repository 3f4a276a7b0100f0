using Uam.Environments.Box2D;
using Xunit;

namespace Uam.Environments.Tests;

/// <summary>LunarLander's pure functions against environments-reference §2.1–§2.3, §2.8–§2.10, §2.15 and §2.16: every
/// value exact in double (literals computed with the reference's expressions in Python).</summary>
public class LunarLanderFunctionTests
{
    [Fact]
    public void The_constants_are_the_references()
    {
        Assert.Equal(20.0, LunarLander.Width);
        Assert.Equal(13.333333333333334, LunarLander.Height);
        Assert.Equal(3.3333333333333335, LunarLander.HelipadY);
        Assert.Equal(0.02f, LunarLander.TimeStep);
        Assert.Equal(13.0, LunarEngines.MainEnginePower);
        Assert.Equal(0.6, LunarEngines.SideEnginePower);
    }

    [Fact]
    public void Chunks_are_two_metres_apart()
    {
        Assert.Equal([0.0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20], LunarTerrain.ChunkX());
    }

    [Fact]
    public void The_seed_0_terrain_is_the_references()
    {
        double[] heights =
        [
            0.3624003750052215, 6.43593958161547, 4.217939637227356, 1.933448958984722, 0.6832283805742345, 4.487175653718384,
            2.6171782670424513, 4.465640448589822, 0.3989264583729798, 3.5132482964906795, 0.26860462017554987, 6.519627167534087,
        ];
        Assert.Equal(
        [
            4.394929150971077, 3.6353722659698557, 4.615780142218132, 3.5919200802850275, 3.3000000000000003, 3.3000000000000003,
            3.3000000000000003, 2.3316457312630834, 2.3910176691050076, 1.3796571937629392, 3.399488427786104,
        ], LunarTerrain.ChunkY(heights));
    }

    [Fact]
    public void Smoothing_uses_0_33_wraps_to_the_last_height_and_adds_left_to_right()
    {
        double[] heights = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4];
        // sy[0] = 0.33·(h[11] + h[0] + h[1]) = 1.98; the helipad at 0.99·H/4; sy[3] and sy[7] differ in the last bit
        // because (1 + 3.33…) + 3.33… and (3.33… + 3.33…) + 1 round differently.
        Assert.Equal([1.98, 0.99, 1.7600000000000002, 2.5300000000000007, 3.3000000000000003, 3.3000000000000003, 3.3000000000000003,
            2.5300000000000002, 1.7600000000000002, 0.99, 1.98], LunarTerrain.ChunkY(heights));
    }

    [Fact]
    public void Terrain_refuses_a_wrong_count_or_a_non_finite_height()
    {
        Assert.Contains("12 heights", Assert.Throws<ArgumentException>(() => LunarTerrain.ChunkY(new double[11])).Message);
        double[] heights = new double[12];
        heights[5] = double.NaN;
        Assert.Contains("height 5", Assert.Throws<ArgumentException>(() => LunarTerrain.ChunkY(heights)).Message);
    }

    public static TheoryData<int, double, double, double, double[]> Impulses => new()
    {
        // action, θ, d0, d1 → Qx, Qy, Jx, Jy (environments-reference §2.8, P = (10, 12))
        { 2, 0, 0, 0, [10.0, 11.866666666666667, 0, 1.7333333333333334] },
        { 2, 0.1, 0.01, -0.02, [10.035207873858074, 11.849429362990305, -0.4577023601549642, 1.9574182811260223] },
        { 1, 0, 0, 0, [10.4, 12.466666666666667, -0.24, 0] },
        { 1, 0.1, 0.01, -0.02, [10.402127980761158, 12.500308607134507, -0.2752201501166161, -0.021583998002856413] },
        { 3, 0, 0, 0, [9.6, 12.466666666666667, 0.24, 0] },
        { 3, 0.1, 0.01, -0.02, [9.606124648538737, 12.420441873817044, 0.2023818492168363, 0.0263360419876211] },
    };

    [Theory, MemberData(nameof(Impulses))]
    public void Engine_impulses_are_the_references_exactly(int action, double angle, double d0, double d1, double[] expected)
    {
        EngineFiring firing = LunarEngines.Fire(action, 10, 12, angle, d0, d1);
        Assert.Equal(expected, new[] { firing.Qx, firing.Qy, firing.Jx + 0.0, firing.Jy + 0.0 });
        Assert.Equal(action == 2 ? (1.0, 0.0) : (0.0, 1.0), (firing.MainPower, firing.SidePower));
        Assert.True(firing.Fires);
    }

    [Fact]
    public void The_no_op_fires_nothing()
    {
        EngineFiring firing = LunarEngines.Fire(0, 10, 12, 0.3, 0.01, 0.02);
        Assert.False(firing.Fires);
        Assert.Equal((0.0, 0.0), (firing.MainPower, firing.SidePower));
        Assert.Throws<ArgumentOutOfRangeException>(() => LunarEngines.Fire(4, 10, 12, 0, 0, 0));
    }

    [Fact]
    public void The_observation_scales_the_body_state_as_the_reference()
    {
        double[] s = LunarObservation.Of(12.25, 5.5, 1.5, -2.25, 0.25, 0.75, true, false);
        Assert.Equal([0.225, 0.23499999999999996, 0.3, -0.3, 0.25, 0.3, 1, 0], s);
        Assert.Equal(-89.96100384118773, LunarObservation.Shaping(s));
    }

    [Fact]
    public void The_worked_reward_example_holds_for_each_engine()
    {
        double previous = LunarObservation.Shaping([0.1, 0.5, -0.2, -0.3, 0.05, 0, 0, 0]);
        double shaping = LunarObservation.Shaping([0.09, 0.48, -0.18, -0.25, 0.04, 0.01, 1, 0]);
        Assert.Equal(-92.04570789056774, previous);
        Assert.Equal(-73.64230538979785, shaping);
        Assert.Equal(18.403402500769886, LunarObservation.Reward(shaping, previous, 0, 0, false, false));
        Assert.Equal(18.103402500769885, LunarObservation.Reward(shaping, previous, 1, 0, false, false));
        Assert.Equal(18.373402500769885, LunarObservation.Reward(shaping, previous, 0, 1, false, false));
        Assert.Equal(0.0, LunarObservation.Reward(shaping, null, 0, 0, false, false));
    }

    [Fact]
    public void Terminal_rewards_replace_the_step_reward_and_rest_wins_over_a_crash()
    {
        Assert.Equal(-100, LunarObservation.Reward(-50, -60, 1, 0, crashed: true, asleep: false));
        Assert.Equal(100, LunarObservation.Reward(-50, -60, 0, 1, crashed: false, asleep: true));
        Assert.Equal(100, LunarObservation.Reward(-50, -60, 0, 0, crashed: true, asleep: true));
    }

    [Fact]
    public void Leaving_the_screen_is_at_one_half_width_from_the_centre()
    {
        Assert.True(LunarObservation.OutOfBounds([1.0, 0, 0, 0, 0, 0, 0, 0]));
        Assert.True(LunarObservation.OutOfBounds([-1.0, 0, 0, 0, 0, 0, 0, 0]));
        Assert.False(LunarObservation.OutOfBounds([0.9999, 5, 0, 0, 0, 0, 0, 0]));
    }

    [Fact]
    public void The_sleep_clock_counts_quiet_steps_in_single_precision()
    {
        var clock = new SleepClock(3);
        (float, float, float)[] quiet = [(0.005f, 0.005f, 0.01f), (0, 0.0099f, 0), (0, 0, 0.0348f)];
        for (int step = 1; step < 25; step++) Assert.False(clock.Advance(quiet, 0.02f));
        Assert.True(clock.Advance(quiet, 0.02f));
        Assert.Equal(0.5000000596f, clock.Timers[0]);
    }

    [Fact]
    public void A_moving_body_restarts_only_its_own_timer_and_holds_the_island_awake()
    {
        var clock = new SleepClock(3);
        (float, float, float)[] quiet = [(0, 0, 0), (0, 0, 0), (0, 0, 0)];
        for (int step = 0; step < 20; step++) clock.Advance(quiet, 0.02f);
        // Just above the linear tolerance (0.01 m/s) on one body, just above the angular one (2°/s) on another.
        Assert.False(clock.Advance([(0.0101f, 0, 0), (0, 0, 0.0350f), (0, 0, 0)], 0.02f));
        Assert.Equal([0f, 0f, 21 * 0.02f], clock.Timers.Select(t => MathF.Round(t, 6)));
        for (int step = 0; step < 24; step++) Assert.False(clock.Advance(quiet, 0.02f));
        Assert.True(clock.Advance(quiet, 0.02f));
    }

    public static TheoryData<double[], int> HeuristicDecisions => new()
    {
        { [0, 0.1, 0, -0.5, 0, 0, 0, 0], 2 },        // low above the pad and falling fast: hover
        { [0.5, 1.4, 0, 0, 0, 0, 0, 0], 1 },         // right of the pad: tilt left (angle up) to drift back
        { [-0.5, 1.4, 0, 0, 0, 0, 0, 0], 3 },
        { [0, 1.4, 0, 0, 0, 0, 0, 0], 0 },           // centred, high, still: nothing to do
        { [0, 0, 0, -0.2, 0.3, 0, 1, 0], 2 },        // a leg down: only damp the fall, ignore the tilt
        { [0, 0, 0, 0.01, 0.3, 0, 0, 1], 0 },
    };

    [Theory, MemberData(nameof(HeuristicDecisions))]
    public void The_heuristic_decides_as_the_reference(double[] observation, int action)
    {
        Assert.Equal(action, LunarHeuristic.Act(observation));
    }
}
