namespace Uam.Runtime.Memory;

/// <summary>How a memory reads (spec §2) and which of the original code's quirks (§6) it keeps.</summary>
/// <param name="Radius">d, the Hamming radius of the read and write circles (ignored by softmax attention and Hopfield).</param>
/// <param name="Neurons">r for the finite-neuron algorithms (and the neuron-based SDM); null for the others.</param>
/// <param name="Beta">β of the attention algorithms; null fits it to the intersection (quirk slope, d_v = 0…d − 1) for the
/// SDM attentions and uses 1/√n for softmax attention.</param>
/// <param name="EmptyBinaryReadGivesZeros">Quirk 4: a binary query with no pattern (or neuron) in reach becomes the
/// all-zeros vector, as the original thresholds before its NaN check; false leaves such a query unchanged, as the
/// continuous algorithms do.</param>
/// <param name="CapFactor">Quirk 3: the cap intersection's factor 2 added as ln 2 or as 2.</param>
/// <param name="OriginalCapIndex">Quirk 5: the continuous cache's index trunc((R/2)(cos + 1) − 1), which assumes the
/// grid spacing 2/R instead of 2/(R − 1) and wraps cos = −1 to the last cell; false interpolates the log cache linearly
/// at the right position.</param>
/// <param name="CapResolution">R, the cap cache's points on [−1, 1] (the last at 1 − 1e−15).</param>
public sealed record MemoryOptions(
    int Radius,
    double? Neurons = null,
    double? Beta = null,
    bool EmptyBinaryReadGivesZeros = false,
    CapLogFactor CapFactor = CapLogFactor.Ln2,
    bool OriginalCapIndex = false,
    int CapResolution = 10_000)
{
    /// <summary>The original code's behaviour, every quirk of §6 that changes a read kept.</summary>
    public MemoryOptions Faithful() => this with { EmptyBinaryReadGivesZeros = true, CapFactor = CapLogFactor.Quirk2, OriginalCapIndex = true };
}
