using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Uam.Environments.MiniGrid;
using Uam.Environments.Rendering;
using Xunit;

namespace Uam.Environments.Tests;

/// <summary>The PNG encoder read back by an independent decoder (chunk CRCs, the IHDR fields, unfiltered rows), the CRC
/// against its published check values, and the MiniGrid pictures' pixels where the grid says what should be there.</summary>
public class PictureTests
{
    /// <summary>Reads a PNG of 8-bit RGB rows with filter 0: checks every chunk's CRC and returns the pixels.</summary>
    private static (int Width, int Height, byte[] Rgb) Decode(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int width = 0, height = 0;
        var data = new MemoryStream();
        var types = new List<string>();
        for (int at = 8; at < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = Encoding.ASCII.GetString(png, at + 4, 4);
            byte[] body = png[(at + 8)..(at + 8 + length)];
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(crc, PngImage.Crc32(png.AsSpan(at + 4, 4 + length)));
            types.Add(type);
            if (type == "IHDR")
            {
                (width, height) = (BinaryPrimitives.ReadInt32BigEndian(body), BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(4)));
                Assert.Equal(new byte[] { 8, 2, 0, 0, 0 }, body[8..]);
            }
            if (type == "IDAT") data.Write(body);
            at += 12 + length;
        }
        Assert.Equal(["IHDR", "IDAT", "IEND"], types);
        data.Position = 0;
        using var zlib = new ZLibStream(data, CompressionMode.Decompress);
        var raw = new MemoryStream();
        zlib.CopyTo(raw);
        byte[] rows = raw.ToArray();
        Assert.Equal(height * (1 + width * 3), rows.Length);
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            Assert.Equal(0, rows[y * (1 + width * 3)]);
            Array.Copy(rows, y * (1 + width * 3) + 1, rgb, y * width * 3, width * 3);
        }
        return (width, height, rgb);
    }

    private static (byte, byte, byte) Pixel((int Width, int Height, byte[] Rgb) image, int x, int y) =>
        (image.Rgb[(y * image.Width + x) * 3], image.Rgb[(y * image.Width + x) * 3 + 1], image.Rgb[(y * image.Width + x) * 3 + 2]);

    [Fact]
    public void The_CRC_is_PNGs()
    {
        Assert.Equal(0xCBF43926u, PngImage.Crc32(Encoding.ASCII.GetBytes("123456789")));   // the standard check value
        Assert.Equal(0xAE426082u, PngImage.Crc32(Encoding.ASCII.GetBytes("IEND")));        // every PNG's last four bytes
    }

    [Fact]
    public void A_picture_round_trips_through_PNG()
    {
        var picture = new PngImage(5, 3);
        picture.Fill(1, 0, 3, 2, (10, 200, 30));
        picture[4, 2] = (255, 1, 2);
        var decoded = Decode(picture.Encode());
        Assert.Equal((5, 3), (decoded.Width, decoded.Height));
        for (int y = 0; y < 3; y++)
            for (int x = 0; x < 5; x++)
                Assert.Equal(picture[x, y], Pixel(decoded, x, y));
        Assert.Equal(((byte)10, (byte)200, (byte)30), Pixel(decoded, 2, 1));
        Assert.Equal(((byte)0, (byte)0, (byte)0), Pixel(decoded, 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => picture[5, 0]);
    }

    [Fact]
    public void Tiled_pictures_sit_in_rows_with_white_gaps()
    {
        var pictures = Enumerable.Range(0, 5).Select(k =>
        {
            var p = new PngImage(3, 2);
            p.Fill(0, 0, 3, 2, ((byte)(10 * k), 0, 0));
            return p;
        }).ToList();
        pictures[4] = new PngImage(2, 1);   // a smaller last picture: its cell keeps the largest size, the rest white
        var sheet = Decode(PngImage.Tiled(pictures, columns: 2, gap: 1).Encode());
        Assert.Equal((2 * 3 + 1, 3 * 2 + 2), (sheet.Width, sheet.Height));
        Assert.Equal(((byte)0, (byte)0, (byte)0), Pixel(sheet, 0, 0));
        Assert.Equal(((byte)10, (byte)0, (byte)0), Pixel(sheet, 4, 1));      // picture 1: right of the 1-pixel gap
        Assert.Equal(((byte)255, (byte)255, (byte)255), Pixel(sheet, 3, 0));  // the gap
        Assert.Equal(((byte)30, (byte)0, (byte)0), Pixel(sheet, 6, 4));      // picture 3: second row, right
        Assert.Equal(((byte)0, (byte)0, (byte)0), Pixel(sheet, 1, 6));       // picture 4 (black), third row
        Assert.Equal(((byte)255, (byte)255, (byte)255), Pixel(sheet, 2, 6));  // beyond the smaller picture
        Assert.Throws<ArgumentException>(() => PngImage.Tiled([], 2));
    }

    [Fact]
    public void The_world_picture_shows_each_cell_where_the_grid_has_it()
    {
        var env = new RedBlueDoors(6);
        env.ResetWith(7, 3, 2, 1, 3);
        var image = Decode(MiniGridPicture.World(env, 16).Encode());
        Assert.Equal((12 * 16, 6 * 16), (image.Width, image.Height));
        (int, int) Centre(int x, int y) => (x * 16 + 8, y * 16 + 8);
        Assert.Equal(((byte)100, (byte)100, (byte)100), Pixel(image, Centre(0, 0).Item1, Centre(0, 0).Item2));   // wall
        Assert.Equal(((byte)255, (byte)0, (byte)0), Pixel(image, Centre(3, 1).Item1, Centre(3, 1).Item2));       // closed red door
        Assert.Equal(((byte)0, (byte)0, (byte)255), Pixel(image, Centre(8, 3).Item1, Centre(8, 3).Item2));       // closed blue door
        Assert.Equal(((byte)0, (byte)0, (byte)0), Pixel(image, Centre(5, 2).Item1, Centre(5, 2).Item2));         // floor
        // The agent at (7, 3) faces left: its triangle's tip is near the cell's left edge, its back corners on the right.
        Assert.Equal(((byte)255, (byte)0, (byte)0), Pixel(image, 7 * 16 + 3, 3 * 16 + 8));
        Assert.Equal(((byte)0, (byte)0, (byte)0), Pixel(image, 7 * 16 + 3, 3 * 16 + 2));
        Assert.Equal(((byte)255, (byte)0, (byte)0), Pixel(image, 7 * 16 + 13, 3 * 16 + 3));
        env.Step(0);
        env.Step(0);
        env.Step(5);   // the blue door opens: its cell becomes an outline
        var opened = Decode(MiniGridPicture.World(env, 16).Encode());
        Assert.Equal(((byte)0, (byte)0, (byte)0), Pixel(opened, Centre(8, 3).Item1, Centre(8, 3).Item2));
        Assert.Equal(((byte)0, (byte)0, (byte)255), Pixel(opened, 8 * 16 + 1, 3 * 16 + 8));
    }

    [Fact]
    public void The_view_picture_darkens_what_the_agent_cannot_see()
    {
        var env = new RedBlueDoors(6);
        var image = Decode(MiniGridPicture.View(env.ResetWith(7, 3, 2, 1, 3), 8).Encode());
        Assert.Equal((56, 56), (image.Width, image.Height));
        Assert.Equal(((byte)40, (byte)40, (byte)40), Pixel(image, 0 * 8 + 4, 6 * 8 + 4));     // vx 0 is hidden
        Assert.Equal(((byte)255, (byte)0, (byte)0), Pixel(image, 5 * 8 + 4, 2 * 8 + 4));      // the red door at (vx 5, vy 2)
        Assert.Equal(((byte)100, (byte)100, (byte)100), Pixel(image, 1 * 8 + 4, 4 * 8 + 4));  // a wall
        Assert.Equal(((byte)255, (byte)0, (byte)0), Pixel(image, 3 * 8 + 4, 6 * 8 + 4));      // the agent
    }
}
