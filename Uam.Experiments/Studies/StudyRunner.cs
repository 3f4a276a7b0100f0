using System.Diagnostics;
using Spectre.Console;
using Uam.Experiments.Distributed;
using Uam.Runtime;

namespace Uam.Experiments.Studies;

/// <summary>Runs the runs of a study's shard that are not in results.jsonl yet (so a re-run resumes where a crash or
/// Ctrl-C stopped), in this process or in <c>--jobs</c> worker processes that claim runs as they go.</summary>
internal static class StudyRunner
{
    /// <summary>How a parent tells its workers the command it was started with.</summary>
    private const string CommandVariable = "UAM_STUDY_COMMAND";

    /// <summary>Exit status of a study stopped by Ctrl-C (128 + SIGINT, the shell's convention).</summary>
    public const int Interrupted = 130;

    /// <summary>Runs what is left and returns 0, or <see cref="Interrupted"/> when cancelled (every finished run is kept).</summary>
    public static int Run<TData, TPayload>(Study<TData, TPayload> study, IAnsiConsole console, CancellationToken cancellation)
        where TData : IDisposable
    {
        var common = study.Common;
        // A data-parallel job trains each run on all its ranks: rank 0 decides which runs are left (from its results) and
        // writes; the others follow it and keep quiet.
        DataParallelJob? job = common.Ranks is { } ranks ? DataParallelJob.Of(ranks) : null;
        if (job is { IsLeader: false }) console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
        Directory.CreateDirectory(common.Output);
        var store = ResultsStore.In(common.Output);
        IReadOnlyList<RunPoint> assigned = study.Grid.Slice(common.Shard.Index, common.Shard.Count);
        var done = store.ReadAll().Select(r => r.Key).ToHashSet();
        bool[] left = assigned.Select(p => !done.Contains(p.Key(study.Task, study.Protocol))).ToArray();
        if (job is not null) left = job.FromLeader(left);
        List<RunPoint> pending = assigned.Where((_, i) => left[i]).ToList();
        if (!common.IsWorker)
            console.MarkupLine($"{assigned.Count} runs in this {(common.Shard.Count > 1 ? $"shard ({common.Shard.Index}/{common.Shard.Count})" : "grid")}: " +
                               $"{assigned.Count - pending.Count} already in {Markup.Escape(store.Path)}, {pending.Count} to go" +
                               (common.Jobs > 1 && pending.Count > 0 ? $", in {common.Jobs} processes." : "."));
        if (pending.Count == 0) return 0;
        try
        {
            if (common.Jobs > 1 && !common.IsWorker) RunWorkers(study, store, pending.Count, console, cancellation);
            else RunHere(study, pending, store, console, cancellation, job);
            return 0;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            int kept = store.ReadAll().Count(r => r.Task == study.Task && r.Protocol == study.Protocol);
            console.MarkupLine($"[yellow]Stopped: {kept} finished runs of this study are in {Markup.Escape(store.Path)}; " +
                               "run the same command again to resume.[/]");
            return Interrupted;
        }
    }

    private static void RunHere<TData, TPayload>(Study<TData, TPayload> study, List<RunPoint> pending, ResultsStore store, IAnsiConsole console,
        CancellationToken cancellation, DataParallelJob? job) where TData : IDisposable
    {
        // Ranks other than 0 write their runs' artifacts to a directory of their own that is then thrown away.
        string? scratch = job is { IsLeader: false } ? Directory.CreateTempSubdirectory($"uam-rank{job.Rank}-").FullName : null;
        try
        {
            RunHere(study, pending, store, console, cancellation, job, scratch);
        }
        finally
        {
            if (scratch is not null) Directory.Delete(scratch, recursive: true);
        }
    }

    private static void RunHere<TData, TPayload>(Study<TData, TPayload> study, List<RunPoint> pending, ResultsStore store, IAnsiConsole console,
        CancellationToken cancellation, DataParallelJob? job, string? scratch) where TData : IDisposable
    {
        var common = study.Common;
        torch.NumThreads = common.Threads;
        RunClaims? claims = common.WorkerClaims is { } directory ? new RunClaims(directory) : null;
        // A worker records the command of the invocation that started it, not its own worker arguments.
        string command = common.IsWorker && Environment.GetEnvironmentVariable(CommandVariable) is { Length: > 0 } parent
            ? parent
            : CommandLine(study.Arguments(common with { WorkerClaims = null }));
        var machine = MachineInfo.Current(common.Threads);
        using TData data = study.Prepare();
        StudyProgress.Run(console, "grid", pending.Count, progress =>
        {
            foreach (RunPoint point in pending)
            {
                cancellation.ThrowIfCancellationRequested();
                string name = study.RunName(point);
                if (claims is not null && !claims.TryClaim(name)) continue;   // another worker does it
                DateTimeOffset started = DateTimeOffset.UtcNow;
                var clock = Stopwatch.StartNew();
                var context = new RunContext(name, scratch ?? common.Output, (step, steps, status) =>
                {
                    cancellation.ThrowIfCancellationRequested();
                    progress.Step(name, step, steps, status);
                }, cancellation, job);
                TPayload payload = study.Run(point, data, context);
                double seconds = clock.Elapsed.TotalSeconds;
                if (scratch is null) store.Append(new StudyRecord(point.Key(study.Task, study.Protocol), study.Task, study.Protocol, point.Seed,
                    point.Values.ToDictionary(v => v.Key, v => v.Value), started, DateTimeOffset.UtcNow, seconds, machine, MachineInfo.Commit,
                    command, StudyRecord.ToPayload(payload)));
                progress.Finished(name, study.Describe(payload));
            }
        });
    }

    /// <summary>Starts one worker process per job (the same study, sharing the runs through claims, one libtorch thread
    /// each and OpenBLAS single-threaded so that they do not fight over cores) and follows results.jsonl for progress.</summary>
    private static void RunWorkers<TData, TPayload>(Study<TData, TPayload> study, ResultsStore store, int pending, IAnsiConsole console,
        CancellationToken cancellation) where TData : IDisposable
    {
        var common = study.Common;
        int Finished() => store.ReadAll().Count(r => r.Task == study.Task && r.Protocol == study.Protocol);
        int before = Finished();
        string logs = Path.Combine(common.Output, "logs");
        string claims = Path.Combine(logs, $"claims-{Guid.NewGuid():N}");
        Directory.CreateDirectory(claims);
        var workers = new List<(Process Process, string Log, StreamWriter Writer)>();
        try
        {
            for (int job = 0; job < common.Jobs; job++)
            {
                string log = Path.Combine(logs, $"job-{job}.log");
                var writer = new StreamWriter(log) { AutoFlush = true };
                workers.Add((StartWorker(study.Arguments(common with { Jobs = 1, Threads = 1, WorkerClaims = null }).Concat(["--worker-claims", claims]),
                    CommandLine(study.Arguments(common)), writer), log, writer));
            }
            StudyProgress.Run(console, $"grid ({common.Jobs} processes)", pending, progress =>
            {
                while (workers.Any(w => !w.Process.HasExited))
                {
                    cancellation.ThrowIfCancellationRequested();
                    Thread.Sleep(250);
                    progress.SetFinished(Math.Min(pending, Finished() - before));
                }
                progress.SetFinished(Math.Min(pending, Finished() - before));
            });
        }
        finally
        {
            // On Ctrl-C or SIGTERM the workers are stopped too (in a terminal they got Ctrl-C already, being in the same process
            // group) and stop after their current step; one that does not within 10 s is killed: its run in progress is
            // lost, every finished one is on disk.
            if (cancellation.IsCancellationRequested)
                foreach (var (process, _, _) in workers) Interrupt.Send(process);
            foreach (var (process, _, writer) in workers)
            {
                if (!process.WaitForExit(cancellation.IsCancellationRequested ? 10_000 : 0)) process.Kill(entireProcessTree: true);
                process.WaitForExit();   // and its output is drained into the log
                lock (writer) writer.Dispose();
            }
            Directory.Delete(claims, recursive: true);
        }
        var failed = workers.Where(w => w.Process.ExitCode != 0).ToList();
        if (failed.Count > 0)
            throw new InvalidOperationException($"{failed.Count} worker process(es) failed; see {string.Join(", ", failed.Select(f => f.Log))}. " +
                                                "Finished runs are kept: re-run the same command to resume.");
    }

    private static Process StartWorker(IEnumerable<string> arguments, string command, StreamWriter log)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(StudyRunner).Assembly.Location);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["OPENBLAS_NUM_THREADS"] = "1";
        start.Environment[CommandVariable] = command;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a worker process");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The command as a shell would take it back.</summary>
    public static string CommandLine(IEnumerable<string> arguments) =>
        string.Join(' ', new[] { "uam" }.Concat(arguments.Select(a =>
            a.Length > 0 && a.All(c => char.IsLetterOrDigit(c) || "-_./=+,:@%".Contains(c)) ? a : "'" + a.Replace("'", "'\\''") + "'")));
}
