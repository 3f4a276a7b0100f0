using System.Diagnostics;
using Spectre.Console;
using Uam.Experiments.Data;
using Uam.Runtime;

namespace Uam.Experiments.Imbalanced;

/// <summary>Runs the cells assigned to this invocation that are not in results.jsonl yet (so a re-run resumes
/// where a crash or Ctrl-C stopped), in this process or in <c>--jobs</c> worker processes, then reports.</summary>
internal static class ImbalancedStudy
{
    public static int Run(ImbalancedOptions options, IReadOnlyList<string> arguments, bool worker, IAnsiConsole console, CancellationToken cancellation)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        var results = new ResultsFile(Path.Combine(options.OutputDirectory, "results.jsonl"));
        IReadOnlyList<Cell> assigned = ImbalancedGrid.Assigned(options);
        var done = results.ReadAll().Select(r => r.Key).ToHashSet();
        List<Cell> pending = assigned.Where(c => !done.Contains(c.Key(options))).ToList();
        if (!worker)
            console.MarkupLine($"{assigned.Count} runs in this {(options.Shard.Count > 1 ? $"shard ({options.Shard.Index}/{options.Shard.Count})" : "grid")}: " +
                               $"{assigned.Count - pending.Count} already in {Markup.Escape(results.Path)}, {pending.Count} to go" +
                               (options.Jobs > 1 && pending.Count > 0 ? $", in {options.Jobs} processes." : "."));
        if (!worker && Directory.Exists(options.DataDirectory) && !ImageDataset.HasTrainingImages(options.DataDirectory))
            console.MarkupLine($"[yellow]{Markup.Escape(options.DataDirectory)} has no training images: training on 4/5 of its test set and " +
                               $"testing on the other 1/5 (every {ImageDataset.TestSetSplitStride}th image), as dataset {Markup.Escape(options.Dataset)}.[/]");
        if (pending.Count > 0)
        {
            if (options.Jobs > 1 && !worker) RunJobs(options, arguments, results, pending.Count, console, cancellation);
            else RunHere(options, pending, results, worker ? null : console, cancellation);
        }
        if (worker) return 0;
        var report = ImbalancedReport.Create(options, results.ReadAll());
        report.Write(console);
        if (options.Plots) GnuplotCharts.Write(options, report, console);
        return 0;
    }

    private static void RunHere(ImbalancedOptions options, List<Cell> pending, ResultsFile results, IAnsiConsole? console, CancellationToken cancellation)
    {
        torch.NumThreads = options.Threads;
        using var data = new ImbalancedData(options);
        string traces = Path.Combine(options.OutputDirectory, "traces");
        CellClaims? claims = options.ClaimDirectory is { } directory ? new CellClaims(directory) : null;
        void RunAll(Action<Cell, int, int, double>? step, Action<Cell, RunResult>? finished)
        {
            foreach (Cell cell in pending)
            {
                cancellation.ThrowIfCancellationRequested();
                if (claims is not null && !claims.TryClaim(cell)) continue;   // another worker runs it
                RunResult result = CellTrainer.Train(cell, options, data, traces, (s, total, loss) => step?.Invoke(cell, s, total, loss));
                results.Append(result);
                finished?.Invoke(cell, result);
            }
        }
        if (console is null)
        {
            RunAll(null, null);
            return;
        }
        console.Progress().AutoClear(true).HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var grid = context.AddTask("grid", maxValue: pending.Count);
                ProgressTask? current = null;
                RunAll((cell, s, total, loss) =>
                    {
                        current ??= context.AddTask(cell.FileName, maxValue: total);
                        current.MaxValue = total;
                        current.Value = s;
                        current.Description = $"{cell.FileName}  loss {loss:F3}";
                    },
                    (cell, result) =>
                    {
                        current?.StopTask();
                        current = null;
                        grid.Increment(1);
                        grid.Description = $"grid  (last: {cell.FileName}, test error {result.TestError:F2} %)";
                    });
            });
    }

    /// <summary>Starts one worker process per job (same arguments, sharing the cells through claims, one thread each and
    /// OpenBLAS single-threaded so they do not fight over cores) and follows results.jsonl for progress.</summary>
    private static void RunJobs(ImbalancedOptions options, IReadOnlyList<string> arguments, ResultsFile results, int pending, IAnsiConsole console,
        CancellationToken cancellation)
    {
        int before = results.ReadAll().Count;
        var processes = new List<(Process Process, string Log)>();
        Directory.CreateDirectory(Path.Combine(options.OutputDirectory, "logs"));
        string claims = Path.Combine(options.OutputDirectory, "logs", $"claims-{Guid.NewGuid():N}");
        Directory.CreateDirectory(claims);
        for (int job = 0; job < options.Jobs; job++)
        {
            string log = Path.Combine(options.OutputDirectory, "logs", $"job-{job}.log");
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(ImbalancedStudy).Assembly.Location);
            foreach (string argument in WithoutThreads(arguments)) start.ArgumentList.Add(argument);
            foreach (string argument in new[] { "--worker-claims", claims, "--threads", "1" }) start.ArgumentList.Add(argument);
            start.Environment["OPENBLAS_NUM_THREADS"] = "1";
            var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a worker process");
            var writer = new StreamWriter(log) { AutoFlush = true };
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.Exited += (_, _) => writer.Dispose();
            process.EnableRaisingEvents = true;
            processes.Add((process, log));
        }
        try
        {
            console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var grid = context.AddTask($"grid ({options.Jobs} processes)", maxValue: pending);
                    while (processes.Any(p => !p.Process.HasExited))
                    {
                        cancellation.ThrowIfCancellationRequested();
                        Thread.Sleep(500);
                        grid.Value = Math.Min(pending, results.ReadAll().Count - before);
                    }
                    grid.Value = grid.MaxValue;
                });
        }
        finally
        {
            foreach (var (process, _) in processes.Where(p => !p.Process.HasExited)) process.Kill(entireProcessTree: true);
            Directory.Delete(claims, recursive: true);
        }
        var failed = processes.Where(p => p.Process.ExitCode != 0).ToList();
        if (failed.Count > 0)
            throw new InvalidOperationException($"{failed.Count} worker process(es) failed; see {string.Join(", ", failed.Select(f => f.Log))}. " +
                                                "Finished runs are kept: re-run the same command to resume.");
    }

    /// <summary>The arguments without a --threads option (a worker gets its own; the option takes one value).</summary>
    internal static IEnumerable<string> WithoutThreads(IReadOnlyList<string> arguments)
    {
        for (int i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] == "--threads") { i++; continue; }
            if (arguments[i].StartsWith("--threads=", StringComparison.Ordinal)) continue;
            yield return arguments[i];
        }
    }
}
