using System.Text.Json.Nodes;

namespace Uam.Experiments.Studies;

/// <summary>Every task of this program, found by reflection: each non-abstract class with a parameterless constructor
/// that implements <see cref="IStudyTask"/>, in name order.</summary>
internal static class StudyTasks
{
    public static IReadOnlyList<IStudyTask> All { get; } = typeof(StudyTasks).Assembly.GetTypes()
        .Where(t => typeof(IStudyTask).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (IStudyTask)Activator.CreateInstance(t)!)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToList();

    public static IStudyTask? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    /// <summary>A line from before the envelope, as the first task that recognises it reads it.</summary>
    public static StudyRecord? Upgrade(JsonObject line) => All.Select(t => t.Upgrade(line)).FirstOrDefault(r => r is not null);

    /// <summary>Every record of a results directory, old lines upgraded.</summary>
    public static IReadOnlyList<StudyRecord> ReadRecords(string directory) => ResultsStore.In(directory).ReadAll(Upgrade);

    /// <summary>The records of one task and protocol in a results directory.</summary>
    public static StudyResults ReadResults(string directory, string task, string protocol) =>
        new(directory, task, protocol, ReadRecords(directory).Where(r => r.Task == task && r.Protocol == protocol).ToList());
}
