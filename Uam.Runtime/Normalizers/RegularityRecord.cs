namespace Uam.Runtime;

/// <summary>What one call of a regularity slot saw and did: the UAM probe's unit of record.</summary>
/// <param name="Call">The slot's call index, from 0.</param>
/// <param name="Mode">Training or inference.</param>
/// <param name="Elements">Activation elements in the call.</param>
/// <param name="Mean">Running mean after the call.</param>
/// <param name="Std">Running standard deviation after the call (before the floor).</param>
/// <param name="Count">Elements in the statistics after the call.</param>
/// <param name="CodeLengthMean">Mean code length l over the slot's groups.</param>
/// <param name="CodeLengths">Every code length: one for the whole layer, one per feature or per sample.</param>
/// <param name="CompMean">Mean of COMP after the call.</param>
/// <param name="Comp">COMP after the call (one value, or one per feature).</param>
/// <param name="MultiplierMean">Mean multiplier applied (l − log s for saliency, else l).</param>
public sealed record RegularityRecord(long Call, RegularityMode Mode, long Elements, double Mean, double Std, long Count,
    double CodeLengthMean, double[] CodeLengths, double CompMean, double[] Comp, double MultiplierMean);
