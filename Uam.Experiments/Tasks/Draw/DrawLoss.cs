using Uam.Runtime;

namespace Uam.Experiments.Tasks.Draw;

/// <summary>DRAW's negative variational bound, per image and in nats: the reconstruction term −log p(x | c_T) (Bernoulli
/// with means sigmoid(c_T), summed over the pixels) and the latent term Σ_t KL(q(z_t | ·) ‖ N(0, I)) (uam-reference §2.5).</summary>
internal static class DrawLoss
{
    /// <summary>−Σ_pixels log p(x | sigmoid(c_T)) per image [B]: the binary cross-entropy of the final canvas's logits,
    /// summed over the pixels (the original's 784·mean BCE, per image). Images in [0, 1], [B, pixels].</summary>
    public static Tensor Reconstruction(Tensor canvasLogits, Tensor images)
    {
        if (!canvasLogits.Shape.SequenceEqual(images.Shape) || images.Dim != 2)
            throw new ArgumentException($"DrawLoss: the canvas [{string.Join(", ", canvasLogits.Shape)}] and the images [{string.Join(", ", images.Shape)}] must both be [batch, pixels]");
        return nn.functional.BinaryCrossEntropyWithLogits(canvasLogits, images, reduction: Reduction.None).Sum(1);
    }

    /// <summary>The latent term per image [B]: for each glimpse, KL(N(μ, σ²) ‖ N(0, I)) = ½·Σ_j (μ_j² + σ_j² − 2 log σ_j − 1),
    /// summed over the glimpses. <paramref name="faithfulOffset"/>: the original's constant, ½·Σ_j (μ² + σ² − 2 log σ) − T/2
    /// per glimpse instead of − z/2 (flaw 43: the reported loss is offset by T·(z − T)/2, +12.5 for T = 5, z = 10; the
    /// gradients are the same).</summary>
    public static Tensor Latent(IReadOnlyList<(Tensor Mean, Tensor LogStd)> glimpses, bool faithfulOffset = false)
    {
        if (glimpses.Count == 0) throw new ArgumentException("DrawLoss.Latent: no glimpses", nameof(glimpses));
        int steps = glimpses.Count;
        Tensor? total = null;
        foreach (var (mean, logStd) in glimpses)
        {
            if (mean.Dim != 2 || !mean.Shape.SequenceEqual(logStd.Shape))
                throw new ArgumentException($"DrawLoss.Latent: μ [{string.Join(", ", mean.Shape)}] and log σ [{string.Join(", ", logStd.Shape)}] must both be [batch, z]");
            double constant = faithfulOffset ? steps : mean.Size(1);
            Tensor step = (mean.Square() + (logStd * 2).Exp() - logStd * 2).Sum(1) * 0.5 - constant / 2.0;
            total = total is null ? step : total + step;
        }
        return total!;
    }
}
