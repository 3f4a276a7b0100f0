using Uam.Runtime;

namespace Uam.Experiments.Models;

// The paper's classifiers for imbalanced (Fashion-)MNIST (docs/imbalanced.md), one declaration per architecture. The
// class's [Normalize] is the default; the study constructs each network with its kind (PaperModels): Kind.None is the
// original's NN, Kind.Probe its NN_UAM (RN probes that change nothing), BN, LN, WN (every layer's weights, the output's
// too), RN, RLN, RBN, LNThenRN ("LN+RN") and SN (the in-batch label frequency as prior, so Prior = Labels).

/// <summary>The 784-1000-1000-10 classifier. Normalization sits on the hidden pre-activations; the logits are left alone
/// (weight normalization reparameterises every layer).</summary>
[Model(784)]
[Normalize(Kind.RN, Prior = PriorSource.Labels)]
[Dense(1000, Activation.ReLU)]
[Dense(1000, Activation.ReLU)]
[Dense(10, Activation.LogSoftmax)]
internal sealed partial class ImbalancedMnistNet;

/// <summary>The MNIST RNN (<c>RNN_UAM</c> with Kind.Probe, <c>RNNRN_UAM</c> with Kind.RN): an RNN cell of 100 units reads
/// the same image at each of 5 steps; the normalizer acts on the hidden state after every step, one slot for all steps.</summary>
[Model(784)]
[Normalize(Kind.RN)]
[Recurrent(100, 5)]
[Dense(10, Activation.LogSoftmax)]
internal sealed partial class MnistRnn;
