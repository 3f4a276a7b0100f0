using System.Text.Json.Nodes;
using Spectre.Console;
using Uam.Experiments.Reporting;

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

    /// <summary>Runs <paramref name="study"/> and, once its grid is complete (not in a worker), writes the report of every
    /// record of its task and protocol in its output directory; returns the exit status.</summary>
    public static int RunAndReport<TData, TPayload>(Study<TData, TPayload> study, Func<StudyResults, Report> report, IAnsiConsole console,
        CancellationToken cancellation) where TData : IDisposable
    {
        int status = StudyRunner.Run(study, console, cancellation);
        if (status != 0 || !study.Common.WritesReport) return status;
        ReportFiles.Write(console, report(ReadResults(study.Common.Output, study.Task, study.Protocol)), study.Common.Output, study.Common.Plots);
        return 0;
    }
}
