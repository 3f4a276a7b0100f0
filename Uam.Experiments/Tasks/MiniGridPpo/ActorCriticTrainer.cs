using Uam.Environments.Random;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.MiniGridPpo;

/// <summary>What one update logged (means over its minibatches), as torch-ac logs it.</summary>
internal readonly record struct UpdateLog(double Entropy, double Value, double PolicyLoss, double ValueLoss, double GradNorm);

/// <summary>How the regularity state is used in rollouts and in the loss (docs/minigrid.md).</summary>
internal enum RegularitySemantics
{
    /// <summary>The original's (flaw 36): rollouts run with every regularity slot switched off; the loss runs the slots
    /// in training mode, every minibatch (and every recurrence step) a training call that carries the state on.</summary>
    Faithful,
    /// <summary>The behaviour policy is the trained policy: rollouts and the loss both run the slots in inference with
    /// the state as it was when the rollout began, so the ratio of the first minibatch is exactly 1; after the update's
    /// epochs the slots learn from the rollout (one training call over its frames). Before the first rollout they learn
    /// from the environments' first observations.</summary>
    Consistent,
}

/// <summary>PPO or A2C on an <see cref="ActorCritic"/>, torch-ac's algorithms step for step (uam-reference §2.4): collect a
/// rollout, estimate advantages, then PPO's epochs of shuffled minibatches (A2C: one batch), each a sum over
/// <see cref="PpoSettings.Recurrence"/> consecutive frames with the memory recomputed and written back, divided by the
/// recurrence; gradients clipped to a joint norm.</summary>
internal sealed class ActorCriticTrainer : IDisposable
{
    private readonly PpoSettings _settings;
    private readonly RegularitySemantics _semantics;
    private readonly IRandomSource _random;
    private readonly optim.Optimizer _optimizer;
    private readonly List<Tensor> _parameters;
    private int _batchNumber;
    private bool _primed;

    public ActorCriticTrainer(ActorCritic model, ExperienceCollector collector, PpoSettings settings, RegularitySemantics semantics, IRandomSource random)
    {
        (Model, Collector, _settings, _semantics, _random) = (model, collector, settings.Validated(), semantics, random);
        _parameters = model.Parameters().ToList();
        _optimizer = settings.Algorithm == PolicyAlgorithm.Ppo
            ? new optim.Adam(_parameters, settings.LearningRate, eps: settings.OptimizerEps)
            : new optim.RMSprop(_parameters, settings.LearningRate, settings.RmsAlpha, settings.OptimizerEps);
    }

    public ActorCritic Model { get; }

    public ExperienceCollector Collector { get; }

    /// <summary>Called when a rollout is collected and its update begins (for timing).</summary>
    public Action? Updating { get; set; }

    /// <summary>Called at the end of every <see cref="Step"/>, when the update's slot records are complete (the probe).</summary>
    public Action? Updated { get; set; }

    /// <summary>One rollout and one update; returns the episodes that ended during the rollout and the update's log.</summary>
    public (IReadOnlyList<FinishedEpisode> Episodes, UpdateLog Log) Step()
    {
        Rollout rollout;
        IReadOnlyList<FinishedEpisode> episodes;
        if (_semantics == RegularitySemantics.Faithful)
        {
            Model.BypassRegularity(true);
            try { (rollout, episodes) = Collector.Collect(Model); }
            finally { Model.BypassRegularity(false); }
            Model.Train();
        }
        else
        {
            if (!_primed) Observe(MiniGridViews.Tensor(Collector.Observations), _settings.UsesMemory ? torch.Zeros([_settings.Processes, ActorCritic.MemorySize]) : null);
            _primed = true;
            Model.Eval();
            (rollout, episodes) = Collector.Collect(Model);
        }
        Updating?.Invoke();
        UpdateLog log = Update(rollout);
        if (_semantics == RegularitySemantics.Consistent)
        {
            using var scope = torch.NewDisposeScope();
            Observe(MiniGridViews.Of(rollout.Views, rollout.Frames),
                rollout.Memories is null ? null : ExperienceCollector.MaskedMemories(rollout.Memories, rollout.Masks, Enumerable.Range(0, rollout.Frames).ToArray()));
        }
        Updated?.Invoke();
        return (episodes, log);
    }

    /// <summary>A training call of every slot on these frames, without gradients: how the consistent semantics learns
    /// the state.</summary>
    private void Observe(Tensor views, Tensor? memory)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.NoGrad();
        Model.Train();
        try { Model.Forward(views, memory); }
        finally { Model.Eval(); }
    }

    /// <summary>The update on a collected rollout (its memories are rewritten as torch-ac does).</summary>
    public UpdateLog Update(Rollout rollout)
    {
        if (_semantics == RegularitySemantics.Faithful) Model.Train(); else Model.Eval();
        double entropy = 0, value = 0, policyLoss = 0, valueLoss = 0, gradNorm = 0;
        int batches = 0;
        int epochs = _settings.Algorithm == PolicyAlgorithm.Ppo ? _settings.Epochs : 1;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            var starts = _settings.Algorithm == PolicyAlgorithm.Ppo
                ? BatchStarts(rollout.Frames, rollout.FramesPerProcess, _settings.Recurrence, _settings.BatchSize, _batchNumber++, _random)
                : [Enumerable.Range(0, rollout.Frames / _settings.Recurrence).Select(i => i * _settings.Recurrence).ToArray()];
            foreach (int[] batch in starts)
            {
                using var scope = torch.NewDisposeScope();
                Tensor? memory = rollout.Memories is null ? null : Rows(rollout.Memories, ActorCritic.MemorySize, batch);
                Tensor total = torch.Zeros([]);
                double e = 0, v = 0, pl = 0, vl = 0;
                for (int i = 0; i < _settings.Recurrence; i++)
                {
                    int[] rows = batch.Select(s => s + i).ToArray();
                    Tensor masks = torch.FromArray(rows.Select(r => rollout.Masks[r]).ToArray(), [rows.Length]);
                    var output = Model.Forward(Rows(rollout.Views, MiniGridViews.Elements, rows, [rows.Length, 3, 7, 7]),
                        memory is null ? null : memory * masks.Unsqueeze(1));
                    Tensor actions = torch.FromArray(rows.Select(r => rollout.Actions[r]).ToArray(), [rows.Length]);
                    Tensor advantages = Pick(rollout.Advantages, rows), returns = Pick(rollout.Returns, rows);
                    LossTerms terms = _settings.Algorithm == PolicyAlgorithm.Ppo
                        ? PolicyLosses.Ppo(output.LogProbabilities, output.Value, actions, Pick(rollout.LogProbabilities, rows), Pick(rollout.Values, rows),
                            advantages, returns, _settings)
                        : PolicyLosses.A2c(output.LogProbabilities, output.Value, actions, advantages, returns, _settings);
                    total = total + terms.Loss;
                    e += terms.Entropy.ToDouble();
                    v += output.Value.Mean().ToDouble();
                    pl += terms.Policy.ToDouble();
                    vl += terms.Value.ToDouble();
                    if (output.Memory is not null && i < _settings.Recurrence - 1)
                    {
                        memory = output.Memory.Detach();
                        WriteRows(rollout.Memories!, ActorCritic.MemorySize, rows.Select(r => r + 1).ToArray(), memory.ToArray<float>());
                    }
                }
                Tensor loss = total / _settings.Recurrence;
                _optimizer.ZeroGrad();
                loss.Backward();
                gradNorm += nn.utils.ClipGradNorm(_parameters, _settings.MaxGradNorm);
                _optimizer.Step();
                entropy += e / _settings.Recurrence;
                value += v / _settings.Recurrence;
                policyLoss += pl / _settings.Recurrence;
                valueLoss += vl / _settings.Recurrence;
                batches++;
            }
        }
        return new UpdateLog(entropy / batches, value / batches, policyLoss / batches, valueLoss / batches, gradNorm / batches);
    }

    /// <summary>torch-ac's minibatches of sequence starts: every recurrence-th frame, shuffled; on every second call the
    /// starts whose sequence would reach the end of an environment's frames are dropped and the rest shifted by half a
    /// recurrence (so that sequences also cover the other half of the frames); then cut into batches of
    /// batch / recurrence starts (the last may be shorter).</summary>
    public static List<int[]> BatchStarts(int frames, int framesPerProcess, int recurrence, int batchSize, int batchNumber, IRandomSource random)
    {
        var starts = Enumerable.Range(0, frames / recurrence).Select(i => i * recurrence).ToArray();
        for (int i = starts.Length - 1; i > 0; i--)
        {
            int j = random.Integer(0, i + 1);
            (starts[i], starts[j]) = (starts[j], starts[i]);
        }
        if (batchNumber % 2 == 1)
            starts = starts.Where(s => (s + recurrence) % framesPerProcess != 0).Select(s => s + recurrence / 2).ToArray();
        int perBatch = batchSize / recurrence;
        return starts.Chunk(perBatch).ToList();
    }

    private static Tensor Pick(float[] values, int[] rows) => torch.FromArray(rows.Select(r => values[r]).ToArray(), [rows.Length]);

    private static Tensor Rows(float[] values, int width, int[] rows, long[]? shape = null)
    {
        var picked = new float[rows.Length * width];
        for (int i = 0; i < rows.Length; i++) Array.Copy(values, rows[i] * width, picked, i * width, width);
        return torch.FromArray(picked, shape ?? [rows.Length, width]);
    }

    private static void WriteRows(float[] values, int width, int[] rows, float[] source)
    {
        for (int i = 0; i < rows.Length; i++) Array.Copy(source, i * width, values, rows[i] * width, width);
    }

    public void Dispose() => _optimizer.Dispose();
}
