using Uam.Environments.Rendering;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Draw;

/// <summary>What people judge a generative model by (docs/draw.md): a grid of samples generated from the prior, and the
/// canvas of test images after each glimpse with the read window (red) and the write window (green) drawn on it.</summary>
internal static class DrawPictures
{
    /// <summary>Screen pixels per image pixel.</summary>
    public const int Scale = 3;

    public static readonly (byte R, byte G, byte B) ReadColor = (230, 40, 40), WriteColor = (40, 200, 60);

    public static string SamplesPath(string outputDirectory, string runName) => Path.Combine(outputDirectory, "samples", runName + ".png");

    public static string GlimpsesPath(string outputDirectory, string runName) => Path.Combine(outputDirectory, "glimpses", runName + ".png");

    /// <summary><paramref name="count"/> samples from the prior (z ~ N(0, I) from <paramref name="seed"/>), the final canvases'
    /// probabilities in rows of <paramref name="columns"/>. SN's prior is that of a batch holding every class equally
    /// often (the frequency 1/10 for every sample, given labels 0…9 in turn).</summary>
    public static PngImage Samples(DrawModel model, Kind kind, int count, int columns, ulong seed)
    {
        using var scope = torch.NewDisposeScope();
        using var noise = new Generator(seed);
        using var noGrad = torch.NoGrad();
        bool training = model.IsTraining;
        model.Eval();
        try
        {
            Tensor? prior = kind == Kind.SN ? SaliencyPrior.FromLabels(torch.FromArray(Enumerable.Range(0, count).Select(i => (long)(i % 10)).ToArray())) : null;
            var (canvases, _) = model.Generate(count, noise, prior);
            float[] final = canvases[^1].ToArray<float>();
            var shape = model.Shape;
            var pictures = Enumerable.Range(0, count).Select(i => Grey(final.AsSpan(i * shape.Pixels, shape.Pixels), shape.Width, shape.Height)).ToList();
            return PngImage.Tiled(pictures, columns, gap: 2);
        }
        finally
        {
            if (training) model.Train();
        }
    }

    /// <summary>For each image, a row: the image itself, then the canvas sigmoid(c_t) after each glimpse t with that glimpse's
    /// read window (red: the grid's first and last filter centres) and write window (green). The slots run in inference;
    /// ε from <paramref name="seed"/>.</summary>
    public static PngImage Glimpses(DrawModel model, Kind kind, Tensor images, Tensor labels, ulong seed)
    {
        using var scope = torch.NewDisposeScope();
        using var noise = new Generator(seed);
        using var noGrad = torch.NoGrad();
        bool training = model.IsTraining;
        model.Eval();
        try
        {
            Tensor? prior = kind == Kind.SN ? SaliencyPrior.FromLabels(labels) : null;
            var (_, glimpses) = model.Forward(images, noise, prior);
            var shape = model.Shape;
            int rows = (int)images.Size(0);
            float[] originals = images.ToArray<float>();
            var canvases = glimpses.Select(g => g.Canvas.Sigmoid().ToArray<float>()).ToList();
            var tiles = new List<PngImage>();
            for (int b = 0; b < rows; b++)
            {
                tiles.Add(Grey(originals.AsSpan(b * shape.Pixels, shape.Pixels), shape.Width, shape.Height));
                for (int t = 0; t < glimpses.Count; t++)
                {
                    PngImage frame = Grey(canvases[t].AsSpan(b * shape.Pixels, shape.Pixels), shape.Width, shape.Height);
                    Box(frame, model.ReadBank.GridBounds(glimpses[t].Read, b), ReadColor);
                    Box(frame, model.WriteBank.GridBounds(glimpses[t].Write, b), WriteColor);
                    tiles.Add(frame);
                }
            }
            return PngImage.Tiled(tiles, glimpses.Count + 1, gap: 2);
        }
        finally
        {
            if (training) model.Train();
        }
    }

    /// <summary>A grey picture of probabilities in [0, 1] (black = 0), each image pixel a <see cref="Scale"/>-square.</summary>
    public static PngImage Grey(ReadOnlySpan<float> pixels, int width, int height) => PngImage.Grey(pixels, width, height, Scale);

    /// <summary>The rectangle through the centres of the window's corner pixels, clipped to the picture.</summary>
    private static void Box(PngImage frame, (double Left, double Top, double Right, double Bottom) bounds, (byte R, byte G, byte B) color)
    {
        if (!double.IsFinite(bounds.Left + bounds.Top + bounds.Right + bounds.Bottom)) return;
        // Clamped before the conversion: a window far outside the image must not overflow an int.
        int Screen(double pixel) => (int)Math.Round(Math.Clamp((pixel + 0.5) * Scale, -1e6, 1e6));
        int left = Screen(bounds.Left), top = Screen(bounds.Top), right = Screen(bounds.Right), bottom = Screen(bounds.Bottom);
        left = Math.Clamp(left, -1, frame.Width); right = Math.Clamp(right, -1, frame.Width);
        top = Math.Clamp(top, -1, frame.Height); bottom = Math.Clamp(bottom, -1, frame.Height);
        frame.Outline(left, top, Math.Max(1, right - left + 1), Math.Max(1, bottom - top + 1), color);
    }
}
