using Uam.Runtime.Interop;

namespace Uam.Runtime;

/// <summary>Neural-network building blocks: modules (<c>nn.Linear</c>, …), the functional layer
/// (<c>nn.functional</c>), initialisation (<c>nn.init</c>) and utilities (<c>nn.utils</c>).</summary>
public static partial class nn
{
    /// <summary>Stateless layer functions; modules are thin owners of parameters around them.</summary>
    public static partial class functional
    {
        /// <summary>x·Wᵀ + b for input [..., in], weight [out, in], bias [out].</summary>
        public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
        {
            Checks.NotNull(nameof(Linear), nameof(input), input);
            Checks.Rank(nameof(Linear), nameof(weight), weight, 2);
            if (input.Dim == 0 || input.ShapeView[^1] != weight.ShapeView[1])
                throw new ArgumentException(
                    $"Linear: input is {Checks.Format(input.ShapeView)} but weight is {Checks.Format(weight.ShapeView)}; " +
                    $"the input's last dimension must be {weight.ShapeView[1]}.", nameof(input));
            Checks.SameDType(nameof(Linear), input, nameof(input), weight, nameof(weight));
            return Tensor.Wrap(Native.nt_linear(input.HandleOf(), weight.HandleOf(), Tensor.HandleOrNull(bias), out var r), r);
        }

        /// <summary>2-D convolution of input [N, C, H, W] with weight [O, C/groups, kH, kW].</summary>
        public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, (long H, long W)? stride = null,
            (long H, long W)? padding = null, (long H, long W)? dilation = null, long groups = 1)
        {
            Checks.Rank(nameof(Conv2d), nameof(input), input, 3, 4);
            Checks.Rank(nameof(Conv2d), nameof(weight), weight, 4);
            long channels = input.ShapeView[^3];
            if (channels != weight.ShapeView[1] * groups)
                throw new ArgumentException(
                    $"Conv2d: input {Checks.Format(input.ShapeView)} has {channels} channels, but weight {Checks.Format(weight.ShapeView)} " +
                    $"with groups={groups} expects {weight.ShapeView[1] * groups}.", nameof(input));
            var (s, p, d) = (stride ?? (1, 1), padding ?? (0, 0), dilation ?? (1, 1));
            return Tensor.Wrap(Native.nt_conv2d(input.HandleOf(), weight.HandleOf(), Tensor.HandleOrNull(bias),
                [s.H, s.W], [p.H, p.W], [d.H, d.W], groups, out var r), r);
        }

        /// <summary>2-D max pooling over [N, C, H, W] (stride defaults to the kernel size).</summary>
        public static Tensor MaxPool2d(Tensor input, (long H, long W) kernel, (long H, long W)? stride = null,
            (long H, long W)? padding = null, (long H, long W)? dilation = null, bool ceilMode = false)
        {
            Checks.Rank(nameof(MaxPool2d), nameof(input), input, 3, 4);
            var (s, p, d) = (stride ?? kernel, padding ?? (0, 0), dilation ?? (1, 1));
            // libtorch's own message here is "integer out of range" without the values.
            foreach (var (name, value, minimum) in new[] { ("kernel height", kernel.H, 1L), ("kernel width", kernel.W, 1L), ("stride height", s.H, 1L),
                         ("stride width", s.W, 1L), ("dilation height", d.H, 1L), ("dilation width", d.W, 1L), ("padding height", p.H, 0L), ("padding width", p.W, 0L) })
                if (value < minimum || value > int.MaxValue)
                    throw new ArgumentOutOfRangeException(name, value, $"MaxPool2d: {name} {value} must be in [{minimum}, {int.MaxValue}].");
            if (p.H > kernel.H / 2 || p.W > kernel.W / 2)
                throw new ArgumentException(
                    $"MaxPool2d: padding ({p.H}, {p.W}) must be at most half the kernel ({kernel.H}, {kernel.W}).", nameof(padding));
            return Tensor.Wrap(Native.nt_max_pool2d(input.HandleOf(), [kernel.H, kernel.W], [s.H, s.W], [p.H, p.W], [d.H, d.W],
                Tensor.Flag(ceilMode), out var r), r);
        }

        /// <summary>Rows of <paramref name="weight"/> [num, dim] picked by integer <paramref name="indices"/>.</summary>
        public static Tensor Embedding(Tensor indices, Tensor weight, long paddingIdx = -1)
        {
            Checks.DType(nameof(Embedding), nameof(indices), indices, ScalarType.Int64, ScalarType.Int32);
            Checks.Rank(nameof(Embedding), nameof(weight), weight, 2);
            return Tensor.Wrap(Native.nt_embedding(weight.HandleOf(), indices.HandleOf(), paddingIdx, out var r), r);
        }

        /// <summary>Layer normalization over the trailing <paramref name="normalizedShape"/> dimensions.</summary>
        public static Tensor LayerNorm(Tensor input, ReadOnlySpan<long> normalizedShape, Tensor? weight = null, Tensor? bias = null,
            double eps = 1e-5)
        {
            Checks.NotNull(nameof(LayerNorm), nameof(input), input);
            long[] shape = input.ShapeView;
            if (normalizedShape.Length == 0 || normalizedShape.Length > shape.Length ||
                !shape.AsSpan(shape.Length - normalizedShape.Length).SequenceEqual(normalizedShape))
                throw new ArgumentException(
                    $"LayerNorm: input {Checks.Format(shape)} does not end in the normalized shape {Checks.Format(normalizedShape)}.", nameof(input));
            return Tensor.Wrap(Native.nt_layer_norm(input.HandleOf(), normalizedShape, normalizedShape.Length,
                Tensor.HandleOrNull(weight), Tensor.HandleOrNull(bias), eps, out var r), r);
        }

        /// <summary>Batch normalization of [N, C] or [N, C, L]; in training the running statistics are updated in place.</summary>
        public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
            bool training = false, double momentum = 0.1, double eps = 1e-5)
        {
            Checks.Rank(nameof(BatchNorm), nameof(input), input, 2, 3);
            if (training && input.ShapeView[0] * (input.Dim == 3 ? input.ShapeView[2] : 1) <= 1)
                throw new ArgumentException(
                    $"BatchNorm: training needs more than one value per channel, but the input is {Checks.Format(input.ShapeView)}.", nameof(input));
            if (!training && (runningMean is null || runningVar is null))
                throw new ArgumentException("BatchNorm: evaluation needs the running mean and variance.");
            return Tensor.Wrap(Native.nt_batch_norm(input.HandleOf(), Tensor.HandleOrNull(weight), Tensor.HandleOrNull(bias),
                Tensor.HandleOrNull(runningMean), Tensor.HandleOrNull(runningVar), Tensor.Flag(training), momentum, eps, out var r), r);
        }

        /// <summary>Inverted dropout: zeroes each element with probability <paramref name="p"/> and scales the
        /// rest by 1/(1−p); the mask comes from <paramref name="generator"/> (reproducible per layer).</summary>
        public static Tensor Dropout(Tensor input, double p = 0.5, bool training = true, Generator? generator = null)
        {
            if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout: p must be in [0, 1].");
            return Tensor.Wrap(Native.nt_dropout(input.HandleOf(), p, Tensor.Flag(training), Generator.HandleOrNull(generator), out var r), r);
        }

        /// <summary>Weight normalization: g · v / ‖v‖, the norm taken over every dimension but <paramref name="dim"/>.
        /// <paramref name="g"/> holds one gain per entry of that dimension, shaped like v with size 1 elsewhere (e.g.
        /// [out, 1] for a [out, in] weight and dim 0), as PyTorch's <c>weight_norm</c> makes it.</summary>
        public static Tensor WeightNorm(Tensor v, Tensor g, long dim = 0)
        {
            ArgumentNullException.ThrowIfNull(v);
            ArgumentNullException.ThrowIfNull(g);
            int d = Checks.Dim(nameof(WeightNorm), v, dim);
            Checks.FloatingPoint(nameof(WeightNorm), nameof(v), v);
            if (g.DType != v.DType)
                throw new ArgumentException($"WeightNorm: g is {g.DType} but v is {v.DType}; they must have the same dtype.", nameof(g));
            // libtorch's fused kernel trusts g's size (a smaller g overflows the heap) and divides by zero on an empty v.
            if (v.NumElements == 0)
                throw new ArgumentException($"WeightNorm: v {Checks.Format(v.ShapeView)} has no elements to normalize.", nameof(v));
            long[] expected = v.ShapeView.Select((size, i) => i == d ? size : 1L).ToArray();
            if (!g.ShapeView.AsSpan().SequenceEqual(expected))
                throw new ArgumentException(
                    $"WeightNorm: for v {Checks.Format(v.ShapeView)} and dim {dim}, g must be {Checks.Format(expected)} (one gain per entry of " +
                    $"dimension {d}, size 1 elsewhere), but it is {Checks.Format(g.ShapeView)}.", nameof(g));
            return Tensor.Wrap(Native.nt_weight_norm(v.HandleOf(), g.HandleOf(), d, out var r), r);
        }
    }
}
