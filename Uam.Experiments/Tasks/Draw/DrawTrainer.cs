using System.Text.Json.Serialization;
using Uam.Experiments.Studies;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Draw;

/// <summary>What a DRAW run has done so far: the iteration, the training curve (per block of
/// <see cref="DrawSettings.CurveBlock"/> iterations, the mean reconstruction term and the mean exact KL per image in nats),
/// the held-out points, and per block the mean code length of each regularity slot's training calls (the UAM probe). Saved
/// with every checkpoint.</summary>
internal sealed record DrawProgress(
    [property: JsonPropertyName("iteration")] int Iteration,
    [property: JsonPropertyName("reconstruction")] List<float> Reconstruction,
    [property: JsonPropertyName("latent")] List<float> Latent,
    [property: JsonPropertyName("held_out")] List<DrawBound> HeldOut,
    [property: JsonPropertyName("code_length")] List<float[]> CodeLength)
{
    public static DrawProgress Empty() => new(0, [], [], [], []);
}

/// <summary>The negative variational bound per image in nats, split into the reconstruction term and the exact KL, at an
/// iteration (the held-out curve) or at the end.</summary>
internal sealed record DrawBound(
    [property: JsonPropertyName("iteration")] int Iteration,
    [property: JsonPropertyName("reconstruction")] double Reconstruction,
    [property: JsonPropertyName("latent")] double Latent)
{
    [JsonIgnore] public double Total => Reconstruction + Latent;
}

/// <summary>Trains one DRAW model (uam-reference §2.5): batches in the settings' order, ε from the run's noise generator,
/// the bound (with the original's KL constant under the faithful settings: the same gradients), Adam, gradients clipped to
/// the global norm. The regularity slots train on every batch (the original never freezes them); SN gets the batch's
/// in-batch label frequency as its prior. <see cref="Save"/> and <see cref="Restore"/> make a checkpoint from which the
/// run continues exactly as if it had not stopped.</summary>
internal sealed class DrawTrainer : IDisposable
{
    private readonly DrawData _train;
    private readonly Generator _initial, _noise;
    private readonly optim.Adam _optimizer;
    private readonly int _seed;
    private int[]? _order;
    private int _orderEpoch = -1;
    private double _blockReconstruction, _blockLatent;

    public DrawTrainer(DrawSettings settings, Kind kind, DrawData train, int seed)
    {
        if (train.ImageSize != settings.Shape.Pixels)
            throw new ArgumentException($"DRAW: the images have {train.ImageSize} pixels, the model {settings.Shape.Pixels} ({settings.Shape.Height} × {settings.Shape.Width}).", nameof(train));
        if (train.BatchesPerEpoch(settings.BatchSize) < 1)
            throw new ArgumentException($"DRAW: {train.Count} training images make no batch of {settings.BatchSize}.", nameof(train));
        (Settings, Kind, _train, _seed) = (settings, kind, train, seed);
        _initial = new Generator((ulong)seed);
        _noise = new Generator((ulong)seed + 1_000_000);
        Model = new DrawModel(settings.Shape, kind, settings.Regularity, settings.Filterbank, _initial);
        _optimizer = new optim.Adam(Model.Parameters(), settings.LearningRate, settings.Beta1, settings.Beta2);
    }

    public DrawSettings Settings { get; }

    public Kind Kind { get; }

    public DrawModel Model { get; }

    public DrawProgress Progress { get; private set; } = DrawProgress.Empty();

    public int Iteration => Progress.Iteration;

    /// <summary>The KL constant's offset of the faithful loss per image: T·(z − T)/2 (flaw 43), else 0.</summary>
    public double LatentOffset => Settings.KlOffset ? Settings.Shape.Glimpses * (Settings.Shape.Latent - Settings.Shape.Glimpses) / 2.0 : 0;

    /// <summary>One iteration; returns the batch's mean reconstruction term and exact KL per image.</summary>
    public (double Reconstruction, double Latent) Step()
    {
        using var scope = torch.NewDisposeScope();
        Model.Train();
        var (images, labels) = BatchOf(Iteration);
        Tensor? prior = Kind == Kind.SN ? SaliencyPrior.FromLabels(labels) : null;
        var (canvas, glimpses) = Model.Forward(images, _noise, prior);
        Tensor reconstruction = DrawLoss.Reconstruction(canvas, images).Mean();
        Tensor latent = DrawLoss.Latent(glimpses.Select(g => (g.Mean, g.LogStd)).ToList(), Settings.KlOffset).Mean();
        Tensor loss = reconstruction + latent;
        double value = loss.ToDouble();
        if (!double.IsFinite(value))
            throw new InvalidOperationException($"DRAW ({Kind}, seed {_seed}): the loss became {value} at iteration {Iteration + 1}; training stopped.");
        _optimizer.ZeroGrad();
        loss.Backward();
        nn.utils.ClipGradNorm(Model.Parameters(), Settings.ClipNorm);
        _optimizer.Step();

        double r = reconstruction.ToDouble(), l = latent.ToDouble() - LatentOffset;
        _blockReconstruction += r;
        _blockLatent += l;
        int iteration = Iteration + 1;
        Progress = Progress with { Iteration = iteration };
        if (iteration % DrawSettings.CurveBlock == 0)
        {
            Progress.Reconstruction.Add((float)(_blockReconstruction / DrawSettings.CurveBlock));
            Progress.Latent.Add((float)(_blockLatent / DrawSettings.CurveBlock));
            (_blockReconstruction, _blockLatent) = (0, 0);
        }
        return (r, l);
    }

    /// <summary>Records a held-out point at the current iteration.</summary>
    public void Record(DrawBound bound) => Progress.HeldOut.Add(bound);

    /// <summary>The batch that iteration <paramref name="iteration"/> (0-based) trains on: a function of the seed and the
    /// iteration alone, so a resumed run reads what the uninterrupted run would have.</summary>
    public (Tensor Images, Tensor Labels) BatchOf(int iteration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iteration);
        int perEpoch = _train.BatchesPerEpoch(Settings.BatchSize);
        int epoch = iteration / perEpoch, position = iteration % perEpoch;
        if (!Settings.Shuffle) return _train.Slice(position * Settings.BatchSize, Settings.BatchSize);
        if (_orderEpoch != epoch)
        {
            _order = DrawData.Order(_train.Count, true, _seed, epoch);
            _orderEpoch = epoch;
        }
        using Tensor index = torch.FromArray(_order!.AsSpan(position * Settings.BatchSize, Settings.BatchSize).ToArray().Select(i => (long)i).ToArray());
        return (_train.Images.IndexSelect(0, index), _train.Labels.IndexSelect(0, index));
    }

    private Dictionary<string, Generator> Generators => new() { ["noise"] = _noise };

    /// <summary>Writes a checkpoint (the iteration must close a curve block, so that no partial block is lost).</summary>
    public void Save(string path, string identity)
    {
        if (Iteration % DrawSettings.CurveBlock != 0)
            throw new InvalidOperationException($"DRAW: checkpoints are taken at multiples of {DrawSettings.CurveBlock} iterations, not at {Iteration}.");
        RunCheckpoint.Save(path, identity, Model, _optimizer, Generators, Progress);
    }

    /// <summary>Continues from a checkpoint if there is one; returns whether there was.</summary>
    public bool Restore(string path, string identity)
    {
        if (RunCheckpoint.TryRestore<DrawProgress>(path, identity, Model, _optimizer, Generators) is not { } progress) return false;
        Progress = progress;
        return true;
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        Model.Dispose();
        _noise.Dispose();
        _initial.Dispose();
    }
}
