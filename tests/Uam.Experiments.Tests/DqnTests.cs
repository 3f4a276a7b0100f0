using Uam.Environments.Api;
using Uam.Environments.Random;
using Uam.Experiments.Models;
using Uam.Experiments.Tasks.Dqn;
using Uam.Runtime;
using Xunit;

namespace Uam.Experiments.Tests;

/// <summary>The DQN agent's parts against exact values: TD targets, the soft update, the replay memory, the ε schedule,
/// the "solved" bookkeeping; and a learning step that moves Q(s, a) towards its target.</summary>
public sealed class DqnTests
{
    private static Transition T(float reward, bool done, int action = 0) => new([0, 0, 0, 0], action, reward, [0, 0, 0, 0], done);

    [Fact]
    public void TD_targets_bootstrap_except_at_terminal_transitions()
    {
        float[] targets = DqnAgent.TdTargets([T(1, false), T(1, true), T(-2, false)], [3.5f, 100f, -1f], 0.99);
        Assert.Equal([1 + 0.99f * 3.5f, 1f, -2 + 0.99f * -1f], targets);
    }

    [Fact]
    public void The_soft_update_moves_the_target_a_fraction_tau_towards_the_local_network()
    {
        using var local = new CartPoleQNetwork(Kind.None, generator: new Generator(1));
        using var target = new CartPoleQNetwork(Kind.None, generator: new Generator(2));
        var before = target.NamedParameters().Select(p => p.Parameter.ToArray<float>()).ToList();
        var source = local.NamedParameters().Select(p => p.Parameter.ToArray<float>()).ToList();
        DqnAgent.SoftUpdate(local, target, 0.25);
        var after = target.NamedParameters().Select(p => p.Parameter.ToArray<float>()).ToList();
        for (int p = 0; p < after.Count; p++)
            for (int i = 0; i < after[p].Length; i++)
                Assert.Equal(0.25f * source[p][i] + 0.75f * before[p][i], after[p][i], 6);
        DqnAgent.SoftUpdate(local, target, 1.0);
        Assert.Equal(source, target.NamedParameters().Select(p => p.Parameter.ToArray<float>()).ToList());
    }

    [Fact]
    public void The_replay_memory_keeps_the_newest_and_samples_without_replacement_uniformly()
    {
        var memory = new ReplayBuffer(5);
        for (int i = 0; i < 8; i++) memory.Add(T(i, false));
        Assert.Equal(5, memory.Count);
        Assert.Equal([7f, 6f, 5f, 4f, 3f], Enumerable.Range(0, 5).Select(a => memory.Recent(a).Reward));
        var random = ReferenceRandom.FromSeed(9);
        var counts = new int[8];
        for (int draw = 0; draw < 3000; draw++)
        {
            var sample = memory.Sample(2, random);
            Assert.NotEqual(sample[0], sample[1]);
            foreach (var t in sample) counts[(int)t.Reward]++;
        }
        Assert.Equal(0, counts[0] + counts[1] + counts[2]);                      // evicted
        Assert.All(counts[3..], c => Assert.InRange(c, 1100, 1300));             // 6,000 picks over 5 items: 1,200 each
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.Sample(6, random));
    }

    [Fact]
    public void Long_probe_traces_are_kept_as_bucket_means()
    {
        Assert.Equal([1.5f, 3.5f, 5f], DqnStudy.Thin([1, 2, 3, 4, 5], 3));    // ⌈5/3⌉ = 2 per bucket, the last shorter
        Assert.Equal([1f, 2f], DqnStudy.Thin([1, 2], 3));
    }

    [Fact]
    public void Epsilon_decays_by_a_factor_of_0_95_to_a_floor_of_0_01()
    {
        double epsilon = 1.0;
        for (int episode = 0; episode < 10; episode++) epsilon = DqnAgent.NextEpsilon(epsilon);
        Assert.Equal(Math.Pow(0.95, 10), epsilon, 12);
        for (int episode = 0; episode < 200; episode++) epsilon = DqnAgent.NextEpsilon(epsilon);
        Assert.Equal(0.01, epsilon);
    }

    [Fact]
    public void Solved_is_the_first_window_whose_mean_reaches_200_recorded_as_episode_minus_window()
    {
        float[] returns = [.. Enumerable.Repeat(10f, 20), .. Enumerable.Repeat(500f, 10)];
        // the 10-episode mean first reaches 200 at episode 24 (1-based): (6·500 + 4·10)/10 = 304 at 26; (4·500 + 6·10)/10 = 206 at 24
        Assert.Equal(24 - 10, DqnStudy.SolvedAt(returns, 10));
        Assert.Null(DqnStudy.SolvedAt(returns[..20], 10));
        Assert.Equal((10 * 3 + 500 * 2) / 5.0, DqnStudy.MovingAverage(returns, 21, 5), 12);
    }

    [Fact]
    public void A_learning_step_moves_the_chosen_actions_value_towards_its_target_and_leaves_the_target_network_near()
    {
        var settings = new DqnSettings { LearningRate = 0.01, Tau = 0.5 };
        using var agent = new DqnAgent(g => new CartPoleQNetwork(Kind.RN, generator: g), 3, settings, false, ReferenceRandom.FromSeed(1));
        float[] state = [0.1f, -0.2f, 0.3f, 0.05f];
        var batch = Enumerable.Range(0, 50).Select(i => new Transition(state, 1, 1f, state, true)).ToList();   // target: exactly 1
        double first = agent.Learn(batch), last = first;
        for (int i = 0; i < 60; i++) last = agent.Learn(batch);
        Assert.True(last < first / 10, $"loss {first} → {last}");
        Assert.Equal(61, agent.LearningSteps);
        // both networks' slots learned from every batch (the target's from the next states)
        Assert.All(((IRegularityModel)agent.Target).RegularitySlots(), s => Assert.Equal(61 * 50 * 64, s.Slot.Count));
    }

    [Fact]
    public void Acting_is_epsilon_greedy_and_trains_the_local_slots_only_under_the_original_semantics()
    {
        float[] state = [0.1f, -0.2f, 0.3f, 0.05f];
        foreach (bool original in new[] { false, true })
        {
            using var agent = new DqnAgent(g => new CartPoleQNetwork(Kind.RN, RegularityOptions.Default with { AllowInferenceWithoutHistory = true }, g), 3,
                new DqnSettings(), original, ReferenceRandom.FromSeed(2));
            int greedy = agent.Act(state, 0);
            var again = Enumerable.Range(0, 20).Select(_ => agent.Act(state, 0)).ToList();
            // In inference nothing changes between calls; under the original semantics every call trains the slots.
            if (!original) Assert.All(again, a => Assert.Equal(greedy, a));
            long count = ((IRegularityModel)agent.Local).RegularitySlots().First().Slot.Count;
            Assert.Equal(original ? 21 * 64 : 0, count);   // one state of 64 hidden units per call, or nothing
            var actions = Enumerable.Range(0, 400).Select(_ => agent.Act(state, 1)).ToList();
            Assert.InRange(actions.Count(a => a == 0), 160, 240);                 // ε = 1: uniform over the two actions
        }
    }
}

/// <summary>An environment that never ends by itself: four zeros, reward 1.</summary>
internal sealed class EndlessEnvironment : IEnvironment<double[], int>
{
    public Space ObservationSpace { get; } = new Box([0, 0, 0, 0], [0, 0, 0, 0], [4]);

    public Space ActionSpace { get; } = new Discrete(2);

    public double[] Reset(ulong? seed = null) => [0, 0, 0, 0];

    public StepResult<double[]> Step(int action) => new([0, 0, 0, 0], 1, false, false);
}

/// <summary>The training loop's episode: where it stops and what it stores as terminal.</summary>
public sealed class DqnEpisodeTests
{
    private static DqnAgent Agent() =>
        new(g => new CartPoleQNetwork(Kind.None, generator: g), 0, new DqnSettings(), false, ReferenceRandom.FromSeed(0));

    [Fact]
    public void The_loops_own_cut_ends_an_episode_without_a_terminal_transition()
    {
        using var agent = Agent();
        var (score, steps) = DqnStudy.Episode(new EndlessEnvironment(), [0, 0, 0, 0], agent, 1.0, 100, terminalTruncation: true);
        Assert.Equal((100.0, 100), (score, steps));
        Assert.Equal(100, agent.Memory.Count);
        Assert.All(Enumerable.Range(0, 100), age => Assert.False(agent.Memory.Recent(age).Done));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_time_limits_cut_is_terminal_only_under_the_originals_semantics(bool terminalTruncation)
    {
        using var agent = Agent();
        var env = new TimeLimit<double[], int>(new EndlessEnvironment(), 30);
        env.Reset(0);
        var (_, steps) = DqnStudy.Episode(env, [0, 0, 0, 0], agent, 1.0, 1000, terminalTruncation);
        Assert.Equal(30, steps);
        Assert.Equal(terminalTruncation, agent.Memory.Recent(0).Done);
        Assert.False(agent.Memory.Recent(1).Done);
    }

    [Fact]
    public void The_faithful_step_cut_is_100_on_LunarLander_only()
    {
        Assert.Equal((100, 1000), (DqnEnvironment.LunarLander.StepCut(true), DqnEnvironment.LunarLander.StepCut(false)));
        Assert.Equal((1000, 1000), (DqnEnvironment.CartPole.StepCut(true), DqnEnvironment.CartPole.StepCut(false)));
        Assert.Contains("not one of cartpole, lunarlander", Assert.Throws<ArgumentException>(() => DqnEnvironment.Of("pong")).Message);
    }
}

/// <summary>Short seeded training runs: the agent learns to balance the pole, and to stop crashing the lander.</summary>
public sealed class DqnTrainingTests
{
    [Fact]
    public void A_seeded_RN_agent_learns_to_fly_LunarLander_under_the_originals_100_step_cut()
    {
        using var output = new TemporaryDirectory("uam-dqn-");
        var options = new DqnOptions("lunarlander", ["RN"], 250, true, new Uam.Experiments.Cli.StudyOptions([0], output.Path));
        DqnRun run = DqnStudy.Train(options, "RN", 0, "RN-s0", output.Path, null);
        double early = run.Returns.Take(50).Average(r => (double)r), late = run.FinalMovingAverage;
        Assert.True(early < -30 && late > 0, $"mean return {early:F1} over the first 50 episodes, {late:F1} over the last 50");
        Assert.InRange(run.EnvironmentSteps, 200 * 50, 100 * 250);   // no episode longer than the cut
        var traces = Uam.Experiments.Studies.ProbeTraces.Read(Uam.Experiments.Studies.ProbeTraces.PathOf(output.Path, "RN-s0"))!;
        Assert.Equal(["local.fc1_norm", "local.fc2_norm", "target.fc1_norm", "target.fc2_norm"], traces.Slots.Select(s => s.Slot));
    }

    [Fact]
    public void A_seeded_RN_agent_learns_CartPole_within_1000_episodes()
    {
        using var output = new TemporaryDirectory("uam-dqn-");
        var options = new DqnOptions("cartpole", ["RN"], 1000, false, new Uam.Experiments.Cli.StudyOptions([0], output.Path));
        DqnRun run = DqnStudy.Train(options, "RN", 0, "RN-s0", output.Path, null);
        double early = DqnStudy.MovingAverage(run.Returns, 49, 50), late = run.FinalMovingAverage;
        Assert.True(early < 20 && late > 100, $"50-episode average {early:F1} at episode 50, {late:F1} at episode 1000");
        Assert.True(run.LearningSteps > 10_000);
        // the probe of both networks, one code length per learning step
        var traces = Uam.Experiments.Studies.ProbeTraces.Read(Uam.Experiments.Studies.ProbeTraces.PathOf(output.Path, "RN-s0"))!;
        Assert.Equal(["local.fc1_norm", "local.fc2_norm", "target.fc1_norm", "target.fc2_norm"], traces.Slots.Select(s => s.Slot));
        int bucket = (run.LearningSteps + DqnStudy.ProbePoints - 1) / DqnStudy.ProbePoints;
        Assert.All(traces.Slots, s => Assert.Equal((run.LearningSteps + bucket - 1) / bucket, s.CodeLength.Length));   // bucket means
    }
}
