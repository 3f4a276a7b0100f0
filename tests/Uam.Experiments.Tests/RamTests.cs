using Uam.Experiments.Cli;
using Uam.Experiments.Data;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;
using Uam.Experiments.Tasks.Ram;
using Uam.Runtime;
using Xunit;

namespace Uam.Experiments.Tests;

/// <summary>The recurrent attention model's data, its episode and losses, and its study against the CNN and the MLP.</summary>
public sealed class RamTests
{
    private static LabelledImages Images(int count)
    {
        using var directory = new TemporaryDirectory("uam-ram-images-");
        var pixels = new byte[count * 784];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(1 + i % 250);   // no zero pixel: the image's extent shows
        IdxWriter.Write(directory.Combine("images"), [count, 28, 28], pixels, gzip: false);
        IdxWriter.Write(directory.Combine("labels"), [count], Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray(), gzip: false);
        return LabelledImages.Load(directory.Combine("images"), directory.Combine("labels"));
    }

    [Fact]
    public void A_canvas_holds_the_image_at_its_place_and_zeros_elsewhere_and_training_places_move_with_the_epoch()
    {
        var translated = new TranslatedImages(Images(3), 40);
        var (canvases, labels) = translated.Batch([2, 0], seed: 5, epoch: 1);
        float[] c = canvases.ToArray<float>();
        Assert.Equal([2L, 40, 40], canvases.Shape);
        Assert.Equal([2L, 0], labels.ToArray<long>());
        var (top, left) = translated.Place(5, 1, 2);
        for (int y = 0; y < 40; y++)
            for (int x = 0; x < 40; x++)
            {
                bool inside = y >= top && y < top + 28 && x >= left && x < left + 28;
                float expected = inside ? translated.Images.Pixels[2 * 784 + (y - top) * 28 + x - left] / 255f : 0;
                Assert.Equal(expected, c[y * 40 + x]);
            }
        var places = Enumerable.Range(0, 20).Select(e => translated.Place(5, e, 2)).ToList();
        Assert.True(places.Distinct().Count() > 10);                         // a new place nearly every epoch
        Assert.All(places, p => Assert.InRange(p.Row, 0, 12));               // 40 − 28: the image stays on the canvas
        Assert.Equal(translated.Place(1, -1, 2), translated.Place(9, -1, 2));   // held-out places do not depend on the seed
        Assert.NotEqual(translated.Place(1, 3, 2), translated.Place(9, 3, 2));
    }

    [Fact]
    public void An_episode_samples_locations_in_training_follows_the_mean_in_evaluation_and_trains_each_part_by_its_loss()
    {
        using var generator = new Generator(3);
        using var model = new RecurrentAttentionModel(4, 0.2, 10, generator);
        using var images = torch.Rand([5, 40, 40], generator);
        using var labels = torch.FromArray(new long[] { 0, 1, 2, 3, 4 });
        using (var noise = new Generator(9))
        {
            var episode = model.Run(images, noise);
            Assert.Equal([5L, 10], episode.Logits.Shape);
            Assert.Equal([5L, 3], episode.LogProbabilities.Shape);
            Assert.Equal([5L, 3], episode.Baselines.Shape);
            Assert.Equal(4, episode.Locations.Count);
            Assert.All(episode.Locations, l => Assert.All(l.ToDoubleArray(), v => Assert.InRange(v, -1, 1)));
            // Cross-entropy trains the classifier, the core and the glimpse network, never the policy or the baseline.
            nn.functional.CrossEntropy(episode.Logits, labels).Backward();
            Assert.True(model.What.Weight.Grad!.Abs().Sum().Item<float>() > 0);
            Assert.True(model.CoreState.Weight.Grad!.Abs().Sum().Item<float>() > 0);
            Assert.True(model.Locator.Weight.Grad is null || model.Locator.Weight.Grad.Abs().Sum().Item<float>() == 0);
            Assert.True(model.Baseline.Weight.Grad is null || model.Baseline.Weight.Grad.Abs().Sum().Item<float>() == 0);
        }
        model.ZeroGrad();
        using (var noise = new Generator(9))
        {
            // REINFORCE trains the policy only; the baseline's error the baseline only.
            var episode = model.Run(images, noise);
            var (policy, baseline) = nn.functional.Reinforce(episode.LogProbabilities, torch.Ones([5]), episode.Baselines);
            policy.Add(baseline).Backward();
            Assert.True(model.Locator.Weight.Grad!.Abs().Sum().Item<float>() > 0);
            Assert.True(model.Baseline.Weight.Grad!.Abs().Sum().Item<float>() > 0);
            Assert.True(model.What.Weight.Grad is null || model.What.Weight.Grad.Abs().Sum().Item<float>() == 0);
        }
        model.Eval();
        using var first = new Generator(4);
        using var second = new Generator(4);
        var a = model.Run(images, first);
        var b = model.Run(images, second);
        for (int t = 1; t < 4; t++)
        {
            Assert.Equal(a.Locations[t].ToDoubleArray(), b.Locations[t].ToDoubleArray());
            // In evaluation the next location is the policy's mean (clamped), so its log-density is the Gaussian's peak.
        }
        double peak = -2 * Math.Log(0.2 * Math.Sqrt(2 * Math.PI));
        Assert.All(a.LogProbabilities.ToDoubleArray(), (v, i) =>
        {
            if (Math.Abs(v - peak) > 1e-5) Assert.True(a.Locations.Skip(1).Any(l => l.ToDoubleArray().Any(x => Math.Abs(x) == 1)), $"{v} at {i}");
        });
    }

    [Fact]
    public void The_policy_mean_stays_on_the_image_so_that_no_score_runs_away()
    {
        // A locator pushed far off the image: with a linear mean every sample is clamped to the edge and its
        // log-probability is about −(100 − 1)²/σ² per step, a REINFORCE loss without a floor.
        using var generator = new Generator(3);
        using var model = new RecurrentAttentionModel(4, 0.2, 10, generator);
        using (torch.NoGrad()) model.Locator.Bias!.FillInPlace(100);
        using var images = torch.Rand([64, 40, 40], generator);
        using var noise = new Generator(9);
        var episode = model.Run(images, noise);
        Assert.All(episode.Means, m => Assert.All(m.ToDoubleArray(), v => Assert.InRange(v, -1, 1)));
        Assert.All(episode.Locations.Skip(1), l => Assert.All(l.ToDoubleArray(), v => Assert.InRange(v, -1, 1)));
        // The score is that of the sample drawn, l = μ + σε, before the glimpse clamps it: log π = peak − |ε|²/2, whose
        // mean over 192 draws is peak − 1 (± 0.07). Scoring the clamped location instead would halve that (μ ≈ 1 here,
        // so every ε > 0 clamps back onto the mean).
        double peak = -2 * Math.Log(0.2 * Math.Sqrt(2 * Math.PI));
        double[] scores = episode.LogProbabilities.ToDoubleArray();
        Assert.All(scores, v => Assert.InRange(v, peak - 25, peak));
        Assert.InRange(scores.Average(), peak - 1.3, peak - 0.7);
    }

    [Fact]
    public void A_study_trains_the_ram_and_both_baselines_measures_them_draws_the_glimpses_and_reports()
    {
        using var dataset = new SyntheticDataset(train: 700, test: 200);
        using var output = new TemporaryDirectory("uam-ram-study-");
        var options = new RamOptions("synthetic", dataset.Directory, RamOptions.AllModels, Epochs: 2, Glimpses: 3, Sigma: 0.15, Canvas: 40,
            TrainingImages: 600, ValidationImages: 100, new StudyOptions([1], output.Path, 1, default, 1, false, null));
        var study = new RamStudy(options);
        Assert.Equal(0, StudyRunner.Run(study, new Spectre.Console.Testing.TestConsole(), CancellationToken.None));
        var results = StudyTasks.ReadResults(output.Path, RamTask.TaskName, study.Protocol);
        var runs = results.Runs<RamRun>();
        Assert.Equal(3, runs.Count);
        foreach (var (_, run) in runs)
        {
            Assert.Equal(2, run.ValidationAccuracy.Length);
            Assert.Equal(2, run.Loss.Length);
            Assert.InRange(run.TestAccuracy, 0, 1);
        }
        RamRun mlp = runs.Single(r => r.Run.Model == "mlp").Run;
        Assert.Equal(1600L * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10, mlp.Parameters);
        // 18 batches on translated synthetic classes: every model well above chance (10 %; ram 22.5 %, cnn 27 %, mlp 27 % here).
        Assert.All(runs, r => Assert.True(r.Run.TestAccuracy > 0.17, $"{r.Run.Model}: {r.Run.TestAccuracy}"));
        Assert.True(File.Exists(RamPictures.PathOf(output.Path, "ram-s1")));
        Assert.Empty(Directory.GetFiles(Path.Combine(output.Path, "checkpoints")));

        Report report = RamReport.Build(results);
        var table = (ReportTable)report.Blocks[0];
        Assert.Equal(["ram", "cnn", "mlp"], table.Rows.Select(r => r.Label));
        Assert.Equal(100 * mlp.TestAccuracy, table.Rows[2].Cells[0].Estimate!.Mean, 9);
        Assert.Contains(report.Blocks, b => b is ReportImage { Id: "glimpses" });
    }

    [Fact]
    public void A_run_continued_from_a_checkpoint_ends_exactly_as_the_uninterrupted_run()
    {
        using var directory = new TemporaryDirectory("uam-ram-checkpoint-");
        var train = new TranslatedImages(Images(128), 40);
        using var straight = new RamTrainer("ram", train, 3, 0.2, 2);
        straight.TrainEpoch();
        straight.TrainEpoch();
        string path = directory.Combine("run.safetensors");
        var first = new RamTrainer("ram", train, 3, 0.2, 2);
        using (first)
        {
            first.TrainEpoch();
            first.Save(path, "identity");
        }
        using var resumed = new RamTrainer("ram", train, 3, 0.2, 2);
        Assert.True(resumed.Restore(path, "identity"));
        Assert.Equal(first.Progress.Seconds, resumed.Progress.Seconds);   // the first process's training time is kept
        resumed.TrainEpoch();
        Assert.Equal(straight.Progress.Loss, resumed.Progress.Loss);
        Assert.True(resumed.Progress.Seconds > first.Progress.Seconds, "the training time of both processes");
        Assert.Equal(straight.Model.StateDict().Select(p => p.Value.ToArray<float>()).ToArray(), resumed.Model.StateDict().Select(p => p.Value.ToArray<float>()).ToArray());
    }
}
