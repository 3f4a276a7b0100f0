using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Uam.Experiments.Imbalanced;

/// <summary>results.jsonl: one JSON line per finished run, appended under an exclusive lock (parallel jobs and
/// shards on a shared file system write to it at once) and flushed to disk, so that a crash or Ctrl-C loses at
/// most the run in progress. A torn last line (the process died mid-write) is skipped when reading, and the next
/// append first ends it with a newline, so that the torn fragment never swallows the next result.</summary>
internal sealed class ResultsFile(string path)
{
    // A code length can be NaN (a slot that never trained); keep such values instead of failing the run.
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public string Path { get; } = path;

    private string LockPath => Path + ".lock";

    public void Append(RunResult result)
    {
        byte[] line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(result, Json) + "\n");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        using FileStream guard = AcquireLock();
        using var stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        if (stream.Length > 0)
        {
            stream.Seek(-1, SeekOrigin.End);
            if (stream.ReadByte() != '\n') stream.WriteByte((byte)'\n');
        }
        stream.Seek(0, SeekOrigin.End);
        stream.Write(line);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Every complete, parseable line.</summary>
    public IReadOnlyList<RunResult> ReadAll()
    {
        if (!File.Exists(Path)) return [];
        var results = new List<RunResult>();
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            try
            {
                if (JsonSerializer.Deserialize<RunResult>(line, Json) is { } result) results.Add(result);
            }
            catch (JsonException)
            {
                // A line torn by a crash mid-write: that run is simply not finished and will be redone.
            }
        }
        return results;
    }

    private FileStream AcquireLock()
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 6000)
            {
                Thread.Sleep(5);
            }
        }
    }
}
