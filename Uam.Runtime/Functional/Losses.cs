using Uam.Runtime.Interop;

namespace Uam.Runtime;

public static partial class nn
{
    public static partial class functional
    {
        /// <summary>Negative log-likelihood of Int64 class <paramref name="target"/>s under log-probabilities
        /// <paramref name="input"/> [N, C] (or [C]).</summary>
        public static Tensor NllLoss(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean,
            long ignoreIndex = -100)
        {
            CheckClassification(nameof(NllLoss), input, target, weight);
            return Tensor.Wrap(Native.nt_nll_loss(input.HandleOf(), target.HandleOf(), Tensor.HandleOrNull(weight), (int)reduction, ignoreIndex, out var r), r);
        }

        /// <summary>Cross-entropy of logits <paramref name="input"/> [N, C] against Int64 class indices
        /// [N] or class probabilities [N, C].</summary>
        public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean,
            long ignoreIndex = -100, double labelSmoothing = 0)
        {
            if (labelSmoothing is < 0 or > 1)
                throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "CrossEntropy: labelSmoothing must be in [0, 1].");
            Checks.NotNull(nameof(CrossEntropy), nameof(input), input);
            Checks.NotNull(nameof(CrossEntropy), nameof(target), target);
            if (target.DType.IsFloatingPoint())
                Checks.SameShape(nameof(CrossEntropy), input, nameof(input), target, nameof(target));
            else
                CheckClassification(nameof(CrossEntropy), input, target, weight);
            return Tensor.Wrap(Native.nt_cross_entropy(input.HandleOf(), target.HandleOf(), Tensor.HandleOrNull(weight), (int)reduction,
                ignoreIndex, labelSmoothing, out var r), r);
        }

        private static void CheckClassification(string operation, Tensor input, Tensor target, Tensor? weight)
        {
            Checks.FloatingPoint(operation, nameof(input), input);
            Checks.DType(operation, nameof(target), target, ScalarType.Int64);
            if (input.Dim < 1)
                throw new ArgumentException($"{operation}: input must have a class dimension, but it is {Checks.Format(input.ShapeView)}.", nameof(input));
            bool batched = input.Dim >= 2;
            bool shapesFit = batched
                ? target.Dim == input.Dim - 1 && target.ShapeView[0] == input.ShapeView[0]
                : target.Dim == 0;
            if (!shapesFit)
                throw new ArgumentException(
                    $"{operation}: input is {Checks.Format(input.ShapeView)} and target is {Checks.Format(target.ShapeView)}; " +
                    "expected target [N] for input [N, C] (or a 0-D target for input [C]).", nameof(target));
            if (weight is not null && (weight.Dim != 1 || weight.ShapeView[0] != input.ShapeView[batched ? 1 : 0]))
                throw new ArgumentException(
                    $"{operation}: weight is {Checks.Format(weight.ShapeView)}, expected one weight per class.", nameof(weight));
        }

        /// <summary>Mean squared error. Shapes must match exactly: silent broadcasting of [N, 1] against [N]
        /// is a classic bug, so it is refused.</summary>
        public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
        {
            CheckRegression(nameof(MseLoss), input, target);
            return Tensor.Wrap(Native.nt_mse_loss(input.HandleOf(), target.HandleOf(), (int)reduction, out var r), r);
        }

        /// <summary>Smooth L1 (Huber-like) loss: quadratic below <paramref name="beta"/>, linear above.</summary>
        public static Tensor SmoothL1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double beta = 1)
        {
            CheckRegression(nameof(SmoothL1Loss), input, target);
            Checks.NonNegative(nameof(SmoothL1Loss), nameof(beta), beta);
            return Tensor.Wrap(Native.nt_smooth_l1_loss(input.HandleOf(), target.HandleOf(), (int)reduction, beta, out var r), r);
        }

        /// <summary>Binary cross-entropy of probabilities <paramref name="input"/> in [0, 1].</summary>
        public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean)
        {
            CheckRegression(nameof(BinaryCrossEntropy), input, target);
            return Tensor.Wrap(Native.nt_binary_cross_entropy(input.HandleOf(), target.HandleOf(), Tensor.HandleOrNull(weight), (int)reduction, out var r), r);
        }

        /// <summary>Binary cross-entropy of logits, computed stably.</summary>
        public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean)
        {
            CheckRegression(nameof(BinaryCrossEntropyWithLogits), input, target);
            return Tensor.Wrap(Native.nt_binary_cross_entropy_with_logits(input.HandleOf(), target.HandleOf(), Tensor.HandleOrNull(weight), (int)reduction, out var r), r);
        }

        private static void CheckRegression(string operation, Tensor input, Tensor target)
        {
            Checks.FloatingPoint(operation, nameof(input), input);
            Checks.SameShape(operation, input, nameof(input), target, nameof(target));
            Checks.SameDType(operation, input, nameof(input), target, nameof(target));
        }
    }
}
