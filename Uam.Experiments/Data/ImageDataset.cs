namespace Uam.Experiments.Data;

/// <summary>A training and a test split of an MNIST-format dataset in a directory of IDX files.</summary>
internal sealed record ImageDataset(string Name, LabelledImages Train, LabelledImages Test)
{
    /// <summary>Where Debian's dataset-fashion-mnist package puts the files.</summary>
    public const string FashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Every <c>TestSetSplitStride</c>-th image of a test-set-only directory is held out for testing.</summary>
    public const int TestSetSplitStride = 5;

    /// <summary>The IDX directory of a dataset named on the command line: fashion-mnist (Debian's package), mnist (the shared
    /// copy, ../shared/data/mnist), or the name itself as a directory.</summary>
    public static string DirectoryOf(string name) => name.ToLowerInvariant() switch
    {
        "fashion-mnist" => FashionMnistDirectory,
        "mnist" => Path.Combine("..", "shared", "data", "mnist"),
        _ => name,
    };

    /// <summary>Loads train-images/labels and t10k-images/labels (gzipped or raw) from <paramref name="directory"/>.
    /// A directory with a test set but no training images (the shared MNIST copy) gives the test-set split:
    /// see <see cref="HasTrainingImages"/>.</summary>
    public static ImageDataset Load(string directory, string? name = null)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException(
                $"Dataset directory '{directory}' does not exist." +
                (directory == FashionMnistDirectory ? " Install Fashion-MNIST with: sudo apt-get install dataset-fashion-mnist" : ""));
        name ??= Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        var test = LabelledImages.Load(Find(directory, "t10k-images-idx3-ubyte"), Find(directory, "t10k-labels-idx1-ubyte"));
        if (!HasTrainingImages(directory)) return TestSetSplit(name, test);
        return new ImageDataset(name, LabelledImages.Load(Find(directory, "train-images-idx3-ubyte"), Find(directory, "train-labels-idx1-ubyte")), test);
    }

    /// <summary>Whether <paramref name="directory"/> holds training images. Without them (the shared MNIST copy
    /// lacks its 60,000 training images) the test set is split: images whose index is 4 mod 5 are the test
    /// set, the others the training file. The split is fixed, independent of the seed, and takes from both
    /// halves of MNIST's test set (written by different people).</summary>
    public static bool HasTrainingImages(string directory) => TryFind(directory, "train-images-idx3-ubyte") is not null;

    private static ImageDataset TestSetSplit(string name, LabelledImages all)
    {
        int[] test = Enumerable.Range(0, all.Count).Where(i => i % TestSetSplitStride == TestSetSplitStride - 1).ToArray();
        int[] train = Enumerable.Range(0, all.Count).Where(i => i % TestSetSplitStride != TestSetSplitStride - 1).ToArray();
        return new ImageDataset(name, all.Subset(train), all.Subset(test));
    }

    private static string Find(string directory, string stem) =>
        TryFind(directory, stem) ?? throw new FileNotFoundException($"'{directory}' has no {stem}(.gz) file.", Path.Combine(directory, stem + ".gz"));

    private static string? TryFind(string directory, string stem) =>
        new[] { stem + ".gz", stem, stem.Replace("-idx", ".idx") + ".gz", stem.Replace("-idx", ".idx") }
            .Select(candidate => Path.Combine(directory, candidate)).FirstOrDefault(File.Exists);
}
