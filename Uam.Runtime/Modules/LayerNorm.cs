namespace Uam.Runtime;

public static partial class nn
{
    /// <summary>Normalizes over the trailing dimensions to zero mean and unit variance, then applies a learnable
    /// gain (ones) and bias (zeros).</summary>
    public sealed class LayerNorm : Module<Tensor, Tensor>
    {
        private readonly long[] _shape;

        /// <summary>Normalizes over the last dimensions, whose sizes are <paramref name="normalizedShape"/>.</summary>
        public LayerNorm(long[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true, ScalarType dtype = ScalarType.Float32)
        {
            ArgumentNullException.ThrowIfNull(normalizedShape);
            if (normalizedShape.Length == 0 || normalizedShape.Any(d => d <= 0))
                throw new ArgumentException($"LayerNorm: normalizedShape {Checks.Format(normalizedShape)} must be non-empty and positive.", nameof(normalizedShape));
            Checks.Positive(nameof(LayerNorm), nameof(eps), eps);
            _shape = (long[])normalizedShape.Clone();
            Eps = eps;
            if (elementwiseAffine)
            {
                try
                {
                    Weight = RegisterParameter("weight", torch.Ones(_shape, dtype));
                    Bias = RegisterParameter("bias", torch.Zeros(_shape, dtype));
                }
                    catch
                {
                    Dispose();   // a constructor that throws leaves no native tensors behind
                    throw;
                }
            }
        }

        /// <summary>Normalizes over the last dimension of size <paramref name="features"/>.</summary>
        public LayerNorm(long features, double eps = 1e-5, bool elementwiseAffine = true) : this([features], eps, elementwiseAffine) { }

        /// <summary>The variance floor.</summary>
        public double Eps { get; }
        /// <summary>Gain, or null without affine parameters.</summary>
        public Tensor? Weight { get; }
        /// <summary>Bias, or null without affine parameters.</summary>
        public Tensor? Bias { get; }

        /// <inheritdoc/>
        public override Tensor Forward(Tensor input) => functional.LayerNorm(input, _shape, Weight, Bias, Eps);

        /// <inheritdoc/>
        protected override string ExtraRepr() =>
            $"({string.Join(", ", _shape)},), eps={Eps}, elementwise_affine={Weight is not null}";
    }
}
