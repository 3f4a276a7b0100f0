using System.Diagnostics;
using Spectre.Console;
using Uam.Experiments.Data;
using Uam.Experiments.Models;
using Uam.Runtime;

namespace Uam.Experiments.Tasks;

/// <summary>Settings of the demo run; a null entry of <see cref="Normalizers"/> is the plain baseline.</summary>
internal sealed record DemoOptions(string DataDirectory, int DownSampledClasses, double KeepProbability, int Seed, int Epochs,
    int BatchSize, double LearningRate, double Momentum, IReadOnlyList<RegularityVariant?> Normalizers);

/// <summary>What one network of the demo achieved.</summary>
internal sealed record DemoResult(string Name, ClassifierEvaluation Test, double FinalCodeLength, double Seconds);

/// <summary>A small but real imbalanced-data experiment: the paper's 784-1000-1000-10 network, plain and with
/// regularity normalization on both hidden layers, trained for one epoch on data where some classes keep
/// only a fraction p of their images (spec §2.1, §3), then tested on the balanced test set. Every network
/// sees the same images in the same order from the same initial weights.</summary>
internal static class ImbalancedDemo
{
    public static IReadOnlyList<DemoResult> Run(DemoOptions options, IAnsiConsole console)
    {
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
        console.MarkupLine($"784-1000-1000-10, ReLU, SGD lr {options.LearningRate} momentum {options.Momentum}, batch {options.BatchSize}, " +
                           $"{options.Epochs} epoch(s), seed {options.Seed}");

        var results = new List<DemoResult>();
        foreach (RegularityVariant? variant in options.Normalizers)
        {
            string name = variant?.PaperName() ?? "baseline";
            results.Add(Train(name, variant, options, epochs, trainImages, trainLabels, testImages, testLabels, data.Test.Classes, console));
        }

        var table = new Table().AddColumn("class").AddColumn("down-sampled");
        foreach (var r in results) table.AddColumn($"{r.Name} accuracy");
        for (int c = 0; c < data.Test.Classes; c++)
            table.AddRow([c.ToString(), sampler.DownSampled.Contains(c) ? "yes" : "", .. results.Select(r => $"{100 * r.Test.ClassAccuracy(c):F1} %")]);
        table.AddRow(["[bold]test error[/]", "", .. results.Select(r => $"[bold]{r.Test.ErrorPercent:F2} %[/]")]);
        table.AddRow(["test NLL", "", .. results.Select(r => $"{r.Test.Loss:F3}")]);
        table.AddRow(["code length fc1", "", .. results.Select(r => double.IsNaN(r.FinalCodeLength) ? "" : $"{r.FinalCodeLength:F2}")]);
        table.AddRow(["seconds", "", .. results.Select(r => $"{r.Seconds:F1}")]);
        console.Write(table);
        return results;
    }

    private static DemoResult Train(string name, RegularityVariant? variant, DemoOptions options, int[][] epochs, Tensor trainImages,
        Tensor trainLabels, Tensor testImages, Tensor testLabels, int classes, IAnsiConsole console)
    {
        var clock = Stopwatch.StartNew();
        using var generator = new Generator((ulong)options.Seed);
        using var model = new NormalizedMlp(generator, variant);
        if (model.Slot1 is not null) model.Slot1.Trace = new RegularityTrace("fc1");
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
                        if (variant == RegularityVariant.Saliency) model.Prior = SaliencyPrior.FromLabels(y);
                        Tensor loss = nn.functional.NllLoss(model.Forward(trainImages.IndexSelect(0, index)), y);
                        model.Prior = null;
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
        double codeLength = model.Slot1?.Trace?.Records.LastOrDefault(r => r.Mode == RegularityMode.Train)?.CodeLengthMean ?? double.NaN;
        return new DemoResult(name, test, codeLength, clock.Elapsed.TotalSeconds);
    }
}
