namespace Uam.Runtime;

/// <summary>What every generated model offers besides its forward pass: its regularity normalizer slots
/// and the UAM probe over them.</summary>
public interface IRegularityModel
{
    /// <summary>Every regularity slot with its state-dict name, in forward order.</summary>
    IEnumerable<(string Name, nn.RegularityNorm Slot)> RegularitySlots();

    /// <summary>Starts recording every call of every slot; returns one trace per slot.</summary>
    IReadOnlyList<RegularityTrace> EnableProbes();
}

/// <summary>A generated model with saliency normalization whose prior comes from the batch's labels.</summary>
public interface ILabelledModel
{
    /// <summary>The forward pass with SN's prior built from <paramref name="labels"/> (Int64 [batch]).</summary>
    Tensor Forward(Tensor input, Tensor labels);
}
