using System.Text.Json;

namespace Uam.Runtime.Tests.Normalizers;

/// <summary>The project's specifications beside the checkout (../shared/reference), found by walking up
/// from the test binaries.</summary>
internal static class SharedReference
{
    public static string PathOf(string file)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "shared", "reference", file);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException(
            $"shared/reference/{file} was not found above {AppContext.BaseDirectory}; the tests expect the shared folder beside the checkout.", file);
    }

    public static JsonElement GoldenVectors() =>
        JsonDocument.Parse(File.ReadAllText(PathOf("uam-golden-vectors.json"))).RootElement;

    public static double[] Flat(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Flat).ToArray(),
        _ => [element.GetDouble()],
    };

    public static long[] ShapeOf(JsonElement matrix) => [matrix.GetArrayLength(), matrix[0].GetArrayLength()];
}
