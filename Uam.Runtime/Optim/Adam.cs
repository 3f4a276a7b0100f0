using Uam.Runtime.Interop;

namespace Uam.Runtime;

public static partial class optim
{
    /// <summary>Adam (Kingma and Ba) with optional L2 weight decay and AMSGrad; the same update as PyTorch's.</summary>
    public sealed class Adam : Optimizer
    {
        /// <summary>An Adam optimizer.</summary>
        public Adam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
            double eps = 1e-8, double weightDecay = 0, bool amsgrad = false)
            : base(parameters, learningRate)
        {
            if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "Adam: beta1 must be in [0, 1).");
            if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "Adam: beta2 must be in [0, 1).");
            Checks.NonNegative(nameof(Adam), nameof(eps), eps);
            Checks.NonNegative(nameof(Adam), nameof(weightDecay), weightDecay);
            (Beta1, Beta2, Eps, WeightDecay, AmsGrad) = (beta1, beta2, eps, weightDecay, amsgrad);
        }

        /// <summary>Decay of the first moment.</summary>
        public double Beta1 { get; }
        /// <summary>Decay of the second moment.</summary>
        public double Beta2 { get; }
        /// <summary>Added to the denominator.</summary>
        public double Eps { get; }
        /// <summary>L2 penalty.</summary>
        public double WeightDecay { get; }
        /// <summary>Whether the maximum of past second moments is used.</summary>
        public bool AmsGrad { get; }

        /// <inheritdoc/>
        protected override void Update(Tensor parameter, Tensor grad, ParameterState state)
        {
            Tensor expAvg = state.GetOrCreate("exp_avg", () => torch.ZerosLike(parameter));
            Tensor expAvgSq = state.GetOrCreate("exp_avg_sq", () => torch.ZerosLike(parameter));
            Tensor? maxSq = AmsGrad ? state.GetOrCreate("max_exp_avg_sq", () => torch.ZerosLike(parameter)) : null;
            double biasCorrection1 = 1 - Math.Pow(Beta1, state.Step);
            double biasCorrection2 = 1 - Math.Pow(Beta2, state.Step);
            // One native call per parameter (Native/src/optim.cpp): the ops of PyTorch's update, in its order —
            // m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; p ← p − lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε).
            NativeErrors.Check(Interop.Native.nt_optim_adam_update(parameter.Handle, grad.Handle, expAvg.Handle, expAvgSq.Handle,
                Tensor.HandleOrNull(maxSq), Beta1, Beta2, -LearningRate / biasCorrection1, Math.Sqrt(biasCorrection2), Eps, WeightDecay), "Adam.Step");
        }
    }
}
