namespace Uam.Runtime.Memory;

/// <summary>The associative-memory update rules of Bricken and Pehlevan (spec §2, name map of §2.0), each a read
/// ξ ↦ ξ_new from stored patterns (addresses and pointers).</summary>
public enum MemoryAlgorithm
{
    /// <summary>Kanerva's neuron-based SDM (<c>Binary_Neuron_SDM</c>, §2.1): r random neurons, write and read by
    /// Hamming circles, a bitwise majority of the pointers the active neurons hold.</summary>
    NeuronSdm,

    /// <summary>Pattern-based binary SDM with infinite neurons (<c>Binary_SDM</c>, §2.2): weights I_{n,d}(H).</summary>
    BinarySdm,

    /// <summary>Pattern-based binary SDM with r neurons (<c>Binary_SDM_NeuronLimit</c>, §2.3): the expected neurons
    /// I·r/2ⁿ rounded stochastically to whole neurons.</summary>
    BinarySdmNeuronLimit,

    /// <summary>Binary SDM attention (<c>Binary_SDM_BFit_Attention</c>, §2.5): softmax(β(1 − 2H/n)), thresholded.</summary>
    BinarySdmAttention,

    /// <summary>Continuous SDM with hyperspherical-cap weights and infinite neurons (<c>Cont_SDM</c>, §2.2).</summary>
    ContinuousSdm,

    /// <summary>Continuous SDM with cap weights and r neurons (<c>Cont_SDM_NeuronLimit</c>, §2.3).</summary>
    ContinuousSdmNeuronLimit,

    /// <summary>Continuous vectors weighted by the binary intersection at ⌊n(1 − cos)/2⌋ (<c>Cont_Binary_SDM</c>).</summary>
    ContinuousBinarySdm,

    /// <summary>The same with r neurons (<c>Cont_Binary_SDM_NeuronLimit</c>).</summary>
    ContinuousBinarySdmNeuronLimit,

    /// <summary>SDM attention on unit vectors, softmax(β cos) with β fitted to the binary intersection
    /// (<c>Cont_SDM_BFit_Attention</c>, §2.6).</summary>
    SdmAttentionBinaryFit,

    /// <summary>SDM attention with β fitted to the cap intersection (<c>Cont_SDM_CFit_Attention</c>, §2.6).</summary>
    SdmAttentionCapFit,

    /// <summary>Transformer attention on unit vectors, softmax(cos/√n) (§2.7): nearly uniform weights, so the query drifts
    /// to the patterns' mean.</summary>
    SoftmaxAttention,

    /// <summary>The Hopfield network (§2.4): bipolar Hebbian weights W = PᵀP/n with a zero diagonal, s ← sgn(Ws),
    /// sgn(0) = −1.</summary>
    Hopfield,
}

/// <summary>What each algorithm reads and needs.</summary>
public static class MemoryAlgorithms
{
    /// <summary>Whether the algorithm reads 0/1 vectors (else unit vectors).</summary>
    public static bool IsBinary(this MemoryAlgorithm algorithm) => algorithm is MemoryAlgorithm.NeuronSdm or MemoryAlgorithm.BinarySdm
        or MemoryAlgorithm.BinarySdmNeuronLimit or MemoryAlgorithm.BinarySdmAttention or MemoryAlgorithm.Hopfield;

    /// <summary>Whether the algorithm needs a finite neuron count r.</summary>
    public static bool NeedsNeurons(this MemoryAlgorithm algorithm) => algorithm is MemoryAlgorithm.NeuronSdm
        or MemoryAlgorithm.BinarySdmNeuronLimit or MemoryAlgorithm.ContinuousSdmNeuronLimit or MemoryAlgorithm.ContinuousBinarySdmNeuronLimit;

    /// <summary>Whether the algorithm's weights depend on the radius d (all but softmax attention and Hopfield).</summary>
    public static bool UsesRadius(this MemoryAlgorithm algorithm) => algorithm is not (MemoryAlgorithm.SoftmaxAttention or MemoryAlgorithm.Hopfield);

    /// <summary>The short name used in tables and on the command line (the original's names, lower case with dashes).</summary>
    public static string Name(this MemoryAlgorithm algorithm) => algorithm switch
    {
        MemoryAlgorithm.NeuronSdm => "neuron-sdm",
        MemoryAlgorithm.BinarySdm => "binary-sdm",
        MemoryAlgorithm.BinarySdmNeuronLimit => "binary-sdm-r",
        MemoryAlgorithm.BinarySdmAttention => "binary-sdm-attention",
        MemoryAlgorithm.ContinuousSdm => "cont-sdm",
        MemoryAlgorithm.ContinuousSdmNeuronLimit => "cont-sdm-r",
        MemoryAlgorithm.ContinuousBinarySdm => "cont-binary-sdm",
        MemoryAlgorithm.ContinuousBinarySdmNeuronLimit => "cont-binary-sdm-r",
        MemoryAlgorithm.SdmAttentionBinaryFit => "sdm-attention-bfit",
        MemoryAlgorithm.SdmAttentionCapFit => "sdm-attention-cfit",
        MemoryAlgorithm.SoftmaxAttention => "softmax-attention",
        MemoryAlgorithm.Hopfield => "hopfield",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not a MemoryAlgorithm"),
    };

    /// <summary>The algorithm of a <see cref="Name"/>.</summary>
    public static MemoryAlgorithm Parse(string name) =>
        Enum.GetValues<MemoryAlgorithm>().FirstOrDefault(a => a.Name() == name) is var found && found.Name() == name
            ? found
            : throw new ArgumentException($"Unknown memory algorithm '{name}'; known: {string.Join(", ", Enum.GetValues<MemoryAlgorithm>().Select(a => a.Name()))}.", nameof(name));
}
