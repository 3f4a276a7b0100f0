using System.Text.Json;
using Uam.Tests;

namespace Uam.Runtime.Tests.Normalizers;

/// <summary>The project's specifications beside the checkout (../shared/reference).</summary>
internal static class SharedReference
{
    public static string PathOf(string file) => SharedFolder.PathOf(Path.Combine("reference", file));

    public static JsonElement GoldenVectors() =>
        JsonDocument.Parse(File.ReadAllText(PathOf("uam-golden-vectors.json"))).RootElement;

    public static double[] Flat(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Flat).ToArray(),
        _ => [element.GetDouble()],
    };

    public static long[] ShapeOf(JsonElement matrix) => [matrix.GetArrayLength(), matrix[0].GetArrayLength()];
}
