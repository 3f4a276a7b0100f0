using System.Buffers.Binary;
using System.IO.Compression;

namespace Uam.Experiments.Data;

/// <summary>An IDX file (the MNIST format): a big-endian header of magic number and dimension sizes,
/// then unsigned bytes. Gzip-compressed files are recognised by their own magic bytes.</summary>
internal sealed record IdxFile(int[] Dimensions, byte[] Data)
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Number of items (the first dimension).</summary>
    public int Count => Dimensions[0];

    /// <summary>Bytes per item (the product of the other dimensions).</summary>
    public int ItemSize => Dimensions.Skip(1).Aggregate(1, (a, b) => a * b);

    /// <summary>Reads and validates <paramref name="path"/>, naming the file and the problem on failure.</summary>
    public static IdxFile Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file not found: '{path}'.", path);
        byte[] raw = File.ReadAllBytes(path);
        byte[] bytes = raw.Length >= 2 && raw[0] == 0x1f && raw[1] == 0x8b ? Gunzip(path, raw) : raw;
        return Parse(path, bytes);
    }

    internal static IdxFile Parse(string path, byte[] bytes)
    {
        InvalidDataException Bad(string why) => new($"'{path}' is not a valid IDX file: {why}.");
        if (bytes.Length < 4) throw Bad($"it has {bytes.Length} bytes, fewer than the 4-byte magic number");
        if (bytes[0] != 0 || bytes[1] != 0)
            throw Bad($"the magic number starts {bytes[0]:x2} {bytes[1]:x2}, not 00 00");
        if (bytes[2] != UnsignedByteType)
            throw Bad($"element type 0x{bytes[2]:x2} is not supported (only 0x08, unsigned bytes)");
        int rank = bytes[3];
        if (rank == 0) throw Bad("it declares zero dimensions");
        int headerSize = 4 + 4 * rank;
        if (bytes.Length < headerSize) throw Bad($"the header of {rank} dimensions needs {headerSize} bytes, the file has {bytes.Length}");
        var dimensions = new int[rank];
        long expected = 1;
        for (int i = 0; i < rank; i++)
        {
            int size = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (size <= 0) throw Bad($"dimension {i} has size {size}");
            dimensions[i] = size;
            expected *= size;
        }
        long actual = bytes.Length - headerSize;
        if (actual < expected) throw Bad($"it is truncated: the header promises {expected} data bytes ({string.Join("x", dimensions)}), the file has {actual}");
        if (actual > expected) throw Bad($"it has {actual - expected} bytes beyond the {expected} its header declares");
        return new IdxFile(dimensions, bytes[headerSize..]);
    }

    private static byte[] Gunzip(string path, byte[] compressed)
    {
        try
        {
            using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is a damaged gzip file: {e.Message}", e);
        }
    }
}
