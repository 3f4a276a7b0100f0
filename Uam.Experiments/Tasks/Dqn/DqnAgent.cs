using Uam.Environments.Random;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Dqn;

/// <summary>The hyper-parameters of the paper's agent (docs/dqn.md).</summary>
internal sealed record DqnSettings
{
    public int BufferSize { get; init; } = 10_000;
    public int BatchSize { get; init; } = 50;
    public double Gamma { get; init; } = 0.99;
    public double Tau { get; init; } = 1e-3;
    public double LearningRate { get; init; } = 1e-3;
    public int LearnEvery { get; init; } = 4;
}

/// <summary>Deep Q-learning as the paper's agent does it: ε-greedy acting on the local network, a replay memory, a
/// learning step every few environment steps (MSE between Q_local(s)[a] and r + γ·max Q_target(s')·(1 − done)), Adam,
/// and a soft update of the target network after every learning step.</summary>
internal sealed class DqnAgent : IDisposable
{
    private readonly DqnSettings _settings;
    private readonly IRandomSource _random;
    private readonly optim.Adam _optimizer;
    private readonly bool _actingTrainsSlots;
    private int _steps;

    /// <param name="network">Makes a Q-network from a generator; called twice with equal generators, so that the local and
    /// the target network start with identical weights.</param>
    /// <param name="actingTrainsSlots">The original's acting: the local network's regularity slots learn from every single
    /// state it acts on (batches of one, in training mode). Otherwise acting is inference: only learning steps train them.</param>
    public DqnAgent(Func<Generator, nn.Module<Tensor, Tensor>> network, ulong seed, DqnSettings settings, bool actingTrainsSlots, IRandomSource random)
    {
        _settings = settings;
        _random = random;
        _actingTrainsSlots = actingTrainsSlots;
        using (var generator = new Generator(seed)) Local = network(generator);
        using (var generator = new Generator(seed)) Target = network(generator);
        _optimizer = new optim.Adam(Local.Parameters(), settings.LearningRate);
        Memory = new ReplayBuffer(settings.BufferSize);
        (_sources, _targets) = ParameterPairs(Local, Target);
    }

    // The parameters of the soft update, paired once: walking the modules' names on every learning step costs as much as a
    // small layer's arithmetic.
    private readonly IReadOnlyList<Tensor> _sources, _targets;

    public nn.Module<Tensor, Tensor> Local { get; }

    public nn.Module<Tensor, Tensor> Target { get; }

    public ReplayBuffer Memory { get; }

    public int LearningSteps { get; private set; }

    /// <summary>Called after every learning step (for the probe).</summary>
    public Action? Learned { get; set; }

    /// <summary>The ε-greedy action: random with probability ε (one uniform draw decides, a second picks the action),
    /// else the local network's greedy action (ties to the lowest index).</summary>
    public int Act(float[] state, double epsilon)
    {
        int actions;
        int greedy;
        using (var scope = torch.NewDisposeScope())
        using (torch.NoGrad())
        {
            Local.Eval();
            var slots = _actingTrainsSlots && Local is IRegularityModel model ? model.RegularitySlots().Select(s => s.Slot).ToList() : [];
            foreach (var slot in slots) slot.ModeOverride = RegularityMode.Train;
            try
            {
                Tensor q = Local.Forward(torch.FromArray(state, [1, state.Length]));
                float[] values = q.ToArray<float>();
                actions = values.Length;
                greedy = Array.IndexOf(values, values.Max());
            }
            finally
            {
                foreach (var slot in slots) slot.ModeOverride = null;
                Local.Train();
            }
        }
        return _random.Uniform(0, 1) > epsilon ? greedy : _random.Integer(0, actions);
    }

    /// <summary>Stores the transition and, every <see cref="DqnSettings.LearnEvery"/> steps once the memory holds more
    /// than a batch, learns from a sampled batch.</summary>
    public void Step(Transition transition)
    {
        Memory.Add(transition);
        _steps = (_steps + 1) % _settings.LearnEvery;
        if (_steps == 0 && Memory.Count > _settings.BatchSize) Learn(Memory.Sample(_settings.BatchSize, _random));
    }

    /// <summary>One learning step on <paramref name="batch"/>; returns the loss.</summary>
    public double Learn(IReadOnlyList<Transition> batch)
    {
        using var scope = torch.NewDisposeScope();
        int n = batch.Count, features = batch[0].State.Length;
        var stateValues = new float[n * features];
        var nextValues = new float[n * features];
        var actionValues = new long[n];
        for (int i = 0; i < n; i++)
        {
            Transition t = batch[i];
            if (t.State.Length != features || t.Next.Length != features)
                throw new ArgumentException($"transition {i} has {t.State.Length} state and {t.Next.Length} next-state features; the batch has {features}", nameof(batch));
            Array.Copy(t.State, 0, stateValues, i * features, features);
            Array.Copy(t.Next, 0, nextValues, i * features, features);
            actionValues[i] = t.Action;
        }
        Tensor states = torch.FromArray(stateValues, [n, features]);
        Tensor next = torch.FromArray(nextValues, [n, features]);
        Tensor actions = torch.FromArray(actionValues, [n, 1]);
        Tensor targets;
        using (torch.NoGrad())
        {
            // The target network runs in training mode, as the original's: its slots learn from the next states.
            float[] maxNext = Target.Forward(next).Max(1).Values.ToArray<float>();
            targets = torch.FromArray(TdTargets(batch, maxNext, _settings.Gamma), [n, 1]);
        }
        Tensor predicted = Local.Forward(states).Gather(1, actions);
        Tensor loss = nn.functional.MseLoss(predicted, targets);
        _optimizer.ZeroGrad();
        loss.Backward();
        _optimizer.Step();
        nn.utils.SoftUpdate(_targets, _sources, _settings.Tau);
        LearningSteps++;
        Learned?.Invoke();
        return loss.ToDouble();
    }

    /// <summary>r + γ·max_a' Q_target(s', a')·(1 − done), in single precision as the original computes it.</summary>
    public static float[] TdTargets(IReadOnlyList<Transition> batch, float[] maxNext, double gamma) =>
        batch.Select((t, i) => t.Reward + (float)gamma * maxNext[i] * (t.Done ? 0f : 1f)).ToArray();

    /// <summary>θ_target ← τ·θ_local + (1 − τ)·θ_target for every parameter (buffers, such as running statistics, stay).</summary>
    public static void SoftUpdate(nn.Module local, nn.Module target, double tau)
    {
        var (sources, targets) = ParameterPairs(local, target);
        nn.utils.SoftUpdate(targets, sources, tau);
    }

    private static (List<Tensor> Sources, List<Tensor> Targets) ParameterPairs(nn.Module local, nn.Module target)
    {
        var sources = local.NamedParameters().ToList();
        var destinations = target.NamedParameters().ToList();
        if (sources.Count != destinations.Count) throw new InvalidOperationException($"SoftUpdate: {sources.Count} parameters against {destinations.Count}");
        for (int i = 0; i < sources.Count; i++)
            if (sources[i].Name != destinations[i].Name || !sources[i].Parameter.Shape.SequenceEqual(destinations[i].Parameter.Shape))
                throw new InvalidOperationException($"SoftUpdate: '{sources[i].Name}' differs in name or shape between the networks");
        return (sources.Select(p => p.Parameter).ToList(), destinations.Select(p => p.Parameter).ToList());
    }

    /// <summary>The paper's schedule: ε ← max(0.01, 0.95·ε) after every episode.</summary>
    public static double NextEpsilon(double epsilon) => Math.Max(0.01, 0.95 * epsilon);

    public void Dispose()
    {
        _optimizer.Dispose();
        Local.Dispose();
        Target.Dispose();
    }
}
