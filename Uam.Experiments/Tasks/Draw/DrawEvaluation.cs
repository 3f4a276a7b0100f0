using Uam.Runtime;

namespace Uam.Experiments.Tasks.Draw;

/// <summary>The held-out negative variational bound: images the model never trained on, in whole batches of the training
/// batch size, the regularity slots in inference (their statistics and COMP as training left them, unchanged by the test
/// images), one ε per image from a generator seeded apart from training (9,000,000 + seed: every variant of a seed draws
/// the same ε), the exact KL, means per image in nats. SN gets the test batch's label frequencies as its prior, as in
/// training. The batch size matters: under the original's log-sum densities an inference call of another size shifts
/// every code length by log(N_train/N_eval) (docs/normalizers.md), and SN's in-batch frequencies depend on it, so a model
/// is measured in the batches it trained in; the last partial batch is left out (<see cref="ImagesUsed"/>).</summary>
internal static class DrawEvaluation
{
    /// <summary>The test images a bound over the first <paramref name="count"/> uses: whole batches only.</summary>
    public static int ImagesUsed(int count, int batchSize) => count / batchSize * batchSize;

    public static DrawBound Bound(DrawModel model, Kind kind, DrawData test, int count, int batchSize, int seed, int iteration)
    {
        if (count > test.Count || batchSize < 1 || count < batchSize)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"DRAW evaluation: at least one batch of {batchSize} and at most the {test.Count} test images");
        count = ImagesUsed(count, batchSize);
        using var noise = new Generator((ulong)seed + 9_000_000);
        bool training = model.IsTraining;
        model.Eval();
        double reconstruction = 0, latent = 0;
        try
        {
            using var noGrad = torch.NoGrad();
            for (int start = 0; start < count; start += batchSize)
            {
                using var scope = torch.NewDisposeScope();
                var (images, labels) = test.Slice(start, batchSize);
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
