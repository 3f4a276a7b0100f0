using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Uam.Runtime;

/// <summary>Reads and writes named tensors in the safetensors layout: an 8-byte little-endian header length,
/// a UTF-8 JSON header (<c>{"name": {"dtype": "F32", "shape": [..], "data_offsets": [b, e]}, "__metadata__": {..}}</c>),
/// then the raw little-endian data. We add a checksum of the data section to the metadata so that a
/// damaged file is reported rather than silently loaded; readers that do not know it ignore it.</summary>
public static class SafeTensorsFile
{
    /// <summary>Metadata key of the data checksum (FNV-1a, 64 bits, hex).</summary>
    public const string ChecksumKey = "uam.checksum.fnv1a64";

    /// <summary>Metadata key of the format version we write.</summary>
    public const string FormatKey = "uam.format";

    private const long MaxHeaderBytes = 100L << 20;

    /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/> via a temporary file renamed into place.</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var entries = tensors.ToList();
        var header = new JsonObject();
        var data = new List<byte[]>(entries.Count);
        long offset = 0;
        foreach (var (name, tensor) in entries)
        {
            if (name == "__metadata__") throw new ArgumentException("'__metadata__' is reserved and cannot name a tensor.", nameof(tensors));
            // A repeated name would overwrite the first entry's header while both data blocks are written: the first
            // tensor would vanish from the file without a word.
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("SafeTensorsFile.Write: a tensor has an empty name.", nameof(tensors));
            if (header.ContainsKey(name)) throw new ArgumentException($"SafeTensorsFile.Write: two tensors are named '{name}'.", nameof(tensors));
            Checks.NotNull("SafeTensorsFile.Write", $"tensor '{name}'", tensor);
            var bytes = new byte[tensor.ByteCount];
            tensor.CopyBytesTo(bytes);
            header[name] = new JsonObject
            {
                ["dtype"] = tensor.DType.FileCode(),
                ["shape"] = new JsonArray(tensor.ShapeView.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            data.Add(bytes);
            offset += bytes.Length;
        }
        var meta = new JsonObject { [FormatKey] = "1", [ChecksumKey] = Checksum(data).ToString("x16", CultureInfo.InvariantCulture) };
        if (metadata is not null)
            foreach (var (key, value) in metadata)
                if (key != ChecksumKey && key != FormatKey) meta[key] = value;
        header["__metadata__"] = meta;

        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padding = (8 - json.Length % 8) % 8;   // the spec allows trailing spaces; aligns the data section
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)(json.Length + padding));
                stream.Write(length);
                stream.Write(json);
                for (int i = 0; i < padding; i++) stream.WriteByte((byte)' ');
                foreach (byte[] chunk in data) stream.Write(chunk);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Reads every tensor (as CPU tensors the caller owns) and the metadata of a file.</summary>
    public static (List<KeyValuePair<string, Tensor>> Tensors, Dictionary<string, string> Metadata) Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No state dict file at '{path}'.", path);
        byte[] file = File.ReadAllBytes(path);
        InvalidDataException Corrupt(string why) => new($"'{path}' is not a valid state dict file: {why}.");

        if (file.Length < 8) throw Corrupt($"it has {file.Length} bytes, fewer than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > (ulong)Math.Min(MaxHeaderBytes, file.Length - 8))
            throw Corrupt($"the header length {headerLength} exceeds the file ({file.Length} bytes); it is truncated or not in the format");
        int dataStart = 8 + (int)headerLength;
        ReadOnlySpan<byte> dataSection = file.AsSpan(dataStart);

        JsonObject header;
        try
        {
            header = JsonNode.Parse(file.AsSpan(8, (int)headerLength))?.AsObject() ?? throw Corrupt("the header is empty");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw Corrupt($"the header is not a JSON object ({e.Message})");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (header["__metadata__"] is JsonObject meta)
            foreach (var (key, value) in meta)
                metadata[key] = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString() ?? "";

        var layout = new List<(string Name, ScalarType DType, long[] Shape, long Begin, long End)>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__") continue;
            layout.Add(ParseEntry(name, node, dataSection.Length, Corrupt));
        }
        if (metadata.TryGetValue(ChecksumKey, out string? expected))
        {
            long used = layout.Count == 0 ? 0 : layout.Max(e => e.End);
            string actual = Checksum([dataSection[..(int)used].ToArray()]).ToString("x16", CultureInfo.InvariantCulture);
            if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
                throw Corrupt($"the data does not match its checksum (stored {expected}, computed {actual}); the file is damaged");
        }

        var tensors = new List<KeyValuePair<string, Tensor>>(layout.Count);
        try
        {
            foreach (var (name, dtype, shape, begin, end) in layout)
                tensors.Add(new(name, Tensor.FromBytes(dataSection[(int)begin..(int)end], shape, dtype).DetachFromDisposeScope()));
        }
        catch
        {
            foreach (var (_, t) in tensors) t.Dispose();
            throw;
        }
        return (tensors, metadata);
    }

    private static (string, ScalarType, long[], long, long) ParseEntry(string name, JsonNode? node, int dataLength,
        Func<string, InvalidDataException> corrupt)
    {
        try
        {
            if (node is not JsonObject entry) throw corrupt($"entry '{name}' is not an object");
            string code = entry["dtype"]?.GetValue<string>() ?? throw corrupt($"entry '{name}' has no dtype");
            ScalarType dtype = ScalarTypes.FromFileCode(code) ?? throw corrupt($"entry '{name}' has unsupported dtype '{code}'");
            long[] shape = (entry["shape"] as JsonArray ?? throw corrupt($"entry '{name}' has no shape"))
                .Select(d => d?.GetValue<long>() ?? -1).ToArray();
            if (shape.Any(d => d < 0)) throw corrupt($"entry '{name}' has a negative size in its shape");
            var offsets = entry["data_offsets"] as JsonArray ?? throw corrupt($"entry '{name}' has no data_offsets");
            if (offsets.Count != 2) throw corrupt($"entry '{name}' needs two data_offsets");
            long begin = offsets[0]!.GetValue<long>(), end = offsets[1]!.GetValue<long>();
            long expectedBytes = shape.Aggregate(1L, (a, b) => a * b) * dtype.ElementSize();
            if (begin < 0 || end < begin || end > dataLength)
                throw corrupt($"entry '{name}' spans bytes [{begin}, {end}) but the data section has {dataLength}; the file is truncated");
            if (end - begin != expectedBytes)
                throw corrupt($"entry '{name}' has {end - begin} bytes but {code}{Checks.Format(shape)} needs {expectedBytes}");
            return (name, dtype, shape, begin, end);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw corrupt($"entry '{name}' is malformed ({e.Message})");
        }
    }

    private static ulong Checksum(IEnumerable<byte[]> chunks)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte[] chunk in chunks)
            foreach (byte b in chunk)
            {
                hash ^= b;
                hash *= 1099511628211UL;
            }
        return hash;
    }
}
