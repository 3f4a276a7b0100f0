namespace Uam.Runtime;

/// <summary>Where the layer normalization goes relative to the regularity normalizer in RN+LN (decision D6).</summary>
public enum RegularityOrder
{
    /// <summary>Linear → LayerNorm → RN (the MNIST and DQN performance models).</summary>
    LayerNormFirst,
    /// <summary>Linear → RN → LayerNorm (the DQN probe model, MiniGrid, DRAW, bAbI).</summary>
    RegularityFirst,
}

public static partial class nn
{
    /// <summary>RN+LN: a <see cref="LayerNorm"/> and a <see cref="RegularityNorm"/> over the same features,
    /// in either order (the original is inconsistent across tasks; docs/normalizers.md).</summary>
    public sealed class RegularityLayerNorm : Module<Tensor, Tensor>
    {
        /// <summary>RN+LN over <paramref name="features"/>.</summary>
        public RegularityLayerNorm(long features, RegularityOrder order, RegularityVariant variant = RegularityVariant.WholeLayer,
            RegularityOptions? options = null, double eps = 1e-5)
        {
            Order = order;
            try
            {
                if (order == RegularityOrder.LayerNormFirst)
                {
                    Norm = RegisterModule("norm", new LayerNorm(features, eps));
                    Regularity = RegisterModule("regularity", new RegularityNorm(variant, features, options));
                }
                else
                {
                    Regularity = RegisterModule("regularity", new RegularityNorm(variant, features, options));
                    Norm = RegisterModule("norm", new LayerNorm(features, eps));
                }
            }
            catch
            {
                Dispose();   // a constructor that throws leaves no native tensors behind
                throw;
            }
        }

        /// <summary>Which comes first.</summary>
        public RegularityOrder Order { get; }

        /// <summary>The layer normalization.</summary>
        public LayerNorm Norm { get; }

        /// <summary>The regularity normalizer.</summary>
        public RegularityNorm Regularity { get; }

        /// <inheritdoc/>
        public override Tensor Forward(Tensor input) => Run(input, step: null);

        /// <summary>Time step <paramref name="step"/> of a recurrent layer sharing this slot across its steps (see
        /// <see cref="RegularityNorm.ForwardStep"/>).</summary>
        public Tensor ForwardStep(Tensor input, int step) => Run(input, step);

        private Tensor Run(Tensor input, int? step)
        {
            Input(input);
            Tensor Regular(Tensor x) => step is { } t ? Regularity.ForwardStep(x, t) : Regularity.Forward(x);
            using Tensor first = Order == RegularityOrder.LayerNormFirst ? Norm.Forward(input) : Regular(input);
            return Order == RegularityOrder.LayerNormFirst ? Regular(first) : Norm.Forward(first);
        }
    }
}
