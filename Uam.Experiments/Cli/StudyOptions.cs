using System.CommandLine;
using System.Globalization;

namespace Uam.Experiments.Cli;

/// <summary>The options every study command shares, read from its command line.</summary>
/// <param name="WorkerClaims">Set in a worker process of a <c>--jobs</c> run: the directory where it claims runs.</param>
internal sealed record StudyOptions(
    IReadOnlyList<int> Seeds,
    string Output,
    int Jobs = 1,
    (int Index, int Count) Shard = default,
    int Threads = 1,
    bool Plots = true,
    string? WorkerClaims = null)
{
    public (int Index, int Count) Shard { get; init; } = Shard == default ? (0, 1) : Shard;

    public bool IsWorker => WorkerClaims is not null;

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

    /// <param name="defaultOutput">The task's results directory, e.g. runs/imbalanced.</param>
    /// <param name="seedMeaning">What a seed fixes in this task, for the help text.</param>
    public StudyOptionSet(string defaultOutput, string seedMeaning, string defaultSeeds = "1")
    {
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
    }

    public StudyOptions Read(ParseResult result)
    {
        var options = new StudyOptions(
            Lists.ParseIntegers(result.GetValue(_seeds)!, "--seeds"), result.GetValue(_output)!, result.GetValue(_jobs),
            Lists.ParseSlice(result.GetValue(_shard)!, "--shard"), result.GetValue(_threads), !result.GetValue(_noPlots), result.GetValue(_workerClaims));
        if (options.Jobs < 1) throw new ArgumentException("--jobs must be at least 1.");
        if (options.Threads < 1) throw new ArgumentException("--threads must be at least 1.");
        return options;
    }
}
