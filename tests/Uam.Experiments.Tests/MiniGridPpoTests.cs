using Uam.Environments.Api;
using Uam.Environments.MiniGrid;
using Uam.Environments.Random;
using Spectre.Console.Testing;
using Uam.Experiments.Cli;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;
using Uam.Experiments.Tasks.MiniGridPpo;
using Uam.Runtime;
using Xunit;

namespace Uam.Experiments.Tests;

/// <summary>torch-ac's PPO on tiny inputs with exact values: GAE against a hand computation, the clipped losses, masking at
/// episode ends (advantages and the memory), the minibatch starts; the preprocessing layout; the two protocols' regularity
/// semantics; the faithful critic's LayerNorm flaw; and seeded training on RedBlueDoors 6×6.</summary>
public sealed class MiniGridPpoTests
{
    private static readonly PpoSettings Defaults = new();

    private static void Close(double[] expected, double[] actual, double tolerance = 1e-12)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"[{i}]: expected {expected[i]}, got {actual[i]}");
    }

    [Fact]
    public void GAE_matches_a_hand_computation()
    {
        // γ = 0.9, λ = 0.5, V = (0.5, 0.6, 0.7), bootstrap 0.8, rewards (0, 0, 1):
        // δ2 = 1 + 0.9·0.8 − 0.7 = 1.02, δ1 = 0.9·0.7 − 0.6 = 0.03, δ0 = 0.9·0.6 − 0.5 = 0.04;
        // A2 = 1.02, A1 = 0.03 + 0.45·1.02 = 0.489, A0 = 0.04 + 0.45·0.489 = 0.26005.
        double[] a = Advantages.Gae([0, 0, 1], [0.5, 0.6, 0.7], [1, 1, 1, 1], 0.8, 0.9, 0.5);
        Close([0.26005, 0.489, 1.02], a);
    }

    [Fact]
    public void GAE_neither_bootstraps_nor_carries_advantages_across_an_episode_end()
    {
        // Frame 2 starts a new episode (mask 0): δ1 = 0 − 0.6 (no V2), A1 = δ1 (no A2), A0 = 0.04 + 0.45·(−0.6) = −0.23.
        double[] a = Advantages.Gae([0, 0, 1], [0.5, 0.6, 0.7], [1, 1, 0, 1], 0.8, 0.9, 0.5);
        Close([-0.23, -0.6, 1.02], a);
        // The episode ends with the rollout's last frame: no bootstrap value. A2 = 0.3, A1 = 0.03 + 0.45·0.3, A0 = 0.04 + 0.45·A1.
        double[] b = Advantages.Gae([0, 0, 1], [0.5, 0.6, 0.7], [1, 1, 1, 0], 0.8, 0.9, 0.5);
        Close([0.11425, 0.165, 0.3], b);
    }

    [Fact]
    public void Rollout_advantages_are_estimated_per_environment_and_returns_add_the_value()
    {
        // Two environments of three frames: rows 0..2 and 3..5 (torch-ac's flattening).
        var rollout = new Rollout(2, 3, memory: false);
        float[] rewards = [0, 0, 1, 1, 0, 0], values = [0.5f, 0.6f, 0.7f, 0.2f, 0.1f, 0.3f], masks = [1, 1, 0, 1, 1, 1];
        rewards.CopyTo(rollout.Rewards, 0);
        values.CopyTo(rollout.Values, 0);
        masks.CopyTo(rollout.Masks, 0);
        ExperienceCollector.Estimate(rollout, [0.8f, 0.4f], [1f, 0f], Defaults with { Discount = 0.9, GaeLambda = 0.5 });
        double[] first = Advantages.Gae([0, 0, 1], [0.5f, 0.6f, 0.7f], [1, 1, 0, 1], 0.8f, 0.9, 0.5);
        double[] second = Advantages.Gae([1, 0, 0], [0.2f, 0.1f, 0.3f], [1, 1, 1, 0], 0.4f, 0.9, 0.5);
        Assert.Equal(first.Concat(second).Select(v => (float)v).ToArray(), rollout.Advantages);
        Close(rollout.Advantages.Zip(values, (a, v) => (double)(a + v)).ToArray(), rollout.Returns.Select(r => (double)r).ToArray(), 1e-6);
        Assert.Equal(-0.3f + 0, rollout.Advantages[5], 6);
    }

    private static (Tensor LogP, Tensor Value, Tensor Actions, Tensor OldLogP, Tensor OldValue, Tensor Advantage, Tensor Returns) TinyBatch() =>
    (
        torch.FromArray(new[] { MathF.Log(0.5f), MathF.Log(0.5f), MathF.Log(0.5f), MathF.Log(0.5f) }, [2, 2]),
        torch.FromArray(new[] { 1.0f, 0.0f }, [2]),
        torch.FromArray(new[] { 0L, 1L }, [2]),
        torch.FromArray(new[] { MathF.Log(0.25f), MathF.Log(0.8f) }, [2]),
        torch.FromArray(new[] { 0.5f, 0.5f }, [2]),
        torch.FromArray(new[] { 1.0f, -1.0f }, [2]),
        torch.FromArray(new[] { 2.0f, 0.5f }, [2])
    );

    [Fact]
    public void The_PPO_loss_clips_the_ratio_and_the_value_as_torch_ac_does()
    {
        // Ratios 0.5/0.25 = 2 (A = 1: min(2, 1.2) = 1.2) and 0.5/0.8 = 0.625 (A = −1: min(−0.625, −0.8) = −0.8): policy −0.2.
        // Values: clipped V_old + clip(V − V_old, ±0.2) = (0.7, 0.3); max((V − R)², (V_c − R)²) = (1.69, 0.25): 0.97.
        var b = TinyBatch();
        LossTerms terms = PolicyLosses.Ppo(b.LogP, b.Value, b.Actions, b.OldLogP, b.OldValue, b.Advantage, b.Returns, Defaults);
        Assert.Equal(-0.2, terms.Policy.ToDouble(), 6);
        Assert.Equal(0.97, terms.Value.ToDouble(), 6);
        Assert.Equal(Math.Log(2), terms.Entropy.ToDouble(), 6);
        Assert.Equal(-0.2 - 0.01 * Math.Log(2) + 0.5 * 0.97, terms.Loss.ToDouble(), 5);
    }

    [Fact]
    public void The_A2C_loss_is_the_plain_policy_gradient_with_an_unclipped_value_loss()
    {
        var b = TinyBatch();
        LossTerms terms = PolicyLosses.A2c(b.LogP, b.Value, b.Actions, b.Advantage, b.Returns, Defaults);
        Assert.Equal(0, terms.Policy.ToDouble(), 6);   // −mean(log ½·1, log ½·(−1))
        Assert.Equal(0.625, terms.Value.ToDouble(), 6);   // mean(1², 0.5²)
        Assert.Equal(-0.01 * Math.Log(2) + 0.5 * 0.625, terms.Loss.ToDouble(), 6);
    }

    [Fact]
    public void Minibatch_starts_cover_the_frames_and_every_second_call_shifts_them_by_half_a_recurrence()
    {
        var random = ReferenceRandom.FromSeed(3);
        var even = ActorCriticTrainer.BatchStarts(frames: 8, framesPerProcess: 4, recurrence: 2, batchSize: 4, batchNumber: 0, random);
        Assert.Equal([0, 2, 4, 6], even.SelectMany(b => b).Order());
        Assert.All(even, b => Assert.Equal(2, b.Length));
        // Odd call: starts whose sequence reaches an environment's last frame (2, 6) are dropped, the rest shifted by 1.
        var odd = ActorCriticTrainer.BatchStarts(8, 4, 2, 4, batchNumber: 1, random);
        Assert.Equal([1, 5], odd.SelectMany(b => b).Order());
        // Recurrence 1 (PPO's default): every frame, in batches of 256, the last frame of each environment dropped on odd calls.
        var plain = ActorCriticTrainer.BatchStarts(2048, 128, 1, 256, 1, random);
        Assert.Equal(2048 - 16, plain.Sum(b => b.Length));
        Assert.DoesNotContain(plain.SelectMany(b => b), s => s % 128 == 127);
    }

    [Fact]
    public void Environment_i_is_seeded_with_seed_plus_10000_i()
    {
        var collector = new ExperienceCollector(MiniGridStudy.Environment(8), seed: 7, new PpoSettings(), ReferenceRandom.FromSeed(1));
        Assert.Equal(16, collector.Observations.Count);
        for (int i = 0; i < 16; i++)
            Assert.Equal(new RedBlueDoors(8).Reset((ulong)(7 + 10_000 * i)).Image, collector.Observations[i].Image);
        Assert.NotEqual(collector.Observations[0].Image, collector.Observations[1].Image);
    }

    [Fact]
    public void Views_are_raw_codes_as_floats_in_the_layout_N_3_vx_vy()
    {
        var image = new byte[7, 7, 3];
        for (int x = 0; x < 7; x++) for (int y = 0; y < 7; y++) for (int c = 0; c < 3; c++) image[x, y, c] = (byte)(c * 80 + x * 10 + y);
        var observation = new MiniGridObservation(image, 0, RedBlueDoors.MissionText);
        using Tensor views = MiniGridViews.Tensor([observation, observation]);
        Assert.Equal([2L, 3, 7, 7], views.Shape);
        Assert.Equal(ScalarType.Float32, views.DType);
        float[] values = views.ToArray<float>();
        for (int n = 0; n < 2; n++) for (int c = 0; c < 3; c++) for (int x = 0; x < 7; x++) for (int y = 0; y < 7; y++)
            Assert.Equal(c * 80 + x * 10 + y, values[((n * 3 + c) * 7 + x) * 7 + y]);
    }

    [Fact]
    public void The_heads_are_initialised_with_unit_rows_and_zero_biases_and_the_trunk_gives_64_features()
    {
        using var model = new ActorCritic(Kind.None, RegularityOptions.Default, memory: false, normalizeOutputs: false, new Generator(1));
        foreach (var linear in new[] { model.ActorHidden, model.ActorOutput, model.CriticHidden, model.CriticOutput })
        {
            using Tensor norms = linear.Weight.Norm(2, [1]);
            Assert.All(norms.ToArray<float>(), n => Assert.Equal(1f, n, 5));
            Assert.All(linear.Bias!.ToArray<float>(), b => Assert.Equal(0f, b));
        }
        var env = new RedBlueDoors(6);
        using Tensor views = MiniGridViews.Tensor([env.Reset(1)]);
        var output = model.Forward(views, null);
        Assert.Equal([1L, 7], output.LogProbabilities.Shape);
        Assert.Equal([1L], output.Value.Shape);
        Assert.Equal(1.0, output.LogProbabilities.Exp().Sum().ToDouble(), 5);
        Assert.Equal(64, model.ActorHidden.Weight.Size(1));
    }

    [Fact]
    public void The_faithful_LayerNorm_over_the_one_dimensional_value_makes_the_critic_a_constant()
    {
        // Flaw 37: a LayerNorm over one element outputs its bias, whatever the input.
        using var faithful = MiniGridStudy.Model(Kind.LN, faithful: true, memory: false, new Generator(2));
        using var improved = MiniGridStudy.Model(Kind.LN, faithful: false, memory: false, new Generator(2));
        var env = new RedBlueDoors(6);
        using Tensor views = MiniGridViews.Tensor([env.Reset(1), env.Reset(2), env.Reset(3)]);
        // (x − mean)·rstd is 0 up to the rounding of x − mean (≈ 1e-7) times 1/√1e-5.
        Assert.All(faithful.Forward(views, null).Value.ToArray<float>(), v => Assert.True(Math.Abs(v) < 1e-4, $"value {v}"));
        float[] values = improved.Forward(views, null).Value.ToArray<float>();
        Assert.True(values.Max() - values.Min() > 1e-3, $"values {string.Join(", ", values)}");
    }

    /// <summary>A scripted environment: every episode lasts <paramref name="length"/> steps and pays 1 at its end; the view
    /// encodes the step within the episode, so that frames differ.</summary>
    private sealed class Scripted(int length) : IEnvironment<MiniGridObservation, int>
    {
        private int _step;
        public Space ObservationSpace { get; } = new Discrete(1);
        public Space ActionSpace { get; } = new Discrete(7);
        public MiniGridObservation Reset(ulong? seed = null) { _step = 0; return View(); }
        public StepResult<MiniGridObservation> Step(int action)
        {
            _step++;
            bool done = _step == length;
            return new StepResult<MiniGridObservation>(View(), done ? 1 : 0, done, false);
        }
        private MiniGridObservation View()
        {
            var image = new byte[7, 7, 3];
            image[3, 6, 0] = (byte)(1 + _step);
            image[_step % 7, 0, 1] = 5;
            return new MiniGridObservation(image, 0, "");
        }
    }

    [Fact]
    public void Collection_masks_the_frame_after_an_episode_end_and_zeroes_the_memory_there()
    {
        var settings = new PpoSettings { Processes = 2, FramesPerProcess = 8, Recurrence = 2 };
        using var model = new ActorCritic(Kind.None, RegularityOptions.Default, memory: true, normalizeOutputs: false, new Generator(4));
        var collector = new ExperienceCollector(() => new Scripted(3), seed: 1, settings, ReferenceRandom.FromSeed(5));
        model.Eval();
        var (rollout, episodes) = collector.Collect(model);
        // Episodes end at frames 2 and 5 of each environment: 4 episodes of return 1, frames 3 and 6 start new ones.
        Assert.Equal(4, episodes.Count);
        Assert.All(episodes, e => Assert.Equal((1.0, 3), (e.Return, e.Frames)));
        Assert.Equal([1f, 1, 1, 0, 1, 1, 0, 1], rollout.Masks[..8]);
        Assert.Equal(rollout.Masks[..8], rollout.Masks[8..]);
        using var noGrad = torch.NoGrad();
        for (int row = 0; row < 16; row++)
        {
            // The log-probability stored for each frame is the model's on the frame's view and its memory times its mask.
            using var scope = torch.NewDisposeScope();
            Tensor view = MiniGridViews.Of(rollout.Views[(row * 147)..((row + 1) * 147)], 1);
            Tensor memory = torch.FromArray(rollout.Memories![(row * 128)..((row + 1) * 128)], [1, 128]) * rollout.Masks[row];
            float[] logP = model.Forward(view, memory).LogProbabilities.ToArray<float>();
            Assert.Equal(logP[rollout.Actions[row]], rollout.LogProbabilities[row], 5);
            float stored = rollout.Memories[(row * 128)..((row + 1) * 128)].Select(Math.Abs).Sum();
            if (row % 8 == 0) Assert.Equal(0f, stored);   // the first frame's memory is the initial zero
            else Assert.True(stored > 0, $"row {row}: the memory before a frame is the previous frame's, kept even where the mask zeroes it");
        }
        // No advantage is carried back over an episode end: frame 2's advantage is its own (reward 1, no bootstrap).
        Assert.Equal(1 - rollout.Values[2], rollout.Advantages[2], 5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Under_the_consistent_semantics_the_loss_evaluates_exactly_the_behaviour_policy(bool faithful)
    {
        // Default protocol: rollouts and loss both run the RN slots in inference on the same state, so the loss, given a
        // rollout step's batch (the environments' frames of one time step), sees exactly the stored log-probabilities (the
        // first ratio is 1). Faithful: rollouts ran with RN off, the loss runs it in training mode: another policy (flaw 36).
        var settings = new PpoSettings { Processes = 4, FramesPerProcess = 16 };
        using var model = MiniGridStudy.Model(Kind.RN, faithful, memory: false, new Generator(6));
        var collector = new ExperienceCollector(MiniGridStudy.Environment(6), 1, settings, ReferenceRandom.FromSeed(7));
        var semantics = faithful ? RegularitySemantics.Faithful : RegularitySemantics.Consistent;
        using var trainer = new ActorCriticTrainer(model, collector, settings, semantics, ReferenceRandom.FromSeed(8));
        trainer.Step();   // one update: the slots hold a state
        // Consistent: the slots learnt from the 4 first views, then from the rollout's 64 frames (64 features each).
        // Faithful: from the update's minibatches only (the rollout bypassed them): 4 epochs of one minibatch, of 64 frames
        // in epochs 0 and 2 and 60 in epochs 1 and 3 (each environment's last frame dropped).
        Assert.Equal(faithful ? (2 * 64 + 2 * 60) * 64 : (4 + 64) * 64, model.Slots()[0].Slot.Count);
        Rollout rollout;
        if (faithful)
        {
            model.BypassRegularity(true);
            (rollout, _) = collector.Collect(model);
            model.BypassRegularity(false);
            model.Train();
        }
        else
        {
            model.Eval();
            (rollout, _) = collector.Collect(model);
        }
        var slot = model.Slots()[0].Slot;
        long countBefore = slot.Count;
        double largest = 0;
        for (int t = 0; t < settings.FramesPerProcess; t++)
        {
            using var scope = torch.NewDisposeScope();
            int[] rows = Enumerable.Range(0, settings.Processes).Select(p => rollout.Row(p, t)).ToArray();
            float[] views = rows.SelectMany(r => rollout.Views[(r * 147)..((r + 1) * 147)]).ToArray();
            float[] logP = model.Forward(MiniGridViews.Of(views, rows.Length), null).LogProbabilities.ToArray<float>();
            for (int i = 0; i < rows.Length; i++)
                largest = Math.Max(largest, Math.Abs(logP[i * 7 + rollout.Actions[rows[i]]] - rollout.LogProbabilities[rows[i]]));
        }
        if (faithful)
        {
            Assert.True(largest > 1e-2, $"the faithful loss should see another policy; largest difference {largest}");
            Assert.True(slot.Count > countBefore, "the faithful loss's calls are training calls");
        }
        else
        {
            Assert.True(largest < 1e-5, $"largest difference {largest}");
            Assert.Equal(countBefore, slot.Count);
        }
        // The update itself: training calls per minibatch under the faithful protocol, none under the consistent one.
        long beforeUpdate = slot.Count;
        trainer.Update(rollout);
        if (faithful) Assert.True(slot.Count > beforeUpdate);
        else Assert.Equal(beforeUpdate, slot.Count);
    }

    [Fact]
    public void A2C_takes_one_step_on_the_whole_rollout()
    {
        // Before its step the network is the behaviour policy, so the logged losses are those of the stored experience:
        // policy −mean(log π(a)·A) and value mean((V − R)²) over all 32 frames (none dropped, unlike PPO's odd epochs).
        var settings = PpoSettings.For(PolicyAlgorithm.A2c, 1) with { Processes = 4 };
        Assert.Equal(8, settings.FramesPerProcess);
        using var model = MiniGridStudy.Model(Kind.None, faithful: false, memory: false, new Generator(9));
        var collector = new ExperienceCollector(MiniGridStudy.Environment(6), 2, settings, ReferenceRandom.FromSeed(10));
        using var trainer = new ActorCriticTrainer(model, collector, settings, RegularitySemantics.Consistent, ReferenceRandom.FromSeed(11));
        model.Eval();
        var (rollout, _) = collector.Collect(model);
        float[] before = model.ActorOutput.Weight.ToArray<float>();
        UpdateLog log = trainer.Update(rollout);
        double policy = -Enumerable.Range(0, 32).Average(i => (double)rollout.LogProbabilities[i] * rollout.Advantages[i]);
        double value = Enumerable.Range(0, 32).Average(i => Math.Pow(rollout.Values[i] - rollout.Returns[i], 2));
        Assert.Equal(policy, log.PolicyLoss, 5);
        Assert.Equal(value, log.ValueLoss, 5);
        Assert.NotEqual(before, model.ActorOutput.Weight.ToArray<float>());
    }

    [Fact]
    public void With_recurrence_the_update_masks_the_memory_at_episode_starts_as_the_rollout_did()
    {
        // A2C with recurrence 2 on episodes of 3 frames: episodes start at frames 3 (second of a sequence) and 6 (first).
        // Before its step the network is the behaviour policy, so the update reproduces the stored log-probabilities (its
        // logged policy loss is −mean(log π(a)·A) of the stored experience) only if it feeds each frame the memory the
        // rollout fed it: the recomputed memory, zeroed where an episode starts.
        var settings = PpoSettings.For(PolicyAlgorithm.A2c, 2) with { Processes = 2 };
        using var model = new ActorCritic(Kind.None, RegularityOptions.Default, memory: true, normalizeOutputs: false, new Generator(12));
        var collector = new ExperienceCollector(() => new Scripted(3), 1, settings, ReferenceRandom.FromSeed(13));
        using var trainer = new ActorCriticTrainer(model, collector, settings, RegularitySemantics.Consistent, ReferenceRandom.FromSeed(14));
        model.Eval();
        var (rollout, _) = collector.Collect(model);
        Assert.Equal([1f, 1, 1, 0, 1, 1, 0, 1], rollout.Masks[..8]);
        double policy = -Enumerable.Range(0, 16).Average(i => (double)rollout.LogProbabilities[i] * rollout.Advantages[i]);
        UpdateLog log = trainer.Update(rollout);
        Assert.Equal(policy, log.PolicyLoss, 5);
    }

    [Fact]
    public void Bad_settings_and_inputs_are_refused_with_what_is_wrong()
    {
        Assert.Contains("--recurrence 3 must divide the frames per process (128)",
            Assert.Throws<ArgumentException>(() => PpoSettings.For(PolicyAlgorithm.Ppo, 3).Validated()).Message);
        Assert.Contains("--recurrence must be at least 1, not 0", Assert.Throws<ArgumentException>(() => PpoSettings.For(PolicyAlgorithm.Ppo, 0).Validated()).Message);
        Assert.Contains("must divide the minibatch size (256)",
            Assert.Throws<ArgumentException>(() => (new PpoSettings { Recurrence = 96, FramesPerProcess = 384 }).Validated()).Message);
        Assert.Contains("'bn' is not one of nn, ln, rn, rnln, rln", Assert.Throws<ArgumentException>(() => MiniGridOptions.KindOf("bn")).Message);
        using var model = new ActorCritic(Kind.None, RegularityOptions.Default, memory: true, normalizeOutputs: false, new Generator(1));
        using var views = torch.Zeros([2, 7, 7, 3]);
        Assert.Contains("[N, 3, 7, 7], not [2, 7, 7, 3]", Assert.Throws<ArgumentException>(() => model.Forward(views, null)).Message);
        using var right = torch.Zeros([2, 3, 7, 7]);
        Assert.Contains("the memory must be [2, 128]", Assert.Throws<ArgumentException>(() => model.Forward(right, null)).Message);
    }

    private static MiniGridOptions Options(long frames, int recurrence = 1, bool faithful = false) =>
        new(6, ["nn"], frames, recurrence, PolicyAlgorithm.Ppo, faithful, 0.9, new StudyOptions([1], "unused", 1, default, 1, false, null));

    [Fact]
    public void A_seed_fixes_the_run()
    {
        using var directory = new TemporaryDirectory("minigrid");
        MiniGridRun a = MiniGridStudy.Train(Options(4096, recurrence: 4), "rn", 3, "a", directory.Path, null);
        MiniGridRun b = MiniGridStudy.Train(Options(4096, recurrence: 4), "rn", 3, "b", directory.Path, null);
        Assert.Equal(a.Entropy, b.Entropy);
        Assert.Equal(a.ReturnSums, b.ReturnSums);
        Assert.Equal(a.EvaluationReturn, b.EvaluationReturn);
        Assert.True(File.Exists(Path.Combine(directory.Path, "episodes", "a.png")));
        Assert.True(File.Exists(Path.Combine(directory.Path, "traces", "a.json")));
    }

    [Fact]
    public void The_report_has_the_table_the_curves_the_probe_and_an_episode_per_backbone()
    {
        using var directory = new TemporaryDirectory("minigrid");
        var options = new MiniGridOptions(6, ["nn", "rn"], 2048, 1, PolicyAlgorithm.Ppo, false, 0.8,
            new StudyOptions([1, 2], directory.Path, 1, default, 1, false, null));
        var study = new MiniGridStudy(options);
        Assert.Equal(0, StudyRunner.Run(study, new TestConsole(), CancellationToken.None));
        Report report = MiniGridReport.Build(StudyTasks.ReadResults(directory.Path, MiniGridTask.TaskName, study.Protocol));
        var table = Assert.IsType<ReportTable>(report.Blocks[0]);
        Assert.Equal(["nn", "rn"], table.Rows.Select(r => r.Label));
        Assert.All(table.Rows, r => Assert.Equal(2, r.Cells[0].Estimate!.Runs));
        var returns = report.Blocks.OfType<ReportChart>().Single(c => c.Id == "returns");
        Assert.Equal([2048.0], returns.Views[0].Series[0].X);
        // The probe: the RN backbone's two hidden slots (the baseline has none), one point per update.
        var probe = report.Blocks.OfType<ReportChart>().Single(c => c.Id == "probe");
        Assert.Equal(["rn"], probe.Views.Select(v => v.Choice[0]));
        Assert.Equal(["actor_fc1_norm", "critic_fc1_norm"], probe.Views[0].Series.Select(s => s.Name));
        Assert.All(probe.Views[0].Series, s => Assert.True(s.Y.Length == 1 && s.Y[0] > 0));
        var images = report.Blocks.OfType<ReportImage>().ToList();
        Assert.Equal(2, images.Count);
        Assert.All(images, i => Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], i.Content[..4]));
    }

    [Fact]
    public void Seeded_PPO_learns_RedBlueDoors_6x6()
    {
        // 160 updates (327,680 frames, about half a minute) of the baseline with seed 1: the smoothed return rises from a
        // nearly random policy's (below 0.2: most episodes time out) past 0.35, where the run is learning the task.
        using var directory = new TemporaryDirectory("minigrid");
        MiniGridRun run = MiniGridStudy.Train(Options(160 * 2048), "nn", 1, "smoke", directory.Path, null);
        double early = MiniGridStudy.SmoothedReturn(run.Episodes, run.ReturnSums, 9, MiniGridStudy.Window);
        Assert.True(early < 0.2, $"early return {early}");
        Assert.True(run.FinalReturn > 0.35, $"return {early} → {run.FinalReturn}");
    }
}
