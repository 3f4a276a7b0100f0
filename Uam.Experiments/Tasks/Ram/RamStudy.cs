using System.Globalization;
using System.Text.Json.Serialization;
using Uam.Experiments.Cli;
using Uam.Experiments.Data;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Tasks.Ram;

/// <summary>A RAM study: the dataset, the models, the epochs, the RAM's glimpses and policy σ, the canvas, how many training
/// images to use, how many of the training split's last images to hold out for the validation curve, and the common
/// options.</summary>
internal sealed record RamOptions(string Dataset, string DataDirectory, IReadOnlyList<string> Models, int Epochs, int Glimpses, double Sigma, int Canvas,
    int TrainingImages, int ValidationImages, StudyOptions Common)
{
    public static readonly string[] AllModels = ["ram", "cnn", "mlp"];

    public string ProtocolKey => string.Create(CultureInfo.InvariantCulture,
        $"{Dataset}|canvas={Canvas}|epochs={Epochs}|glimpses={Glimpses}|sigma={Sigma:R}|training={TrainingImages}|validation={ValidationImages}|batch={RamTrainer.BatchSize}|adam={RamTrainer.LearningRate:R}");
}

/// <summary>One model: its size, its curves per epoch, its test accuracy and its training time.</summary>
internal sealed record RamRun(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("parameters")] long Parameters,
    [property: JsonPropertyName("loss")] float[] Loss,
    [property: JsonPropertyName("training_accuracy")] float[] TrainingAccuracy,
    [property: JsonPropertyName("validation_accuracy")] float[] ValidationAccuracy,
    [property: JsonPropertyName("test_accuracy")] double TestAccuracy,
    [property: JsonPropertyName("training_seconds")] double TrainingSeconds);

/// <summary>The translated splits, made once per process: training (moving every epoch), validation and test (fixed places).</summary>
internal sealed record RamData(TranslatedImages Train, TranslatedImages Validation, TranslatedImages Test) : IDisposable
{
    public static RamData Load(RamOptions options)
    {
        var dataset = ImageDataset.Load(options.DataDirectory, options.Dataset);
        int available = dataset.Train.Count - options.ValidationImages;
        if (available < RamTrainer.BatchSize)
            throw new InvalidDataException($"{options.DataDirectory}: {dataset.Train.Count} training images leave too few after the {options.ValidationImages:N0} held out for validation.");
        int training = Math.Min(options.TrainingImages, available);
        return new RamData(
            new TranslatedImages(dataset.Train.Subset(Enumerable.Range(0, training).ToArray()), options.Canvas),
            new TranslatedImages(dataset.Train.Subset(Enumerable.Range(available, options.ValidationImages).ToArray()), options.Canvas),
            new TranslatedImages(dataset.Test, options.Canvas));
    }

    public void Dispose()
    {
    }
}

/// <summary>The RAM against a CNN and an MLP on translated images, one run per (seed, model), every model with the same
/// optimiser, batches and epochs.</summary>
internal sealed class RamStudy(RamOptions options) : Study<RamData, RamRun>
{
    public const string ModelAxis = "model";

    public RamOptions Options { get; } = options;

    public override string Task => RamTask.TaskName;

    public override string Protocol => Options.ProtocolKey;

    public override StudyGrid Grid { get; } = new([Axis.Of(Axis.Seed, options.Common.Seeds), Axis.Of(ModelAxis, options.Models)]);

    public override StudyOptions Common => Options.Common;

    public override IReadOnlyList<string> Arguments(StudyOptions common)
    {
        static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
        return
        [
            RamTask.TaskName, "--dataset", Options.Dataset, "--data", Options.DataDirectory, "--models", .. Options.Models, "--epochs", N(Options.Epochs),
            "--glimpses", N(Options.Glimpses), "--sigma", Options.Sigma.ToString("R", CultureInfo.InvariantCulture), "--canvas", N(Options.Canvas),
            "--training-images", N(Options.TrainingImages), "--validation-images", N(Options.ValidationImages), .. common.ToArguments(),
        ];
    }

    public override string RunName(RunPoint point) => $"{point[ModelAxis]}-s{point.Seed}";

    public override RamData Prepare() => RamData.Load(Options);

    public override RamRun Run(RunPoint point, RamData data, RunContext context) =>
        Train(Options, point[ModelAxis], point.Seed, data, context.Name, context.OutputDirectory, context.Progress, context.Cancellation);

    public override string Describe(RamRun run) => string.Create(CultureInfo.InvariantCulture, $"test accuracy {100 * run.TestAccuracy:F2} %");

    /// <summary>Trains one model for the epochs (continuing from its checkpoint), validating after each, then tests it; the
    /// RAM also draws where it looked on the first test canvases.</summary>
    public static RamRun Train(RamOptions options, string model, int seed, RamData data, string runName, string outputDirectory,
        Action<int, int, string>? progress, CancellationToken cancellation = default)
    {
        using var trainer = new RamTrainer(model, data.Train, options.Glimpses, options.Sigma, seed);
        string checkpoint = RunCheckpoint.PathOf(outputDirectory, runName, options.ProtocolKey), identity = $"{options.ProtocolKey}|{runName}";
        trainer.Restore(checkpoint, identity);
        int batches = data.Train.Count / RamTrainer.BatchSize;
        while (trainer.Progress.Epochs < options.Epochs)
        {
            int epoch = trainer.Progress.Epochs;
            trainer.TrainEpoch((b, n) =>
            {
                if (b % 100 == 0) progress?.Invoke(epoch * batches + b, options.Epochs * batches, $"epoch {epoch + 1}");
            }, cancellation);
            trainer.RecordValidation(trainer.Accuracy(data.Validation, seed));
            trainer.Save(checkpoint, identity);
            progress?.Invoke((epoch + 1) * batches, options.Epochs * batches,
                string.Create(CultureInfo.InvariantCulture, $"validation accuracy {100 * trainer.Progress.ValidationAccuracy[^1]:F1} %"));
        }
        double test = trainer.Accuracy(data.Test, seed);
        if (trainer.Model is RecurrentAttentionModel ram)
        {
            string path = RamPictures.PathOf(outputDirectory, runName);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Reporting.AtomicFile.Write(path, RamPictures.Glimpses(ram, data.Test, RamPictures.Count, seed).Encode());
        }
        var p = trainer.Progress;
        var run = new RamRun(model, trainer.Model.ParameterCount(), p.Loss.ToArray(), p.TrainingAccuracy.ToArray(), p.ValidationAccuracy.ToArray(), test, p.Seconds);
        File.Delete(checkpoint);
        return run;
    }
}
