using Uam.Experiments.Data;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Ram;

/// <summary>Translated images (Mnih et al. 2014, §4.1): each 28 × 28 image pasted at a uniformly random place on a blank
/// canvas (60 × 60 by default), pixels in [0, 1]. Training images move every epoch (a function of the seed, the epoch and
/// the image); the validation and test images have one place each, the same for every seed and model.</summary>
internal sealed class TranslatedImages(LabelledImages images, int canvas)
{
    public const int Side = 28;

    public LabelledImages Images { get; } = images.ImageSize == Side * Side ? images
        : throw new ArgumentException($"Translated images: the images have {images.ImageSize} pixels, not {Side} × {Side}.", nameof(images));

    /// <summary>The canvas's side.</summary>
    public int Canvas { get; } = canvas >= Side ? canvas : throw new ArgumentOutOfRangeException(nameof(canvas), canvas, $"The canvas must be at least {Side} pixels wide.");

    public int Count => Images.Count;

    /// <summary>The top-left corner of image <paramref name="index"/> on the canvas in <paramref name="epoch"/> (−1: the fixed
    /// place of a held-out image) for <paramref name="seed"/>.</summary>
    public (int Row, int Column) Place(int seed, int epoch, int index)
    {
        var random = new Random(Mix(epoch < 0 ? 0 : seed, epoch, index));
        int room = Canvas - Side + 1;
        return (random.Next(room), random.Next(room));
    }

    /// <summary>Canvases [n, canvas, canvas] and labels [n] of the images at <paramref name="indices"/>.</summary>
    public (Tensor Canvases, Tensor Labels) Batch(IReadOnlyList<int> indices, int seed, int epoch)
    {
        int area = Canvas * Canvas;
        var pixels = new float[indices.Count * area];
        var labels = new long[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            int index = indices[i];
            var (top, left) = Place(seed, epoch, index);
            var source = Images.Pixels.AsSpan(index * Side * Side, Side * Side);
            for (int y = 0; y < Side; y++)
                for (int x = 0; x < Side; x++) pixels[i * area + (top + y) * Canvas + left + x] = source[y * Side + x] / 255f;
            labels[i] = Images.Labels[index];
        }
        return (torch.FromArray(pixels, [indices.Count, Canvas, Canvas]), torch.FromArray(labels));
    }

    /// <summary>SplitMix64 of the three numbers: independent streams per (seed, epoch, image).</summary>
    private static int Mix(int seed, int epoch, int index)
    {
        ulong z = ((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)epoch << 32 | (uint)index);
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }
}
