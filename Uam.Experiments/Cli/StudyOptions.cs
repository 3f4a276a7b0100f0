using System.CommandLine;
using System.Globalization;
using Uam.Experiments.Distributed;

namespace Uam.Experiments.Cli;

/// <summary>The options every study command shares, read from its command line.</summary>
/// <param name="WorkerClaims">Set in a worker process of a <c>--jobs</c> run: the directory where it claims runs.</param>
/// <param name="Ranks">Set in a rank of a data-parallel job (<c>--world-size</c>): every run of the study is trained by
/// all the job's ranks together (docs/parallel.md).</param>
internal sealed record StudyOptions(
    IReadOnlyList<int> Seeds,
    string Output,
    int Jobs = 1,
    (int Index, int Count) Shard = default,
    int Threads = 1,
    bool Plots = true,
    string? WorkerClaims = null,
    RankEnvironment? Ranks = null)
{
    public (int Index, int Count) Shard { get; init; } = Shard == default ? (0, 1) : Shard;

    public bool IsWorker => WorkerClaims is not null;

    /// <summary>Whether this process writes the study's report at the end: not a worker of a <c>--jobs</c> run, and
    /// rank 0 of a data-parallel job.</summary>
    public bool WritesReport => !IsWorker && (Ranks?.Rank ?? 0) == 0;

    /// <summary>These options as arguments (a worker or a later invocation gets the same study).</summary>
    public IReadOnlyList<string> ToArguments()
    {
        List<string> arguments =
        [
            "--seeds", .. Seeds.Select(s => s.ToString(CultureInfo.InvariantCulture)), "--output", Output,
            "--jobs", Jobs.ToString(CultureInfo.InvariantCulture), "--shard", $"{Shard.Index}/{Shard.Count}",
            "--threads", Threads.ToString(CultureInfo.InvariantCulture),
        ];
        if (!Plots) arguments.Add("--no-plots");
        if (Ranks is { } ranks) arguments.AddRange(["--world-size", ranks.WorldSize.ToString(CultureInfo.InvariantCulture)]);
        return arguments;
    }
}

/// <summary>The one builder of the common study options: every task's command gets the same
/// <c>--seeds --output --jobs --shard --threads --no-plots</c> with the same help, and the hidden option through
/// which a <c>--jobs</c> run starts its workers.</summary>
internal sealed class StudyOptionSet
{
    private readonly Option<string[]> _seeds;
    private readonly Option<string> _output;
    private readonly Option<int> _jobs = new("--jobs")
    {
        Description = "Worker processes running this invocation's runs in parallel (each claims runs as it goes, one libtorch thread each).",
        DefaultValueFactory = _ => 1,
    };
    private readonly Option<string> _shard = new("--shard")
    {
        Description = "Run only slice i of k of the grid (i/k, e.g. a Slurm array index): k shards cover it exactly once.",
        DefaultValueFactory = _ => "0/1",
    };
    private readonly Option<int> _threads = new("--threads") { Description = "libtorch threads per process.", DefaultValueFactory = _ => 1 };
    private readonly Option<bool> _noPlots = new("--no-plots") { Description = "Skip the SVG plots and the HTML report of this study." };
    private readonly Option<string?> _workerClaims = new("--worker-claims") { Hidden = true };
    private readonly Option<int>? _worldSize;

    /// <param name="defaultOutput">The task's results directory, e.g. runs/imbalanced.</param>
    /// <param name="seedMeaning">What a seed fixes in this task, for the help text.</param>
    /// <param name="dataParallel">Whether the task's runs can be trained data-parallel: adds <c>--world-size</c>.</param>
    public StudyOptionSet(string defaultOutput, string seedMeaning, string defaultSeeds = "1", bool dataParallel = false)
    {
        if (dataParallel)
            _worldSize = new Option<int>("--world-size")
            {
                Description = "Train every run data-parallel over this many processes (ranks), each reading its shard of every batch; start " +
                              "them with `uam launch --nproc N -- <this command>` or set RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT (docs/parallel.md). " +
                              "Rank 0 writes the results.",
                DefaultValueFactory = _ => 1,
            };
        _seeds = new Option<string[]>("--seeds")
        {
            Description = $"Seeds, a list and/or ranges such as '1-3'; each fixes {seedMeaning}.",
            DefaultValueFactory = _ => [defaultSeeds], AllowMultipleArgumentsPerToken = true,
        };
        _output = new Option<string>("--output")
        {
            Description = "Directory of results.jsonl (one line per finished run; a re-run resumes), the summaries, plots and report.html.",
            DefaultValueFactory = _ => defaultOutput,
        };
    }

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { _seeds, _output, _jobs, _shard, _threads, _noPlots, _workerClaims }) command.Options.Add(option);
        if (_worldSize is not null) command.Options.Add(_worldSize);
    }

    public StudyOptions Read(ParseResult result)
    {
        var options = new StudyOptions(
            Lists.ParseIntegers(result.GetValue(_seeds)!, "--seeds"), result.GetValue(_output)!, result.GetValue(_jobs),
            Lists.ParseSlice(result.GetValue(_shard)!, "--shard"), result.GetValue(_threads), !result.GetValue(_noPlots), result.GetValue(_workerClaims));
        if (options.Jobs < 1) throw new ArgumentException("--jobs must be at least 1.");
        if (options.Threads < 1) throw new ArgumentException("--threads must be at least 1.");
        int worldSize = _worldSize is null ? 1 : result.GetValue(_worldSize);
        if (worldSize < 1) throw new ArgumentException("--world-size must be at least 1.");
        if (worldSize == 1) return options;
        if (options.Jobs > 1)
            throw new ArgumentException("--world-size and --jobs do not combine: a data-parallel job trains one run at a time on all its ranks.");
        return options with { Ranks = RankEnvironment.ForWorldSize(worldSize) };
    }
}
