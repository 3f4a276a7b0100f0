namespace Uam.Runtime;

/// <summary>How the running standard deviation combines the history with a new batch (decision D2).</summary>
public enum VariancePooling
{
    /// <summary>The exact unbiased variance of all elements seen, merged with Chan's formula.</summary>
    Exact,
    /// <summary>The original's within-group pooled variance, ((n0−1)σ0² + (n−1)s²)/(n0+n−2): no
    /// between-means term, so it underestimates the spread when batch means drift (docs/normalizers.md).</summary>
    Paper,
}

/// <summary>What gradients flow through the normalizer (decision D1).</summary>
public enum GradientPolicy
{
    /// <summary>The stored history is a constant; the current batch's statistics, densities, log-sum-exp and
    /// its share of COMP are differentiated.</summary>
    CurrentBatch,
    /// <summary>The code length is a constant gain: y = stop_gradient(l)·x.</summary>
    ConstantGain,
}

/// <summary>How densities are summed (decision D3).</summary>
public enum EvaluationScale
{
    /// <summary>Log-mean densities: S and COMP measure mass per element, so a call's code length does not
    /// depend on how many elements it has. With a constant training batch size it equals <see cref="Sums"/>
    /// up to the weight of COMP's initial prior, and inference no longer depends on the evaluation batch size.</summary>
    SizeNormalized,
    /// <summary>The original's log-sum densities: inference code lengths shift by log(N_train/N_eval) (docs/normalizers.md, closed forms).</summary>
    Sums,
}

/// <summary>How one slot shared by the time steps of a recurrent layer learns within a sequence (decision D10).</summary>
public enum RecurrentSlotSharing
{
    /// <summary>Every step is a training call of its own: step t pools h_t into the statistics and log-adds its mass
    /// to COMP, and step t + 1 starts from there.</summary>
    EveryStep,
    /// <summary>The original's MNIST RNN (docs/normalizers.md, closed forms): on the first batch every step starts from nothing (its own statistics,
    /// COMP = 0); later, step t pools h_t cumulatively from the statistics of step t − 1 (step 0 from the stored
    /// ones), every step uses the COMP stored before step 0, and only step 0's statistics and COMP are kept (flaw 25).</summary>
    OriginalFirstStepKept,
}

/// <summary>What a training call does with input that holds NaN or ±∞. Pooled into the statistics and COMP, one
/// such batch would poison the slot for ever (every later call NaN or ±∞, silently), as it does in the original.</summary>
public enum NonFiniteTraining
{
    /// <summary>Throw an <see cref="ArgumentException"/> that says how many elements are not finite; the state is
    /// left untouched.</summary>
    Throw,
    /// <summary>Learn nothing from the batch: it is normalized like an inference call with the stored state (its
    /// non-finite elements stay non-finite in the output), or passed through unchanged when there is no history.</summary>
    Skip,
}

/// <summary>Which implementation computes a slot.</summary>
public enum RegularityImplementation
{
    /// <summary>The native fused kernel with a hand-written backward (CPU, float32/float64); other devices and
    /// dtypes fall back to <see cref="Composite"/>.</summary>
    Fused,
    /// <summary>Tensor ops differentiated by autograd: the readable reference.</summary>
    Composite,
}

/// <summary>Options of a regularity normalizer slot. <see cref="Default"/> fixes the original's flaws;
/// <see cref="Faithful"/> reproduces the original (docs/normalizers.md) exactly, up to the gradients (full
/// backpropagation through every past step is not reproducible with a current autograd engine).</summary>
public sealed record RegularityOptions
{
    /// <summary>Variance pooling (default <see cref="VariancePooling.Exact"/>).</summary>
    public VariancePooling Pooling { get; init; } = VariancePooling.Exact;

    /// <summary>Gradient policy (default <see cref="GradientPolicy.CurrentBatch"/>).</summary>
    public GradientPolicy Gradient { get; init; } = GradientPolicy.CurrentBatch;

    /// <summary>Evaluation scale (default <see cref="EvaluationScale.SizeNormalized"/>).</summary>
    public EvaluationScale Scale { get; init; } = EvaluationScale.SizeNormalized;

    /// <summary>The standard deviation used is max(σ, floor), so that constant activations or a one-element
    /// call give finite code lengths (decision D8); 0 turns the floor off (σ = 0 then yields NaN, as in the original).</summary>
    public double StdFloor { get; init; } = 1e-5;

    /// <summary>Multiply the activations by their code length; false makes a probe that only records (UAM).</summary>
    public bool Apply { get; init; } = true;

    /// <summary>Inference on a slot that has seen no training batch uses the batch's own statistics and
    /// COMP = 0 (the original's behaviour); otherwise it is an error.</summary>
    public bool AllowInferenceWithoutHistory { get; init; }

    /// <summary>Per-sample variant only: the original's COMP with one entry per row position (docs/normalizers.md, closed forms), instead of
    /// one shared COMP. After the first batch its update follows the original's two branches: when max(COMP) exceeds
    /// the largest log-density, COMP[b] + log(1 + Σ_j exp(lp[b,j] − COMP[j])), which pairs COMP[j] with
    /// <em>feature</em> j and so needs as many features as rows (the original fails otherwise, and so does this);
    /// else logaddexp(COMP[b], S_b). Every batch must have the same number of rows. Computed by the composite path.</summary>
    public bool PerSampleCompPerRow { get; init; }

    /// <summary>How a slot shared by the time steps of a recurrent layer learns within a sequence (default
    /// <see cref="RecurrentSlotSharing.EveryStep"/>; only <see cref="nn.RegularityNorm.ForwardStep"/> reads it).</summary>
    public RecurrentSlotSharing Recurrence { get; init; } = RecurrentSlotSharing.EveryStep;

    /// <summary>What a training call does with non-finite input (default <see cref="NonFiniteTraining.Throw"/>, in the
    /// Faithful preset too: the original's silent poisoning is not reproduced).</summary>
    public NonFiniteTraining NonFinite { get; init; } = NonFiniteTraining.Throw;

    /// <summary>Fused kernel or composite reference (default <see cref="RegularityImplementation.Fused"/>).</summary>
    public RegularityImplementation Implementation { get; init; } = RegularityImplementation.Fused;

    /// <summary>The library's defaults: exact pooling, gradients through the current batch, size-normalized
    /// sums, a σ floor of 1e-5.</summary>
    public static RegularityOptions Default { get; } = new();

    /// <summary>The original's behaviour: paper pooling, log-sum densities, no σ floor, inference on an empty
    /// state allowed, the original's per-row COMP for the per-sample variant, and the original's sharing of one slot
    /// by the steps of a recurrent layer.</summary>
    public static RegularityOptions Faithful { get; } = new()
    {
        Pooling = VariancePooling.Paper,
        Scale = EvaluationScale.Sums,
        StdFloor = 0,
        AllowInferenceWithoutHistory = true,
        PerSampleCompPerRow = true,
        Recurrence = RecurrentSlotSharing.OriginalFirstStepKept,
    };

    /// <summary>These options as a probe that records code lengths without changing activations.</summary>
    public RegularityOptions AsProbe() => this with { Apply = false };

    internal void Validate()
    {
        if (!(StdFloor >= 0) || double.IsInfinity(StdFloor))
            throw new ArgumentOutOfRangeException(nameof(StdFloor), StdFloor, "RegularityOptions: StdFloor must be a finite value >= 0.");
        if (!Enum.IsDefined(NonFinite))
            throw new ArgumentOutOfRangeException(nameof(NonFinite), NonFinite, "RegularityOptions: unknown non-finite policy.");
        if (!Enum.IsDefined(Recurrence))
            throw new ArgumentOutOfRangeException(nameof(Recurrence), Recurrence, "RegularityOptions: unknown recurrent slot sharing.");
    }
}
