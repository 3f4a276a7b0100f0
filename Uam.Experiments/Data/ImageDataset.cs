namespace Uam.Experiments.Data;

/// <summary>A training and a test split of an MNIST-format dataset in a directory of IDX files.</summary>
internal sealed record ImageDataset(string Name, LabelledImages Train, LabelledImages Test)
{
    /// <summary>Where Debian's dataset-fashion-mnist package puts the files.</summary>
    public const string FashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Loads train-images/labels and t10k-images/labels (gzipped or raw) from <paramref name="directory"/>.</summary>
    public static ImageDataset Load(string directory, string? name = null)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException(
                $"Dataset directory '{directory}' does not exist." +
                (directory == FashionMnistDirectory ? " Install Fashion-MNIST with: sudo apt-get install dataset-fashion-mnist" : ""));
        return new ImageDataset(name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)),
            LabelledImages.Load(Find(directory, "train-images-idx3-ubyte"), Find(directory, "train-labels-idx1-ubyte")),
            LabelledImages.Load(Find(directory, "t10k-images-idx3-ubyte"), Find(directory, "t10k-labels-idx1-ubyte")));
    }

    private static string Find(string directory, string stem)
    {
        foreach (string candidate in new[] { stem + ".gz", stem, stem.Replace("-idx", ".idx") + ".gz", stem.Replace("-idx", ".idx") })
        {
            string path = Path.Combine(directory, candidate);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"'{directory}' has no {stem}(.gz) file.", Path.Combine(directory, stem + ".gz"));
    }
}
