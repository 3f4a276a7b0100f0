using Uam.Runtime;

namespace Uam.Experiments.Models;

// The paper's DQN Q-networks (B. Lin, Entropy 2022: CartPole and LunarLander): state → 64 → 64 → actions with ReLU and no output
// activation, for CartPole (4 → 2) and LunarLander (8 → 4), plain and with the normalizers of the paper's
// performance curves.

/// <summary>CartPole Q-network (<c>QNetwork</c>).</summary>
[Model(4)]
[Dense(64, Activation.ReLU)]
[Dense(64, Activation.ReLU)]
[Dense(2)]
internal sealed partial class CartPoleQNetwork;

/// <summary>CartPole Q-network with RN (<c>QNetworkRN</c>).</summary>
[Model(4)]
[Normalize(Kind.RN)]
[Dense(64, Activation.ReLU)]
[Dense(64, Activation.ReLU)]
[Dense(2)]
internal sealed partial class CartPoleQNetworkRn;

/// <summary>CartPole Q-network with per-feature RN (<c>QNetworkRLN</c>).</summary>
[Model(4)]
[Normalize(Kind.RLN)]
[Dense(64, Activation.ReLU)]
[Dense(64, Activation.ReLU)]
[Dense(2)]
internal sealed partial class CartPoleQNetworkRln;

/// <summary>CartPole Q-network with LayerNorm then RN (<c>QNetworkRNLN</c>).</summary>
[Model(4)]
[Normalize(Kind.LNThenRN)]
[Dense(64, Activation.ReLU)]
[Dense(64, Activation.ReLU)]
[Dense(2)]
internal sealed partial class CartPoleQNetworkLnRn;

/// <summary>LunarLander Q-network (<c>QNetwork</c>).</summary>
[Model(8)]
[Dense(64, Activation.ReLU)]
[Dense(64, Activation.ReLU)]
[Dense(4)]
internal sealed partial class LunarLanderQNetwork;

/// <summary>LunarLander Q-network with RN (<c>QNetworkRN</c>).</summary>
[Model(8)]
[Normalize(Kind.RN)]
[Dense(64, Activation.ReLU)]
[Dense(64, Activation.ReLU)]
[Dense(4)]
internal sealed partial class LunarLanderQNetworkRn;

/// <summary>LunarLander Q-network with per-feature RN (<c>QNetworkRLN</c>).</summary>
[Model(8)]
[Normalize(Kind.RLN)]
[Dense(64, Activation.ReLU)]
[Dense(64, Activation.ReLU)]
[Dense(4)]
internal sealed partial class LunarLanderQNetworkRln;

/// <summary>LunarLander Q-network with LayerNorm then RN (<c>QNetworkRNLN</c>).</summary>
[Model(8)]
[Normalize(Kind.LNThenRN)]
[Dense(64, Activation.ReLU)]
[Dense(64, Activation.ReLU)]
[Dense(4)]
internal sealed partial class LunarLanderQNetworkRnLn;
