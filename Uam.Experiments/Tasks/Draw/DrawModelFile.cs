using System.Text.Json;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Draw;

/// <summary>A trained DRAW model on disk: its parameters and slot states (safetensors) with what it takes to rebuild it in
/// the metadata (the configuration, the shape, the filterbank, the variant), so that <c>uam draw sample</c> generates
/// from any variant's file (the original's generator loads only the plain model, flaw 46).</summary>
internal static class DrawModelFile
{
    private const string ConfigurationKey = "draw.configuration", ShapeKey = "draw.shape", FilterbankKey = "draw.filterbank", NormalizerKey = "draw.normalizer";

    public static Dictionary<string, string> Metadata(bool faithful, DrawSettings settings, string normalizer) => new()
    {
        [ConfigurationKey] = faithful ? "faithful" : "default",
        [ShapeKey] = JsonSerializer.Serialize(settings.Shape),
        [FilterbankKey] = settings.Filterbank.ToString(),
        [NormalizerKey] = normalizer,
    };

    /// <summary>Rebuilds the model saved at <paramref name="path"/>; errors name the file and what is missing or wrong.</summary>
    public static (DrawModel Model, string Normalizer) Load(string path)
    {
        using StateDict saved = StateDict.Load(path);
        string Get(string key) => saved.Metadata.TryGetValue(key, out string? value)
            ? value : throw new InvalidDataException($"{path}: not a DRAW model file of uam draw (no '{key}' in its metadata).");
        bool faithful = Get(ConfigurationKey) switch
        {
            "faithful" => true, "default" => false,
            var other => throw new InvalidDataException($"{path}: unknown configuration '{other}'."),
        };
        DrawShape shape;
        try
        {
            shape = JsonSerializer.Deserialize<DrawShape>(Get(ShapeKey)) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the model's shape '{Get(ShapeKey)}' does not parse ({e.Message}).", e);
        }
        if (!Enum.TryParse(Get(FilterbankKey), out nn.FilterbankVariant filterbank) || !Enum.IsDefined(filterbank))
            throw new InvalidDataException($"{path}: unknown filterbank '{Get(FilterbankKey)}'.");
        string normalizer = Get(NormalizerKey);
        Kind kind;
        try
        {
            kind = DrawOptions.KindOf(normalizer);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: unknown variant '{normalizer}'.", e);
        }
        using var generator = new Generator(0);
        var model = new DrawModel(shape, kind, DrawSettings.For(faithful).Regularity, filterbank, generator);
        try
        {
            model.LoadStateDict(saved);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        return (model, normalizer);
    }
}
