using Spectre.Console;
using Spectre.Console.Testing;
using Uam.Experiments.Tasks;
using Xunit;

namespace Uam.Experiments.Tests;

/// <summary>The README's main job, end to end, on a small synthetic dataset in IDX files.</summary>
public sealed class ImbalancedDemoTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("uam-demo-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // Class c lights up pixel block c (plus noise): learnable in one epoch when the class is seen.
    private void WriteSplit(string prefix, int count, int seed)
    {
        var random = new Random(seed);
        var labels = new byte[count];
        var pixels = new byte[count * 784];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)(i % 10);
            for (int p = 0; p < 784; p++) pixels[i * 784 + p] = (byte)random.Next(0, 40);
            for (int p = labels[i] * 70; p < labels[i] * 70 + 70; p++) pixels[i * 784 + p] = 255;
        }
        IdxWriter.Write(Path.Combine(_directory, $"{prefix}-images-idx3-ubyte.gz"), [count, 28, 28], pixels, gzip: true);
        IdxWriter.Write(Path.Combine(_directory, $"{prefix}-labels-idx1-ubyte.gz"), [count], labels, gzip: true);
    }

    [Fact]
    public void The_demo_learns_the_kept_classes_and_misses_the_down_sampled_ones()
    {
        WriteSplit("train", 2000, 1);
        WriteSplit("t10k", 500, 2);
        var console = new TestConsole();
        var results = ImbalancedDemo.Run(new DemoOptions(_directory, DownSampledClasses: 3, KeepProbability: 0, Seed: 3, Epochs: 2,
            BatchSize: 50, LearningRate: 0.01, Momentum: 0.9, ["baseline", "RN"]), console);
        var sampler = new Data.ImbalancedSampler(10, 3, 0, 3);
        Assert.Equal(["baseline", "RN"], results.Select(r => r.Name));
        foreach (var result in results)
        {
            for (int c = 0; c < 10; c++)
                if (sampler.DownSampled.Contains(c)) Assert.Equal(0, result.Test.ClassAccuracy(c));   // never seen in training
                else Assert.True(result.Test.ClassAccuracy(c) > 0.95, $"{result.Name} class {c}: {result.Test.ClassAccuracy(c)}");
            Assert.Equal(500, result.Test.Total);
            Assert.InRange(result.Test.ErrorPercent, 29, 31);
        }
        Assert.True(double.IsNaN(results[0].FinalCodeLength));
        Assert.True(results[1].FinalCodeLength > 0);   // the RN network's probe recorded its code lengths
        Assert.Contains("test error", console.Output);
    }
}
