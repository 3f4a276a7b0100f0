using System.Globalization;
using Spectre.Console;
using Uam.Experiments.Tasks.Babi;
using Uam.Runtime;

namespace Uam.Experiments.Bench;

/// <summary>`uam bench babi`: training examples per second of the GGNN (states of 10, 5 steps, batch 10, Adam) on fold 1 of
/// task 18 and task 19, 100 training stories, plain and with RN on the transforms (the improved protocol: what a study
/// run does per outer epoch besides its test). Each configuration trains one untimed epoch, then timed epochs.</summary>
internal static class BabiBenchmark
{
    public static double Run(IAnsiConsole console, string dataDirectory, int epochs)
    {
        console.MarkupLine($"libtorch threads: {torch.NumThreads}");
        var table = new Table().AddColumns("task", "variant", "examples per epoch", "examples/s", "test examples/s");
        var rates = new List<double>();
        foreach (int task in new[] { 18, 19 })
        {
            var fold = BabiFold.Load(dataDirectory, 1, BabiOptions.TaskOf(task));
            foreach (string variant in new[] { "nn", "rn" })
            {
                using var trainer = new BabiTrainer(new BabiSettings(BabiOptions.TaskOf(task), 100, Faithful: false), BabiOptions.KindOf(variant), fold, 1);
                trainer.TrainEpoch();   // warm-up: the JIT, the allocator
                double seconds = Measure.Seconds(() =>
                {
                    for (int e = 0; e < epochs; e++) trainer.TrainEpoch();
                });
                double testSeconds = Measure.Seconds(() => trainer.Test());
                double rate = trainer.TrainingExamples * epochs / seconds;
                rates.Add(rate);
                table.AddRow(task.ToString(CultureInfo.InvariantCulture), variant, trainer.TrainingExamples.ToString(CultureInfo.InvariantCulture),
                    rate.ToString("N0", CultureInfo.InvariantCulture), (trainer.TestExamples / testSeconds).ToString("N0", CultureInfo.InvariantCulture));
            }
        }
        console.Write(table);
        double overall = rates.Average();
        console.MarkupLine($"Mean over the four configurations: {overall:N0} training examples per second.");
        return overall;
    }

    public static string ResultLine(double examplesPerSecond) =>
        string.Create(CultureInfo.InvariantCulture, $"RESULT babi examples_per_s={examplesPerSecond:F0}");
}
