using System.Diagnostics;
using Spectre.Console;
using Uam.Experiments.Data;
using Uam.Experiments.Models;
using Uam.Runtime;

namespace Uam.Experiments.Tasks;

/// <summary>Settings of the demo run.</summary>
internal sealed record DemoOptions(string DataDirectory, int DownSampledClasses, double KeepProbability, int Seed, int Epochs,
    int BatchSize, double LearningRate, double Momentum);

/// <summary>A small but real imbalanced-data experiment: the paper's 784-1000-1000-10 baseline trained on
/// data where some classes keep only a fraction p of their images (spec §2.1, §3), then tested on the
/// balanced test set with per-class accuracy. The normalizer comparison arrives with the normalizers.</summary>
internal static class ImbalancedDemo
{
    public static ClassifierEvaluation Run(DemoOptions options, IAnsiConsole console)
    {
        var clock = Stopwatch.StartNew();
        ImageDataset data = ImageDataset.Load(options.DataDirectory);
        var (mean, std) = data.Train.PixelStatistics();
        using Tensor trainImages = data.Train.ToTensor(mean, std);
        using Tensor trainLabels = data.Train.LabelTensor();
        using Tensor testImages = data.Test.ToTensor(mean, std);
        using Tensor testLabels = data.Test.LabelTensor();

        var sampler = new ImbalancedSampler(data.Train.Classes, options.DownSampledClasses, options.KeepProbability, options.Seed);
        using var generator = new Generator((ulong)options.Seed);
        using var model = new PaperMlp(generator, data.Train.ImageSize, 1000, data.Train.Classes);
        using var optimizer = new optim.SGD(model.Parameters(), options.LearningRate, momentum: options.Momentum);

        console.MarkupLine($"[bold]{data.Name}[/]: {data.Train.Count:N0} training and {data.Test.Count:N0} test images; " +
                           $"pixels standardised with mean {mean:F4}, std {std:F4} (from the training set)");
        console.MarkupLine($"Down-sampled classes (keep p = {options.KeepProbability}): " +
                           (sampler.DownSampled.Length == 0 ? "none" : string.Join(", ", sampler.DownSampled)));
        console.WriteLine($"{model} with {model.ParameterCount():N0} parameters; SGD lr {options.LearningRate}, momentum {options.Momentum}, batch {options.BatchSize}");

        double lastLoss = double.NaN;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            int[] kept = sampler.Draw(data.Train.Labels);
            sampler.Shuffle(kept);
            int[] counts = data.Train.ClassCounts(kept);
            console.MarkupLine($"Epoch {epoch}: {kept.Length:N0} training images; per class {string.Join(" ", counts)}");
            int batches = (kept.Length + options.BatchSize - 1) / options.BatchSize;
            console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(),
                    new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask($"epoch {epoch}", maxValue: batches);
                    for (int b = 0; b < batches; b++)
                    {
                        using var scope = torch.NewDisposeScope();
                        int start = b * options.BatchSize, length = Math.Min(options.BatchSize, kept.Length - start);
                        Tensor index = torch.FromArray(kept.AsSpan(start, length).ToArray().Select(i => (long)i).ToArray());
                        Tensor loss = nn.functional.NllLoss(model.Forward(trainImages.IndexSelect(0, index)), trainLabels.IndexSelect(0, index));
                        optimizer.ZeroGrad();
                        loss.Backward();
                        optimizer.Step();
                        lastLoss = loss.ToDouble();
                        if (!double.IsFinite(lastLoss)) throw new ArithmeticException($"The training loss became {lastLoss} at batch {b}.");
                        task.Description = $"epoch {epoch}  loss {lastLoss:F3}";
                        task.Increment(1);
                    }
                });
        }

        ClassifierEvaluation result = ClassifierEvaluation.Run(model, testImages, testLabels, data.Test.Classes);
        var table = new Table().AddColumns("class", "down-sampled", "test accuracy");
        for (int c = 0; c < result.Classes; c++)
            table.AddRow(c.ToString(), sampler.DownSampled.Contains(c) ? "yes" : "", $"{100 * result.ClassAccuracy(c):F1} %");
        console.Write(table);
        console.MarkupLine($"Last training loss {lastLoss:F4}; test NLL {result.Loss:F4}; " +
                           $"[bold]test error {result.ErrorPercent:F2} %[/]; {clock.Elapsed.TotalSeconds:F1} s");
        return result;
    }
}
