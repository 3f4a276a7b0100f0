using Uam.Runtime;

namespace Uam.Experiments.Models;

// The paper's DQN Q-networks (B. Lin, Entropy 2022: CartPole and LunarLander): state → 64 → 64 → actions with ReLU and no
// output activation, one declaration per environment. The study constructs them with the kinds of the paper's
// performance curves (PaperModels): Kind.None (QNetwork), RN, RLN and LNThenRN (the original's QNetworkRNLN, which
// applies LayerNorm first).

/// <summary>CartPole Q-network: 4 → 64 → 64 → 2.</summary>
[Model(4)]
[Normalize(Kind.RN)]
[Dense(64, Activation.ReLU)]
[Dense(64, Activation.ReLU)]
[Dense(2)]
internal sealed partial class CartPoleQNetwork;

/// <summary>LunarLander Q-network: 8 → 64 → 64 → 4.</summary>
[Model(8)]
[Normalize(Kind.RN)]
[Dense(64, Activation.ReLU)]
[Dense(64, Activation.ReLU)]
[Dense(4)]
internal sealed partial class LunarLanderQNetwork;
