namespace Uam.Runtime;

/// <summary>Running Gaussian statistics of a slot; <see cref="Count"/> 0 means no history.</summary>
internal readonly record struct RegularityState(double Mean, double Std, long Count)
{
    public bool IsEmpty => Count == 0;
}

/// <summary>How the elements of a call are grouped for the log-sum-exp (pinned to nt_regularity_layout).</summary>
internal enum RegularityLayout
{
    All = 0,
    PerColumn = 1,
    PerRow = 2,
}

/// <summary>Everything one slot call needs besides the tensors: layout, COMP sharing, mode and options.</summary>
internal sealed record RegularityCall(RegularityLayout Layout, bool SharedComp, bool Training, RegularityOptions Options)
{
    /// <summary>The per-sample variant with the original's one COMP per row (composite only).</summary>
    public bool OriginalPerRowComp => Layout == RegularityLayout.PerRow && !SharedComp;
}

/// <summary>What one slot call produces: the output, the code lengths (float64: [] for the whole layer,
/// [F] per feature, [B] per sample), COMP after the call (float64) and the new state.</summary>
internal sealed record RegularityResult(Tensor Output, Tensor CodeLength, Tensor Comp, RegularityState State);
