namespace Uam.Environments.Api;

/// <summary>The set of valid values of an observation or an action.</summary>
public abstract record Space;

/// <summary>The integers 0 … <see cref="Count"/> − 1.</summary>
public sealed record Discrete(int Count) : Space
{
    public bool Contains(int value) => value >= 0 && value < Count;
}

/// <summary>Real vectors of <see cref="Shape"/> with per-element bounds (informational where the reference never
/// enforces them).</summary>
public sealed record Box(double[] Low, double[] High, int[] Shape) : Space;
