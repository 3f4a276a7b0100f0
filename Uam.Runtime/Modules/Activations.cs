namespace Uam.Runtime;

public static partial class nn
{
    /// <summary>max(x, 0).</summary>
    public sealed class ReLU : Module<Tensor, Tensor>
    {
        /// <inheritdoc/>
        public override Tensor Forward(Tensor input) => Input(input).Relu();
    }

    /// <summary>Hyperbolic tangent.</summary>
    public sealed class Tanh : Module<Tensor, Tensor>
    {
        /// <inheritdoc/>
        public override Tensor Forward(Tensor input) => Input(input).Tanh();
    }

    /// <summary>Logistic sigmoid.</summary>
    public sealed class Sigmoid : Module<Tensor, Tensor>
    {
        /// <inheritdoc/>
        public override Tensor Forward(Tensor input) => Input(input).Sigmoid();
    }

    /// <summary>Softmax over <paramref name="dim"/>.</summary>
    public sealed class Softmax(long dim) : Module<Tensor, Tensor>
    {
        /// <inheritdoc/>
        public override Tensor Forward(Tensor input) => Input(input).Softmax(dim);

        /// <inheritdoc/>
        protected override string ExtraRepr() => $"dim={dim}";
    }

    /// <summary>Log-softmax over <paramref name="dim"/>.</summary>
    public sealed class LogSoftmax(long dim) : Module<Tensor, Tensor>
    {
        /// <inheritdoc/>
        public override Tensor Forward(Tensor input) => Input(input).LogSoftmax(dim);

        /// <inheritdoc/>
        protected override string ExtraRepr() => $"dim={dim}";
    }

    /// <summary>Merges dimensions <paramref name="startDim"/> to <paramref name="endDim"/>.</summary>
    public sealed class Flatten(long startDim = 1, long endDim = -1) : Module<Tensor, Tensor>
    {
        /// <inheritdoc/>
        public override Tensor Forward(Tensor input) => Input(input).Flatten(startDim, endDim);
    }

    /// <summary>Inverted dropout with probability <paramref name="p"/>, active in training mode only; masks come
    /// from <paramref name="generator"/> when given.</summary>
    public sealed class Dropout(double p = 0.5, Generator? generator = null) : Module<Tensor, Tensor>
    {
        /// <inheritdoc/>
        public override Tensor Forward(Tensor input) => functional.Dropout(input, p, IsTraining, generator);

        /// <inheritdoc/>
        protected override string ExtraRepr() => $"p={p}";
    }
}
