using System.CommandLine;
using System.Text.Json.Nodes;
using Uam.Experiments.Reporting;

namespace Uam.Experiments.Studies;

/// <summary>A kind of study (imbalanced, dqn, …): a folder under Tasks/ with one class implementing this. The program
/// finds every task by reflection (<see cref="StudyTasks"/>), so adding a task adds its command to <c>uam</c> and its
/// reports to <c>uam report</c> without touching the study layer, the program or another task.</summary>
internal interface IStudyTask
{
    /// <summary>The name of the command and the <c>task</c> of the records.</summary>
    string Name { get; }

    /// <summary>The task's command, with the common study options from <see cref="Cli.StudyOptionSet"/>.</summary>
    Command CreateCommand();

    /// <summary>The report of one study: the records of one protocol found in a results directory.</summary>
    Report Report(StudyResults results);

    /// <summary>A record from a line written before the common envelope existed, or null when the line is not this task's.</summary>
    StudyRecord? Upgrade(JsonObject line) => null;
}

/// <summary>The records of one task and protocol found in a directory (where its artifacts, such as traces, are).</summary>
internal sealed record StudyResults(string Directory, string Task, string Protocol, IReadOnlyList<StudyRecord> Records)
{
    /// <summary>Each run once (the first record of its key), with its payload as the task's record type.</summary>
    public IReadOnlyList<(StudyRecord Record, T Run)> Runs<T>() =>
        Records.GroupBy(r => r.Key).Select(g => g.First()).Select(r => (r, r.PayloadAs<T>())).ToList();

    /// <summary>The distinct <paramref name="names"/> in the order of <paramref name="canonical"/> (the task's list of
    /// normalizers), names it does not list last.</summary>
    public static IReadOnlyList<string> InOrder(IEnumerable<string> names, string[] canonical) =>
        names.Distinct().OrderBy(n => Array.IndexOf(canonical, n) is var i and >= 0 ? i : int.MaxValue).ToList();
}
