using System.Text.Json;
using Uam.Environments.Rendering;
using Uam.Experiments.Cli;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;
using Uam.Experiments.Tasks.Draw;
using Uam.Runtime;
using Xunit;

namespace Uam.Experiments.Tests;

/// <summary>Training DRAW: the data order, checkpoints that continue a run exactly, the KL constant's effect (none on the
/// gradients), the held-out bound, the pictures, model files for sampling, the study and its report.</summary>
public sealed class DrawTrainingTests
{
    private static readonly DrawShape Tiny = new(Glimpses: 2, Width: 8, Height: 6, ReadPatch: 2, WritePatch: 3, Latent: 3, Encoder: 5, Decoder: 4);

    private static DrawSettings Settings(bool shuffle = true, bool offset = false) =>
        new(Tiny, 4, 1e-2, 0.5, 0.999, 5.0, 100, shuffle, nn.FilterbankVariant.Paper, offset, RegularityOptions.Default);

    private static DrawData Data(int count = 22, ulong seed = 1) =>
        new(torch.Rand([count, Tiny.Pixels], new Generator(seed)), torch.FromArray(Enumerable.Range(0, count).Select(i => (long)(i % 3)).ToArray()));

    private static float[] Parameters(DrawModel model) => model.StateDict().SelectMany(e => e.Value.To(ScalarType.Float32).Flatten().ToArray<float>()).ToArray();

    [Fact]
    public void The_data_order_is_the_files_without_shuffling_and_a_seeded_permutation_per_epoch_with()
    {
        Assert.Equal(Enumerable.Range(0, 7), DrawData.Order(7, false, 3, 5));
        int[] first = DrawData.Order(50, true, 3, 0);
        Assert.Equal(Enumerable.Range(0, 50), first.Order());
        Assert.NotEqual(Enumerable.Range(0, 50), first);
        Assert.Equal(first, DrawData.Order(50, true, 3, 0));
        Assert.NotEqual(first, DrawData.Order(50, true, 3, 1));
        Assert.NotEqual(first, DrawData.Order(50, true, 4, 0));
    }

    [Fact]
    public void Iterations_read_whole_batches_in_the_epochs_order_and_wrap_at_the_epoch()
    {
        // 22 images, batches of 4: 5 whole batches per epoch (the last 2 images are dropped); iteration 5 starts epoch 1.
        using var data = Data();
        Assert.Equal(5, data.BatchesPerEpoch(4));
        using var plain = new DrawTrainer(Settings(shuffle: false), Kind.None, data, 1);
        Assert.Equal(data.Slice(0, 4).Images.ToArray<float>(), plain.BatchOf(0).Images.ToArray<float>());
        Assert.Equal(data.Slice(16, 4).Images.ToArray<float>(), plain.BatchOf(4).Images.ToArray<float>());
        Assert.Equal(plain.BatchOf(0).Images.ToArray<float>(), plain.BatchOf(5).Images.ToArray<float>());

        using var shuffled = new DrawTrainer(Settings(), Kind.None, data, 1);
        int[] order = DrawData.Order(22, true, 1, 1);
        using Tensor rows = torch.FromArray(order[4..8].Select(i => (long)i).ToArray());
        Assert.Equal(data.Images.IndexSelect(0, rows).ToArray<float>(), shuffled.BatchOf(6).Images.ToArray<float>());   // epoch 1, batch 1
        Assert.Equal(data.Labels.IndexSelect(0, rows).ToArray<long>(), shuffled.BatchOf(6).Labels.ToArray<long>());
    }

    [Theory]
    [InlineData(Kind.RN)]
    [InlineData(Kind.SN)]
    [InlineData(Kind.None)]
    public void A_run_continued_from_a_checkpoint_ends_exactly_as_the_uninterrupted_run(Kind kind)
    {
        using var directory = new TemporaryDirectory("uam-draw-checkpoint-");
        using var data = Data();
        string path = directory.Combine("run.safetensors");
        using var straight = new DrawTrainer(Settings(), kind, data, 5);
        for (int i = 0; i < 30; i++) straight.Step();

        using (var first = new DrawTrainer(Settings(), kind, data, 5))
        {
            for (int i = 0; i < 10; i++) first.Step();
            first.Save(path, "identity");
            first.Step();   // work after the checkpoint is lost with the process
        }
        using var resumed = new DrawTrainer(Settings(), kind, data, 5);
        Assert.True(resumed.Restore(path, "identity"));
        Assert.Equal(10, resumed.Iteration);
        for (int i = 0; i < 20; i++) resumed.Step();

        Assert.Equal(Parameters(straight.Model), Parameters(resumed.Model));   // weights, Adam's effect, slot statistics and COMP
        Assert.Equal(straight.Progress.Reconstruction, resumed.Progress.Reconstruction);
        Assert.Equal(straight.Progress.Latent, resumed.Progress.Latent);
        Assert.Equal(3, resumed.Progress.Reconstruction.Count);
    }

    [Fact]
    public void Training_through_the_binding_matches_the_same_steps_written_in_libtorchs_own_Cpp()
    {
        // The benchmark's reference (testing library): filterbank, LSTM cells, reparameterisation, bound, clipping and
        // torch::optim::Adam in C++, from the same weights, images and noise stream.
        var settings = Settings(shuffle: false) with { ClipNorm = 0.5 };
        using var data = Data(4);
        using var binding = new DrawTrainer(settings, Kind.None, data, 6);
        using var twin = new DrawTrainer(settings, Kind.None, data, 6);
        double bindingLoss = 0;
        for (int i = 0; i < 5; i++)
        {
            var (r, l) = binding.Step();
            bindingLoss = r + l;
        }
        using var noise = new Generator(1_000_006);
        var (_, nativeLoss) = Uam.Runtime.Interop.NativeReference.DrawTrain(data.Images, twin.Model.Parameters().ToList(), noise,
            (Tiny.Glimpses, Tiny.Width, Tiny.Height, Tiny.ReadPatch, Tiny.WritePatch), settings.LearningRate, settings.Beta1, settings.Beta2, settings.ClipNorm, 5);
        Assert.Equal(nativeLoss, bindingLoss, 4);
        float[] expected = Parameters(twin.Model), actual = Parameters(binding.Model);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 4);
    }

    [Fact]
    public void A_checkpoint_is_refused_for_another_run_and_taken_only_at_the_end_of_a_curve_block()
    {
        using var directory = new TemporaryDirectory("uam-draw-checkpoint-");
        using var data = Data();
        string path = directory.Combine("run.safetensors");
        using var trainer = new DrawTrainer(Settings(), Kind.RN, data, 5);
        Assert.False(trainer.Restore(path, "a"));
        trainer.Step();
        Assert.Contains("multiples of 10", Assert.Throws<InvalidOperationException>(() => trainer.Save(path, "a")).Message);
        for (int i = 1; i < 10; i++) trainer.Step();
        trainer.Save(path, "a");
        using var other = new DrawTrainer(Settings(), Kind.RN, data, 5);
        var wrongRun = Assert.Throws<InvalidDataException>(() => other.Restore(path, "b"));
        Assert.Contains(path, wrongRun.Message);
        Assert.Contains("belongs to another run", wrongRun.Message);
        using var wrongModel = new DrawTrainer(Settings(), Kind.None, data, 5);
        Assert.Contains("does not fit", Assert.Throws<InvalidDataException>(() => wrongModel.Restore(path, "a")).Message);
    }

    [Fact]
    public void The_faithful_KL_constant_changes_the_objective_by_a_constant_and_neither_the_training_nor_the_recorded_bound()
    {
        using var data = Data();
        using var exact = new DrawTrainer(Settings(), Kind.RN, data, 2);
        using var offset = new DrawTrainer(Settings(offset: true), Kind.RN, data, 2);
        Assert.Equal(0, exact.LatentOffset);
        Assert.Equal(2 * (3 - 2) / 2.0, offset.LatentOffset);   // T·(z − T)/2 with T = 2, z = 3
        for (int i = 0; i < 10; i++) Assert.Equal(exact.Step().Latent, offset.Step().Latent, 4);
        Assert.Equal(Parameters(exact.Model), Parameters(offset.Model));
    }

    [Fact]
    public void A_loss_that_is_not_finite_stops_training_with_the_iteration()
    {
        float[] images = new float[22 * Tiny.Pixels];
        images[5] = float.NaN;
        using var data = new DrawData(torch.FromArray(images, [22, Tiny.Pixels]), torch.Zeros([22], ScalarType.Int64));
        using var trainer = new DrawTrainer(Settings(shuffle: false), Kind.None, data, 1);
        Assert.Contains("at iteration 1", Assert.Throws<InvalidOperationException>(() => trainer.Step()).Message);
        Assert.Contains("48 pixels, the model 12",
            Assert.Throws<ArgumentException>(() => new DrawTrainer(Settings() with { Shape = Tiny with { Width = 2 } }, Kind.None, data, 1)).Message);
    }

    [Fact]
    public void The_held_out_bound_is_the_mean_per_image_of_the_reconstruction_and_the_exact_KL_and_leaves_the_slots_unchanged()
    {
        using var data = Data();
        using var test = Data(7, 9);
        using var trainer = new DrawTrainer(Settings(), Kind.RN, data, 3);
        for (int i = 0; i < 5; i++) trainer.Step();
        float[] before = Parameters(trainer.Model);
        DrawBound bound = DrawEvaluation.Bound(trainer.Model, Kind.RN, test, 7, 3, 3, trainer.Iteration);   // two batches of 3: 6 images
        Assert.Equal(before, Parameters(trainer.Model));
        Assert.True(trainer.Model.IsTraining);

        // By hand: the same ε (generator 9,000,000 + seed), the slots in inference, the terms summed per image and averaged.
        trainer.Model.Eval();
        using var noise = new Generator(9_000_003);
        double reconstruction = 0, latent = 0;
        foreach (int start in new[] { 0, 3 })
        {
            var (images, _) = test.Slice(start, 3);
            var (canvas, glimpses) = trainer.Model.Forward(images, noise);
            reconstruction += DrawLoss.Reconstruction(canvas, images).Sum().ToDouble() / 6;
            latent += glimpses.Sum(g => (g.Mean.Square() + (g.LogStd * 2).Exp() - g.LogStd * 2 - 1).Sum().ToDouble() / 2) / 6;
        }
        Assert.Equal(reconstruction, bound.Reconstruction, 3);
        Assert.Equal(latent, bound.Latent, 3);
        Assert.Equal(5, bound.Iteration);
        Assert.Equal(6, DrawEvaluation.ImagesUsed(7, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => DrawEvaluation.Bound(trainer.Model, Kind.RN, test, 2, 3, 3, 0));
    }

    [Fact]
    public void A_windows_grid_bounds_are_its_corner_filter_centres_in_pixels()
    {
        var paper = new nn.DrawFilterbank(10, 8, 3, nn.FilterbankVariant.Paper);
        static Tensor One(float value) => torch.FromArray(new[] { value }, [1]);
        var window = new nn.AttentionWindow(One(5.5f), One(4.5f), One(2f), One(1f), One(1f));
        // Paper: μ_i = g + (i − 2)·δ for i = 1…3 over 1-based pixels: 3.5 … 7.5 → 0-based 2.5 … 6.5 across, 1.5 … 5.5 down.
        Assert.Equal((2.5, 1.5, 6.5, 5.5), paper.GridBounds(window, 0));
        // The original code: i = 0…2 over 0-based pixels: g − 4 … g.
        var code = new nn.DrawFilterbank(10, 8, 3, nn.FilterbankVariant.OriginalCode);
        Assert.Equal((1.5, 0.5, 5.5, 4.5), code.GridBounds(window, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => paper.GridBounds(window, 1));
        Assert.Contains("must be [batch]", Assert.Throws<ArgumentException>(() => paper.GridBounds(window with { Stride = torch.FromArray(new[] { 2f }, []) }, 0)).Message);
    }

    [Fact]
    public void Pictures_are_grey_images_with_outlines_clipped_to_the_frame()
    {
        PngImage grey = DrawPictures.Grey(new float[] { 0, 1, 0.5f, 2 }, 2, 2);
        Assert.Equal(2 * DrawPictures.Scale, grey.Width);
        Assert.Equal(((byte)0, (byte)0, (byte)0), grey[0, 0]);
        Assert.Equal(((byte)255, (byte)255, (byte)255), grey[DrawPictures.Scale, 0]);
        Assert.Equal(((byte)128, (byte)128, (byte)128), grey[0, DrawPictures.Scale]);
        Assert.Equal(((byte)255, (byte)255, (byte)255), grey[DrawPictures.Scale, DrawPictures.Scale]);

        var frame = new PngImage(6, 6);
        frame.Outline(1, 1, 3, 3, (9, 9, 9));
        Assert.Equal(((byte)9, (byte)9, (byte)9), frame[1, 1]);
        Assert.Equal(((byte)9, (byte)9, (byte)9), frame[3, 2]);
        Assert.Equal(((byte)0, (byte)0, (byte)0), frame[2, 2]);
        frame.Outline(4, -3, 10, 5, (7, 7, 7));   // partly outside: the left edge and the bottom edge stay
        Assert.Equal(((byte)7, (byte)7, (byte)7), frame[4, 0]);
        Assert.Equal(((byte)7, (byte)7, (byte)7), frame[5, 1]);
        Assert.Equal(((byte)0, (byte)0, (byte)0), frame[5, 0]);
    }

    [Fact]
    public void A_model_file_rebuilds_every_variant_for_sampling_and_names_a_file_that_is_not_one()
    {
        using var directory = new TemporaryDirectory("uam-draw-model-");
        foreach (string variant in DrawOptions.AllNormalizers)
        {
            Kind kind = DrawOptions.KindOf(variant);
            using var data = Data();
            using var trainer = new DrawTrainer(DrawSettings.Faithful with { Shape = Tiny, BatchSize = 4 }, kind, data, 4);
            for (int i = 0; i < 3; i++) trainer.Step();
            string path = directory.Combine(variant + ".safetensors");
            trainer.Model.Save(path, DrawModelFile.Metadata(true, trainer.Settings, variant));
            var (loaded, normalizer) = DrawModelFile.Load(path);
            using (loaded)
            {
                Assert.Equal(variant, normalizer);
                Assert.Equal(Parameters(trainer.Model), Parameters(loaded));
                Assert.Equal(DrawPictures.Samples(trainer.Model, kind, 6, 3, 8).Encode(), DrawPictures.Samples(loaded, kind, 6, 3, 8).Encode());
            }
        }
        string plain = directory.Combine("plain.safetensors");
        using (var module = new nn.Linear(2, 2)) module.Save(plain);
        var error = Assert.Throws<InvalidDataException>(() => DrawModelFile.Load(plain));
        Assert.Contains(plain, error.Message);
        Assert.Contains("not a DRAW model file", error.Message);
    }

    [Fact]
    public void A_study_trains_each_variant_measures_it_draws_it_and_reports_the_difference_to_plain_DRAW()
    {
        using var dataset = new SyntheticDataset(train: 120, test: 40);
        using var output = new TemporaryDirectory("uam-draw-study-");
        var options = new DrawOptions("synthetic", dataset.Directory, ["nn", "rn"], Faithful: true, Iterations: 20, EvaluateEvery: 10,
            new StudyOptions([1, 2], output.Path, 1, default, 1, false, null));
        var study = new DrawStudy(options);
        Assert.Equal(0, StudyRunner.Run(study, new Spectre.Console.Testing.TestConsole(), CancellationToken.None));
        var results = StudyTasks.ReadResults(output.Path, DrawTask.TaskName, study.Protocol);
        var runs = results.Runs<DrawRun>();
        Assert.Equal(4, runs.Count);
        DrawRun rn = runs.Single(r => r.Run.Normalizer == "rn" && r.Record.Seed == 1).Run;
        Assert.Equal(2, rn.Reconstruction.Length);
        Assert.Equal([10, 20], rn.HeldOut.Select(b => b.Iteration));
        Assert.Equal(30, rn.TestImages);   // the whole batches of 30 of 40 test images
        Assert.True(File.Exists(DrawStudy.ModelPath(output.Path, "rn-s1")));
        Assert.True(File.Exists(DrawPictures.SamplesPath(output.Path, "nn-s2")));
        Assert.True(File.Exists(DrawPictures.GlimpsesPath(output.Path, "rn-s2")));
        Assert.Empty(Directory.GetFiles(Path.Combine(output.Path, "checkpoints")));   // removed once a run is recorded
        var probe = ProbeTraces.Read(ProbeTraces.PathOf(output.Path, "rn-s1"))!;
        Assert.Equal(10, probe.Slots.Count);
        Assert.All(probe.Slots, s => Assert.Equal(2, s.CodeLength.Length));

        Report report = DrawReport.Build(results);
        var table = (ReportTable)report.Blocks[0];
        Assert.Equal(["nn", "rn"], table.Rows.Select(r => r.Label));
        double Bound(string n, int seed) => runs.Single(r => r.Run.Normalizer == n && r.Record.Seed == seed).Run.Test.Total;
        double expected = (Bound("rn", 1) - Bound("nn", 1) + Bound("rn", 2) - Bound("nn", 2)) / 2;
        Assert.Equal(expected, table.Rows[1].Cells[3].Estimate!.Mean, 9);
        Assert.Equal((Bound("rn", 1) + Bound("rn", 2)) / 2, table.Rows[1].Cells[0].Estimate!.Mean, 9);
        Assert.Equal("", table.Rows[0].Cells[3].Text);
        Assert.Contains(report.Blocks, b => b is ReportImage { Id: "glimpses-rn" });
        Assert.Contains(report.Blocks, b => b is ReportChart { Id: "probe" });
    }
}
