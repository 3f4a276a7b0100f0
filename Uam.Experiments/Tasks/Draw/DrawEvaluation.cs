using Uam.Runtime;

namespace Uam.Experiments.Tasks.Draw;

/// <summary>The held-out negative variational bound: images the model never trained on, in batches, the regularity slots in
/// inference (their statistics and COMP as training left them, unchanged by the test images), one ε per image from a
/// generator seeded apart from training (9,000,000 + seed: every variant of a seed draws the same ε), the exact KL, means
/// per image in nats. SN gets the test batch's label frequencies as its prior, as in training.</summary>
internal static class DrawEvaluation
{
    public const int BatchSize = 500;

    public static DrawBound Bound(DrawModel model, Kind kind, DrawData test, int count, int seed, int iteration)
    {
        if (count < 1 || count > test.Count)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"DRAW evaluation: between 1 and the {test.Count} test images");
        using var noise = new Generator((ulong)seed + 9_000_000);
        bool training = model.IsTraining;
        model.Eval();
        double reconstruction = 0, latent = 0;
        try
        {
            using var noGrad = torch.NoGrad();
            for (int start = 0; start < count; start += BatchSize)
            {
                using var scope = torch.NewDisposeScope();
                var (images, labels) = test.Slice(start, Math.Min(BatchSize, count - start));
                Tensor? prior = kind == Kind.SN ? SaliencyPrior.FromLabels(labels) : null;
                var (canvas, glimpses) = model.Forward(images, noise, prior);
                reconstruction += DrawLoss.Reconstruction(canvas, images).Sum().ToDouble();
                latent += DrawLoss.Latent(glimpses.Select(g => (g.Mean, g.LogStd)).ToList()).Sum().ToDouble();
            }
        }
        finally
        {
            if (training) model.Train();
        }
        return new DrawBound(iteration, reconstruction / count, latent / count);
    }
}
