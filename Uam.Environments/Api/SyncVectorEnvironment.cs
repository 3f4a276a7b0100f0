namespace Uam.Environments.Api;

/// <summary>Several copies of an environment stepped together in one thread (Gymnasium's <c>SyncVectorEnv</c>). Copy i is
/// seeded with <c>seed + i</c>; a copy whose episode ends is reset at once (its next episode continues its own stream),
/// the observation returned for it is the new episode's first, and the last one of the ended episode is in
/// <see cref="VectorStep{TObservation}.FinalObservations"/>.</summary>
public sealed class SyncVectorEnvironment<TObservation, TAction>
{
    private readonly IReadOnlyList<IEnvironment<TObservation, TAction>> _environments;

    public SyncVectorEnvironment(IEnumerable<IEnvironment<TObservation, TAction>> environments)
    {
        ArgumentNullException.ThrowIfNull(environments);
        _environments = environments.ToList();
        if (_environments.Count == 0) throw new ArgumentException("a vector needs at least one environment", nameof(environments));
    }

    public int Count => _environments.Count;

    public IReadOnlyList<TObservation> Reset(ulong seed) => _environments.Select((e, i) => e.Reset(seed + (ulong)i)).ToList();

    /// <summary>Resets copy i with <paramref name="seeds"/>[i] (e.g. torch-ac's seed + 10,000·i).</summary>
    public IReadOnlyList<TObservation> Reset(IReadOnlyList<ulong> seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count != Count) throw new ArgumentException($"{seeds.Count} seeds for {Count} environments", nameof(seeds));
        return _environments.Select((e, i) => e.Reset(seeds[i])).ToList();
    }

    public VectorStep<TObservation> Step(IReadOnlyList<TAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count != Count) throw new ArgumentException($"{actions.Count} actions for {Count} environments", nameof(actions));
        var observations = new TObservation[Count];
        var finals = new TObservation?[Count];
        var rewards = new double[Count];
        var terminated = new bool[Count];
        var truncated = new bool[Count];
        for (int i = 0; i < Count; i++)
        {
            StepResult<TObservation> step = _environments[i].Step(actions[i]);
            (rewards[i], terminated[i], truncated[i]) = (step.Reward, step.Terminated, step.Truncated);
            if (step.Done)
            {
                finals[i] = step.Observation;
                observations[i] = _environments[i].Reset();
            }
            else observations[i] = step.Observation;
        }
        return new VectorStep<TObservation>(observations, rewards, terminated, truncated, finals);
    }
}

/// <summary>A step of every copy.</summary>
public sealed record VectorStep<TObservation>(
    IReadOnlyList<TObservation> Observations, IReadOnlyList<double> Rewards, IReadOnlyList<bool> Terminated, IReadOnlyList<bool> Truncated,
    IReadOnlyList<TObservation?> FinalObservations);
