namespace Uam.Runtime;

public static partial class nn
{
    /// <summary>y = x·Wᵀ + b. Weight and bias start as U(±1/√in), as in PyTorch.</summary>
    public sealed class Linear : Module<Tensor, Tensor>
    {
        /// <summary>A layer from <paramref name="inFeatures"/> to <paramref name="outFeatures"/>.</summary>
        public Linear(long inFeatures, long outFeatures, bool bias = true, Generator? generator = null,
            ScalarType dtype = ScalarType.Float32)
        {
            Checks.Positive(nameof(Linear), nameof(inFeatures), inFeatures);
            Checks.Positive(nameof(Linear), nameof(outFeatures), outFeatures);
            InFeatures = inFeatures;
            OutFeatures = outFeatures;
            try
            {
                // Registered before they are filled, so that a failing fill cannot orphan them.
                Weight = RegisterParameter("weight", torch.Empty([outFeatures, inFeatures], dtype));
                init.KaimingUniform(Weight, Math.Sqrt(5), generator);
                if (bias)
                {
                    double bound = 1 / Math.Sqrt(inFeatures);
                    Bias = RegisterParameter("bias", torch.Empty([outFeatures], dtype));
                    init.Uniform(Bias, -bound, bound, generator);
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
        /// <summary>[out, in].</summary>
        public Tensor Weight { get; }
        /// <summary>[out], or null without bias.</summary>
        public Tensor? Bias { get; }

        /// <inheritdoc/>
        public override Tensor Forward(Tensor input) => functional.Linear(input, Weight, Bias);

        /// <inheritdoc/>
        protected override string ExtraRepr() => $"in_features={InFeatures}, out_features={OutFeatures}, bias={Bias is not null}";
    }
}
