using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Tasks.Imbalanced;

/// <summary>Lines of results.jsonl written before the study layer's envelope (docs/results, older runs): one flat
/// object per run with key "model|normalizer|n=…|seed=…|protocol", seconds and finished. They are read as records
/// of today's shape, so that old results directories resume and report like new ones.</summary>
internal static class LegacyRecords
{
    public static StudyRecord? Upgrade(JsonObject line)
    {
        if (line["key"] is null || line["model"] is null || line["normalizer"] is null || line["n_down"] is null || line["protocol"] is null) return null;
        ImbalancedRun run = line.Deserialize<ImbalancedRun>(StudyRecord.Json) ?? throw new JsonException("empty line");
        int seed = line["seed"]!.GetValue<int>();
        string protocol = line["protocol"]!.GetValue<string>();
        var point = new RunPoint(
        [
            new(Axis.Seed, seed.ToString(CultureInfo.InvariantCulture)),
            new(ImbalancedGrid.DownSampled, run.DownSampledClasses.ToString(CultureInfo.InvariantCulture)),
            new(ImbalancedGrid.Model, run.Model),
            new(ImbalancedGrid.Normalizer, run.Normalizer),
        ]);
        double seconds = line["seconds"]?.GetValue<double>() ?? double.NaN;
        DateTimeOffset finished = line["finished"]?.GetValue<DateTimeOffset>() ?? DateTimeOffset.MinValue;
        DateTimeOffset started = double.IsFinite(seconds) && finished != DateTimeOffset.MinValue ? finished - TimeSpan.FromSeconds(seconds) : finished;
        return new StudyRecord(point.Key(ImbalancedStudy.TaskName, protocol), ImbalancedStudy.TaskName, protocol, seed,
            point.Values.ToDictionary(v => v.Key, v => v.Value), started, finished, seconds,
            new MachineInfo("unknown", "unknown", 0, 0, "unknown"), "unknown", "", StudyRecord.ToPayload(run));
    }
}
