using System.Globalization;
using Uam.Experiments.Cli;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Imbalanced;

/// <summary>Everything that defines an imbalanced study: the grid (models, normalizers, n and the common options'
/// seeds), the protocol shared by its runs, and the common study options.</summary>
internal sealed record ImbalancedOptions
{
    public required string Dataset { get; init; }
    public required string DataDirectory { get; init; }
    public required IReadOnlyList<string> Models { get; init; }
    public required IReadOnlyList<string> Normalizers { get; init; }
    public required IReadOnlyList<int> DownSampled { get; init; }
    public double KeepProbability { get; init; } = 0.01;
    public int Epochs { get; init; } = 1;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 0.01;
    public double Momentum { get; init; } = 0.9;
    /// <summary>The original's protocol (docs/imbalanced.md), with <see cref="Improvements"/> switched on where asked.</summary>
    public bool Faithful { get; init; }
    /// <summary>With <see cref="Faithful"/>: the improvements switched on (the ablation); empty is the original.</summary>
    public IReadOnlyList<ProtocolImprovement> Improvements { get; init; } = [];
    public int ValidationSize { get; init; } = 5000;
    /// <summary>Validate every this many steps; 0: at the end of each epoch only; null: the protocol's cadence (the
    /// default protocol: end of epoch; faithful: after every step where validation can change the model, see
    /// <see cref="ValidationCadence"/>).</summary>
    public int? ValidateEvery { get; init; }
    /// <summary>Seeds, output, jobs, shard, threads, plots: what every study command has.</summary>
    public required StudyOptions Common { get; init; }

    public IReadOnlyList<int> Seeds => Common.Seeds;
    public string OutputDirectory => Common.Output;

    /// <summary>The dataset name as given on the command line (a test-set split is named for it, see ImbalancedTask).</summary>
    public string DatasetArgument => Dataset.EndsWith("-test-split", StringComparison.Ordinal) ? Dataset[..^"-test-split".Length] : Dataset;

    /// <summary>The command line that runs this study (worker processes get it, and every record keeps it).</summary>
    public IReadOnlyList<string> ToArguments() => ToArguments(Common);

    /// <summary>The command line that runs this study with other common options.</summary>
    public IReadOnlyList<string> ToArguments(StudyOptions common)
    {
        static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        List<string> arguments =
        [
            "imbalanced", "--dataset", DatasetArgument, "--data", DataDirectory, "--models", .. Models, "--normalizers", .. Normalizers,
            "--n", .. DownSampled.Select(n => n.ToString(CultureInfo.InvariantCulture)),
            "--p", Number(KeepProbability), "--epochs", Epochs.ToString(CultureInfo.InvariantCulture),
            "--batch-size", BatchSize.ToString(CultureInfo.InvariantCulture), "--lr", Number(LearningRate), "--momentum", Number(Momentum),
            "--validation", ValidationSize.ToString(CultureInfo.InvariantCulture), .. common.ToArguments(),
        ];
        if (Faithful) arguments.Add("--faithful");
        if (Improvements.Count > 0) arguments.AddRange(["--improve", .. Improvements.Select(i => i.Name())]);
        if (ValidateEvery is { } every) arguments.AddRange(["--validate-every", every.ToString(CultureInfo.InvariantCulture)]);
        return arguments;
    }

    /// <summary>Whether the protocol makes this improvement: always in the default protocol, where asked under --faithful.</summary>
    public bool Uses(ProtocolImprovement improvement) => !Faithful || Improvements.Contains(improvement);

    /// <summary>The normalizers' options under this protocol.</summary>
    public RegularityOptions NormalizerOptions => ProtocolImprovements.NormalizerOptions(Faithful, Improvements);

    /// <summary>Validation steps: every <see cref="ValidateEvery"/> steps when given. Otherwise the original validates
    /// after every step; that is only done where it can change the trained model (a network validated in training
    /// mode with running statistics, i.e. BN under the faithful protocol). Everywhere else a validation pass changes
    /// nothing but the recorded curve, so the faithful protocol validates at the end of the epoch there, which gives
    /// bit-identical test results (tested) at a fraction of the cost.</summary>
    public int ValidationCadence(bool validationChangesModel) => ValidateEvery ?? (Faithful && validationChangesModel ? 1 : 0);

    /// <summary>The protocol part of a cell's key: runs with other settings are other runs.</summary>
    public string ProtocolKey
    {
        get
        {
            string validateEvery = ValidateEvery?.ToString(CultureInfo.InvariantCulture) ?? (Faithful ? "auto" : "0");
            string improvements = Faithful && Improvements.Count > 0 ? "|improve=" + string.Join("+", Improvements.Order().Select(i => i.Name())) : "";
            return string.Create(CultureInfo.InvariantCulture,
                $"{Dataset}|p={KeepProbability:R}|epochs={Epochs}|batch={BatchSize}|lr={LearningRate:R}|momentum={Momentum:R}|" +
                $"faithful={Faithful}|validation={ValidationSize}|validate-every={validateEvery}{improvements}");
        }
    }
}
