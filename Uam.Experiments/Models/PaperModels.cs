using Uam.Runtime;

namespace Uam.Experiments.Models;

/// <summary>The declared paper models by name, for commands that choose them at run time.</summary>
internal static class PaperModels
{
    /// <summary>A constructor of a declared model: weights from the generator, normalizer options (null: declared).</summary>
    public delegate nn.Module<Tensor, Tensor> Factory(Generator generator, RegularityOptions? options);

    /// <summary>The imbalanced-MNIST classifiers by the paper's names.</summary>
    public static readonly IReadOnlyDictionary<string, Factory> Classifiers = new Dictionary<string, Factory>(StringComparer.OrdinalIgnoreCase)
    {
        ["baseline"] = (g, o) => new Nn(g, o),
        ["BN"] = (g, o) => new NnBn(g, o),
        ["LN"] = (g, o) => new NnLn(g, o),
        ["WN"] = (g, o) => new NnWn(g, o),
        ["RN"] = (g, o) => new NnRn(g, o),
        ["RLN"] = (g, o) => new NnRln(g, o),
        ["RBN"] = (g, o) => new NnRbn(g, o),
        ["LN+RN"] = (g, o) => new NnLnRn(g, o),
        ["SN"] = (g, o) => new NnSn(g, o),
    };

    /// <summary>The MNIST recurrent classifiers (docs/imbalanced.md).</summary>
    public static readonly IReadOnlyDictionary<string, Factory> Recurrent = new Dictionary<string, Factory>(StringComparer.OrdinalIgnoreCase)
    {
        ["probe"] = (g, o) => new RnnProbe(g, o),
        ["RN"] = (g, o) => new RnnRn(g, o),
    };

    /// <summary>The paper's DQN Q-networks, by environment and normalizer.</summary>
    public static readonly IReadOnlyDictionary<string, Factory> QNetworks = new Dictionary<string, Factory>(StringComparer.OrdinalIgnoreCase)
    {
        ["CartPole"] = (g, o) => new CartPoleQNetwork(g, o),
        ["CartPole RN"] = (g, o) => new CartPoleQNetworkRn(g, o),
        ["CartPole RLN"] = (g, o) => new CartPoleQNetworkRln(g, o),
        ["CartPole LN+RN"] = (g, o) => new CartPoleQNetworkLnRn(g, o),
        ["LunarLander"] = (g, o) => new LunarLanderQNetwork(g, o),
        ["LunarLander RN"] = (g, o) => new LunarLanderQNetworkRn(g, o),
        ["LunarLander RLN"] = (g, o) => new LunarLanderQNetworkRln(g, o),
        ["LunarLander LN+RN"] = (g, o) => new LunarLanderQNetworkRnLn(g, o),
    };

    /// <summary>The forward pass, giving labels to models whose saliency prior comes from them.</summary>
    public static Tensor Forward(nn.Module<Tensor, Tensor> model, Tensor input, Tensor labels) =>
        model is ILabelledModel labelled ? labelled.Forward(input, labels) : model.Forward(input);
}
