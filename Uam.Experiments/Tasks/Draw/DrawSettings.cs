using System.Globalization;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Draw;

/// <summary>How a DRAW model is trained (docs/draw.md): its shape, the optimiser, the data order and the bound's constant.
/// Two configurations: the paper's code under <c>--faithful</c> (uam-reference §2.5, flaws 43–46) and the DRAW paper's model
/// with shuffled data as the improved default.</summary>
internal sealed record DrawSettings(
    DrawShape Shape,
    int BatchSize,
    double LearningRate,
    double Beta1,
    double Beta2,
    double ClipNorm,
    int Iterations,
    bool Shuffle,
    nn.FilterbankVariant Filterbank,
    bool KlOffset,
    RegularityOptions Regularity)
{
    /// <summary>Iterations per block of the training curve (the original logs the mean loss of every 10).</summary>
    public const int CurveBlock = 10;

    /// <summary>The original's config.py: T = 5, N = 5, z = 10, states of 10, batch 30, Adam 1e-3 with betas (0.5, 0.999),
    /// gradients clipped to a global norm of 5, 10,000 iterations over unshuffled data, the original code's filterbank, the
    /// KL's constant offset, and the original normalizer's options.</summary>
    public static DrawSettings Faithful { get; } = new(DrawShape.Faithful, 30, 1e-3, 0.5, 0.999, 5.0, 10_000, Shuffle: false,
        nn.FilterbankVariant.OriginalCode, KlOffset: true, RegularityOptions.Faithful);

    /// <summary>The DRAW paper's model (T = 10, 5 × 5 read and write, z = 100, LSTMs of 256) at the original's commented
    /// defaults (batch 64, the same Adam and clipping), the paper's filterbank, the exact KL, shuffled data, the library's
    /// normalizer options.</summary>
    public static DrawSettings Default { get; } = new(DrawShape.Paper, 64, 1e-3, 0.5, 0.999, 5.0, 10_000, Shuffle: true,
        nn.FilterbankVariant.Paper, KlOffset: false, RegularityOptions.Default);

    public static DrawSettings For(bool faithful) => faithful ? Faithful : Default;

    /// <summary>These settings with another iteration budget (validated).</summary>
    public DrawSettings WithIterations(int iterations) =>
        iterations >= 1 ? this with { Iterations = iterations } : throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "--iterations must be at least 1.");

    public string Key => string.Create(CultureInfo.InvariantCulture,
        $"T={Shape.Glimpses}|N={Shape.ReadPatch}/{Shape.WritePatch}|z={Shape.Latent}|enc={Shape.Encoder}|dec={Shape.Decoder}|batch={BatchSize}|" +
        $"lr={LearningRate:R}|betas={Beta1:R},{Beta2:R}|clip={ClipNorm:R}|iterations={Iterations}|shuffle={Shuffle}|filterbank={Filterbank}|kl_offset={KlOffset}");
}
