using System.Buffers.Binary;
using System.IO.Compression;

namespace Uam.Experiments.Tests;

/// <summary>Writes IDX files for tests (the inverse of the reader, kept independent of it).</summary>
internal static class IdxWriter
{
    public static byte[] Bytes(int[] dimensions, byte[] data)
    {
        var bytes = new byte[4 + 4 * dimensions.Length + data.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)dimensions.Length;
        for (int i = 0; i < dimensions.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dimensions[i]);
        data.CopyTo(bytes, 4 + 4 * dimensions.Length);
        return bytes;
    }

    public static void Write(string path, int[] dimensions, byte[] data, bool gzip)
    {
        byte[] bytes = Bytes(dimensions, data);
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return;
        }
        using var file = File.Create(path);
        using var zip = new GZipStream(file, CompressionLevel.Fastest);
        zip.Write(bytes);
    }
}
