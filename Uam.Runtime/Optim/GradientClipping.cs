namespace Uam.Runtime;

public static partial class nn
{
    /// <summary>Training utilities.</summary>
    public static partial class utils
    {
        /// <summary>Scales the gradients of <paramref name="parameters"/> so that their joint p-norm is at most
        /// <paramref name="maxNorm"/> (PyTorch's clip_grad_norm_); returns the norm before clipping.</summary>
        public static double ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2)
        {
            ArgumentNullException.ThrowIfNull(parameters);
            Checks.Positive(nameof(ClipGradNorm), nameof(maxNorm), maxNorm);
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.NoGrad();
            var grads = parameters.Select(p => p.Grad).OfType<Tensor>().ToList();
            if (grads.Count == 0) return 0;
            Tensor total = double.IsPositiveInfinity(normType)
                ? torch.Stack(grads.Select(g => g.Abs().Max()).ToList()).Max()
                : torch.Stack(grads.Select(g => g.Norm(normType)).ToList()).Norm(normType);
            double totalNorm = total.ToDouble();
            if (!double.IsFinite(totalNorm))
                throw new ArithmeticException($"ClipGradNorm: the total gradient norm is {totalNorm}; the gradients contain NaN or infinity.");
            double coefficient = Math.Min(maxNorm / (totalNorm + 1e-6), 1.0);
            foreach (Tensor grad in grads) grad.MulInPlace(coefficient);
            return totalNorm;
        }
    }
}
