using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Uam.Environments.Rendering;

/// <summary>An 8-bit RGB picture that encodes itself as PNG (signature, IHDR, one zlib IDAT of unfiltered rows, IEND; each
/// chunk with its CRC-32), so that environments can be looked at without an imaging library.</summary>
public sealed class PngImage
{
    private readonly byte[] _pixels;

    public PngImage(int width, int height)
    {
        if (width < 1 || height < 1 || (long)width * height > 1 << 26)
            throw new ArgumentOutOfRangeException(nameof(width), $"a {width} × {height} picture is empty or too large");
        (Width, Height) = (width, height);
        _pixels = new byte[width * height * 3];
    }

    public int Width { get; }

    public int Height { get; }

    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            int i = Index(x, y);
            return (_pixels[i], _pixels[i + 1], _pixels[i + 2]);
        }
        set
        {
            int i = Index(x, y);
            (_pixels[i], _pixels[i + 1], _pixels[i + 2]) = value;
        }
    }

    private int Index(int x, int y) =>
        x >= 0 && x < Width && y >= 0 && y < Height ? (y * Width + x) * 3 : throw new ArgumentOutOfRangeException(nameof(x), $"({x}, {y}) is outside the {Width} × {Height} picture");

    /// <summary>Fills the rectangle, clipped to the picture.</summary>
    public void Fill(int x, int y, int width, int height, (byte R, byte G, byte B) color)
    {
        for (int j = Math.Max(0, y); j < Math.Min(Height, y + height); j++)
            for (int i = Math.Max(0, x); i < Math.Min(Width, x + width); i++)
                this[i, j] = color;
    }

    /// <summary>Draws the one-pixel border of the rectangle, the parts inside the picture only (a window partly outside the
    /// image keeps its visible edges).</summary>
    public void Outline(int x, int y, int width, int height, (byte R, byte G, byte B) color)
    {
        if (width < 1 || height < 1) return;
        int right = x + width - 1, bottom = y + height - 1;
        Fill(x, y, width, 1, color);
        Fill(x, bottom, width, 1, color);
        Fill(x, y, 1, height, color);
        Fill(right, y, 1, height, color);
    }

    /// <summary>A grey picture of values in [0, 1] (black = 0, white = 1; values outside are clamped), row-major
    /// <paramref name="width"/> × <paramref name="height"/>, each value a <paramref name="scale"/>-pixel square.</summary>
    public static PngImage Grey(ReadOnlySpan<float> values, int width, int height, int scale)
    {
        if (values.Length != (long)width * height) throw new ArgumentException($"{values.Length} values do not make a {width} × {height} picture", nameof(values));
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        var picture = new PngImage(width * scale, height * scale);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                byte v = (byte)Math.Round(255 * Math.Clamp(values[y * width + x], 0f, 1f));
                picture.Fill(x * scale, y * scale, scale, scale, (v, v, v));
            }
        return picture;
    }

    /// <summary>Pictures one below the other, left-aligned, <paramref name="gap"/> pixels apart on a white background, each
    /// with its own height (panels of a figure).</summary>
    public static PngImage Stacked(IReadOnlyList<PngImage> pictures, int gap = 0)
    {
        ArgumentNullException.ThrowIfNull(pictures);
        if (pictures.Count == 0) throw new ArgumentException("there is nothing to stack", nameof(pictures));
        ArgumentOutOfRangeException.ThrowIfNegative(gap);
        var stacked = new PngImage(pictures.Max(p => p.Width), pictures.Sum(p => p.Height) + gap * (pictures.Count - 1));
        stacked.Fill(0, 0, stacked.Width, stacked.Height, (255, 255, 255));
        int top = 0;
        foreach (var picture in pictures)
        {
            for (int y = 0; y < picture.Height; y++)
                Array.Copy(picture._pixels, y * picture.Width * 3, stacked._pixels, (top + y) * stacked.Width * 3, picture.Width * 3);
            top += picture.Height + gap;
        }
        return stacked;
    }

    /// <summary>Pictures laid out in rows of <paramref name="columns"/>, in order, <paramref name="gap"/> pixels apart on a
    /// white background; every cell is as large as the largest picture (a film strip of an episode).</summary>
    public static PngImage Tiled(IReadOnlyList<PngImage> pictures, int columns, int gap = 0)
    {
        ArgumentNullException.ThrowIfNull(pictures);
        if (pictures.Count == 0) throw new ArgumentException("there is nothing to lay out", nameof(pictures));
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(gap);
        int cellWidth = pictures.Max(p => p.Width), cellHeight = pictures.Max(p => p.Height);
        int across = Math.Min(columns, pictures.Count), down = (pictures.Count + columns - 1) / columns;
        var sheet = new PngImage(across * cellWidth + (across - 1) * gap, down * cellHeight + (down - 1) * gap);
        sheet.Fill(0, 0, sheet.Width, sheet.Height, (255, 255, 255));
        for (int k = 0; k < pictures.Count; k++)
        {
            int left = k % columns * (cellWidth + gap), top = k / columns * (cellHeight + gap);
            PngImage picture = pictures[k];
            for (int y = 0; y < picture.Height; y++)
                Array.Copy(picture._pixels, y * picture.Width * 3, sheet._pixels, ((top + y) * sheet.Width + left) * 3, picture.Width * 3);
        }
        return sheet;
    }

    public byte[] Encode()
    {
        using var file = new MemoryStream();
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Height);
        header[8] = 8;   // bits per channel
        header[9] = 2;   // truecolour RGB; compression, filter and interlace methods 0
        WriteChunk(file, "IHDR", header);
        using (var data = new MemoryStream())
        {
            using (var zlib = new ZLibStream(data, CompressionLevel.Optimal, leaveOpen: true))
                for (int y = 0; y < Height; y++)
                {
                    zlib.WriteByte(0);   // filter type 0: the row as is
                    zlib.Write(_pixels, y * Width * 3, Width * 3);
                }
            WriteChunk(file, "IDAT", data.ToArray());
        }
        WriteChunk(file, "IEND", []);
        return file.ToArray();
    }

    public void Save(string path) => File.WriteAllBytes(path, Encode());

    private static void WriteChunk(Stream file, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        file.Write(word);
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        file.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
        file.Write(word);
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    /// <summary>The CRC-32 of PNG (and zlib's crc32): reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF.</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint c = 0xFFFFFFFFu;
        foreach (byte b in bytes) c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }
}
