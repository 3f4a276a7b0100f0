namespace Uam.Tests;

/// <summary>The project's shared folder beside the checkout (../shared: specifications and data that no package
/// ships), found by walking up from the test binaries.</summary>
internal static class SharedFolder
{
    /// <summary>The full path of a file or directory under shared/, e.g. <c>reference/uam-golden-vectors.json</c>.</summary>
    public static string PathOf(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "shared", relative);
            if (File.Exists(candidate) || Directory.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException(
            $"shared/{relative} was not found above {AppContext.BaseDirectory}; the tests expect the shared folder beside the checkout.", relative);
    }
}
