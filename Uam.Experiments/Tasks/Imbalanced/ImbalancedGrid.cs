using System.Globalization;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Tasks.Imbalanced;

/// <summary>One run of the study: a model, a normalizer, the number of down-sampled classes and a seed.</summary>
internal sealed record Cell(string Model, string Normalizer, int DownSampled, int Seed)
{
    public static Cell Of(RunPoint point) =>
        new(point[ImbalancedGrid.Model], point[ImbalancedGrid.Normalizer], point.Integer(ImbalancedGrid.DownSampled), point.Seed);

    /// <summary>A file-name-safe name, e.g. "ffnn-LN+RN-n4-s1" → "ffnn-LN_RN-n4-s1" (claims and trace files).</summary>
    public string FileName => string.Create(CultureInfo.InvariantCulture, $"{Model}-{Normalizer.Replace('+', '_')}-n{DownSampled}-s{Seed}");
}

/// <summary>The study's grid: axes seed, n, model, normalizer in that order (early results cover every normalizer).</summary>
internal static class ImbalancedGrid
{
    public const string Model = "model", Normalizer = "normalizer", DownSampled = "n";

    public static StudyGrid Of(ImbalancedOptions options) => new(
    [
        Axis.Of(Axis.Seed, options.Seeds), Axis.Of(DownSampled, options.DownSampled), Axis.Of(Model, options.Models),
        Axis.Of(Normalizer, options.Normalizers),
    ]);

    public static IReadOnlyList<Cell> Cells(ImbalancedOptions options) => Of(options).Points.Select(Cell.Of).ToList();
}
