namespace Uam.Runtime;

public static partial class nn
{
    /// <summary>A linear layer under weight normalization (Salimans and Kingma): W = g · v / ‖v‖ with one
    /// gain per output unit. It starts identical to the <see cref="Linear"/> it reparameterises
    /// (g = ‖v‖), as PyTorch's <c>weight_norm</c> does; entries are named weight_g, weight_v, bias.</summary>
    public sealed class WeightNormLinear : Module<Tensor, Tensor>
    {
        /// <summary>A layer from <paramref name="inFeatures"/> to <paramref name="outFeatures"/>.</summary>
        public WeightNormLinear(long inFeatures, long outFeatures, bool bias = true, Generator? generator = null,
            ScalarType dtype = ScalarType.Float32)
        {
            using var plain = new Linear(inFeatures, outFeatures, bias, generator, dtype);
            InFeatures = inFeatures;
            OutFeatures = outFeatures;
            try
            {
                using (torch.NoGrad())
                {
                    WeightG = RegisterParameter("weight_g", plain.Weight.Norm(2, [1], keepDim: true));
                    // Under no-grad a clone has no history: no Detach (whose result would need disposing) is needed.
                    WeightV = RegisterParameter("weight_v", plain.Weight.Clone());
                    if (plain.Bias is not null) Bias = RegisterParameter("bias", plain.Bias.Clone());
                }
            }
            catch
            {
                Dispose();   // a constructor that throws leaves no native tensors behind
                throw;
            }
        }

        /// <summary>Input size.</summary>
        public long InFeatures { get; }
        /// <summary>Output size.</summary>
        public long OutFeatures { get; }
        /// <summary>Gains [out, 1].</summary>
        public Tensor WeightG { get; }
        /// <summary>Directions [out, in].</summary>
        public Tensor WeightV { get; }
        /// <summary>[out], or null.</summary>
        public Tensor? Bias { get; }

        /// <summary>The effective weight g · v / ‖v‖.</summary>
        public Tensor Weight() => functional.WeightNorm(WeightV, WeightG, 0);

        /// <inheritdoc/>
        public override Tensor Forward(Tensor input)
        {
            Input(input);
            using Tensor weight = Weight();
            return functional.Linear(input, weight, Bias);
        }

        /// <inheritdoc/>
        protected override string ExtraRepr() => $"in_features={InFeatures}, out_features={OutFeatures}, bias={Bias is not null}";
    }
}
