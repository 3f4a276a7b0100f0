namespace Uam.Environments.Api;

/// <summary>Gymnasium's <c>TimeLimit</c>: truncates an episode after <see cref="MaxSteps"/> steps since the last reset.
/// When the environment terminates on the capped step, both flags are set (Gymnasium's convention; gym ≤ 0.25 reported
/// only <c>done</c> there). Disposing it disposes the wrapped environment.</summary>
public sealed class TimeLimit<TObservation, TAction>(IEnvironment<TObservation, TAction> inner, int maxSteps) : IEnvironment<TObservation, TAction>, IDisposable
{
    private int _steps;

    public IEnvironment<TObservation, TAction> Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    public int MaxSteps { get; } = maxSteps > 0 ? maxSteps : throw new ArgumentOutOfRangeException(nameof(maxSteps), maxSteps, "the step limit must be positive");

    /// <summary>Steps since the last reset.</summary>
    public int ElapsedSteps => _steps;

    public Space ObservationSpace => Inner.ObservationSpace;

    public Space ActionSpace => Inner.ActionSpace;

    public TObservation Reset(ulong? seed = null)
    {
        TObservation observation = Inner.Reset(seed);
        _steps = 0;
        return observation;
    }

    public StepResult<TObservation> Step(TAction action)
    {
        if (_steps >= MaxSteps)
            throw new InvalidOperationException($"the episode was truncated at {MaxSteps} steps; call Reset before stepping again.");
        StepResult<TObservation> result = Inner.Step(action);
        _steps++;
        return _steps >= MaxSteps ? result with { Truncated = true } : result;
    }

    public void Dispose() => (Inner as IDisposable)?.Dispose();
}
