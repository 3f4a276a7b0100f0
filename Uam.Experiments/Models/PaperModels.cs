using Uam.Runtime;

namespace Uam.Experiments.Models;

/// <summary>The declared paper models by name, for commands that choose them at run time.</summary>
internal static class PaperModels
{
    /// <summary>A constructor of a declared model: weights from the generator, normalizer options (null: declared).</summary>
    public delegate nn.Module<Tensor, Tensor> Factory(Generator generator, RegularityOptions? options);

    /// <summary>The paper's names of the normalizers and the kinds they are.</summary>
    public static readonly IReadOnlyDictionary<string, Kind> PaperKinds = new Dictionary<string, Kind>(StringComparer.OrdinalIgnoreCase)
    {
        ["baseline"] = Kind.None, ["probe"] = Kind.Probe, ["BN"] = Kind.BN, ["LN"] = Kind.LN, ["WN"] = Kind.WN, ["RN"] = Kind.RN,
        ["RLN"] = Kind.RLN, ["RBN"] = Kind.RBN, ["LN+RN"] = Kind.LNThenRN, ["SN"] = Kind.SN,
    };

    private static Dictionary<string, Factory> Sweep(Func<Kind, Factory> create, params string[] names) =>
        names.ToDictionary(n => n, n => create(PaperKinds[n]), StringComparer.OrdinalIgnoreCase);

    /// <summary>The imbalanced-MNIST classifiers by the paper's names: one declaration, constructed with each kind.</summary>
    public static readonly IReadOnlyDictionary<string, Factory> Classifiers =
        Sweep(kind => (g, o) => new ImbalancedMnistNet(kind, o, g), "baseline", "BN", "LN", "WN", "RN", "RLN", "RBN", "LN+RN", "SN");

    /// <summary>The MNIST recurrent classifiers (docs/imbalanced.md).</summary>
    public static readonly IReadOnlyDictionary<string, Factory> Recurrent = Sweep(kind => (g, o) => new MnistRnn(kind, o, g), "probe", "RN");

    /// <summary>The paper's DQN Q-networks, by environment and normalizer.</summary>
    public static readonly IReadOnlyDictionary<string, Factory> QNetworks = new Dictionary<string, Factory>(StringComparer.OrdinalIgnoreCase)
    {
        ["CartPole"] = (g, o) => new CartPoleQNetwork(Kind.None, o, g),
        ["CartPole RN"] = (g, o) => new CartPoleQNetwork(Kind.RN, o, g),
        ["CartPole RLN"] = (g, o) => new CartPoleQNetwork(Kind.RLN, o, g),
        ["CartPole LN+RN"] = (g, o) => new CartPoleQNetwork(Kind.LNThenRN, o, g),
        ["LunarLander"] = (g, o) => new LunarLanderQNetwork(Kind.None, o, g),
        ["LunarLander RN"] = (g, o) => new LunarLanderQNetwork(Kind.RN, o, g),
        ["LunarLander RLN"] = (g, o) => new LunarLanderQNetwork(Kind.RLN, o, g),
        ["LunarLander LN+RN"] = (g, o) => new LunarLanderQNetwork(Kind.LNThenRN, o, g),
    };

    /// <summary>The forward pass, giving labels to models whose saliency prior comes from them.</summary>
    public static Tensor Forward(nn.Module<Tensor, Tensor> model, Tensor input, Tensor labels) =>
        model is ILabelledModel labelled ? labelled.Forward(input, labels) : model.Forward(input);
}
