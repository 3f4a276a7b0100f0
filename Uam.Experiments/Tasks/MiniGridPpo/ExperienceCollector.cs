using Uam.Environments.Api;
using Uam.Environments.MiniGrid;
using Uam.Environments.Random;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.MiniGridPpo;

/// <summary>torch-ac's experience collection: N environments stepped together (environment i seeded with
/// seed + 10,000·i; an ended episode is reset at once and its first observation is what the agent sees next), actions
/// sampled from the model's policy, the memory carried and zeroed at episode starts, and GAE with the bootstrap value of
/// the observations after the rollout. An episode ends on success or at the time limit, and both end bootstrapping (the
/// original's <c>done</c>; the reward decays with the step count, so the limit is part of the task).</summary>
internal sealed class ExperienceCollector
{
    private readonly SyncVectorEnvironment<MiniGridObservation, int> _environments;
    private readonly IRandomSource _random;
    private readonly PpoSettings _settings;
    private IReadOnlyList<MiniGridObservation> _observations;
    private readonly float[]? _memory;
    private readonly float[] _mask;
    private readonly double[] _episodeReturn;
    private readonly int[] _episodeFrames;

    public ExperienceCollector(Func<IEnvironment<MiniGridObservation, int>> make, int seed, PpoSettings settings, IRandomSource random)
    {
        _settings = settings.Validated();
        _random = random;
        var environments = Enumerable.Range(0, settings.Processes).Select(_ => make()).ToList();
        _environments = new SyncVectorEnvironment<MiniGridObservation, int>(environments);
        _observations = _environments.Reset(SeedsOf(seed, settings.Processes));
        _memory = settings.UsesMemory ? new float[settings.Processes * ActorCritic.MemorySize] : null;
        _mask = Enumerable.Repeat(1f, settings.Processes).ToArray();
        _episodeReturn = new double[settings.Processes];
        _episodeFrames = new int[settings.Processes];
    }

    /// <summary>The original's seeds: seed + 10,000·i for environment i.</summary>
    public static IReadOnlyList<ulong> SeedsOf(int seed, int processes) =>
        Enumerable.Range(0, processes).Select(i => checked((ulong)(seed + 10_000L * i))).ToList();

    /// <summary>The observations the next frame starts from.</summary>
    public IReadOnlyList<MiniGridObservation> Observations => _observations;

    /// <summary>Frames collected so far.</summary>
    public long Frames { get; private set; }

    /// <summary>Collects one rollout with <paramref name="model"/> as it is (its modes set by the caller), under no-grad.</summary>
    public (Rollout Rollout, IReadOnlyList<FinishedEpisode> Episodes) Collect(ActorCritic model)
    {
        int processes = _settings.Processes, frames = _settings.FramesPerProcess;
        var rollout = new Rollout(processes, frames, _memory is not null);
        var episodes = new List<FinishedEpisode>();
        var views = new float[processes * MiniGridViews.Elements];
        var actions = new int[processes];
        using var noGrad = torch.NoGrad();
        for (int t = 0; t < frames; t++)
        {
            using var scope = torch.NewDisposeScope();
            for (int p = 0; p < processes; p++)
            {
                MiniGridViews.Write(_observations[p], views, p);
                Array.Copy(views, p * MiniGridViews.Elements, rollout.Views, rollout.Row(p, t) * MiniGridViews.Elements, MiniGridViews.Elements);
                if (_memory is not null) Array.Copy(_memory, p * ActorCritic.MemorySize, rollout.Memories!, rollout.Row(p, t) * ActorCritic.MemorySize, ActorCritic.MemorySize);
            }
            var output = model.Forward(MiniGridViews.Of(views, processes), MaskedMemory());
            float[] logProbabilities = output.LogProbabilities.ToArray<float>();
            float[] values = output.Value.ToArray<float>();
            if (_memory is not null) output.Memory!.ToArray<float>().CopyTo(_memory, 0);
            for (int p = 0; p < processes; p++) actions[p] = Sample(logProbabilities.AsSpan(p * ActorCritic.Actions, ActorCritic.Actions), _random);
            var step = _environments.Step(actions);
            for (int p = 0; p < processes; p++)
            {
                int row = rollout.Row(p, t);
                rollout.Masks[row] = _mask[p];
                rollout.Actions[row] = actions[p];
                rollout.Values[row] = values[p];
                rollout.Rewards[row] = (float)step.Rewards[p];
                rollout.LogProbabilities[row] = logProbabilities[p * ActorCritic.Actions + actions[p]];
                bool done = step.Terminated[p] || step.Truncated[p];
                _mask[p] = done ? 0f : 1f;
                _episodeReturn[p] += step.Rewards[p];
                _episodeFrames[p]++;
                if (done)
                {
                    episodes.Add(new FinishedEpisode(_episodeReturn[p], _episodeFrames[p]));
                    (_episodeReturn[p], _episodeFrames[p]) = (0, 0);
                }
            }
            _observations = step.Observations;
        }
        Frames += rollout.Frames;
        float[] bootstrap;
        using (var scope = torch.NewDisposeScope())
        {
            for (int p = 0; p < processes; p++) MiniGridViews.Write(_observations[p], views, p);
            bootstrap = model.Forward(MiniGridViews.Of(views, processes), MaskedMemory()).Value.ToArray<float>();
        }
        Estimate(rollout, bootstrap, _mask, _settings);
        return (rollout, episodes);
    }

    private Tensor? MaskedMemory() => _memory is null ? null : MaskedMemories(_memory, _mask, Enumerable.Range(0, _settings.Processes).ToArray());

    /// <summary>The memories of <paramref name="rows"/> [rows, 128], each times its mask: zero where a frame starts an
    /// episode (what the model is given, in rollouts and in the update alike).</summary>
    public static Tensor MaskedMemories(float[] memories, IReadOnlyList<float> masks, int[] rows)
    {
        var masked = new float[rows.Length * ActorCritic.MemorySize];
        for (int i = 0; i < rows.Length; i++)
            for (int k = 0; k < ActorCritic.MemorySize; k++)
                masked[i * ActorCritic.MemorySize + k] = memories[rows[i] * ActorCritic.MemorySize + k] * masks[rows[i]];
        return torch.FromArray(masked, [rows.Length, ActorCritic.MemorySize]);
    }

    /// <summary>Fills the rollout's advantages and returns by GAE, per environment, with the bootstrap values and masks
    /// after the rollout.</summary>
    public static void Estimate(Rollout rollout, IReadOnlyList<float> bootstrapValues, IReadOnlyList<float> masksAfter, PpoSettings settings)
    {
        int frames = rollout.FramesPerProcess;
        for (int p = 0; p < rollout.Processes; p++)
        {
            int first = rollout.Row(p, 0);
            var rewards = new double[frames];
            var values = new double[frames];
            var masks = new double[frames + 1];
            for (int t = 0; t < frames; t++) (rewards[t], values[t], masks[t]) = (rollout.Rewards[first + t], rollout.Values[first + t], rollout.Masks[first + t]);
            masks[frames] = masksAfter[p];
            double[] advantages = Advantages.Gae(rewards, values, masks, bootstrapValues[p], settings.Discount, settings.GaeLambda);
            for (int t = 0; t < frames; t++)
            {
                rollout.Advantages[first + t] = (float)advantages[t];
                rollout.Returns[first + t] = (float)(advantages[t] + values[t]);
            }
        }
    }

    /// <summary>An action drawn from a categorical distribution given by its log-probabilities: the first index whose
    /// cumulative probability exceeds a uniform draw (the last when rounding leaves the draw above the total).</summary>
    public static int Sample(ReadOnlySpan<float> logProbabilities, IRandomSource random)
    {
        double u = random.Uniform(0, 1), cumulative = 0;
        for (int a = 0; a < logProbabilities.Length; a++)
        {
            cumulative += Math.Exp(logProbabilities[a]);
            if (u < cumulative) return a;
        }
        return logProbabilities.Length - 1;
    }
}
