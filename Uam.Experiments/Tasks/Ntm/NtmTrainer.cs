using System.Text.Json.Serialization;
using Uam.Experiments.Studies;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Ntm;

/// <summary>How an NTM trains on the copy task. Faithful: the NTM paper's RMSprop (lr 1e−4, momentum 0.9, α 0.95, gradient
/// elements clipped to ±10) on batches of 1; default: Adam (lr 1e−3), batches of 16, the gradient's norm clipped to 10.
/// Both: memory 128 × 20, a controller of 100, shifts −1…1, training lengths drawn uniformly from 1…20.</summary>
internal sealed record NtmSettings(int BatchSize, bool Faithful, int Controller = 100, int Rows = 128, int Width = 20, int MaxLength = 20)
{
    public static NtmSettings Default { get; } = new(16, Faithful: false);
    public static NtmSettings Original { get; } = new(1, Faithful: true);
}

/// <summary>What an NTM run has done so far, saved with every checkpoint: the batches trained, and per block of batches the
/// mean training loss (nats per bit), the mean bits wrong per training sequence, the bits wrong per held-out sequence at the
/// block's end, and the mean code length of each regularity slot's training calls (the UAM probe).</summary>
internal sealed record NtmProgress(
    [property: JsonPropertyName("batches")] int Batches,
    [property: JsonPropertyName("loss")] List<float> Loss,
    [property: JsonPropertyName("training_bits")] List<float> TrainingBits,
    [property: JsonPropertyName("held_out_bits")] List<float> HeldOutBits,
    [property: JsonPropertyName("code_length")] List<float[]> CodeLength)
{
    public static NtmProgress Empty() => new(0, [], [], [], []);
}

/// <summary>One NTM and its optimiser; <see cref="Step"/> trains on one batch of the copy task. Batch i's length and bits
/// are a function of the seed and i alone, so a run continued from a checkpoint (<see cref="Save"/>, <see cref="Restore"/>)
/// sees exactly the batches of an uninterrupted one.</summary>
internal sealed class NtmTrainer : IDisposable
{
    private readonly optim.Optimizer _optimizer;
    private readonly int _seed;

    public NtmTrainer(NtmSettings settings, Kind kind, int seed)
    {
        Settings = settings;
        using var generator = new Generator((ulong)seed);
        Model = new NtmModel(CopyBatch.Bits + 1, CopyBatch.Bits, settings.Controller, settings.Rows, settings.Width, kind,
            settings.Faithful ? RegularityOptions.Faithful : RegularityOptions.Default, generator);
        _optimizer = settings.Faithful
            ? new optim.RMSprop(Model.Parameters(), 1e-4, alpha: 0.95, momentum: 0.9)
            : new optim.Adam(Model.Parameters(), 1e-3);
        _seed = seed;
    }

    public NtmSettings Settings { get; }

    public NtmModel Model { get; }

    /// <summary>Batches trained so far and the curves (replaced by <see cref="Restore"/>).</summary>
    public NtmProgress Progress { get; private set; } = NtmProgress.Empty();

    /// <summary>Sequences seen so far.</summary>
    public long Sequences => (long)Progress.Batches * Settings.BatchSize;

    /// <summary>The random source of batch <paramref name="index"/>: a SplitMix64 of the seed and the index (independent
    /// streams per batch; System.Random itself cannot be checkpointed).</summary>
    public static Random BatchRandom(int seed, int index)
    {
        ulong z = ((ulong)(uint)seed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return new Random((int)((z ^ (z >> 31)) & 0x7FFFFFFF));
    }

    /// <summary>One batch of a random length in 1…MaxLength: returns the loss (binary cross-entropy per bit) and the bits
    /// wrong per sequence.</summary>
    public (double Loss, double BitsWrong) Step()
    {
        using var scope = torch.NewDisposeScope();
        Model.Train();
        var random = BatchRandom(_seed, Progress.Batches);
        using var batch = CopyBatch.Draw(Settings.BatchSize, random.Next(1, Settings.MaxLength + 1), random);
        var (logits, _) = Model.Forward(batch.Inputs);
        Tensor outputs = logits.Narrow(1, batch.Length + 1, batch.Length);
        Tensor loss = nn.functional.BinaryCrossEntropyWithLogits(outputs, batch.Targets);
        _optimizer.ZeroGrad();
        loss.Backward();
        if (Settings.Faithful)
            foreach (Tensor p in Model.Parameters()) p.Grad?.ClampInPlace(-10, 10);
        else nn.utils.ClipGradNorm(Model.Parameters(), 10);
        _optimizer.Step();
        Progress = Progress with { Batches = Progress.Batches + 1 };
        return (loss.Item<float>(), BitsWrong(outputs, batch.Targets));
    }

    /// <summary>Mean bits wrong per sequence of <paramref name="length"/> on <paramref name="count"/> fresh sequences
    /// (in inference: the slot's statistics do not move).</summary>
    public double Evaluate(int length, int count, Random random)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.NoGrad();
        Model.Eval();
        using var batch = CopyBatch.Draw(count, length, random);
        var (logits, _) = Model.Forward(batch.Inputs);
        return BitsWrong(logits.Narrow(1, length + 1, length), batch.Targets);
    }

    /// <summary>Σ over a sequence's bits of |round(σ(logit)) − target|, averaged over the sequences.</summary>
    public static double BitsWrong(Tensor logits, Tensor targets)
    {
        using var scope = torch.NewDisposeScope();
        Tensor wrong = logits.Gt(0).To(ScalarType.Float32).Sub(targets).Abs().Sum();
        return wrong.Item<float>() / logits.ShapeView[0];
    }

    private static readonly Dictionary<string, Generator> NoGenerators = [];

    /// <summary>Writes a checkpoint: the model (its slots' statistics among its buffers), the optimiser and the progress.</summary>
    public void Save(string path, string identity) =>
        RunCheckpoint.Save(path, identity, Model, _optimizer, NoGenerators, Progress);

    /// <summary>Continues from a checkpoint if there is one; returns whether there was.</summary>
    public bool Restore(string path, string identity)
    {
        if (RunCheckpoint.TryRestore<NtmProgress>(path, identity, Model, _optimizer, NoGenerators) is not { } progress) return false;
        Progress = progress;
        return true;
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        Model.Dispose();
    }
}
