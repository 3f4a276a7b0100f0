using Uam.Experiments.Data;
using Uam.Tests;
using Xunit;

namespace Uam.Experiments.Tests;

/// <summary>Dataset files: IDX parsing, labelled images and the dataset directory (with its test-set split).</summary>
public sealed class DatasetFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new("uam-dataset-");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_valid_file_is_read_raw_or_gzipped(bool gzip)
    {
        string path = _directory.Combine("images");
        byte[] pixels = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)i).ToArray();
        IdxWriter.Write(path, [2, 3, 4], pixels, gzip);
        IdxFile file = IdxFile.Read(path);
        Assert.Equal([2, 3, 4], file.Dimensions);
        Assert.Equal(2, file.Count);
        Assert.Equal(12, file.ItemSize);
        Assert.Equal(pixels, file.Data);
    }

    [Fact]
    public void A_truncated_file_says_how_many_bytes_are_missing()
    {
        byte[] bytes = IdxWriter.Bytes([10], new byte[10])[..^3];
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Parse("labels", bytes));
        Assert.Contains("truncated: the header promises 10 data bytes (10), the file has 7", e.Message);
        Assert.Contains("'labels'", e.Message);
    }

    [Fact]
    public void A_wrong_magic_number_is_refused()
    {
        byte[] bytes = IdxWriter.Bytes([4], new byte[4]);
        bytes[2] = 0x0D;   // float elements
        Assert.Contains("element type 0x0d", Assert.Throws<InvalidDataException>(() => IdxFile.Parse("f", bytes)).Message);
        bytes[0] = 0x50;
        Assert.Contains("magic number starts 50", Assert.Throws<InvalidDataException>(() => IdxFile.Parse("f", bytes)).Message);
        Assert.Contains("fewer than the 4-byte", Assert.Throws<InvalidDataException>(() => IdxFile.Parse("f", [0, 0])).Message);
        Assert.Contains("beyond", Assert.Throws<InvalidDataException>(() => IdxFile.Parse("f", [.. IdxWriter.Bytes([1], [7]), 9])).Message);
    }

    [Fact]
    public void A_missing_file_names_its_path()
    {
        string path = _directory.Combine("absent");
        Assert.Equal(path, Assert.Throws<FileNotFoundException>(() => IdxFile.Read(path)).FileName);
    }

    [Fact]
    public void Labels_outside_the_class_range_and_count_mismatches_are_refused()
    {
        string images = _directory.Combine("i"), labels = _directory.Combine("l");
        IdxWriter.Write(images, [3, 2, 2], new byte[12], gzip: false);
        IdxWriter.Write(labels, [3], [0, 12, 1], gzip: false);
        Assert.Contains("label 12 at index 1 is outside 0..9", Assert.Throws<InvalidDataException>(() => LabelledImages.Load(images, labels)).Message);
        IdxWriter.Write(labels, [2], [0, 1], gzip: false);
        Assert.Contains("has 3 images but", Assert.Throws<InvalidDataException>(() => LabelledImages.Load(images, labels)).Message);
    }

    [Fact]
    public void A_test_set_without_training_images_is_split_every_fifth_image()
    {
        byte[] labels = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
        byte[] pixels = Enumerable.Range(0, 10).SelectMany(i => Enumerable.Repeat((byte)(10 * i), 4)).ToArray();
        IdxWriter.Write(_directory.Combine("t10k-images-idx3-ubyte.gz"), [10, 2, 2], pixels, gzip: true);
        IdxWriter.Write(_directory.Combine("t10k-labels-idx1-ubyte"), [10], labels, gzip: false);

        Assert.False(ImageDataset.HasTrainingImages(_directory.Path));
        ImageDataset dataset = ImageDataset.Load(_directory.Path);
        Assert.Equal([3, 1, 4, 1, 9, 2, 6, 5], dataset.Train.Labels);
        Assert.Equal([5, 3], dataset.Test.Labels);   // images 4 and 9
        Assert.Equal([40, 40, 40, 40, 90, 90, 90, 90], dataset.Test.Pixels);
        Assert.Equal(4, dataset.Train.ImageSize);
        Assert.Equal(0, dataset.Train.Pixels[0]);
        Assert.Equal(50, dataset.Train.Pixels[4 * 4]);   // the 5th training image is image 5
    }

    [Fact]
    public void The_shared_MNIST_test_set_splits_into_8000_and_2000_images_with_the_documented_statistics()
    {
        ImageDataset mnist = ImageDataset.Load(SharedFolder.PathOf("data/mnist"), "mnist");
        Assert.Equal(8000, mnist.Train.Count);
        Assert.Equal(2000, mnist.Test.Count);
        // shared/data/mnist/README.md: test-label class counts and pixel statistics of the 10,000 test images.
        int[] counts = mnist.Train.ClassCounts().Zip(mnist.Test.ClassCounts(), (a, b) => a + b).ToArray();
        Assert.Equal([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], counts);
        (double trainMean, _) = mnist.Train.PixelStatistics();
        (double testMean, _) = mnist.Test.PixelStatistics();
        Assert.Equal(0.13251, (8000 * trainMean + 2000 * testMean) / 10000, 5);
    }
}
