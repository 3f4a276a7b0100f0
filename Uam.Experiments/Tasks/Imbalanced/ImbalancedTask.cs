using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Uam.Experiments.Cli;
using Uam.Experiments.Data;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;


namespace Uam.Experiments.Tasks.Imbalanced;

/// <summary>`uam imbalanced`: the paper's imbalanced-classification study (docs/imbalanced.md).</summary>
internal sealed class ImbalancedTask : IStudyTask
{
    public string Name => ImbalancedStudy.TaskName;

    public Report Report(StudyResults results) => ImbalancedReport.Build(results);

    public StudyRecord? Upgrade(JsonObject line) => LegacyRecords.Upgrade(line);

    /// <summary>The paper's eight networks, in its table's order.</summary>
    public static readonly string[] PaperNormalizers = ["baseline", "BN", "LN", "WN", "RN", "RLN", "LN+RN", "SN"];

    public Command CreateCommand()
    {
        var dataset = new Option<string>("--dataset")
        {
            Description = "fashion-mnist (Debian's dataset-fashion-mnist), mnist (IDX files in --data, default ../shared/data/mnist), " +
                          "or a directory of MNIST-format IDX files. A directory without training images (the shared MNIST copy) trains on " +
                          "4/5 of its test set and tests on the rest (every 5th image); the dataset is then named <name>-test-split.",
            DefaultValueFactory = _ => "fashion-mnist",
        };
        var data = new Option<string?>("--data") { Description = "The directory of the IDX files (overrides the dataset's default location)." };
        var models = new Option<string[]>("--models")
        {
            Description = "ffnn (784-1000-1000-10) and/or rnn (the paper's 5-step RNN; normalizers baseline and RN).",
            DefaultValueFactory = _ => ["ffnn"], AllowMultipleArgumentsPerToken = true,
        };
        var normalizers = new Option<string[]>("--normalizers")
        {
            Description = "Networks by the paper's names: baseline, BN, LN, WN, RN, RLN, RBN, LN+RN, SN; 'all' = the paper's eight.",
            DefaultValueFactory = _ => ["baseline", "RN", "RLN"], AllowMultipleArgumentsPerToken = true,
        };
        var n = new Option<string[]>("--n")
        {
            Description = "Numbers of down-sampled classes: a list and/or ranges, e.g. '0 4 8' or '0-9'.",
            DefaultValueFactory = _ => ["0", "4", "8"], AllowMultipleArgumentsPerToken = true,
        };
        var p = new Option<double>("--p") { Description = "Probability of keeping an image of a down-sampled class.", DefaultValueFactory = _ => 0.01 };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs (the paper: 1).", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch-size") { Description = "Mini-batch size.", DefaultValueFactory = _ => 128 };
        var lr = new Option<double>("--lr") { Description = "SGD learning rate.", DefaultValueFactory = _ => 0.01 };
        var momentum = new Option<double>("--momentum") { Description = "SGD momentum.", DefaultValueFactory = _ => 0.9 };
        var faithful = new Option<bool>("--faithful")
        {
            Description = "The original's protocol (docs/imbalanced.md): the training pool includes the validation images; validation in training mode for " +
                          "non-RN models, after every step where that changes the model (BN); validation and test each in one batch of all their " +
                          "images; the normalizers' Faithful options. Default: the improved protocol.",
        };
        var improve = new Option<string[]>("--improve")
        {
            Description = "With --faithful: switch on single improvements of the default protocol, for the ablation: " +
                          string.Join(", ", ProtocolImprovements.All.Select(i => i.Name())) + ".",
            AllowMultipleArgumentsPerToken = true,
        };
        var ablation = new Option<bool>("--ablation")
        {
            Description = "Run the grid under --faithful, under --faithful with each improvement alone, and under the default protocol, " +
                          "all into --output, then write ablation.md: what each decision changes, per normalizer and n.",
        };
        var validation = new Option<int?>("--validation")
        {
            Description = "Validation images (the first images of the training file); default 5,000 as in the paper, 1,000 for a test-set split.",
        };
        var validateEvery = new Option<int?>("--validate-every")
        {
            Description = "Validate every N training steps; 0: at the end of each epoch (the default protocol). --faithful validates after every " +
                          "step where validation changes the model (BN in training mode) and at the end of the epoch elsewhere, which gives the " +
                          "same test results; --validate-every 1 records the full curve for every network.",
        };
        var common = new StudyOptionSet("runs/imbalanced",
            "the down-sampled classes, the kept images, their order and the initial weights", dataParallel: true);

        var command = new Command("imbalanced",
            "Train the paper's networks on data where n of the classes keep each image with probability p, over a grid of normalizers, n and seeds; " +
            "one JSON line per finished run in results.jsonl (a re-run resumes), then the summary table (test error mean ± standard error), " +
            "per-class accuracy, confusion matrices, UAM probe traces and plots.")
        {
            dataset, data, models, normalizers, n, p, epochs, batch, lr, momentum, faithful, improve, ablation, validation, validateEvery,
        };
        common.AddTo(command);
        command.SetAction((result, cancellation) =>
        {
            string name = result.GetValue(dataset)!;
            string directory = result.GetValue(data) ?? ImageDataset.DirectoryOf(name);
            bool testSetSplit = Directory.Exists(directory) && !ImageDataset.HasTrainingImages(directory);
            string[] chosen = result.GetValue(normalizers)!;
            bool isFaithful = result.GetValue(faithful);
            StudyOptions studyOptions = common.Read(result);
            var options = new ImbalancedOptions
            {
                Dataset = testSetSplit ? name + "-test-split" : name,
                DataDirectory = directory,
                Models = result.GetValue(models)!.Select(m => m.ToLowerInvariant()).Distinct().ToList(),
                Normalizers = chosen.Length == 1 && chosen[0].Equals("all", StringComparison.OrdinalIgnoreCase) ? PaperNormalizers : chosen.Distinct().ToList(),
                DownSampled = Lists.ParseIntegers(result.GetValue(n)!, "--n"),
                KeepProbability = result.GetValue(p),
                Epochs = result.GetValue(epochs),
                BatchSize = result.GetValue(batch),
                LearningRate = result.GetValue(lr),
                Momentum = result.GetValue(momentum),
                Faithful = isFaithful,
                Improvements = (result.GetValue(improve) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries))
                    .Select(ProtocolImprovements.Parse).Distinct().Order().ToList(),
                ValidationSize = result.GetValue(validation) ?? (testSetSplit ? 1000 : 5000),
                ValidateEvery = result.GetValue(validateEvery),
                Common = studyOptions,
            };
            Validate(options);
            if (result.GetValue(ablation))
            {
                if (isFaithful || options.Improvements.Count > 0 || studyOptions.IsWorker)
                    throw new ArgumentException("--ablation runs every protocol itself: leave out --faithful and --improve.");
                return Task.FromResult(ImbalancedAblation.Run(options, AnsiConsole.Console, cancellation));
            }
            return Task.FromResult(ImbalancedStudy.Run(options, AnsiConsole.Console, cancellation));
        });
        return command;
    }

    private static void Validate(ImbalancedOptions o)
    {
        foreach (string model in o.Models)
        {
            if (!CellTrainer.Architectures.TryGetValue(model, out var available))
                throw new ArgumentException($"--models: '{model}' is not ffnn or rnn.");
            foreach (string normalizer in o.Normalizers)
                if (!available.ContainsKey(normalizer))
                    throw new ArgumentException($"--normalizers: '{normalizer}' is not declared for the {model} model; it has {string.Join(", ", available.Keys)}.");
        }
        if (o.DownSampled.Any(v => v is < 0 or > 10)) throw new ArgumentException("--n: values must be in 0..10.");
        if (o.KeepProbability is < 0 or > 1) throw new ArgumentException("--p: must be in [0, 1].");
        if (o.Improvements.Count > 0 && !o.Faithful)
            throw new ArgumentException("--improve switches improvements on top of --faithful (the default protocol has them all); add --faithful.");
        if (o.Epochs < 1 || o.BatchSize < 1 || o.ValidateEvery < 0)
            throw new ArgumentException("--epochs and --batch-size must be at least 1, --validate-every at least 0.");
        if (!(o.LearningRate > 0)) throw new ArgumentException("--lr: must be positive.");
    }
}
