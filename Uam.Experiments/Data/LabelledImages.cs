using Uam.Runtime;

namespace Uam.Experiments.Data;

/// <summary>Images with class labels, as read from a pair of IDX files: pixels are bytes, flattened row-major.</summary>
internal sealed class LabelledImages
{
    private LabelledImages(byte[] pixels, byte[] labels, int imageSize, int classes)
    {
        Pixels = pixels;
        Labels = labels;
        ImageSize = imageSize;
        Classes = classes;
    }

    /// <summary>Every image's bytes, one after the other.</summary>
    public byte[] Pixels { get; }

    /// <summary>One label per image.</summary>
    public byte[] Labels { get; }

    /// <summary>Pixels per image (784 for 28×28).</summary>
    public int ImageSize { get; }

    /// <summary>Number of classes; every label is below it.</summary>
    public int Classes { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Reads an images file and a labels file and checks that they fit together.</summary>
    public static LabelledImages Load(string imagesPath, string labelsPath, int classes = 10)
    {
        IdxFile images = IdxFile.Read(imagesPath);
        IdxFile labels = IdxFile.Read(labelsPath);
        if (images.Dimensions.Length < 2)
            throw new InvalidDataException($"'{imagesPath}' holds {images.Dimensions.Length}-D data, not images.");
        if (labels.Dimensions.Length != 1)
            throw new InvalidDataException($"'{labelsPath}' holds {labels.Dimensions.Length}-D data, not a list of labels.");
        if (images.Count != labels.Count)
            throw new InvalidDataException($"'{imagesPath}' has {images.Count} images but '{labelsPath}' has {labels.Count} labels.");
        for (int i = 0; i < labels.Data.Length; i++)
            if (labels.Data[i] >= classes)
                throw new InvalidDataException($"'{labelsPath}': label {labels.Data[i]} at index {i} is outside 0..{classes - 1}.");
        return new LabelledImages(images.Data, labels.Data, images.ItemSize, classes);
    }

    /// <summary>The images at <paramref name="indices"/>, in that order.</summary>
    public LabelledImages Subset(IReadOnlyList<int> indices)
    {
        var pixels = new byte[indices.Count * ImageSize];
        for (int i = 0; i < indices.Count; i++) Pixels.AsSpan(indices[i] * ImageSize, ImageSize).CopyTo(pixels.AsSpan(i * ImageSize));
        return new LabelledImages(pixels, indices.Select(i => Labels[i]).ToArray(), ImageSize, Classes);
    }

    /// <summary>Mean and standard deviation of all pixels scaled to [0, 1] (for standardisation).</summary>
    public (double Mean, double Std) PixelStatistics()
    {
        double sum = 0, sumOfSquares = 0;
        foreach (byte b in Pixels)
        {
            double v = b / 255.0;
            sum += v;
            sumOfSquares += v * v;
        }
        double mean = sum / Pixels.Length;
        return (mean, Math.Sqrt(sumOfSquares / Pixels.Length - mean * mean));
    }

    /// <summary>All images as a Float32 tensor [count, imageSize] of (pixel/255 − mean)/std.</summary>
    public Tensor ToTensor(double mean, double std)
    {
        var values = new float[Pixels.Length];
        for (int i = 0; i < values.Length; i++) values[i] = (float)((Pixels[i] / 255.0 - mean) / std);
        return torch.FromArray(values, [Count, ImageSize]);
    }

    /// <summary>The labels as an Int64 tensor.</summary>
    public Tensor LabelTensor() => torch.FromArray(Labels.Select(l => (long)l).ToArray());

    /// <summary>Images per class.</summary>
    public int[] ClassCounts(IEnumerable<int>? indices = null)
    {
        var counts = new int[Classes];
        foreach (int i in indices ?? Enumerable.Range(0, Count)) counts[Labels[i]]++;
        return counts;
    }
}
