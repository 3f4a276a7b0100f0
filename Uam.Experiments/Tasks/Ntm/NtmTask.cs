using System.CommandLine;
using Spectre.Console;
using Uam.Experiments.Cli;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Tasks.Ntm;

/// <summary><c>uam ntm copy</c>: a Neural Turing Machine on the copy task (docs/attention.md) with each controller normalizer.</summary>
internal sealed class NtmTask : IStudyTask
{
    public const string TaskName = "ntm";

    public string Name => TaskName;

    public Report Report(StudyResults results) => NtmCopyReport.Build(results);

    public Command CreateCommand()
    {
        var command = new Command(TaskName, "Neural Turing Machines (Graves, Wayne and Danihelka 2014) with a normalizable controller.");
        command.Subcommands.Add(CopyCommand());
        return command;
    }

    private static Command CopyCommand()
    {
        var normalizers = new Option<string[]>("--normalizers")
        {
            Description = $"The controller's normalizers: {string.Join(", ", NtmCopyOptions.AllNormalizers)}; 'all' = every one.",
            DefaultValueFactory = _ => NtmCopyOptions.DefaultNormalizers, AllowMultipleArgumentsPerToken = true,
        };
        var sequences = new Option<int?>("--sequences") { Description = "Training sequences per run (default: 65,536; 16,384 with --faithful, whose batches are single sequences)." };
        var block = new Option<int>("--block") { Description = "Sequences per point of the curves (a held-out test and a checkpoint after each).", DefaultValueFactory = _ => 1024 };
        var lengths = new Option<string[]>("--test-lengths")
        {
            Description = "Lengths the final machine copies (training lengths are 1…20).", DefaultValueFactory = _ => ["10", "20", "30", "50", "80", "100"],
            AllowMultipleArgumentsPerToken = true,
        };
        var testSequences = new Option<int>("--test-sequences") { Description = "Fresh sequences per test length.", DefaultValueFactory = _ => 64 };
        var faithful = new Option<bool>("--faithful")
        {
            Description = "The NTM paper's training: RMSprop (lr 1e-4, momentum 0.9, α 0.95) on single sequences, gradient elements clipped to ±10, and the " +
                          "original RN's slot options. Default: Adam (lr 1e-3) on batches of 16, the gradient norm clipped to 10, the library's slot options.",
        };
        var common = new StudyOptionSet("runs/ntm-copy", "the initial weights and every training and test sequence", "1-3");
        var command = new Command("copy",
            "Train an NTM (LSTM controller of 100, one read and one write head, memory 128 × 20, shifts −1…1) to copy sequences of 1–20 random 8-bit " +
            "vectors with each controller normalizer; test it on longer sequences, probe its addressing, draw its weightings.")
        {
            normalizers, sequences, block, lengths, testSequences, faithful,
        };
        common.AddTo(command);
        command.SetAction((result, cancellation) =>
        {
            string[] chosen = result.GetValue(normalizers)!;
            var names = chosen.Length == 1 && chosen[0].Equals("all", StringComparison.OrdinalIgnoreCase) ? NtmCopyOptions.AllNormalizers : chosen.Distinct().ToArray();
            foreach (string n in names) NtmCopyOptions.KindOf(n);
            bool isFaithful = result.GetValue(faithful);
            int budget = result.GetValue(sequences) ?? (isFaithful ? 16_384 : 65_536);
            int every = result.GetValue(block);
            if (budget < 1 || every < 1) throw new ArgumentException("--sequences and --block must be positive.");
            var lengthList = Lists.ParseIntegers(result.GetValue(lengths)!, "--test-lengths");
            if (lengthList.Count == 0 || lengthList.Any(l => l < 1 || l > 1000)) throw new ArgumentException("--test-lengths must lie in 1…1000.");
            int tests = result.GetValue(testSequences);
            if (tests < 1) throw new ArgumentException("--test-sequences must be at least 1.");
            var options = new NtmCopyOptions(names, budget, every, lengthList, tests, isFaithful, common.Read(result)).Validated();
            return Task.FromResult(StudyTasks.RunAndReport(new NtmCopyStudy(options), NtmCopyReport.Build, AnsiConsole.Console, cancellation));
        });
        return command;
    }
}
