namespace Uam.Environments.Api;

/// <summary>One step's outcome, as Gymnasium reports it: <see cref="Terminated"/> when the environment reached a terminal
/// state (no bootstrapping past it), <see cref="Truncated"/> when a time limit cut the episode (the state is not
/// terminal). Both can hold on the same step.</summary>
public readonly record struct StepResult<TObservation>(TObservation Observation, double Reward, bool Terminated, bool Truncated)
{
    /// <summary>The episode is over, for either reason.</summary>
    public bool Done => Terminated || Truncated;
}

/// <summary>An environment in the Gymnasium style. A seed fixes everything random in it: <see cref="Reset"/> with a seed
/// restarts its generator; without one it continues the stream of the last seed.</summary>
public interface IEnvironment<TObservation, TAction>
{
    Space ObservationSpace { get; }

    Space ActionSpace { get; }

    /// <summary>Starts an episode and returns its first observation. The first reset needs a seed.</summary>
    TObservation Reset(ulong? seed = null);

    /// <summary>Advances one step. Refuses an action outside <see cref="ActionSpace"/>, a step before the first reset and
    /// a step after the episode ended, each with an exception that says so.</summary>
    StepResult<TObservation> Step(TAction action);
}
