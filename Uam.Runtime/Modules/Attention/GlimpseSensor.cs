namespace Uam.Runtime;

public static partial class nn
{
    /// <summary>The recurrent attention model's retina (Mnih, Heess, Graves and Kavukcuoglu 2014; sdm-attention-reference
    /// §5.3): at a location l ∈ [−1, 1]² (the image's centre is 0; x then y) it extracts <see cref="Scales"/> square patches
    /// centred there, the first <see cref="Size"/> × <see cref="Size"/> and each next twice as wide, averages each down to
    /// Size × Size (block means), and stacks them: [B, scales, size, size]. Outside the image reads zeros. A hard glimpse:
    /// no gradient flows to the location (train it with <see cref="functional.Reinforce"/>).</summary>
    public sealed class GlimpseSensor
    {
        /// <summary>A retina of <paramref name="scales"/> patches of <paramref name="size"/> × <paramref name="size"/>.</summary>
        public GlimpseSensor(int size, int scales)
        {
            Checks.Positive(nameof(GlimpseSensor), nameof(size), size);
            Checks.Positive(nameof(GlimpseSensor), nameof(scales), scales);
            (Size, Scales) = (size, scales);
        }

        /// <summary>g, the side of every returned patch.</summary>
        public int Size { get; }

        /// <summary>k, the number of patches.</summary>
        public int Scales { get; }

        /// <summary>The pixel (row, column) a location maps to in an image of <paramref name="height"/> × <paramref name="width"/>:
        /// ⌊(l + 1)/2 · side⌋, so −1 is the first pixel's edge and +1 the last's.</summary>
        public static (int Row, int Column) Centre(double x, double y, int height, int width) =>
            ((int)Math.Floor((y + 1) / 2 * height), (int)Math.Floor((x + 1) / 2 * width));

        /// <summary>Glimpses of images [B, H, W] at locations [B, 2] (x, y): [B, scales, size, size].</summary>
        public Tensor Read(Tensor images, Tensor locations)
        {
            Checks.NotNull(nameof(GlimpseSensor), nameof(images), images);
            Checks.NotNull(nameof(GlimpseSensor), nameof(locations), locations);
            if (images.Dim != 3) throw new ArgumentException($"GlimpseSensor: the images must be [batch, height, width], not {Checks.Format(images.ShapeView)}.", nameof(images));
            long batch = images.ShapeView[0];
            if (locations.Dim != 2 || locations.ShapeView[0] != batch || locations.ShapeView[1] != 2)
                throw new ArgumentException($"GlimpseSensor: the locations must be [{batch}, 2] (x, y), not {Checks.Format(locations.ShapeView)}.", nameof(locations));
            int height = (int)images.ShapeView[1], width = (int)images.ShapeView[2];
            double[] where = locations.ToDoubleArray();
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.NoGrad();
            // Each scale's crops are one gather of flat pixel indices, computed by broadcasting the crops' corners against
            // the offsets within a crop (a loop of slices per image, or index arrays filled in .NET, would cost far more
            // than the gather); pixels outside the image read a clamped index and are zeroed by a mask (padding the images
            // instead would allocate and clear a much larger tensor every glimpse).
            Tensor flat = images.Reshape(batch, (long)height * width);
            var tops = new long[batch];
            var lefts = new long[batch];
            for (int b = 0; b < batch; b++) (tops[b], lefts[b]) = Centre(where[2 * b], where[2 * b + 1], height, width);
            Tensor centreRows = torch.FromArray(tops, [batch, 1, 1]), centreColumns = torch.FromArray(lefts, [batch, 1, 1]);
            var patches = new List<Tensor>();
            for (int s = 0; s < Scales; s++)
            {
                int side = Size << s, factor = 1 << s;
                Tensor offsets = torch.Arange(side).Sub(side / 2);
                Tensor rows = centreRows.Add(offsets.View(1, side, 1)), columns = centreColumns.Add(offsets.View(1, 1, side));
                Tensor inside = rows.Ge(0).LogicalAnd(rows.Lt(height)).LogicalAnd(columns.Ge(0).LogicalAnd(columns.Lt(width)));
                // Clamp takes floating-point bounds and so returns floats: back to Int64 (exact for pixel indices).
                Tensor index = rows.Clamp(0, height - 1).Mul(width).Add(columns.Clamp(0, width - 1)).To(ScalarType.Int64).Reshape(batch, side * side);
                Tensor crops = flat.Gather(1, index).Mul(inside.Reshape(batch, side * side).To(images.DType));
                patches.Add(crops.Reshape(batch, Size, factor, Size, factor).Mean([2, 4]));
            }
            return scope.MoveToOuter(torch.Stack(patches, 1));
        }
    }

    public static partial class functional
    {
        /// <summary>The log-density of locations under the Gaussian policy N(mean, σ²I): Σ over the last dimension of
        /// −(l − μ)²/(2σ²) − ln(σ√(2π)).</summary>
        public static Tensor GaussianLogProbability(Tensor locations, Tensor mean, double sigma)
        {
            Checks.Positive(nameof(GaussianLogProbability), nameof(sigma), sigma);
            using var scope = torch.NewDisposeScope();
            Tensor difference = locations - mean;
            return scope.MoveToOuter((difference * difference * (-0.5 / (sigma * sigma)) - Math.Log(sigma * Math.Sqrt(2 * Math.PI))).Sum(-1));
        }

        /// <summary>REINFORCE with a baseline (§5.2, §5.3): the policy loss −mean_b Σ_t log π(l_t)·(R − b_t), with the
        /// advantage detached, and the baseline's loss mean (R − b_t)². Log-probabilities and baselines [B, T], rewards [B].</summary>
        public static (Tensor Policy, Tensor Baseline) Reinforce(Tensor logProbabilities, Tensor rewards, Tensor baselines)
        {
            Checks.NotNull(nameof(Reinforce), nameof(logProbabilities), logProbabilities);
            Checks.NotNull(nameof(Reinforce), nameof(rewards), rewards);
            Checks.NotNull(nameof(Reinforce), nameof(baselines), baselines);
            if (logProbabilities.Dim != 2 || !baselines.ShapeView.SequenceEqual(logProbabilities.ShapeView) || rewards.Dim != 1 || rewards.ShapeView[0] != logProbabilities.ShapeView[0])
                throw new ArgumentException($"Reinforce: log-probabilities and baselines must be [batch, steps] and rewards [batch]; got {Checks.Format(logProbabilities.ShapeView)}, {Checks.Format(baselines.ShapeView)}, {Checks.Format(rewards.ShapeView)}.");
            using var scope = torch.NewDisposeScope();
            Tensor advantage = rewards.Unsqueeze(1) - baselines;
            Tensor policy = -(logProbabilities * advantage.Detach()).Sum(1).Mean();
            return (scope.MoveToOuter(policy), scope.MoveToOuter(advantage.Square().Mean()));
        }
    }
}
