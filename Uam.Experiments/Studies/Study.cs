using Uam.Experiments.Cli;

namespace Uam.Experiments.Studies;

/// <summary>One invocation of a task: its grid under one protocol, with the common options. A task subclasses this
/// with its data (loaded once per process) and its payload (the task-specific part of a result record); the study
/// layer does the rest: resume, shards, worker processes, claims, progress, Ctrl-C and the records' envelope.</summary>
/// <typeparam name="TData">What every run of the process shares (a dataset in memory); disposed at the end.</typeparam>
/// <typeparam name="TPayload">The task's result record of one run.</typeparam>
internal abstract class Study<TData, TPayload> where TData : IDisposable
{
    /// <summary>The task's name: its command (<c>uam imbalanced</c>) and the <c>task</c> of its records.</summary>
    public abstract string Task { get; }

    /// <summary>Everything besides the grid's axes that changes results (dataset, hyper-parameters, faithful or
    /// default): part of every run's key, so that runs under other settings are other runs.</summary>
    public abstract string Protocol { get; }

    public abstract StudyGrid Grid { get; }

    public abstract StudyOptions Common { get; }

    /// <summary>The command-line arguments (after <c>uam</c>) that run this study with the given common options: how
    /// worker processes are started, and the command recorded with every run.</summary>
    public abstract IReadOnlyList<string> Arguments(StudyOptions common);

    /// <summary>A file-name-safe name of a run, unique in the grid (claims, trace files).</summary>
    public virtual string RunName(RunPoint point) => point.FileName();

    /// <summary>Loads what the runs of this process share.</summary>
    public abstract TData Prepare();

    /// <summary>Does one run. Long runs report progress through <paramref name="context"/> and honour its cancellation.</summary>
    public abstract TPayload Run(RunPoint point, TData data, RunContext context);

    /// <summary>A short description of a finished run for the progress display, e.g. "test error 12.34 %".</summary>
    public virtual string Describe(TPayload payload) => "";
}

/// <summary>What a run gets besides its point and data.</summary>
/// <param name="Name">The run's file-name-safe name.</param>
/// <param name="OutputDirectory">The study's directory (for artifacts such as probe traces).</param>
/// <param name="Progress">Reports (step, steps, status) while the run goes on.</param>
/// <param name="Job">The data-parallel job this rank trains the run with (<c>--world-size</c>), or null.</param>
internal sealed record RunContext(string Name, string OutputDirectory, Action<int, int, string> Progress, CancellationToken Cancellation,
    Distributed.DataParallelJob? Job = null);
