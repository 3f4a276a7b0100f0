namespace Uam.Runtime;

/// <summary>Over what a regularity normalizer sums densities, and so what it gives a code length to
/// (docs/normalizers.md, "The variants"). Every variant fits one scalar Gaussian to all elements of the layer; they differ
/// in the summation axis. The paper's names are kept as aliases.</summary>
public enum RegularityVariant
{
    /// <summary>One code length for the whole layer (the paper's RN, original <c>RegularityEN</c>).</summary>
    WholeLayer = 0,
    /// <summary>One code length per feature, summing over the batch (the paper's RLN, original
    /// <c>RegularityLN</c> — which, despite its name, sums over the batch axis).</summary>
    PerFeature = 1,
    /// <summary>One code length per sample, summing over the features. The original (<c>RegularityBN</c>)
    /// breaks after its first batch; here COMP is one scalar accumulating the masses of every sample seen
    /// (under size normalization, each sample's mean density over its features), and sample b's code length
    /// is COMP − S_b: its NML code length against everything seen, ≥ 0 in training (decision D5). The original's
    /// one-COMP-per-row semantics is <see cref="RegularityOptions.PerSampleCompPerRow"/>.</summary>
    PerSample = 2,
    /// <summary>Saliency normalization: the whole-layer code length minus log s for a top-down prior s,
    /// by default the in-batch frequency of each sample's class (the paper's SN).</summary>
    Saliency = 3,

    /// <summary>Alias of <see cref="WholeLayer"/>.</summary>
    RN = WholeLayer,
    /// <summary>Alias of <see cref="PerFeature"/>.</summary>
    RLN = PerFeature,
    /// <summary>Alias of <see cref="PerSample"/>.</summary>
    RBN = PerSample,
    /// <summary>Alias of <see cref="Saliency"/>.</summary>
    SN = Saliency,
}

/// <summary>Facts about <see cref="RegularityVariant"/> values.</summary>
public static class RegularityVariants
{
    /// <summary>The paper's name of a variant: RN, RLN, RBN or SN.</summary>
    public static string PaperName(this RegularityVariant variant) => variant switch
    {
        RegularityVariant.WholeLayer => "RN",
        RegularityVariant.PerFeature => "RLN",
        RegularityVariant.PerSample => "RBN",
        RegularityVariant.Saliency => "SN",
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "unknown variant"),
    };
}

/// <summary>Whether a slot learns from a call (pools the batch into its statistics and COMP) or only
/// uses what it has learnt.</summary>
public enum RegularityMode
{
    /// <summary>Pool the batch into the statistics and update COMP.</summary>
    Train,
    /// <summary>Use the stored statistics and COMP unchanged; the state is not modified.</summary>
    Inference,
}
