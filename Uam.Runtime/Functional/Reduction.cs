namespace Uam.Runtime;

/// <summary>How a loss combines its per-element values (codes pinned to libtorch's).</summary>
public enum Reduction
{
    /// <summary>One loss value per element.</summary>
    None = 0,
    /// <summary>The mean over elements (the default).</summary>
    Mean = 1,
    /// <summary>The sum over elements.</summary>
    Sum = 2,
}
