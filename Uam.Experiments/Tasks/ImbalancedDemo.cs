using System.Diagnostics;
using Spectre.Console;
using Uam.Experiments.Data;
using Uam.Experiments.Models;
using Uam.Runtime;

namespace Uam.Experiments.Tasks;

/// <summary>Settings of the demo run: which declared paper models to train (by the paper's names, e.g.
/// "baseline", "RN", "RLN"), on which architecture ("ffnn" or "rnn").</summary>
internal sealed record DemoOptions(string DataDirectory, int DownSampledClasses, double KeepProbability, int Seed, int Epochs,
    int BatchSize, double LearningRate, double Momentum, IReadOnlyList<string> Normalizers, string Architecture = "ffnn");

/// <summary>What one network of the demo achieved.</summary>
internal sealed record DemoResult(string Name, ClassifierEvaluation Test, double FinalCodeLength, double Seconds);

/// <summary>A small but real imbalanced-data experiment: the paper's classifiers (declared with the model
/// attributes in Models/), plain and with normalization, trained on data where some classes keep only a
/// fraction p of their images (spec §2.1, §3), then tested on the balanced test set. Every network sees the
/// same images in the same order from the same seed.</summary>
internal static class ImbalancedDemo
{
    public static IReadOnlyDictionary<string, PaperModels.Factory> Architectures(string architecture) =>
        architecture.ToLowerInvariant() switch
        {
            "ffnn" => PaperModels.Classifiers,
            "rnn" => new Dictionary<string, PaperModels.Factory>(StringComparer.OrdinalIgnoreCase)
            {
                ["baseline"] = PaperModels.Recurrent["probe"],   // the probe leaves activations alone: the plain RNN
                ["RN"] = PaperModels.Recurrent["RN"],
            },
            _ => throw new ArgumentException($"--model: '{architecture}' is not ffnn or rnn."),
        };

    public static IReadOnlyList<DemoResult> Run(DemoOptions options, IAnsiConsole console)
    {
        var factories = Architectures(options.Architecture);
        foreach (string name in options.Normalizers)
            if (!factories.ContainsKey(name))
                throw new ArgumentException($"--normalizers: '{name}' is not one of {string.Join(", ", factories.Keys)} for the {options.Architecture} model.");
        ImageDataset data = ImageDataset.Load(options.DataDirectory);
        var (mean, std) = data.Train.PixelStatistics();
        using Tensor trainImages = data.Train.ToTensor(mean, std);
        using Tensor trainLabels = data.Train.LabelTensor();
        using Tensor testImages = data.Test.ToTensor(mean, std);
        using Tensor testLabels = data.Test.LabelTensor();
        var sampler = new ImbalancedSampler(data.Train.Classes, options.DownSampledClasses, options.KeepProbability, options.Seed);
        int[][] epochs = Enumerable.Range(0, options.Epochs).Select(_ =>
        {
            int[] kept = sampler.Draw(data.Train.Labels);
            sampler.Shuffle(kept);
            return kept;
        }).ToArray();

        console.MarkupLine($"[bold]{data.Name}[/]: {data.Train.Count:N0} training and {data.Test.Count:N0} test images; " +
                           $"pixels standardised with mean {mean:F4}, std {std:F4} (from the training set)");
        console.MarkupLine($"Down-sampled classes (keep p = {options.KeepProbability}): " +
                           (sampler.DownSampled.Length == 0 ? "none" : string.Join(", ", sampler.DownSampled)) +
                           $"; epoch 1 keeps {epochs[0].Length:N0} images, per class {string.Join(" ", data.Train.ClassCounts(epochs[0]))}");
        console.MarkupLine($"{(options.Architecture == "rnn" ? "RNN 784→100 × 5 steps → 10" : "784-1000-1000-10")}, SGD lr {options.LearningRate} " +
                           $"momentum {options.Momentum}, batch {options.BatchSize}, {options.Epochs} epoch(s), seed {options.Seed}");

        var results = options.Normalizers
            .Select(name => Train(name, factories[name], options, epochs, trainImages, trainLabels, testImages, testLabels, data.Test.Classes, console))
            .ToList();

        var table = new Table().AddColumn("class").AddColumn("down-sampled");
        foreach (var r in results) table.AddColumn($"{r.Name} accuracy");
        for (int c = 0; c < data.Test.Classes; c++)
            table.AddRow([c.ToString(), sampler.DownSampled.Contains(c) ? "yes" : "", .. results.Select(r => $"{100 * r.Test.ClassAccuracy(c):F1} %")]);
        table.AddRow(["[bold]test error[/]", "", .. results.Select(r => $"[bold]{r.Test.ErrorPercent:F2} %[/]")]);
        table.AddRow(["test NLL", "", .. results.Select(r => $"{r.Test.Loss:F3}")]);
        table.AddRow(["code length, 1st slot", "", .. results.Select(r => double.IsNaN(r.FinalCodeLength) ? "" : $"{r.FinalCodeLength:F2}")]);
        table.AddRow(["seconds", "", .. results.Select(r => $"{r.Seconds:F1}")]);
        console.Write(table);
        return results;
    }

    private static DemoResult Train(string name, PaperModels.Factory factory, DemoOptions options, int[][] epochs, Tensor trainImages,
        Tensor trainLabels, Tensor testImages, Tensor testLabels, int classes, IAnsiConsole console)
    {
        var clock = Stopwatch.StartNew();
        using var generator = new Generator((ulong)options.Seed);
        using var model = factory(generator, null);
        var traces = ((IRegularityModel)model).EnableProbes();
        using var optimizer = new optim.SGD(model.Parameters(), options.LearningRate, momentum: options.Momentum);
        console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                for (int epoch = 0; epoch < epochs.Length; epoch++)
                {
                    int[] kept = epochs[epoch];
                    int batches = (kept.Length + options.BatchSize - 1) / options.BatchSize;
                    var task = context.AddTask($"{name} epoch {epoch + 1}", maxValue: batches);
                    for (int b = 0; b < batches; b++)
                    {
                        using var scope = torch.NewDisposeScope();
                        int start = b * options.BatchSize, length = Math.Min(options.BatchSize, kept.Length - start);
                        Tensor index = torch.FromArray(kept.AsSpan(start, length).ToArray().Select(i => (long)i).ToArray());
                        Tensor y = trainLabels.IndexSelect(0, index);
                        Tensor loss = nn.functional.NllLoss(PaperModels.Forward(model, trainImages.IndexSelect(0, index), y), y);
                        optimizer.ZeroGrad();
                        loss.Backward();
                        optimizer.Step();
                        double value = loss.ToDouble();
                        if (!double.IsFinite(value)) throw new ArithmeticException($"{name}: the training loss became {value} at batch {b}.");
                        task.Description = $"{name} epoch {epoch + 1}  loss {value:F3}";
                        task.Increment(1);
                    }
                }
            });
        ClassifierEvaluation test = ClassifierEvaluation.Run(model, testImages, testLabels, classes);
        double codeLength = traces.FirstOrDefault()?.Records.LastOrDefault(r => r.Mode == RegularityMode.Train && r.MultiplierMean != 0)?.CodeLengthMean
                            ?? double.NaN;
        return new DemoResult(name, test, codeLength, clock.Elapsed.TotalSeconds);
    }
}
