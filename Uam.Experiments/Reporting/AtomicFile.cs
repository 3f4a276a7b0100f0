namespace Uam.Experiments.Reporting;

/// <summary>Writes a whole file or nothing: a temporary file beside it, then a rename over it.</summary>
internal static class AtomicFile
{
    public static void Write(string path, string content)
    {
        string temporary = path + $".{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
