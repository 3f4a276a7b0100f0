using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Uam.Experiments.Cli;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;
using Uam.Runtime.Memory;

namespace Uam.Experiments.Tasks.Sdm;

/// <summary><c>uam sdm</c>: Sparse Distributed Memory and its attention approximation (docs/sdm.md): <c>tables</c> (the β
/// tables, optimal radii, Kanerva's table, the Query-Key-Norm βs), <c>convergence</c> (autoassociative convergence of every
/// algorithm) and <c>projection</c> (a learned key projection on Fashion-MNIST). One task: the protocol tells the
/// studies apart in the records and the report.</summary>
internal sealed class SdmTask : IStudyTask
{
    public const string TaskName = "sdm";

    public string Name => TaskName;

    public Report Report(StudyResults results) =>
        results.Protocol == SdmTablesStudy.ProtocolKey ? SdmReport.Tables(results)
        : results.Protocol.StartsWith("convergence", StringComparison.Ordinal) ? SdmReport.Convergence(results)
        : SdmReport.Projection(results);

    public Command CreateCommand()
    {
        var command = new Command(TaskName, "Sparse Distributed Memory and attention (Bricken & Pehlevan 2021): the β tables, convergence experiments and a learned projection.");
        command.Subcommands.Add(TablesCommand());
        command.Subcommands.Add(ConvergenceCommand());
        command.Subcommands.Add(SdmProjectionCommand.Create());
        return command;
    }

    private static Command TablesCommand()
    {
        var betas = new Option<string>("--learned-betas") { Description = "The Query-Key-Norm β file.", DefaultValueFactory = _ => QueryKeyNormBetas.DefaultPath };
        var common = new StudyOptionSet("runs/sdm-tables", "nothing (the tables are exact)", "1");
        var command = new Command("tables",
            "Regenerate the β tables (regression and softmax fits to the binary and cap intersections, n = 64, 100, 784, 1000), β against d, the optimal " +
            "radii (SNR, memory capacity, critical distance), Kanerva's table, neuron reach, and the Query-Key-Norm βs beside the SDM optima.") { betas };
        common.AddTo(command);
        command.SetAction((result, cancellation) =>
            Task.FromResult(StudyTasks.RunAndReport(new SdmTablesStudy(result.GetValue(betas)!, common.Read(result)), SdmReport.Tables, AnsiConsole.Console, cancellation)));
        return command;
    }

    private static Command ConvergenceCommand()
    {
        var datasets = new Option<string[]>("--datasets")
        {
            Description = $"Memories: {string.Join(", ", SdmDatasets.All)} (m patterns each; the seed picks which).", DefaultValueFactory = _ => SdmDatasets.All, AllowMultipleArgumentsPerToken = true,
        };
        var fractions = new Option<string[]>("--fractions")
        {
            Description = "Radii as fractions of the space (each gives the smallest d reaching it).",
            DefaultValueFactory = _ => SdmConvergenceOptions.DefaultFractions.Select(f => f.ToString("R", CultureInfo.InvariantCulture)).ToArray(), AllowMultipleArgumentsPerToken = true,
        };
        var algorithms = new Option<string[]>("--algorithms")
        {
            Description = $"Algorithms ('all', or some of {string.Join(", ", Enum.GetValues<MemoryAlgorithm>().Select(a => a.Name()))}); each dataset runs those that apply.",
            DefaultValueFactory = _ => ["all"], AllowMultipleArgumentsPerToken = true,
        };
        var patterns = new Option<int>("--patterns") { Description = "m, patterns per memory (and queries per batch).", DefaultValueFactory = _ => 1024 };
        var repeats = new Option<int>("--repeats") { Description = "Independent perturbations of every pattern per level.", DefaultValueFactory = _ => 5 };
        var faithful = new Option<bool>("--faithful")
        {
            Description = "The original's reads: an empty binary read gives zeros, the cap factor 2 instead of ln 2, the cache index off by a cell, and the change " +
                          "test against the un-normalised read. Default: those fixed.",
        };
        var common = new StudyOptionSet("runs/sdm-convergence", "which patterns form the memory (and its perturbations)", "1-3");
        var command = new Command("convergence",
            "Autoassociative convergence (spec §3.1): every stored pattern perturbed by k (bits or the cosine 1 − 2k/n), read until no query changes (at most " +
            "100 reads), and compared with the pattern; mean ± s.d. cosine per level and algorithm.") { datasets, fractions, algorithms, patterns, repeats, faithful };
        common.AddTo(command);
        command.SetAction((result, cancellation) =>
        {
            var datasetList = result.GetValue(datasets)!.Distinct().ToList();
            foreach (string d in datasetList) SdmDatasets.Dimension(d);
            var fractionList = result.GetValue(fractions)!.Select(f => double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && v <= 1
                ? v : throw new ArgumentException($"--fractions: '{f}' is not a fraction in (0, 1].")).Distinct().ToList();
            string[] chosen = result.GetValue(algorithms)!;
            var names = chosen.Length == 1 && chosen[0] == "all" ? Enum.GetValues<MemoryAlgorithm>().Select(a => a.Name()).ToArray() : chosen.Select(c => MemoryAlgorithms.Parse(c).Name()).Distinct().ToArray();
            int m = result.GetValue(patterns), r = result.GetValue(repeats);
            if (m < 2) throw new ArgumentException("--patterns must be at least 2.");
            if (r < 1) throw new ArgumentException("--repeats must be at least 1.");
            var options = new SdmConvergenceOptions(datasetList, fractionList, names, m, r, result.GetValue(faithful), common.Read(result));
            return Task.FromResult(StudyTasks.RunAndReport(new SdmConvergenceStudy(options), SdmReport.Convergence, AnsiConsole.Console, cancellation));
        });
        return command;
    }
}
