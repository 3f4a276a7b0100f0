using System.Globalization;
using System.Text.Json.Serialization;
using Uam.Experiments.Cli;
using Uam.Experiments.Studies;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Babi;

/// <summary>A bAbI study: tasks, training sizes, folds, outer epochs, variants, protocol, the data directory and the common
/// options.</summary>
internal sealed record BabiOptions(string DataDirectory, IReadOnlyList<int> Tasks, IReadOnlyList<int> TrainingSizes, IReadOnlyList<int> Folds,
    int OuterEpochs, IReadOnlyList<string> Normalizers, bool Faithful, StudyOptions Common)
{
    /// <summary>The original's variants: GGNN, GGNN+LN, GGNN+RN, GGNN+RN+LN (RN then LayerNorm).</summary>
    public static readonly string[] AllNormalizers = ["nn", "ln", "rn", "rnln"];

    public static Kind KindOf(string normalizer) => normalizer switch
    {
        "nn" => Kind.None, "ln" => Kind.LN, "rn" => Kind.RN, "rnln" => Kind.RNThenLN,
        _ => throw new ArgumentException($"--normalizers: '{normalizer}' is not one of {string.Join(", ", AllNormalizers)}."),
    };

    public static BabiTask TaskOf(int task) => task switch
    {
        18 => BabiTask.SizeReasoning, 19 => BabiTask.PathFinding,
        _ => throw new ArgumentException($"--tasks: bAbI task {task} is not one of 18 (size reasoning) and 19 (path finding)."),
    };

    public string ProtocolKey => string.Create(CultureInfo.InvariantCulture,
        $"{(Faithful ? "faithful" : "default")}|outer_epochs={OuterEpochs}|hidden=10|steps=5|batch=10|lr=0.001");
}

/// <summary>One network: its fold, its test score after every outer epoch (the protocol's accuracy, and the share of whole
/// answers right), and its mean training loss per epoch.</summary>
internal sealed record BabiRun(
    [property: JsonPropertyName("task")] int Task,
    [property: JsonPropertyName("training_stories")] int TrainingStories,
    [property: JsonPropertyName("normalizer")] string Normalizer,
    [property: JsonPropertyName("fold")] int Fold,
    [property: JsonPropertyName("training_examples")] int TrainingExamples,
    [property: JsonPropertyName("test_examples")] int TestExamples,
    [property: JsonPropertyName("accuracy")] double[] Accuracy,
    [property: JsonPropertyName("whole_answer")] double[] WholeAnswer,
    [property: JsonPropertyName("loss")] double[] Loss);

/// <summary>Every fold of the chosen tasks, read once per process.</summary>
internal sealed class BabiFolds(IReadOnlyDictionary<(int Task, int Fold), BabiFold> folds) : IDisposable
{
    public BabiFold this[int task, int fold] => folds[(task, fold)];

    public void Dispose()
    {
    }
}

/// <summary>The GGNN on bAbI 18 and 19: one network per (seed, task, training size, variant, fold), trained for the outer
/// epochs and tested after each.</summary>
internal sealed class BabiStudy(BabiOptions options) : Study<BabiFolds, BabiRun>
{
    public const string TaskAxis = "task", Size = "size", Normalizer = "normalizer", Fold = "fold";

    public BabiOptions Options { get; } = options;

    public override string Task => BabiCommand.TaskName;

    public override string Protocol => Options.ProtocolKey;

    public override StudyGrid Grid { get; } = new([Axis.Of(Axis.Seed, options.Common.Seeds), Axis.Of(TaskAxis, options.Tasks), Axis.Of(Size, options.TrainingSizes),
        Axis.Of(Normalizer, options.Normalizers), Axis.Of(Fold, options.Folds)]);

    public override StudyOptions Common => Options.Common;

    public override IReadOnlyList<string> Arguments(StudyOptions common)
    {
        static IEnumerable<string> Numbers(IEnumerable<int> values) => values.Select(v => v.ToString(CultureInfo.InvariantCulture));
        List<string> arguments =
        [
            BabiCommand.TaskName, "--data", Options.DataDirectory, "--tasks", .. Numbers(Options.Tasks), "--training-sizes", .. Numbers(Options.TrainingSizes),
            "--folds", .. Numbers(Options.Folds), "--outer-epochs", Options.OuterEpochs.ToString(CultureInfo.InvariantCulture),
            "--normalizers", .. Options.Normalizers, .. common.ToArguments(),
        ];
        if (Options.Faithful) arguments.Add("--faithful");
        return arguments;
    }

    public override string RunName(RunPoint point) => $"t{point[TaskAxis]}-n{point[Size]}-{point[Normalizer]}-f{point[Fold]}-s{point.Seed}";

    public override BabiFolds Prepare() => new(Options.Tasks.SelectMany(t => Options.Folds.Select(f => (t, f)))
        .ToDictionary(k => k, k => BabiFold.Load(Options.DataDirectory, k.f, BabiOptions.TaskOf(k.t))));

    public override BabiRun Run(RunPoint point, BabiFolds data, RunContext context)
    {
        int task = point.Integer(TaskAxis), size = point.Integer(Size), fold = point.Integer(Fold);
        return Train(Options, task, size, point[Normalizer], fold, point.Seed, data[task, fold], context.Progress, context.Cancellation);
    }

    public override string Describe(BabiRun run) =>
        string.Create(CultureInfo.InvariantCulture, $"accuracy {100 * run.Accuracy[^1]:F1} %");

    public static BabiRun Train(BabiOptions options, int task, int size, string normalizer, int fold, int seed, BabiFold data,
        Action<int, int, string>? progress, CancellationToken cancellation = default)
    {
        var settings = new BabiSettings(BabiOptions.TaskOf(task), size, options.Faithful);
        using var trainer = new BabiTrainer(settings, BabiOptions.KindOf(normalizer), data, seed);
        var accuracy = new double[options.OuterEpochs];
        var whole = new double[options.OuterEpochs];
        var loss = new double[options.OuterEpochs];
        for (int epoch = 0; epoch < options.OuterEpochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            loss[epoch] = trainer.TrainEpoch();
            (accuracy[epoch], whole[epoch]) = trainer.Test();
            progress?.Invoke(epoch + 1, options.OuterEpochs, string.Create(CultureInfo.InvariantCulture, $"accuracy {100 * accuracy[epoch]:F1} %"));
        }
        return new BabiRun(task, size, normalizer, fold, trainer.TrainingExamples, trainer.TestExamples, accuracy, whole, loss);
    }
}
