namespace Uam.Runtime;

/// <summary>The modules behind each <see cref="Kind"/>, for models whose normalization is chosen when they are
/// constructed (<c>new Net(Kind.BN)</c>): the generated code creates, applies and lists its normalizers through these,
/// so that one declaration serves every kind.</summary>
public static class KindModules
{
    /// <summary>The layers a kind can normalize, as the generator's diagnostic UAM005 states them.</summary>
    public enum Layer
    {
        /// <summary>A dense layer's pre-activation: every kind (WN reparameterises its weights).</summary>
        Dense,
        /// <summary>A recurrent cell's hidden state: every kind but BN and WN.</summary>
        Recurrent,
        /// <summary>A convolution's pre-activation (image activations): RN and Probe.</summary>
        Conv2d,
        /// <summary>The model's input (with <c>NormalizeInput</c>): the regularity kinds.</summary>
        Input,
        /// <summary>An image input: RN and Probe.</summary>
        ImageInput,
    }

    /// <summary>Why <paramref name="kind"/> cannot normalize <paramref name="layer"/>, or null when it can.</summary>
    public static string? Unsupported(Kind kind, Layer layer) => layer switch
    {
        _ when !Enum.IsDefined(kind) => $"{(int)kind} is not a Kind",
        _ when kind == Kind.None => null,
        Layer.Dense => null,
        Layer.Recurrent => kind == Kind.BN ? "batch normalization of a recurrent state is not supported"
            : kind == Kind.WN ? "weight normalization applies to dense layers" : null,
        Layer.Conv2d or Layer.ImageInput => kind is Kind.RN or Kind.Probe
            ? null : "image activations take only whole-layer RN or a probe (the other kinds need 2-D activations)",
        _ => IsRegularity(kind) ? null : "the input takes a regularity kind (RN, RLN, RBN, SN, Probe or an RN+LN order)",
    };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the model, the layer and the reason when
    /// <paramref name="kind"/> cannot normalize the layer (the construction-time form of diagnostic UAM005).</summary>
    public static void Require(Kind kind, Layer layer, string model, string layerName)
    {
        if (Unsupported(kind, layer) is { } problem)
            throw new ArgumentException($"{model}: Kind.{kind} cannot normalize {layer} layer '{layerName}': {problem}.", nameof(kind));
    }

    /// <summary>Why <paramref name="kind"/> cannot normalize what a hook hooks (a tensor of rank <paramref name="rank"/>,
    /// 0 when unknown; per step of a recurrence; with the number of features when known; with a prior parameter), or
    /// null when it can. The generator's diagnostic UAM022 states the same rules at compile time.</summary>
    public static string? UnsupportedByHook(Kind kind, int rank, bool takesStep, int features, bool takesPrior) => kind switch
    {
        _ when !Enum.IsDefined(kind) => $"{(int)kind} is not a Kind",
        Kind.None => null,
        Kind.WN => "weight normalization changes a layer's weights; a hook normalizes an activation",
        _ when rank >= 3 && kind is not (Kind.RN or Kind.Probe) =>
            $"a rank-{rank} tensor takes only whole-layer RN or a probe (the other kinds need [batch, features] activations)",
        Kind.BN when takesStep => "batch normalization of a recurrent state is not supported",
        Kind.RLN or Kind.BN or Kind.LN or Kind.LNThenRN or Kind.RNThenLN when features == 0 => "it needs the number of features: set Features on [Hook]",
        Kind.SN when !takesPrior => "saliency normalization needs the prior: add a last 'Tensor? prior' parameter",
        _ => null,
    };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the module and the hook when <paramref name="kind"/>
    /// cannot serve it (see <see cref="UnsupportedByHook"/>): the construction-time form of UAM022.</summary>
    public static void RequireHook(Kind kind, string module, string hook, int rank, bool takesStep, int features, bool takesPrior)
    {
        if (UnsupportedByHook(kind, rank, takesStep, features, takesPrior) is { } problem)
            throw new ArgumentException($"{module}: hook '{hook}' cannot use Kind.{kind}: {problem}.", "normalization");
    }

    /// <summary>Whether the kind is a regularity normalizer (or contains one).</summary>
    public static bool IsRegularity(Kind kind) =>
        kind is Kind.RN or Kind.RLN or Kind.RBN or Kind.SN or Kind.Probe or Kind.LNThenRN or Kind.RNThenLN;

    /// <summary>The normalizer module of a kind over <paramref name="features"/> (null: image activations), or null for
    /// None and WN (weight normalization has no module of its own: it changes the layer).</summary>
    public static nn.Module<Tensor, Tensor>? Create(Kind kind, long? features, RegularityOptions options)
    {
        long Features() => features ?? throw new ArgumentException($"Kind.{kind} needs the number of features of the normalized activations.", nameof(features));
        return kind switch
        {
            Kind.None or Kind.WN => null,
            Kind.RN => new nn.RegularityNorm(RegularityVariant.WholeLayer, features, options),
            Kind.RLN => new nn.RegularityNorm(RegularityVariant.PerFeature, features, options),
            Kind.RBN => new nn.RegularityNorm(RegularityVariant.PerSample, features, options),
            Kind.SN => new nn.RegularityNorm(RegularityVariant.Saliency, features, options),
            Kind.Probe => new nn.RegularityNorm(RegularityVariant.WholeLayer, features, options.AsProbe()),
            Kind.LNThenRN => new nn.RegularityLayerNorm(Features(), RegularityOrder.LayerNormFirst, RegularityVariant.WholeLayer, options),
            Kind.RNThenLN => new nn.RegularityLayerNorm(Features(), RegularityOrder.RegularityFirst, RegularityVariant.WholeLayer, options),
            Kind.BN => new nn.BatchNorm1d(Features()),
            Kind.LN => new nn.LayerNorm(Features()),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a Kind"),
        };
    }

    /// <summary>A dense layer for a kind: <see cref="nn.WeightNormLinear"/> under WN, else <see cref="nn.Linear"/>
    /// (the same draws from <paramref name="generator"/> either way).</summary>
    public static nn.Module<Tensor, Tensor> Dense(Kind kind, long inFeatures, long outFeatures, bool bias, Generator? generator) =>
        kind == Kind.WN ? new nn.WeightNormLinear(inFeatures, outFeatures, bias, generator) : new nn.Linear(inFeatures, outFeatures, bias, generator);

    /// <summary>Applies a normalizer (none: <paramref name="input"/> itself); a saliency slot takes <paramref name="prior"/>.</summary>
    public static Tensor Apply(nn.Module<Tensor, Tensor>? normalizer, Tensor input, Tensor? prior) => normalizer switch
    {
        null => input,
        nn.RegularityNorm { Variant: RegularityVariant.Saliency } slot => slot.Forward(input, prior),
        _ => normalizer.Forward(input),
    };

    /// <summary>Applies a normalizer shared by the steps of a recurrence at <paramref name="step"/>: a regularity slot
    /// learns per sequence as its options say (<see cref="RegularityOptions.Recurrence"/>); others apply as usual.</summary>
    public static Tensor ApplyStep(nn.Module<Tensor, Tensor>? normalizer, Tensor input, int step, Tensor? prior) => normalizer switch
    {
        null => input,
        nn.RegularityNorm slot => slot.ForwardStep(input, step, slot.Variant == RegularityVariant.Saliency ? prior : null),
        nn.RegularityLayerNorm both => both.ForwardStep(input, step),
        _ => normalizer.Forward(input),
    };

    /// <summary>The regularity slot of a normalizer and its state-dict name under <paramref name="name"/> (RN+LN's slot
    /// is "name.regularity"), or null when the normalizer has none.</summary>
    public static (string Name, nn.RegularityNorm Slot)? Slot(string name, nn.Module<Tensor, Tensor>? normalizer) => normalizer switch
    {
        nn.RegularityNorm slot => (name, slot),
        nn.RegularityLayerNorm both => (name + ".regularity", both.Regularity),
        _ => null,
    };
}
