using System.Text.Json;
using System.Text.Json.Serialization;
using Uam.Runtime;

namespace Uam.Experiments.Studies;

/// <summary>The UAM probe of one run as data for reports: per slot, the mean code length of every training call.
/// Written beside the full per-call CSV (<see cref="RegularityTrace.WriteSummaryCsv"/>, for people and other tools)
/// as traces/&lt;run&gt;.json, which reports read as records.</summary>
internal sealed record ProbeTraces([property: JsonPropertyName("slots")] IReadOnlyList<SlotTrace> Slots)
{
    /// <summary>The training calls of each trace (inference calls change nothing and are left out); a slot called
    /// several times per training step (a recurrent slot, once per time step) keeps its calls per step.</summary>
    public static ProbeTraces FromTraining(IEnumerable<RegularityTrace> traces, int trainingSteps) =>
        new(traces.Select(t =>
        {
            float[] codeLengths = t.Records.Where(r => r.Mode == RegularityMode.Train).Select(r => (float)r.CodeLengthMean).ToArray();
            int callsPerStep = trainingSteps > 0 && codeLengths.Length % trainingSteps == 0 && codeLengths.Length > 0 ? codeLengths.Length / trainingSteps : 1;
            return new SlotTrace(t.Name, callsPerStep, codeLengths);
        }).ToList());

    public static string PathOf(string outputDirectory, string runName) => Path.Combine(outputDirectory, "traces", runName + ".json");

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Reporting.AtomicFile.Write(path, JsonSerializer.Serialize(this, StudyRecord.Json));
    }

    /// <summary>One chart view per normalizer whose run recorded traces: a series per slot, call i drawn at x = position(i).
    /// <paramref name="positionOf"/> gives a normalizer's x of each recorded point, or null when it has no run to draw.</summary>
    public static List<Reporting.ChartView> Views(string directory, IEnumerable<string> normalizers, Func<string, string> runName,
        Func<string, Func<int, double>?> positionOf)
    {
        var views = new List<Reporting.ChartView>();
        foreach (string n in normalizers)
            if (Read(PathOf(directory, runName(n))) is { } traces && positionOf(n) is { } position)
                views.Add(new Reporting.ChartView([n], traces.Slots.Select(s => new Reporting.ChartSeries(s.Slot,
                    Enumerable.Range(0, s.CodeLength.Length).Select(position).ToArray(), s.CodeLength.Select(v => (double)v).ToArray())).ToList()));
        return views;
    }

    /// <summary>The traces of a run, or null when the run recorded none (or the file is not there).</summary>
    public static ProbeTraces? Read(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<ProbeTraces>(File.ReadAllText(path), StudyRecord.Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a probe trace file ({e.Message})", e);
        }
    }
}

/// <summary>One slot's training calls: the mean code length of each call, <see cref="CallsPerStep"/> calls per
/// training step (call c belongs to step c / CallsPerStep + 1 and time step c % CallsPerStep).</summary>
internal sealed record SlotTrace(
    [property: JsonPropertyName("slot")] string Slot,
    [property: JsonPropertyName("calls_per_step")] int CallsPerStep,
    [property: JsonPropertyName("code_length")] float[] CodeLength)
{
    public int Steps => CodeLength.Length / CallsPerStep;

    /// <summary>The code length at each training step of time step <paramref name="t"/>.</summary>
    public double[] AtTimeStep(int t) => Enumerable.Range(0, Steps).Select(s => (double)CodeLength[s * CallsPerStep + t]).ToArray();
}
