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

/// <summary>One NTM and its optimiser; <see cref="Step"/> trains on one batch of the copy task.</summary>
internal sealed class NtmTrainer : IDisposable
{
    private readonly optim.Optimizer _optimizer;
    private readonly Random _data;

    public NtmTrainer(NtmSettings settings, Kind kind, int seed)
    {
        Settings = settings;
        using var generator = new Generator((ulong)seed);
        Model = new NtmModel(CopyBatch.Bits + 1, CopyBatch.Bits, settings.Controller, settings.Rows, settings.Width, kind,
            settings.Faithful ? RegularityOptions.Faithful : RegularityOptions.Default, generator);
        _optimizer = settings.Faithful
            ? new optim.RMSprop(Model.Parameters(), 1e-4, alpha: 0.95, momentum: 0.9)
            : new optim.Adam(Model.Parameters(), 1e-3);
        _data = new Random(seed + 1_000_000);
    }

    public NtmSettings Settings { get; }

    public NtmModel Model { get; }

    /// <summary>Sequences seen so far.</summary>
    public long Sequences { get; private set; }

    /// <summary>One batch of a random length in 1…MaxLength: returns the loss (binary cross-entropy per bit) and the bits
    /// wrong per sequence.</summary>
    public (double Loss, double BitsWrong) Step()
    {
        using var scope = torch.NewDisposeScope();
        Model.Train();
        using var batch = CopyBatch.Draw(Settings.BatchSize, _data.Next(1, Settings.MaxLength + 1), _data);
        var (logits, _) = Model.Forward(batch.Inputs);
        Tensor outputs = logits.Narrow(1, batch.Length + 1, batch.Length);
        Tensor loss = nn.functional.BinaryCrossEntropyWithLogits(outputs, batch.Targets);
        _optimizer.ZeroGrad();
        loss.Backward();
        if (Settings.Faithful)
            foreach (Tensor p in Model.Parameters()) p.Grad?.ClampInPlace(-10, 10);
        else nn.utils.ClipGradNorm(Model.Parameters(), 10);
        _optimizer.Step();
        Sequences += Settings.BatchSize;
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

    public void Dispose()
    {
        _optimizer.Dispose();
        Model.Dispose();
    }
}
