using Uam.Generators.Tests.Declared;
using Uam.Runtime;
using Xunit;

namespace Uam.Generators.Tests;

/// <summary>One declaration, every kind: a model constructed with a <see cref="Kind"/> computes the function of the same
/// stack composed by hand with that kind's modules, and refuses a kind its layers cannot take, naming the layer.</summary>
public partial class GeneratedModelTests
{
    public static TheoryData<Kind> DenseKinds => new(Kind.None, Kind.RN, Kind.RLN, Kind.RBN, Kind.Probe, Kind.LNThenRN, Kind.RNThenLN, Kind.BN, Kind.LN, Kind.WN);

    /// <summary>The normalizer of a kind, built directly (not through the generated code or KindModules).</summary>
    private static nn.Module<Tensor, Tensor>? HandNormalizer(Kind kind, long features) => kind switch
    {
        Kind.RN => new nn.RegularityNorm(RegularityVariant.RN, features),
        Kind.RLN => new nn.RegularityNorm(RegularityVariant.RLN, features),
        Kind.RBN => new nn.RegularityNorm(RegularityVariant.RBN, features),
        Kind.Probe => new nn.RegularityNorm(RegularityVariant.RN, features, RegularityOptions.Default with { Apply = false }),
        Kind.LNThenRN => new nn.RegularityLayerNorm(features, RegularityOrder.LayerNormFirst),
        Kind.RNThenLN => new nn.RegularityLayerNorm(features, RegularityOrder.RegularityFirst),
        Kind.BN => new nn.BatchNorm1d(features),
        Kind.LN => new nn.LayerNorm(features),
        _ => null,
    };

    [Theory]
    [MemberData(nameof(DenseKinds))]
    public void A_dense_stack_constructed_with_a_kind_equals_its_hand_composition(Kind kind)
    {
        using var model = new SmallRn(kind, generator: new Generator(11));
        Assert.Equal(kind, model.Normalization);
        var modules = new List<nn.Module<Tensor, Tensor>>();
        nn.Module<Tensor, Tensor> Dense(long input, long output, nn.Module<Tensor, Tensor> generated)
        {
            if (kind == Kind.WN)
            {
                var wn = new nn.WeightNormLinear(input, output);
                var source = (nn.WeightNormLinear)generated;
                Copy(wn.WeightG, source.WeightG);
                Copy(wn.WeightV, source.WeightV);
                Copy(wn.Bias!, source.Bias!);
                return wn;
            }
            var linear = new nn.Linear(input, output);
            Copy(linear, (nn.Linear)generated);
            return linear;
        }
        modules.Add(Dense(12, 10, model.Fc1));
        if (HandNormalizer(kind, 10) is { } n1) modules.Add(n1);
        modules.Add(new nn.ReLU());
        modules.Add(Dense(10, 10, model.Fc2));
        if (HandNormalizer(kind, 10) is { } n2) modules.Add(n2);
        modules.Add(new nn.ReLU());
        modules.Add(Dense(10, 3, model.Fc3));   // WN reparameterises the output layer too; the others leave it alone
        modules.Add(new nn.LogSoftmax(1));
        using var hand = new nn.Sequential(modules.ToArray());
        SameFunction(model, hand, (m, x, _) => ((nn.Module<Tensor, Tensor>)m).Forward(x), 7, 12);
        Assert.Equal(hand.StateDict().Count, model.StateDict().Count);
        int slots = kind is Kind.RN or Kind.RLN or Kind.RBN or Kind.Probe or Kind.LNThenRN or Kind.RNThenLN ? 2 : 0;
        Assert.Equal(slots, model.RegularitySlots().Count());
        string k = kind == Kind.None ? "" : " " + kind, w = kind == Kind.WN ? " WN" : "";
        Assert.Equal($"SmallRn: [batch, 12] → fc1 Dense(10){k} ReLU → [batch, 10]; fc2 Dense(10){k} ReLU → [batch, 10]; fc3 Dense(3){w} LogSoftmax → [batch, 3]",
            model.ToString().Split('\n')[0]);
    }

    [Fact]
    public void The_declared_default_and_the_same_kind_at_construction_are_one_model()
    {
        using var declared = new SmallRnn(new Generator(5));
        using var constructed = new SmallRnn(Kind.RLN, generator: new Generator(5));
        Assert.Equal(Kind.RLN, declared.Normalization);
        SameFunction(declared, constructed, (m, x, _) => ((nn.Module<Tensor, Tensor>)m).Forward(x), 4, 6);
        Assert.Equal(declared.StateDict().Keys, constructed.StateDict().Keys);
    }

    [Fact]
    public void Saliency_chosen_at_construction_takes_the_labels_prior()
    {
        // SmallSn declares Prior = Labels: constructed with RN it ignores the labels, with SN it uses them.
        using var rn = new SmallSn(Kind.RN, generator: new Generator(2));
        using var sn = new SmallSn(Kind.SN, generator: new Generator(2));
        using var x = Batch(9, 5, 12);
        using var labels = torch.FromArray(new long[] { 0, 1, 1, 2, 0 });
        using var withLabels = rn.Forward(x, labels);
        using var withoutLabels = new SmallSn(Kind.RN, generator: new Generator(2)).Forward(x);
        Assert.Equal(withoutLabels.ToArray<float>(), withLabels.ToArray<float>());
        Assert.Equal(RegularityVariant.Saliency, Assert.Single(sn.RegularitySlots()).Slot.Variant);
        using var salient = sn.Forward(x, labels);
        Assert.NotEqual(withLabels.ToArray<float>(), salient.ToArray<float>());
    }

    [Fact]
    public void A_kind_a_layer_cannot_take_is_refused_at_construction_naming_the_layer()
    {
        var recurrent = Assert.Throws<ArgumentException>(() => new SmallRnn(Kind.BN));
        Assert.Equal("SmallRnn: Kind.BN cannot normalize Recurrent layer 'rnn1': batch normalization of a recurrent state is not supported. (Parameter 'kind')",
            recurrent.Message);
        Assert.Contains("weight normalization applies to dense layers", Assert.Throws<ArgumentException>(() => new SmallRnn(Kind.WN)).Message);
        var conv = Assert.Throws<ArgumentException>(() => new SmallConv(Kind.RLN));
        Assert.Contains("SmallConv: Kind.RLN cannot normalize Conv2d layer 'conv1'", conv.Message);
        Assert.Contains("Kind.SN needs a prior source", Assert.Throws<ArgumentException>(() => new SmallRn(Kind.SN)).Message);
        Assert.Contains("42 is not a Kind", Assert.Throws<ArgumentException>(() => new SmallRn((Kind)42)).Message);
        // and nothing is left behind by a refused construction
        using var accepted = new SmallConv(Kind.Probe);
        Assert.Single(accepted.RegularitySlots());
    }
}
