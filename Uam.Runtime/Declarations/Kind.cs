namespace Uam.Runtime;

/// <summary>The normalization a declared layer gets (see <see cref="NormalizeAttribute"/>). The numeric
/// values are part of the source generator's contract: do not renumber.</summary>
public enum Kind
{
    /// <summary>No normalization.</summary>
    None = 0,
    /// <summary>Regularity normalization of the whole layer (<see cref="RegularityVariant.RN"/>).</summary>
    RN = 1,
    /// <summary>Regularity normalization per feature (<see cref="RegularityVariant.RLN"/>).</summary>
    RLN = 2,
    /// <summary>Regularity normalization per sample (<see cref="RegularityVariant.RBN"/>).</summary>
    RBN = 3,
    /// <summary>Saliency normalization (<see cref="RegularityVariant.SN"/>); needs a prior source.</summary>
    SN = 4,
    /// <summary>LayerNorm, then RN (the paper's MNIST and DQN "LN+RN").</summary>
    LNThenRN = 5,
    /// <summary>RN, then LayerNorm (the DQN probe, MiniGrid, DRAW and bAbI order).</summary>
    RNThenLN = 6,
    /// <summary>An RN probe: records code lengths, leaves the activations unchanged (UAM).</summary>
    Probe = 7,
    /// <summary>Batch normalization (BatchNorm1d).</summary>
    BN = 8,
    /// <summary>Layer normalization.</summary>
    LN = 9,
    /// <summary>Weight normalization of the layer's weights (dense layers).</summary>
    WN = 10,
}

/// <summary>The nonlinearity after a declared layer (after its normalization).</summary>
public enum Activation
{
    /// <summary>None: the layer's output as is.</summary>
    None = 0,
    /// <summary>max(x, 0).</summary>
    ReLU = 1,
    /// <summary>Hyperbolic tangent.</summary>
    Tanh = 2,
    /// <summary>Logistic sigmoid.</summary>
    Sigmoid = 3,
    /// <summary>Log-softmax over features (classifier outputs for NLL).</summary>
    LogSoftmax = 4,
    /// <summary>Softmax over features.</summary>
    Softmax = 5,
}

/// <summary>The cell of a declared recurrent layer.</summary>
public enum CellKind
{
    /// <summary>Elman cell with tanh.</summary>
    RNN = 0,
    /// <summary>Gated recurrent unit.</summary>
    GRU = 1,
    /// <summary>Long short-term memory.</summary>
    LSTM = 2,
}

/// <summary>Where saliency normalization takes its prior s from.</summary>
public enum PriorSource
{
    /// <summary>Not declared (an error for SN).</summary>
    None = 0,
    /// <summary>The in-batch frequency of each sample's class: the generated model gets
    /// <c>Forward(input, labels)</c> (the paper's SN).</summary>
    Labels = 1,
    /// <summary>A prior tensor given by the caller: the generated model gets <c>Forward(input, prior)</c>.</summary>
    Tensor = 2,
}
