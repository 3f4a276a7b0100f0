using Uam.Environments.Rendering;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Ram;

/// <summary>Where the RAM looked: test canvases, each with the innermost patch of every glimpse outlined, coloured from red
/// (the first glimpse) to green (the last), and the canvas's class and the model's answer beside it in the report.</summary>
internal static class RamPictures
{
    public const int Scale = 3, Count = 8;

    public static string PathOf(string outputDirectory, string runName) => Path.Combine(outputDirectory, "glimpses", runName + ".png");

    public static (byte R, byte G, byte B) ColourOf(int glimpse, int glimpses)
    {
        double f = glimpses == 1 ? 1 : (double)glimpse / (glimpses - 1);
        return ((byte)Math.Round(230 * (1 - f)), (byte)Math.Round(200 * f), 40);
    }

    public static PngImage Glimpses(RecurrentAttentionModel model, TranslatedImages test, int count, int seed)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.NoGrad();
        using var noise = new Generator((ulong)seed + 5_000_000);
        bool training = model.IsTraining;
        model.Eval();
        try
        {
            count = Math.Min(count, test.Count);
            var (canvases, _) = test.Batch(Enumerable.Range(0, count).ToArray(), 0, -1);
            var episode = model.Run(canvases, noise);
            float[] pixels = canvases.ToArray<float>();
            var locations = episode.Locations.Select(l => l.ToDoubleArray()).ToList();
            int side = test.Canvas, area = side * side;
            var tiles = new List<PngImage>();
            for (int b = 0; b < count; b++)
            {
                var tile = PngImage.Grey(pixels.AsSpan(b * area, area), side, side, Scale);
                for (int t = 0; t < locations.Count; t++)
                {
                    var (row, column) = nn.GlimpseSensor.Centre(locations[t][2 * b], locations[t][2 * b + 1], side, side);
                    int half = RecurrentAttentionModel.PatchSize / 2;
                    tile.Outline((column - half) * Scale, (row - half) * Scale, RecurrentAttentionModel.PatchSize * Scale, RecurrentAttentionModel.PatchSize * Scale,
                        ColourOf(t, locations.Count));
                }
                tiles.Add(tile);
            }
            return PngImage.Tiled(tiles, 4, gap: 4);
        }
        finally
        {
            if (training) model.Train();
        }
    }
}
