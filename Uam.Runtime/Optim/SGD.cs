namespace Uam.Runtime;

public static partial class optim
{
    /// <summary>Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and
    /// weight decay; the same update as PyTorch's <c>torch.optim.SGD</c>.</summary>
    public sealed class SGD : Optimizer
    {
        /// <summary>An SGD optimizer.</summary>
        public SGD(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0, double dampening = 0,
            double weightDecay = 0, bool nesterov = false)
            : base(parameters, learningRate)
        {
            Checks.NonNegative(nameof(SGD), nameof(momentum), momentum);
            Checks.NonNegative(nameof(SGD), nameof(weightDecay), weightDecay);
            if (nesterov && (momentum <= 0 || dampening != 0))
                throw new ArgumentException("SGD: Nesterov momentum needs momentum > 0 and zero dampening.", nameof(nesterov));
            Momentum = momentum;
            Dampening = dampening;
            WeightDecay = weightDecay;
            Nesterov = nesterov;
        }

        /// <summary>Momentum factor.</summary>
        public double Momentum { get; }
        /// <summary>Dampening of the momentum's gradient term.</summary>
        public double Dampening { get; }
        /// <summary>L2 penalty.</summary>
        public double WeightDecay { get; }
        /// <summary>Whether Nesterov momentum is used.</summary>
        public bool Nesterov { get; }

        /// <inheritdoc/>
        protected override void Update(Tensor parameter, Tensor grad, ParameterState state)
        {
            Tensor direction = WeightDecay != 0 ? grad.Add(parameter, WeightDecay) : grad;
            if (Momentum != 0)
            {
                if (state.TryGet("momentum_buffer", out Tensor? buffer))
                    buffer.MulInPlace(Momentum).AddInPlace(direction, 1 - Dampening);
                else
                    buffer = state.GetOrCreate("momentum_buffer", direction.Clone);
                direction = Nesterov ? direction.Add(buffer, Momentum) : buffer;
            }
            parameter.AddInPlace(direction, -LearningRate);
        }
    }
}
