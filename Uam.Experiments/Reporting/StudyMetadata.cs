using System.Globalization;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Reporting;

/// <summary>The metadata every study's report shows, from its records' envelopes: task, directory, protocol, the
/// commands that ran it, commits, machines and wall time.</summary>
internal static class StudyMetadata
{
    public static List<KeyValuePair<string, string>> Of(StudyResults results, IReadOnlyCollection<StudyRecord> records, string runs)
    {
        var metadata = new List<KeyValuePair<string, string>>
        {
            new("task", results.Task), new("directory", results.Directory), new("protocol", results.Protocol), new("runs", runs),
        };
        if (records.Count == 0) return metadata;
        string[] commands = records.Select(r => r.Command).Where(c => c.Length > 0).Distinct().ToArray();
        metadata.Add(new("command", commands.Length == 0 ? "not recorded (results written before the study layer)" : string.Join("  ·  ", commands.Take(3))));
        metadata.Add(new("commit", string.Join(", ", records.Select(r => r.Commit).Distinct())));
        metadata.Add(new("machine", string.Join(", ", records.Select(r => r.Machine).Distinct()
            .Select(m => m.Cores == 0 ? "not recorded" : $"{m.Host} ({m.Cores} cores, {m.Threads} thread(s) per run, {m.OperatingSystem})"))));
        DateTimeOffset first = records.Min(r => r.Started), last = records.Max(r => r.Finished);
        double runTime = records.Where(r => double.IsFinite(r.Seconds)).Sum(r => r.Seconds);
        metadata.Add(new("wall time", string.Create(CultureInfo.InvariantCulture,
            $"{(last - first).TotalMinutes:F1} min from {first:yyyy-MM-dd HH:mm} to {last:yyyy-MM-dd HH:mm} UTC; {runTime / 60:F1} min of run time")));
        return metadata;
    }
}
