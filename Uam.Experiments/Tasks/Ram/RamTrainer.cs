using System.Text.Json.Serialization;
using Uam.Experiments.Studies;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Ram;

/// <summary>What a run has done so far, saved with every checkpoint: the epochs trained, the seconds they took (summed
/// over the processes that ran them, so that a resumed run reports its whole training time), and per epoch the mean
/// training loss, the training accuracy (of the sampled episodes for the RAM) and the validation accuracy.</summary>
internal sealed record RamProgress(
    [property: JsonPropertyName("epochs")] int Epochs,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("loss")] List<float> Loss,
    [property: JsonPropertyName("training_accuracy")] List<float> TrainingAccuracy,
    [property: JsonPropertyName("validation_accuracy")] List<float> ValidationAccuracy)
{
    public static RamProgress Empty() => new(0, 0, [], [], []);
}

/// <summary>Trains one classifier of translated images with Adam (lr 1e−3) on batches of 64 in an order fixed by the seed
/// and the epoch. The RAM's loss is the hybrid of §5.3: cross-entropy for the classifier, core and glimpse network,
/// REINFORCE with the baseline for the location policy (reward 1 for a right class), and the baseline's squared error.</summary>
internal sealed class RamTrainer : IDisposable
{
    public const int BatchSize = 64;
    public const double LearningRate = 1e-3;

    private readonly optim.Adam _optimizer;
    private readonly Generator _noise;
    private readonly int _seed;

    public RamTrainer(string model, TranslatedImages train, int glimpses, double sigma, int seed)
    {
        (Train, _seed) = (train, seed);
        using var generator = new Generator((ulong)seed);
        Model = model switch
        {
            "ram" => new RecurrentAttentionModel(glimpses, sigma, train.Images.Classes, generator),
            "cnn" => ImageBaseline.Convolutional(train.Canvas, train.Images.Classes, generator),
            "mlp" => ImageBaseline.Perceptron(train.Canvas, train.Images.Classes, generator),
            _ => throw new ArgumentException($"--models: '{model}' is not one of ram, cnn, mlp."),
        };
        _noise = new Generator((ulong)seed + 1_000_000);
        _optimizer = new optim.Adam(Model.Parameters(), LearningRate);
    }

    public TranslatedImages Train { get; }

    public nn.Module Model { get; }

    public RamProgress Progress { get; private set; } = RamProgress.Empty();

    /// <summary>The training images' order in <paramref name="epoch"/>: a Fisher–Yates shuffle from the seed and the epoch.</summary>
    public static int[] Order(int count, int seed, int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed * 7919 + epoch).Shuffle(order);
        return order;
    }

    /// <summary>One epoch of whole batches; records its loss and accuracy and returns the loss.</summary>
    public double TrainEpoch(Action<int, int>? progress = null, CancellationToken cancellation = default)
    {
        int epoch = Progress.Epochs, batches = Train.Count / BatchSize;
        int[] order = Order(Train.Count, _seed, epoch);
        double loss = 0, right = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Model.Train();
        for (int b = 0; b < batches; b++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var (images, labels) = Train.Batch(order.AsSpan(b * BatchSize, BatchSize).ToArray(), _seed, epoch);
            var (total, logits) = Loss(images, labels);
            _optimizer.ZeroGrad();
            total.Backward();
            _optimizer.Step();
            loss += total.Item<float>();
            right += logits.ArgMax(1).Eq(labels).To(ScalarType.Float32).Sum().Item<float>();
            progress?.Invoke(b + 1, batches);
        }
        Progress.Loss.Add((float)(loss / batches));
        Progress.TrainingAccuracy.Add((float)(right / (batches * BatchSize)));
        Progress = Progress with { Epochs = epoch + 1, Seconds = Progress.Seconds + clock.Elapsed.TotalSeconds };
        return loss / batches;
    }

    private (Tensor Loss, Tensor Logits) Loss(Tensor images, Tensor labels)
    {
        if (Model is not RecurrentAttentionModel ram)
        {
            Tensor logits = ((IImageClassifier)Model).Logits(images, _noise);
            return (nn.functional.CrossEntropy(logits, labels), logits);
        }
        var episode = ram.Run(images, _noise);
        Tensor rewards = episode.Logits.ArgMax(1).Eq(labels).To(ScalarType.Float32);
        var (policy, baseline) = nn.functional.Reinforce(episode.LogProbabilities, rewards, episode.Baselines);
        return (nn.functional.CrossEntropy(episode.Logits, labels).Add(policy).Add(baseline), episode.Logits);
    }

    /// <summary>Records the accuracy on the validation images after an epoch.</summary>
    public void RecordValidation(double accuracy) => Progress.ValidationAccuracy.Add((float)accuracy);

    /// <summary>The share of <paramref name="images"/> classified right, in evaluation (the RAM looks where its policy's mean
    /// points, from a first location drawn from <paramref name="seed"/>).</summary>
    public double Accuracy(TranslatedImages images, int seed)
    {
        using var noGrad = torch.NoGrad();
        using var noise = new Generator((ulong)seed + 5_000_000);
        Model.Eval();
        try
        {
            double right = 0;
            for (int start = 0; start < images.Count; start += 500)
            {
                using var scope = torch.NewDisposeScope();
                var (canvases, labels) = images.Batch(Enumerable.Range(start, Math.Min(500, images.Count - start)).ToArray(), 0, -1);
                right += ((IImageClassifier)Model).Logits(canvases, noise).ArgMax(1).Eq(labels).To(ScalarType.Float32).Sum().Item<float>();
            }
            return right / images.Count;
        }
        finally
        {
            Model.Train();
        }
    }

    private Dictionary<string, Generator> Generators => new() { ["noise"] = _noise };

    public void Save(string path, string identity) =>
        RunCheckpoint.Save(path, identity, Model, _optimizer, Generators, Progress);

    /// <summary>Continues from a checkpoint if there is one; returns whether there was.</summary>
    public bool Restore(string path, string identity)
    {
        if (RunCheckpoint.TryRestore<RamProgress>(path, identity, Model, _optimizer, Generators) is not { } progress) return false;
        Progress = progress;
        return true;
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        Model.Dispose();
        _noise.Dispose();
    }
}
