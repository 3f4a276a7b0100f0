using Uam.Experiments.Data;
using Xunit;

namespace Uam.Experiments.Tests;

public sealed class IdxFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new("uam-idx-");

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
}
