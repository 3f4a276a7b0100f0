namespace Uam.Experiments.Reporting;

/// <summary>Writes a whole file or nothing: a temporary file beside it, then a rename over it.</summary>
internal static class AtomicFile
{
    public static void Write(string path, string content) => Write(path, temporary => File.WriteAllText(temporary, content));

    public static void Write(string path, byte[] content) => Write(path, temporary => File.WriteAllBytes(temporary, content));

    private static void Write(string path, Action<string> write)
    {
        string temporary = path + $".{Guid.NewGuid():N}.tmp";
        write(temporary);
        File.Move(temporary, path, overwrite: true);
    }
}
