namespace Uam.Experiments.Tests;

/// <summary>A small MNIST-format dataset in IDX files: class c lights up pixel block c (plus noise), learnable
/// in one epoch when the class is seen.</summary>
internal sealed class SyntheticDataset : IDisposable
{
    private readonly TemporaryDirectory _directory = new("uam-synthetic-");

    public SyntheticDataset(int train = 1200, int test = 300)
    {
        Write("train", train, 1);
        Write("t10k", test, 2);
    }

    public string Directory => _directory.Path;

    private void Write(string prefix, int count, int seed)
    {
        var random = new Random(seed);
        var labels = new byte[count];
        var pixels = new byte[count * 784];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)(i % 10);
            for (int p = 0; p < 784; p++) pixels[i * 784 + p] = (byte)random.Next(0, 40);
            for (int p = labels[i] * 70; p < labels[i] * 70 + 70; p++) pixels[i * 784 + p] = 255;
        }
        IdxWriter.Write(Path.Combine(Directory, $"{prefix}-images-idx3-ubyte.gz"), [count, 28, 28], pixels, gzip: true);
        IdxWriter.Write(Path.Combine(Directory, $"{prefix}-labels-idx1-ubyte.gz"), [count], labels, gzip: true);
    }

    public void Dispose() => _directory.Dispose();
}
