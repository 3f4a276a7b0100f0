using System.Buffers.Binary;
using System.Text;
using Uam.Runtime;
using Xunit;
using static Uam.Runtime.Tests.TestSupport;

namespace Uam.Runtime.Tests.Serialization;

public sealed class SerializationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("uam-serialization-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => System.IO.Path.Combine(_directory, name);

    private static nn.Sequential Model(ulong seed)
    {
        using var gen = new Generator(seed);
        return new nn.Sequential(new nn.Linear(6, 5, generator: gen), new nn.BatchNorm1d(5), new nn.ReLU(),
            new nn.WeightNormLinear(5, 3, generator: gen));
    }

    [Fact]
    public void A_saved_model_loads_back_bit_exact()
    {
        using var original = Model(1);
        using (var x = torch.Randn([4, 6])) using (original.Forward(x)) { }   // move batch-norm statistics off their defaults
        string path = PathOf("model.safetensors");
        original.Save(path, new Dictionary<string, string> { ["seed"] = "1" });

        using var restored = Model(2);
        restored.Load(path);
        foreach (var ((name, a), (_, b)) in original.StateDict().Zip(restored.StateDict()))
        {
            Assert.Equal(a.DType, b.DType);
            Assert.Equal(a.Shape, b.Shape);
            Assert.True(a.ToDoubleArray().SequenceEqual(b.ToDoubleArray()), $"{name} differs after the round trip");
        }
        using var loaded = StateDict.Load(path);
        Assert.Equal("1", loaded.Metadata["seed"]);
        Assert.Equal("1", loaded.Metadata[SafeTensorsFile.FormatKey]);
    }

    [Fact]
    public void Every_dtype_and_odd_shapes_round_trip()
    {
        using var dict = new StateDict(ownsTensors: true);
        dict.Add("f32", torch.FromArray(new float[] { 1.5f, float.NaN, float.NegativeInfinity }).DetachFromDisposeScope());
        dict.Add("f64", torch.FromArray(new double[] { double.Epsilon, -0.0 }, [2, 1]).DetachFromDisposeScope());
        dict.Add("i64", torch.FromArray(new long[] { long.MinValue }).DetachFromDisposeScope());
        dict.Add("i32", torch.FromArray(new int[] { 1, 2, 3, 4 }, [2, 2]).DetachFromDisposeScope());
        dict.Add("u8", torch.FromArray(new byte[] { 0, 255 }).DetachFromDisposeScope());
        dict.Add("bool", torch.FromArray(new[] { true, false }).DetachFromDisposeScope());
        dict.Add("scalar", torch.Scalar(7, ScalarType.Float64).DetachFromDisposeScope());
        dict.Add("empty", torch.Zeros([0, 3]).DetachFromDisposeScope());
        string path = PathOf("all.safetensors");
        dict.Save(path);
        using var back = StateDict.Load(path);
        Assert.Equal(dict.Keys, back.Keys);
        foreach (var (name, tensor) in dict)
        {
            Assert.Equal(tensor.DType, back[name].DType);
            Assert.Equal(tensor.Shape, back[name].Shape);
            var expected = new byte[tensor.ByteCount];
            var actual = new byte[back[name].ByteCount];
            tensor.CopyBytesTo(expected);
            back[name].CopyBytesTo(actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void The_format_matches_the_checked_in_golden_file()
    {
        using var dict = new StateDict(ownsTensors: true);
        dict.Add("weight", torch.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]).DetachFromDisposeScope());
        dict.Add("steps", torch.FromArray(new long[] { 42 }, []).DetachFromDisposeScope());
        string path = PathOf("golden.safetensors");
        dict.Save(path, new Dictionary<string, string> { ["note"] = "golden" });
        byte[] golden = File.ReadAllBytes(System.IO.Path.Combine(AppContext.BaseDirectory, "Golden", "golden.safetensors"));
        Assert.Equal(golden, File.ReadAllBytes(path));
        using var loaded = StateDict.Load(System.IO.Path.Combine(AppContext.BaseDirectory, "Golden", "golden.safetensors"));
        Close([1, 2, 3, 4, 5, 6], loaded["weight"]);
        Assert.Equal(42, loaded["steps"].Item<long>());
    }

    [Fact]
    public void A_missing_file_names_its_path()
    {
        using var model = Model(1);
        string path = PathOf("absent.safetensors");
        var e = Assert.Throws<FileNotFoundException>(() => model.Load(path));
        Assert.Equal(path, e.FileName);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Truncated_garbled_or_damaged_files_are_refused_with_the_reason()
    {
        using var model = Model(1);
        string path = PathOf("model.safetensors");
        model.Save(path);
        byte[] good = File.ReadAllBytes(path);

        File.WriteAllBytes(path, good[..(good.Length - 10)]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => model.Load(path)).Message);

        File.WriteAllBytes(path, good[..5]);
        Assert.Contains("fewer than the 8-byte header", Assert.Throws<InvalidDataException>(() => model.Load(path)).Message);

        byte[] garbled = (byte[])good.Clone();
        garbled[8] = (byte)'#';
        File.WriteAllBytes(path, garbled);
        Assert.Contains("not a JSON object", Assert.Throws<InvalidDataException>(() => model.Load(path)).Message);

        byte[] flipped = (byte[])good.Clone();
        flipped[^3] ^= 0x40;
        File.WriteAllBytes(path, flipped);
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => model.Load(path)).Message);

        byte[] hugeHeader = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(hugeHeader, ulong.MaxValue);
        File.WriteAllBytes(path, hugeHeader);
        Assert.Contains("header length", Assert.Throws<InvalidDataException>(() => model.Load(path)).Message);
    }

    [Fact]
    public void A_mismatched_file_reports_every_problem_at_once()
    {
        string path = PathOf("other.safetensors");
        using (var other = new nn.Sequential(new nn.Linear(6, 4), new nn.ReLU())) other.Save(path);
        using var model = Model(1);
        var e = Assert.Throws<StateDictMismatchException>(() => model.Load(path));
        Assert.Contains("'0.weight' is Float32[4,6] in the source but Float32[5,6]", e.Message);
        Assert.Contains("missing: '1.weight'", e.Message);
        Assert.Contains(path, e.Message);
        Assert.Contains("0.bias", e.Mismatches.Single(m => m.Contains("0.bias")));
    }

    [Fact]
    public void A_non_strict_load_reports_missing_and_unexpected_entries()
    {
        string path = PathOf("partial.safetensors");
        using (var dict = new StateDict(ownsTensors: true))
        {
            dict.Add("0.bias", torch.Full([5], 0.25).DetachFromDisposeScope());
            dict.Add("extra", torch.Zeros([1]).DetachFromDisposeScope());
            dict.Save(path);
        }
        using var model = Model(1);
        Assert.Throws<StateDictMismatchException>(() => model.Load(path));
        var result = model.Load(path, strict: false);
        Assert.Equal(["extra"], result.UnexpectedKeys);
        Assert.Contains("0.weight", result.MissingKeys);
        Close(Enumerable.Repeat(0.25, 5).ToArray(), model.StateDict()["0.bias"]);
    }

    [Fact]
    public void Saving_is_atomic_and_leaves_no_temporary_files()
    {
        using var model = Model(1);
        string path = PathOf("atomic.safetensors");
        model.Save(path);
        model.Save(path);   // overwriting an existing file replaces it whole
        Assert.Equal(["atomic.safetensors"], Directory.GetFiles(_directory).Select(System.IO.Path.GetFileName));
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(path));
        Assert.Equal(0, headerLength % 8);   // the data section is 8-byte aligned
        Assert.StartsWith("{\"0.weight\":{\"dtype\":\"F32\"", Encoding.UTF8.GetString(File.ReadAllBytes(path), 8, headerLength));
    }
}
