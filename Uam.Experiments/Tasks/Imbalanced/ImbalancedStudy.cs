using Spectre.Console;
using Uam.Experiments.Cli;
using Uam.Experiments.Data;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Tasks.Imbalanced;

/// <summary>The imbalanced study on the study layer: its grid, protocol, data and run function.</summary>
internal sealed class ImbalancedStudy(ImbalancedOptions options) : Study<ImbalancedData, ImbalancedRun>
{
    public const string TaskName = "imbalanced";

    public ImbalancedOptions Options { get; } = options;

    public override string Task => TaskName;

    public override string Protocol => Options.ProtocolKey;

    public override StudyGrid Grid { get; } = ImbalancedGrid.Of(options);

    public override StudyOptions Common => Options.Common;

    public override IReadOnlyList<string> Arguments(StudyOptions common) => Options.ToArguments(common);

    public override string RunName(RunPoint point) => Cell.Of(point).FileName;

    public override ImbalancedData Prepare() => new(Options);

    public override ImbalancedRun Run(RunPoint point, ImbalancedData data, RunContext context) =>
        CellTrainer.Train(Cell.Of(point), Options, data, Path.Combine(context.OutputDirectory, "traces"),
            (step, steps, loss) => context.Progress(step, steps, $"loss {loss:F3}"), context.Job);

    public override string Describe(ImbalancedRun run) => $"test error {run.TestError:F2} %";

    /// <summary>The key of a cell under these options.</summary>
    public string KeyOf(Cell cell) =>
        Grid.Points.First(p => Cell.Of(p) == cell).Key(Task, Protocol);

    /// <summary>Runs what is left of the study, then writes its report (unless it is a worker process).</summary>
    public static int Run(ImbalancedOptions options, IAnsiConsole console, CancellationToken cancellation)
    {
        if (options.Common.WritesReport && Directory.Exists(options.DataDirectory) && !ImageDataset.HasTrainingImages(options.DataDirectory))
            console.MarkupLine($"[yellow]{Markup.Escape(options.DataDirectory)} has no training images: training on 4/5 of its test set and " +
                               $"testing on the other 1/5 (every {ImageDataset.TestSetSplitStride}th image), as dataset {Markup.Escape(options.Dataset)}.[/]");
        if (options.Common is { WritesReport: true, Ranks: not null } && options.Normalizers.Contains("BN", StringComparer.OrdinalIgnoreCase))
            console.MarkupLine("[yellow]BN takes its batch statistics from each rank's shard (there is no synchronized batch norm): " +
                               "its runs are not one process's, unlike every other network's (docs/parallel.md).[/]");
        var study = new ImbalancedStudy(options);
        int status = StudyRunner.Run(study, console, cancellation);
        if (status != 0 || !options.Common.WritesReport) return status;
        ImbalancedReport.Create(study, StudyTasks.ReadRecords(options.OutputDirectory)).Write(console, options.Common.Plots);
        return 0;
    }
}
