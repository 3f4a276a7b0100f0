using Uam.Experiments.Data;
using Uam.Experiments.Models;
using Uam.Experiments.Studies;
using Uam.Experiments.Evaluation;
using Uam.Experiments.Distributed;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Imbalanced;

/// <summary>Trains and tests one cell of the study: the declared paper model for the cell's normalizer, on the
/// imbalanced training set of its seed, with SGD + momentum, validating as the protocol says, then testing on
/// the balanced test set. Writes the slots' UAM traces.</summary>
internal static class CellTrainer
{
    /// <summary>The declared models by architecture and the paper's normalizer names. The baseline runs with RN
    /// probes (the same function) so that its code lengths are recorded too.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, PaperModels.Factory>> Architectures =
        new Dictionary<string, IReadOnlyDictionary<string, PaperModels.Factory>>(StringComparer.OrdinalIgnoreCase)
        {
            ["ffnn"] = new Dictionary<string, PaperModels.Factory>(PaperModels.Classifiers, StringComparer.OrdinalIgnoreCase)
            {
                ["baseline"] = (g, o) => new ImbalancedMnistNet(Kind.Probe, o, g),
            },
            ["rnn"] = new Dictionary<string, PaperModels.Factory>(StringComparer.OrdinalIgnoreCase)
            {
                ["baseline"] = PaperModels.Recurrent["probe"],
                ["RN"] = PaperModels.Recurrent["RN"],
            },
        };

    public static ImbalancedRun Train(Cell cell, ImbalancedOptions options, ImbalancedData data, string traceDirectory, Action<int, int, double>? progress = null,
        DataParallelJob? job = null) =>
        Train(cell, Architectures[cell.Model][cell.Normalizer], options, data, traceDirectory, progress, job);

    /// <summary>Trains the cell's protocol on the model that <paramref name="factory"/> makes. With a
    /// <paramref name="job"/>, this rank trains on its shard of every batch and the update is the global batch's
    /// (docs/parallel.md); every rank validates and tests on all images, as one process would.</summary>
    public static ImbalancedRun Train(Cell cell, PaperModels.Factory factory, ImbalancedOptions options, ImbalancedData data, string traceDirectory,
        Action<int, int, double>? progress = null, DataParallelJob? job = null)
    {
        var sampler = new ImbalancedSampler(data.Classes, cell.DownSampled, options.KeepProbability, cell.Seed);
        using var generator = new Generator((ulong)cell.Seed);
        using var model = factory(generator, options.NormalizerOptions);
        var traces = ((IRegularityModel)model).EnableProbes();
        job?.Prepare(model);
        using GradientReducer? reducer = job?.Reducer(model);
        bool hasSlots = traces.Count > 0;
        bool hasBatchNorm = model.NamedModules().Any(m => m.Module is nn.BatchNorm1d);
        bool validateInTrainingMode = ValidatesInTrainingMode(options, hasSlots);
        int validateEvery = options.ValidationCadence(validateInTrainingMode && ChangesInTrainingMode(model));
        using var optimizer = new optim.SGD(model.Parameters(), options.LearningRate, momentum: options.Momentum);
        var validation = new List<ValidationPoint>();
        int step = 0, imagesFirstEpoch = 0;
        int[] countsFirstEpoch = [];
        byte[] labels = data.Dataset.Train.Labels;

        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            int[] kept = sampler.Draw(labels, data.Pool);
            sampler.Shuffle(kept);
            // A last batch of a single image cannot train batch norm (no batch variance; the original's PyTorch raises
            // there, so it never ran such a cell): it is dropped, for every network of the cell alike.
            if (kept.Length > 1 && kept.Length % options.BatchSize == 1) kept = kept[..^1];
            // Across ranks every rank needs a row of every batch, and batch norm two: a shorter last batch is dropped (a
            // network without batch norm on two ranks never drops one; one with it is not one process's anyway, docs/parallel.md).
            if (job is not null && kept.Length % options.BatchSize is var rest && rest > 0 && rest < job.WorldSize * (hasBatchNorm ? 2 : 1) && kept.Length > rest)
                kept = kept[..^rest];
            if (epoch == 0)
            {
                imagesFirstEpoch = kept.Length;
                countsFirstEpoch = data.Dataset.Train.ClassCounts(kept);
            }
            if (kept.Length == 0) throw new InvalidOperationException($"{cell.FileName}: the imbalanced training set is empty.");
            int batches = (kept.Length + options.BatchSize - 1) / options.BatchSize;
            for (int b = 0; b < batches; b++)
            {
                using (var scope = torch.NewDisposeScope())
                {
                    int start = b * options.BatchSize, length = Math.Min(options.BatchSize, kept.Length - start);
                    var (from, count) = job?.Shard(length) ?? (0, length);
                    Tensor index = torch.FromArray(kept.AsSpan(start + from, count).ToArray().Select(i => (long)i).ToArray());
                    Tensor y = data.TrainLabels.IndexSelect(0, index);
                    Tensor loss = nn.functional.NllLoss(PaperModels.Forward(model, data.TrainImages.IndexSelect(0, index), y), y);
                    if (job is not null) loss = job.Weighted(loss, length);
                    optimizer.ZeroGrad();
                    loss.Backward();
                    reducer?.Finish();
                    optimizer.Step();
                    double value = job?.GlobalLoss(loss) ?? loss.ToDouble();
                    if (!double.IsFinite(value))
                        throw new ArithmeticException($"{cell.FileName}: the training loss became {value} at epoch {epoch + 1}, step {b + 1}.");
                    progress?.Invoke(epoch * batches + b + 1, options.Epochs * batches, value);
                }
                step++;
                bool last = b == batches - 1;
                if (data.ValidationImages.Size(0) > 0 && (validateEvery > 0 ? step % validateEvery == 0 : last))
                    validation.Add(Validate(model, data, options, validateInTrainingMode, step));
            }
        }

        // The original tests all images in one batch (which matters to RN's sums, flaw 21).
        ClassifierEvaluation test = ClassifierEvaluation.Run(model, data.TestImages, data.TestLabels, data.Classes,
            chunk: EvaluationChunk(options, data.TestImages));
        var finalCodeLengths = traces.ToDictionary(t => t.Name,
            t => t.Records.LastOrDefault(r => r.Mode == RegularityMode.Train)?.CodeLengthMean ?? double.NaN);
        if (hasSlots)
        {
            RegularityTrace.WriteSummaryCsv(Path.Combine(traceDirectory, cell.FileName + ".csv"), traces.Select(t => Training(t)));
            ProbeTraces.FromTraining(traces, step).Write(Path.Combine(traceDirectory, cell.FileName + ".json"));
        }
        return new ImbalancedRun(cell.Model, cell.Normalizer, cell.DownSampled, sampler.DownSampled, imagesFirstEpoch, step, countsFirstEpoch, test.ErrorPercent, test.Loss,
            Enumerable.Range(0, data.Classes).Select(test.ClassAccuracy).ToArray(),
            Enumerable.Range(0, data.Classes).Select(t => Enumerable.Range(0, data.Classes).Select(p => test.Confusion[t, p]).ToArray()).ToArray(),
            validation.ToArray(), finalCodeLengths);
    }

    /// <summary>The trace without the validation calls (which run in inference mode and change nothing).</summary>
    private static RegularityTrace Training(RegularityTrace trace)
    {
        var training = new RegularityTrace(trace.Name);
        foreach (var record in trace.Records.Where(r => r.Mode == RegularityMode.Train)) training.Add(record);
        return training;
    }

    /// <summary>The original validates non-RN models still in training mode, so batch norm updates its running
    /// statistics with the balanced validation batch (flaw 20); faithful mode keeps that, the improved protocol does not.</summary>
    private static bool ValidatesInTrainingMode(ImbalancedOptions options, bool hasSlots) =>
        !options.Uses(ProtocolImprovement.EvalModeValidation) && !hasSlots;

    /// <summary>Whether a forward pass in training mode changes the model: through running statistics (buffers) or
    /// the random stream of dropout. Without either, a validation pass leaves the model as it was.</summary>
    private static bool ChangesInTrainingMode(nn.Module<Tensor, Tensor> model) =>
        model.NamedBuffers().Any() || model.NamedModules().Any(m => m.Module is nn.Dropout);

    private static int EvaluationChunk(ImbalancedOptions options, Tensor images) =>
        options.Uses(ProtocolImprovement.ChunkedEvaluation) ? 2000 : (int)Math.Max(1, images.Size(0));

    private static ValidationPoint Validate(nn.Module<Tensor, Tensor> model, ImbalancedData data, ImbalancedOptions options, bool trainingMode, int step)
    {
        ClassifierEvaluation result = ClassifierEvaluation.Run(model, data.ValidationImages, data.ValidationLabels, data.Classes,
            chunk: EvaluationChunk(options, data.ValidationImages), trainingMode: trainingMode);
        return new ValidationPoint(step, result.Loss, result.Accuracy);
    }
}
