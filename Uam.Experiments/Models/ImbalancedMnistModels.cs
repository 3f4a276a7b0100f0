using Uam.Runtime;

namespace Uam.Experiments.Models;

// The paper's 784-1000-1000-10 classifiers for imbalanced (Fashion-)MNIST (docs/imbalanced.md), one
// declaration per normalizer as in the original's nn_model.py. Normalization sits on the hidden
// pre-activations; the logits are left alone (weight normalization reparameterises every layer).

/// <summary>The baseline (the original's <c>NN</c>).</summary>
[Model(784)]
[Dense(1000, Activation.ReLU)]
[Dense(1000, Activation.ReLU)]
[Dense(10, Activation.LogSoftmax)]
internal sealed partial class Nn;

/// <summary>Batch normalization (<c>NNBN</c>).</summary>
[Model(784)]
[Normalize(Kind.BN)]
[Dense(1000, Activation.ReLU)]
[Dense(1000, Activation.ReLU)]
[Dense(10, Activation.LogSoftmax)]
internal sealed partial class NnBn;

/// <summary>Layer normalization (<c>NNLN</c>).</summary>
[Model(784)]
[Normalize(Kind.LN)]
[Dense(1000, Activation.ReLU)]
[Dense(1000, Activation.ReLU)]
[Dense(10, Activation.LogSoftmax)]
internal sealed partial class NnLn;

/// <summary>Weight normalization on every layer (<c>NNWN</c>).</summary>
[Model(784)]
[Normalize(Kind.WN)]
[Dense(1000, Activation.ReLU)]
[Dense(1000, Activation.ReLU)]
[Dense(10, Activation.LogSoftmax, Normalize = Kind.WN)]
internal sealed partial class NnWn;

/// <summary>Regularity normalization of each hidden layer (<c>NNRN</c>).</summary>
[Model(784)]
[Normalize(Kind.RN)]
[Dense(1000, Activation.ReLU)]
[Dense(1000, Activation.ReLU)]
[Dense(10, Activation.LogSoftmax)]
internal sealed partial class NnRn;

/// <summary>Per-feature regularity normalization (<c>NNRLN</c>).</summary>
[Model(784)]
[Normalize(Kind.RLN)]
[Dense(1000, Activation.ReLU)]
[Dense(1000, Activation.ReLU)]
[Dense(10, Activation.LogSoftmax)]
internal sealed partial class NnRln;

/// <summary>Per-sample regularity normalization (the original's never-run <c>NNRBN</c>, with the library's semantics).</summary>
[Model(784)]
[Normalize(Kind.RBN)]
[Dense(1000, Activation.ReLU)]
[Dense(1000, Activation.ReLU)]
[Dense(10, Activation.LogSoftmax)]
internal sealed partial class NnRbn;

/// <summary>LayerNorm then RN (<c>NNRNLN</c>, the paper's "LN+RN").</summary>
[Model(784)]
[Normalize(Kind.LNThenRN)]
[Dense(1000, Activation.ReLU)]
[Dense(1000, Activation.ReLU)]
[Dense(10, Activation.LogSoftmax)]
internal sealed partial class NnLnRn;

/// <summary>Saliency normalization with the in-batch label frequency as prior (<c>NNSN</c>).</summary>
[Model(784)]
[Normalize(Kind.SN, Prior = PriorSource.Labels)]
[Dense(1000, Activation.ReLU)]
[Dense(1000, Activation.ReLU)]
[Dense(10, Activation.LogSoftmax)]
internal sealed partial class NnSn;

/// <summary>The MNIST RNN with the UAM probe on its hidden state (<c>RNN_UAM</c>; docs/imbalanced.md): an RNN cell of 100
/// units reads the same image at each of 5 steps.</summary>
[Model(784)]
[Normalize(Kind.Probe)]
[Recurrent(100, 5)]
[Dense(10, Activation.LogSoftmax)]
internal sealed partial class RnnProbe;

/// <summary>The MNIST RNN with RN applied to its hidden state (<c>RNNRN_UAM</c>).</summary>
[Model(784)]
[Normalize(Kind.RN)]
[Recurrent(100, 5)]
[Dense(10, Activation.LogSoftmax)]
internal sealed partial class RnnRn;

/// <summary>The baseline with RN probes on its hidden layers (<c>NN_UAM</c>): the same function as <see cref="Nn"/>
/// (a probe changes nothing), with code lengths recorded for the UAM plots.</summary>
[Model(784)]
[Normalize(Kind.Probe)]
[Dense(1000, Activation.ReLU)]
[Dense(1000, Activation.ReLU)]
[Dense(10, Activation.LogSoftmax)]
internal sealed partial class NnProbe;
