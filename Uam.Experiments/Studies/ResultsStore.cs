using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Uam.Experiments.Studies;

/// <summary>results.jsonl: one JSON line per finished run, appended under an exclusive lock (worker processes and
/// shards on a shared file system write to it at once) and flushed to disk, so that a crash or Ctrl-C loses at most
/// the run in progress. A torn last line (the process died mid-write) is skipped when reading, and the next append
/// first ends it with a newline, so that the torn fragment never swallows the next result.</summary>
internal sealed class ResultsStore(string path)
{
    public const string FileName = "results.jsonl";

    public string Path { get; } = path;

    public static ResultsStore In(string directory) => new(System.IO.Path.Combine(directory, FileName));

    private string LockPath => Path + ".lock";

    public void Append(StudyRecord record)
    {
        byte[] line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, StudyRecord.Json) + "\n");
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

    /// <summary>Every complete, parseable record. Lines written before the envelope existed are passed to
    /// <paramref name="upgrade"/> (a task that had such a format turns them into records; others skip them).</summary>
    public IReadOnlyList<StudyRecord> ReadAll(Func<JsonObject, StudyRecord?>? upgrade = null)
    {
        if (!File.Exists(Path)) return [];
        var records = new List<StudyRecord>();
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            try
            {
                if (JsonNode.Parse(line) is not JsonObject node) continue;
                StudyRecord? record = node.ContainsKey("task") ? node.Deserialize<StudyRecord>(StudyRecord.Json) : upgrade?.Invoke(node);
                if (record is not null) records.Add(record);
            }
            catch (JsonException)
            {
                // A line torn by a crash mid-write: that run is simply not finished and will be redone.
            }
        }
        return records;
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
