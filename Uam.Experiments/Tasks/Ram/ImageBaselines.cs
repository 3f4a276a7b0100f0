using Uam.Runtime;

namespace Uam.Experiments.Tasks.Ram;

/// <summary>A classifier of canvases [B, H, W] (the RAM and the baselines it is compared with).</summary>
internal interface IImageClassifier
{
    /// <summary>Class logits [B, classes]; <paramref name="noise"/> serves models that sample.</summary>
    Tensor Logits(Tensor images, Generator noise);
}

/// <summary>The RAM paper's baselines on translated images, on the same budget: a two-layer perceptron (256, 256, ReLU) over
/// every pixel, and a small convolutional network (16 and 32 filters of 5 × 5, ReLU, 2 × 2 max pooling, 256 hidden).</summary>
internal sealed class ImageBaseline : nn.Module, IImageClassifier
{
    private readonly nn.Sequential _layers;

    private ImageBaseline(nn.Sequential layers, bool convolutional) => (_layers, IsConvolutional) = (RegisterModule("layers", layers), convolutional);

    public static ImageBaseline Perceptron(int canvas, int classes, Generator generator) => new(new nn.Sequential(
        new nn.Linear(canvas * canvas, 256, generator: generator), new nn.ReLU(), new nn.Linear(256, 256, generator: generator), new nn.ReLU(),
        new nn.Linear(256, classes, generator: generator)), convolutional: false);

    public static ImageBaseline Convolutional(int canvas, int classes, Generator generator)
    {
        int side = ((canvas - 4) / 2 - 4) / 2;
        return new(new nn.Sequential(
            new nn.Conv2d(1, 16, (5, 5), generator: generator), new nn.ReLU(), new nn.MaxPool2d(2),
            new nn.Conv2d(16, 32, (5, 5), generator: generator), new nn.ReLU(), new nn.MaxPool2d(2),
            new nn.Flatten(), new nn.Linear(32 * side * side, 256, generator: generator), new nn.ReLU(), new nn.Linear(256, classes, generator: generator)),
            convolutional: true);
    }

    /// <summary>Whether the images go in as [B, 1, H, W] (else flattened).</summary>
    public bool IsConvolutional { get; }

    public Tensor Logits(Tensor images, Generator noise) =>
        _layers.Forward(IsConvolutional ? images.Unsqueeze(1) : images.Flatten(1));
}
