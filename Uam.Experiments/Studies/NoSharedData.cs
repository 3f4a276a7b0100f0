namespace Uam.Experiments.Studies;

/// <summary>The shared data of a study whose runs need none (they make their own inputs from the seed).</summary>
internal sealed class NoSharedData : IDisposable
{
    public void Dispose() { }
}
