namespace Uam.Runtime;

public static partial class nn
{
    /// <summary>Which filterbank <see cref="DrawFilterbank"/> computes.</summary>
    public enum FilterbankVariant
    {
        /// <summary>The DRAW paper's (Gregor et al. 2015): centres μ_i = g + (i − N/2 − 0.5)·δ for i = 1…N, filters
        /// exp(−(a − μ)²/(2σ²)) over 1-based pixel coordinates a = 1…A (so g̃ = 0 puts the grid's centre on the image's).</summary>
        Paper,
        /// <summary>The paper's MNIST code (draw_pytorch, flaw 44): i = 0…N−1 (the grid shifted by −δ), filters
        /// exp(−((a − μ)/(2σ²))²) over 0-based coordinates a = 0…A−1.</summary>
        OriginalCode,
    }

    /// <summary>A batch of attention windows: centre (g_X, g_Y), stride δ, filter variance σ² and intensity γ, each [B].</summary>
    public readonly record struct AttentionWindow(Tensor CenterX, Tensor CenterY, Tensor Stride, Tensor Variance, Tensor Intensity);

    /// <summary>DRAW's selective attention: an N × N grid of Gaussian filters over an image of <see cref="Height"/> rows ×
    /// <see cref="Width"/> columns. <see cref="Read"/> extracts γ·F_Y x F_Xᵀ (an N × N patch) and <see cref="Write"/> spreads a
    /// patch back, (1/γ)·F_Yᵀ w F_X, so that ⟨read(x), w⟩ = γ²·⟨x, write(w)⟩. Each filter row is normalised to sum to 1
    /// (plus 1e-9, so that a grid far outside the image reads zeros instead of 0/0). Holds no parameters: the window comes
    /// from the model's own linear layer through <see cref="Window"/>.</summary>
    public sealed class DrawFilterbank
    {
        /// <summary>A filterbank of <paramref name="patch"/> × <paramref name="patch"/> filters over images of
        /// <paramref name="height"/> rows × <paramref name="width"/> columns.</summary>
        public DrawFilterbank(int width, int height, int patch, FilterbankVariant variant = FilterbankVariant.Paper)
        {
            Checks.Positive(nameof(DrawFilterbank), nameof(width), width);
            Checks.Positive(nameof(DrawFilterbank), nameof(height), height);
            if (patch < 2) throw new ArgumentOutOfRangeException(nameof(patch), patch, "DrawFilterbank: the patch needs at least 2 filters per side (the stride divides by N − 1).");
            if (!Enum.IsDefined(variant)) throw new ArgumentOutOfRangeException(nameof(variant), variant, "DrawFilterbank: not a FilterbankVariant");
            (Width, Height, Patch, Variant) = (width, height, patch, variant);
        }

        /// <summary>A: the image's columns.</summary>
        public int Width { get; }

        /// <summary>B: the image's rows.</summary>
        public int Height { get; }

        /// <summary>N: filters per side.</summary>
        public int Patch { get; }

        /// <summary>The paper's filterbank or the original code's.</summary>
        public FilterbankVariant Variant { get; }

        /// <summary>The window from a linear layer's 5 outputs per row (g̃_X, g̃_Y, log σ², log δ̃, log γ), [B, 5]:
        /// g_X = (A + 1)/2·(g̃_X + 1), g_Y = (B + 1)/2·(g̃_Y + 1), σ² = exp(log σ²), δ = (max(A, B) − 1)/(N − 1)·exp(log δ̃),
        /// γ = exp(log γ).</summary>
        public AttentionWindow Window(Tensor parameters)
        {
            if (parameters.Dim != 2 || parameters.Size(1) != 5)
                throw new ArgumentException($"DrawFilterbank.Window: the parameters must be [batch, 5] (g̃x, g̃y, log σ², log δ̃, log γ), not [{string.Join(", ", parameters.Shape)}]", nameof(parameters));
            Tensor Column(int k) => parameters.Select(1, k);
            return new AttentionWindow(
                (Column(0) + 1) * ((Width + 1) / 2.0),
                (Column(1) + 1) * ((Height + 1) / 2.0),
                Column(3).Exp() * ((Math.Max(Width, Height) - 1) / (double)(Patch - 1)),
                Column(2).Exp(),
                Column(4).Exp());
        }

        /// <summary>The filterbanks F_X [B, N, A] and F_Y [B, N, B] of a window.</summary>
        public (Tensor X, Tensor Y) Filters(AttentionWindow window) =>
            (Filter(window.CenterX, window.Stride, window.Variance, Width), Filter(window.CenterY, window.Stride, window.Variance, Height));

        private Tensor Filter(Tensor center, Tensor stride, Tensor variance, int length)
        {
            if (center.Dim != 1) throw new ArgumentException($"DrawFilterbank: a window's centre must be [batch], not [{string.Join(", ", center.Shape)}]", nameof(center));
            ScalarType dtype = center.DType;
            // Grid offsets i − N/2 − 0.5 (N/2 a real division, as both the paper and the code write it).
            double first = Variant == FilterbankVariant.Paper ? 1 : 0;
            using Tensor index = torch.Arange(first, first + Patch, 1, dtype, center.Device);
            using Tensor offsets = index - (Patch / 2.0 + 0.5);
            Tensor mu = center.Unsqueeze(1) + offsets.Unsqueeze(0) * stride.Unsqueeze(1);              // [B, N]
            double origin = Variant == FilterbankVariant.Paper ? 1 : 0;
            using Tensor coordinates = torch.Arange(origin, origin + length, 1, dtype, center.Device);
            Tensor difference = coordinates.View(1, 1, length) - mu.Unsqueeze(2);                     // [B, N, L]
            Tensor twoVariance = (variance * 2).View(-1, 1, 1);
            Tensor exponent = Variant == FilterbankVariant.Paper
                ? difference.Square() / twoVariance
                : (difference / twoVariance).Square();
            Tensor weights = exponent.Neg().Exp();
            return weights / (weights.Sum(2, keepDim: true) + 1e-9);
        }

        /// <summary>Where the grid of a batch row's window lies, in 0-based pixel coordinates (column, row): the centres of its
        /// first and last filters along each axis (for pictures of the glimpses; the filters reach about σ beyond).</summary>
        public (double Left, double Top, double Right, double Bottom) GridBounds(AttentionWindow window, int row)
        {
            double Value(Tensor values)
            {
                if (values.Dim != 1)
                    throw new ArgumentException($"DrawFilterbank.GridBounds: a window's values must be [batch], not {Checks.Format(values.ShapeView)}", nameof(window));
                if (row < 0 || row >= values.Size(0))
                    throw new ArgumentOutOfRangeException(nameof(row), row, $"DrawFilterbank.GridBounds: the window has {values.Size(0)} rows");
                using Tensor one = values.Select(0, row);
                return one.ToDouble();
            }
            double first = Variant == FilterbankVariant.Paper ? 1 : 0, origin = first;
            double lowOffset = first - (Patch / 2.0 + 0.5), highOffset = first + Patch - 1 - (Patch / 2.0 + 0.5);
            double gx = Value(window.CenterX), gy = Value(window.CenterY), delta = Value(window.Stride);
            return (gx + lowOffset * delta - origin, gy + lowOffset * delta - origin, gx + highOffset * delta - origin, gy + highOffset * delta - origin);
        }

        /// <summary>γ·F_Y x F_Xᵀ: the N × N patch [B, N, N] the window reads from images [B, rows, columns].</summary>
        public Tensor Read(Tensor image, AttentionWindow window)
        {
            RequireImage(image, nameof(Read));
            var (fx, fy) = Filters(window);
            return fy.Bmm(image).Bmm(fx.Transpose(1, 2)) * window.Intensity.View(-1, 1, 1);
        }

        /// <summary>(1/γ)·F_Yᵀ w F_X: the image [B, rows, columns] that patches [B, N, N] write through the window.</summary>
        public Tensor Write(Tensor patch, AttentionWindow window)
        {
            if (patch.Dim != 3 || patch.Size(1) != Patch || patch.Size(2) != Patch)
                throw new ArgumentException($"DrawFilterbank.Write: the patches must be [batch, {Patch}, {Patch}], not [{string.Join(", ", patch.Shape)}]", nameof(patch));
            var (fx, fy) = Filters(window);
            return fy.Transpose(1, 2).Bmm(patch).Bmm(fx) / window.Intensity.View(-1, 1, 1);
        }

        private void RequireImage(Tensor image, string operation)
        {
            if (image.Dim != 3 || image.Size(1) != Height || image.Size(2) != Width)
                throw new ArgumentException($"DrawFilterbank.{operation}: the images must be [batch, {Height}, {Width}], not [{string.Join(", ", image.Shape)}]", nameof(image));
        }
    }
}
