using Uam.Runtime.Interop;

namespace Uam.Runtime;

/// <summary>The regularity normalizer through the shim's fused kernel (Native/src/regularity.cpp): one
/// autograd node whose forward and backward each make a few vectorized passes over the activations.</summary>
internal static class RegularityFused
{
    /// <summary>Whether the fused kernel can compute <paramref name="call"/> on <paramref name="x"/>: CPU float32/float64,
    /// and not the original's per-row COMP (whose two-branch update only the composite path has).</summary>
    public static bool Supports(Tensor x, RegularityCall call) =>
        x.DType is ScalarType.Float32 or ScalarType.Float64 && x.Device.Type == DeviceType.CPU && !call.OriginalPerRowComp;

    public static RegularityResult Forward(Tensor x, Tensor? logPrior, Tensor compBefore, RegularityState history, RegularityCall call)
    {
        RegularityOptions o = call.Options;
        if (history.IsEmpty && !call.Training && !o.AllowInferenceWithoutHistory) throw RegularityComposite.NoHistory();
        var config = new NativeRegularityConfig
        {
            Layout = (int)call.Layout,
            Pooling = o.Pooling == VariancePooling.Paper ? 0 : 1,
            SharedComp = Tensor.Flag(call.SharedComp),
            Training = Tensor.Flag(call.Training),
            SizeNormalized = Tensor.Flag(o.Scale == EvaluationScale.SizeNormalized),
            ConstantGain = Tensor.Flag(o.Gradient == GradientPolicy.ConstantGain),
            Apply = Tensor.Flag(o.Apply),
            AllowEmptyInference = Tensor.Flag(o.AllowInferenceWithoutHistory),
            StdFloor = o.StdFloor,
        };
        var state = new NativeRegularityState { Mean = history.Mean, Std = history.Std, Count = history.Count };
        NativeErrors.Check(Native.nt_regularity_forward(x.HandleOf(), Tensor.HandleOrNull(logPrior), compBefore.HandleOf(), config,
            ref state, out var y, out var codeLength, out var comp), "RegularityNorm");
        return new RegularityResult(new Tensor(y), new Tensor(codeLength), new Tensor(comp),
            new RegularityState(state.Mean, state.Std, state.Count));
    }
}
