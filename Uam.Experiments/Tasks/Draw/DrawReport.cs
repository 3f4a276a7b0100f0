using System.Globalization;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Tasks.Draw;

/// <summary>The report of a DRAW study: the held-out bound per variant (with its two terms and its difference to plain DRAW,
/// paired by seed), the training and held-out curves, the UAM probe, and, per variant, samples from the prior and the
/// glimpses on test images.</summary>
internal static class DrawReport
{
    public static Report Build(StudyResults results)
    {
        var runs = results.Runs<DrawRun>();
        var normalizers = StudyResults.InOrder(runs.Select(r => r.Run.Normalizer), DrawOptions.AllNormalizers);
        var seeds = runs.Select(r => r.Record.Seed).Distinct().Order().ToList();
        List<(int Seed, DrawRun Run)> Of(string normalizer) => runs.Where(r => r.Run.Normalizer == normalizer).Select(r => (r.Record.Seed, r.Run)).ToList();
        var baseline = Of("nn").ToDictionary(r => r.Seed, r => r.Run.Test.Total);
        var table = new ReportTable("Held-out negative variational bound", "bound", "variant",
            ["−bound (nats per image)", "reconstruction", "KL", "−bound − plain DRAW's (same seed)", "training −bound (last 100 iterations)", "runs"],
            normalizers.Select(n =>
            {
                var of = Of(n);
                var paired = of.Where(r => baseline.ContainsKey(r.Seed)).Select(r => r.Run.Test.Total - baseline[r.Seed]).ToList();
                return new ReportRow(n,
                [
                    ReportValue.Of(Estimate.Of(of.Select(r => r.Run.Test.Total))),
                    ReportValue.Of(Estimate.Of(of.Select(r => r.Run.Test.Reconstruction))),
                    ReportValue.Of(Estimate.Of(of.Select(r => r.Run.Test.Latent))),
                    n == "nn" || paired.Count == 0 ? ReportValue.Empty : ReportValue.Of(Estimate.Of(paired)),
                    ReportValue.Of(Estimate.Of(of.Select(r => FinalTraining(r.Run)))),
                    new ReportValue(of.Count.ToString(CultureInfo.InvariantCulture)),
                ]);
            }).ToList())
        {
            Note = $"Over seeds {string.Join(", ", seeds)}: mean ± s.e. (population standard deviation / √runs). The bound is measured on the test " +
                   $"split (never trained on: {runs.Select(r => r.Run.TestImages).DefaultIfEmpty().Max():N0} images, the whole batches of the training " +
                   "batch size), the slots in inference, one ε per image, with the exact KL (the faithful configuration's training objective adds " +
                   "a constant, flaw 43, left out here). Lower is better. The difference to plain DRAW is taken per seed and then averaged.",
        };
        var training = new List<ChartSeries>();
        var heldOut = new List<ChartSeries>();
        foreach (string n in normalizers)
        {
            var of = Of(n).Select(r => r.Run).ToList();
            int length = of.Min(r => r.Reconstruction.Length);
            double[] x = Enumerable.Range(1, length).Select(b => (double)b * of[0].CurveBlock).ToArray();
            var curve = Enumerable.Range(0, length).Select(b => Estimate.Of(of.Select(r => (double)r.Reconstruction[b] + r.Latent[b]))).ToList();
            training.Add(new ChartSeries(n, x, curve.Select(e => e.Mean).ToArray(), curve.Select(e => e.StandardError).ToArray()));
            int points = of.Min(r => r.HeldOut.Length);
            var held = Enumerable.Range(0, points).Select(i => Estimate.Of(of.Select(r => r.HeldOut[i].Total))).ToList();
            heldOut.Add(new ChartSeries(n, of[0].HeldOut.Take(points).Select(p => (double)p.Iteration).ToArray(),
                held.Select(e => e.Mean).ToArray(), held.Select(e => e.StandardError).ToArray()));
        }
        var blocks = new List<ReportBlock>
        {
            table,
            new ReportChart("Training −bound per image (mean of each block of 10 iterations, mean over seeds)", "training", "iteration", "nats", [],
                [new ChartView([], training)]) { Note = "The reconstruction term plus the exact KL on the training batches. Hover for the standard error over seeds." },
            new ReportChart($"Held-out −bound during training (the first {DrawOptions.CurveImages:N0} test images, mean over seeds)", "held-out",
                "iteration", "nats", [], [new ChartView([], heldOut)]),
        };
        if (seeds.Count > 0)
        {
            int first = seeds[0];
            var views = ProbeTraces.Views(results.Directory, normalizers, n => $"{n}-s{first}",
                n => runs.FirstOrDefault(r => r.Run.Normalizer == n && r.Record.Seed == first).Run is { } run ? b => (b + 1.0) * run.CurveBlock : null);
            if (views.Count > 0)
                blocks.Add(new ReportChart($"UAM probe: mean code length of each slot's training calls per block of 10 iterations (seed {first})", "probe",
                    "iteration", "code length (nats)", ["variant"], views)
                {
                    Note = "One slot per glimpse for the encoder's and the decoder's hidden state (2·T slots).",
                });
            foreach (string n in normalizers)
                if (DrawPictures.SamplesPath(results.Directory, $"{n}-s{first}") is var path && File.Exists(path))
                    blocks.Add(new ReportImage($"Samples from the prior: {n} (seed {first})", $"samples-{n}", "image/png", File.ReadAllBytes(path))
                    {
                        Note = "The final canvas's probabilities for z ~ N(0, I) at every glimpse.",
                    });
            foreach (string n in normalizers)
                if (DrawPictures.GlimpsesPath(results.Directory, $"{n}-s{first}") is var path && File.Exists(path))
                    blocks.Add(new ReportImage($"Glimpses on test images: {n} (seed {first})", $"glimpses-{n}", "image/png", File.ReadAllBytes(path))
                    {
                        Note = "Each row: a test image, then the canvas after each glimpse with the read window (red) and the write window (green), " +
                               "drawn through the centres of the grid's corner filters.",
                    });
        }
        string title = $"{Path.GetFileName(Path.GetFullPath(results.Directory).TrimEnd(Path.DirectorySeparatorChar))}: DRAW ({results.Protocol})";
        return new Report(title, StudyMetadata.Of(results, runs.Select(r => r.Record).ToList(), runs.Count.ToString(CultureInfo.InvariantCulture)), blocks);
    }

    /// <summary>The mean training −bound of the last 100 iterations (10 blocks; fewer if the run was shorter).</summary>
    public static double FinalTraining(DrawRun run)
    {
        int blocks = Math.Min(10, run.Reconstruction.Length);
        if (blocks == 0) return double.NaN;
        return Enumerable.Range(run.Reconstruction.Length - blocks, blocks).Average(b => (double)run.Reconstruction[b] + run.Latent[b]);
    }
}
