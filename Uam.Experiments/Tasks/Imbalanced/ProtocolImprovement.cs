using Uam.Runtime;

namespace Uam.Experiments.Tasks.Imbalanced;

/// <summary>The decisions by which the improved (default) protocol departs from the original's (<c>--faithful</c>).
/// Each can be switched on alone on top of <c>--faithful</c> (<c>--improve</c>), so that the ablation can say which
/// decision buys what; the default protocol is <c>--faithful</c> with all of them.</summary>
internal enum ProtocolImprovement
{
    /// <summary>The exact running variance of everything seen instead of the within-group pooled one (D2, flaw 1).</summary>
    ExactPooling,
    /// <summary>Log-mean instead of log-sum densities, so that inference code lengths do not depend on the evaluation
    /// batch size (D3, flaw 6).</summary>
    SizeNormalized,
    /// <summary>A floor of 1e-5 under the running standard deviation (D8, flaw 9).</summary>
    StdFloor,
    /// <summary>The validation images are held out of the training pool (flaw 19).</summary>
    HeldOutValidation,
    /// <summary>Models without regularity slots are validated in evaluation mode, so batch norm's running statistics
    /// never see the balanced validation batch (flaw 20).</summary>
    EvalModeValidation,
    /// <summary>Validation and test run in chunks of 2,000 images instead of one batch of all (flaw 21; with log-sum
    /// densities the chunk size changes the RN multiplier).</summary>
    ChunkedEvaluation,
}

/// <summary>Names and effects of <see cref="ProtocolImprovement"/> values.</summary>
internal static class ProtocolImprovements
{
    public static readonly IReadOnlyList<ProtocolImprovement> All = Enum.GetValues<ProtocolImprovement>();

    /// <summary>The command-line name, e.g. "exact-pooling".</summary>
    public static string Name(this ProtocolImprovement improvement) => improvement switch
    {
        ProtocolImprovement.ExactPooling => "exact-pooling",
        ProtocolImprovement.SizeNormalized => "size-normalized",
        ProtocolImprovement.StdFloor => "std-floor",
        ProtocolImprovement.HeldOutValidation => "held-out-validation",
        ProtocolImprovement.EvalModeValidation => "eval-validation",
        ProtocolImprovement.ChunkedEvaluation => "chunked-evaluation",
        _ => throw new ArgumentOutOfRangeException(nameof(improvement), improvement, "unknown protocol improvement"),
    };

    public static ProtocolImprovement Parse(string name) =>
        All.FirstOrDefault(i => i.Name().Equals(name.Trim(), StringComparison.OrdinalIgnoreCase), (ProtocolImprovement)(-1)) is var found && found >= 0
            ? found
            : throw new ArgumentException($"--improve: '{name}' is not one of {string.Join(", ", All.Select(Name))}.");

    /// <summary>The normalizers' options under a protocol: the library's defaults, or the original's with the
    /// improvements that concern the normalizer switched on.</summary>
    public static RegularityOptions NormalizerOptions(bool faithful, IReadOnlyCollection<ProtocolImprovement> improvements)
    {
        if (!faithful) return RegularityOptions.Default;
        RegularityOptions options = RegularityOptions.Faithful;
        if (improvements.Contains(ProtocolImprovement.ExactPooling)) options = options with { Pooling = RegularityOptions.Default.Pooling };
        if (improvements.Contains(ProtocolImprovement.SizeNormalized)) options = options with { Scale = RegularityOptions.Default.Scale };
        if (improvements.Contains(ProtocolImprovement.StdFloor)) options = options with { StdFloor = RegularityOptions.Default.StdFloor };
        return options;
    }
}
