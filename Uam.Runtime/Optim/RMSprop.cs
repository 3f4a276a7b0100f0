namespace Uam.Runtime;

public static partial class optim
{
    /// <summary>RMSprop with optional momentum, centring and weight decay; the same update as PyTorch's.</summary>
    public sealed class RMSprop : Optimizer
    {
        /// <summary>An RMSprop optimizer.</summary>
        public RMSprop(IEnumerable<Tensor> parameters, double learningRate = 1e-2, double alpha = 0.99, double eps = 1e-8,
            double weightDecay = 0, double momentum = 0, bool centered = false)
            : base(parameters, learningRate)
        {
            if (alpha is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "RMSprop: alpha must be in [0, 1].");
            Checks.NonNegative(nameof(RMSprop), nameof(eps), eps);
            Checks.NonNegative(nameof(RMSprop), nameof(weightDecay), weightDecay);
            Checks.NonNegative(nameof(RMSprop), nameof(momentum), momentum);
            (Alpha, Eps, WeightDecay, Momentum, Centered) = (alpha, eps, weightDecay, momentum, centered);
        }

        /// <summary>Decay of the squared-gradient average.</summary>
        public double Alpha { get; }
        /// <summary>Added to the denominator.</summary>
        public double Eps { get; }
        /// <summary>L2 penalty.</summary>
        public double WeightDecay { get; }
        /// <summary>Momentum factor.</summary>
        public double Momentum { get; }
        /// <summary>Whether the gradient's variance (not its second moment) normalizes the step.</summary>
        public bool Centered { get; }

        /// <inheritdoc/>
        protected override void Update(Tensor parameter, Tensor grad, ParameterState state)
        {
            Tensor g = WeightDecay != 0 ? grad.Add(parameter, WeightDecay) : grad;
            Tensor squareAvg = state.GetOrCreate("square_avg", () => torch.ZerosLike(parameter));
            squareAvg.MulInPlace(Alpha).AddcmulInPlace(g, g, 1 - Alpha);
            Tensor average;
            if (Centered)
            {
                Tensor gradAvg = state.GetOrCreate("grad_avg", () => torch.ZerosLike(parameter));
                gradAvg.MulInPlace(Alpha).AddInPlace(g, 1 - Alpha);
                average = squareAvg.Sub(gradAvg.Square()).Sqrt().AddInPlace(Eps);
            }
            else
            {
                average = squareAvg.Sqrt().AddInPlace(Eps);
            }
            if (Momentum > 0)
            {
                Tensor buffer = state.GetOrCreate("momentum_buffer", () => torch.ZerosLike(parameter));
                buffer.MulInPlace(Momentum).AddcdivInPlace(g, average, 1);
                parameter.AddInPlace(buffer, -LearningRate);
            }
            else
            {
                parameter.AddcdivInPlace(g, average, -LearningRate);
            }
        }
    }
}
