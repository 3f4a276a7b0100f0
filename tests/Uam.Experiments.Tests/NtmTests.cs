using Uam.Experiments.Cli;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;
using Uam.Experiments.Tasks.Ntm;
using Uam.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace Uam.Experiments.Tests;

/// <summary>The copy task's data, a small NTM learning it, its checkpoints, its addressing probes, pictures and study.</summary>
public sealed class NtmTests(ITestOutputHelper output)
{
    [Fact]
    public void A_copy_batch_is_the_sequence_a_delimiter_and_blanks_with_the_sequence_as_target()
    {
        using var batch = CopyBatch.Draw(3, 4, new Random(1));
        Assert.Equal([3L, 9, 9], batch.Inputs.Shape);
        Assert.Equal([3L, 4, 8], batch.Targets.Shape);
        float[] x = batch.Inputs.ToArray<float>(), y = batch.Targets.ToArray<float>();
        for (int b = 0; b < 3; b++)
            for (int t = 0; t < 9; t++)
                for (int c = 0; c < 9; c++)
                {
                    float v = x[(b * 9 + t) * 9 + c];
                    float expected = t < 4 ? (c < 8 ? y[(b * 4 + t) * 8 + c] : 0) : t == 4 ? (c == 8 ? 1 : 0) : 0;
                    Assert.Equal(expected, v);
                }
        Assert.InRange(y.Average(), 0.3, 0.7);
    }

    [Fact]
    public void Bits_wrong_count_every_rounded_bit_that_differs()
    {
        using var logits = torch.FromArray(new float[] { 2, -1, 0.5f, -3, 1, 1, -1, -1 }, [2, 2, 2]);
        using var targets = torch.FromArray(new float[] { 1, 1, 0, 0, 1, 1, 1, 1 }, [2, 2, 2]);
        Assert.Equal((2 + 2) / 2.0, NtmTrainer.BitsWrong(logits, targets));
    }

    [Theory]
    [InlineData(Kind.None)]
    [InlineData(Kind.RN)]
    public void A_small_ntm_learns_to_copy_short_sequences(Kind kind)
    {
        var settings = NtmSettings.Default with { Controller = 32, Rows = 16, Width = 8, MaxLength = 3 };
        using var trainer = new NtmTrainer(settings, kind, 1);
        trainer.Step();   // one batch, so that an RN slot has statistics to infer with
        double before = trainer.Evaluate(3, 64, new Random(7));
        for (int i = 0; i < 1200; i++) trainer.Step();
        double after = trainer.Evaluate(3, 64, new Random(7));
        output.WriteLine($"{kind}: bits wrong per sequence of 3 {before} → {after}");
        Assert.InRange(before, 8, 16);   // about half of 24 bits
        Assert.True(after < 0.6 * before, $"{before} → {after}");   // None: 12.7 → 5.9, RN: 12.6 → 3.9 here
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_run_continued_from_a_checkpoint_ends_exactly_as_the_uninterrupted_run(bool faithful)
    {
        using var directory = new TemporaryDirectory("uam-ntm-checkpoint-");
        var settings = (faithful ? NtmSettings.Original : NtmSettings.Default) with { Controller = 16, Rows = 8, Width = 6, MaxLength = 4 };
        using var straight = new NtmTrainer(settings, Kind.RN, 3);
        for (int i = 0; i < 12; i++) straight.Step();
        string path = directory.Combine("run.safetensors");
        using (var first = new NtmTrainer(settings, Kind.RN, 3))
        {
            for (int i = 0; i < 5; i++) first.Step();
            first.Save(path, "identity");
            first.Step();   // work after the checkpoint is lost with the process
        }
        using var resumed = new NtmTrainer(settings, Kind.RN, 3);
        Assert.True(resumed.Restore(path, "identity"));
        Assert.Equal(5, resumed.Progress.Batches);
        for (int i = 0; i < 7; i++) resumed.Step();
        Assert.Equal(straight.Sequences, resumed.Sequences);
        Assert.Equal(Parameters(straight.Model), Parameters(resumed.Model));   // weights, the optimiser's effect, the slots' statistics
        Assert.Throws<InvalidDataException>(() => new NtmTrainer(settings, Kind.RN, 3).Restore(path, "another run"));
    }

    private static double[][] Parameters(nn.Module model) => model.StateDict().Select(p => p.Value.To(ScalarType.Float64).ToArray<double>()).ToArray();

    [Fact]
    public void The_slots_are_the_controller_normalizer_and_two_probes_that_leave_the_weightings_unchanged()
    {
        using var plain = new NtmTrainer(NtmSettings.Default with { Controller = 16, Rows = 8, Width = 6 }, Kind.None, 2);
        using var rn = new NtmTrainer(NtmSettings.Default with { Controller = 16, Rows = 8, Width = 6 }, Kind.RN, 2);
        Assert.Equal(["read_addressing", "write_addressing"], plain.Model.RegularitySlots().Select(s => s.Name).Order());
        Assert.Equal(["controller_state", "read_addressing", "write_addressing"], rn.Model.RegularitySlots().Select(s => s.Name).Order());
        plain.Step();   // a probe infers with the statistics of at least one training call
        // A probe records, it does not change: the weightings still sum to one, as the heads' softmax and shift leave them.
        var transcript = NtmTranscript.Record(plain.Model, 3, 4, new Random(1));
        foreach (float[] step in transcript.Read.Concat(transcript.Write))
            for (int b = 0; b < 4; b++) Assert.Equal(1.0, transcript.Row(step, b).ToArray().Sum(), 5);
        Assert.All(plain.Model.RegularitySlots(), s => Assert.False(s.Slot.Options.Apply));
    }

    [Fact]
    public void The_addressing_measures_of_a_hand_transcript()
    {
        // Two sequences of length 2 over 4 rows (steps 0, 1: input; 2: delimiter; 3, 4: output).
        float[] W(params float[] rows) => rows;
        var write = new[] { W(1, 0, 0, 0, 0.5f, 0.5f, 0, 0), W(0, 1, 0, 0, 0, 0.2f, 0.8f, 0), W(1, 0, 0, 0, 1, 0, 0, 0), W(1, 0, 0, 0, 1, 0, 0, 0), W(1, 0, 0, 0, 1, 0, 0, 0) };
        var read = new[] { W(1, 0, 0, 0, 1, 0, 0, 0), W(1, 0, 0, 0, 1, 0, 0, 0), W(1, 0, 0, 0, 1, 0, 0, 0),
            W(0.9f, 0.1f, 0, 0, 0, 0, 0, 1), W(0, 0.6f, 0.4f, 0, 0, 0, 0.7f, 0.3f) };
        float[] targets = [1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* b = 1 */ 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0];
        float[] outputs = (float[])targets.Clone();
        outputs[0] = 0.2f;                                         // sequence 0: one bit wrong
        outputs[16] = 0.4f; outputs[17] = 0.4f; outputs[31] = 0.9f;   // sequence 1: three bits wrong
        var transcript = new NtmTranscript(2, 2, 4, new float[2 * 5 * 9], targets, outputs, read, write);
        var m = transcript.Measure();
        Assert.Equal(2.0, m.BitsWrong);                 // (1 + 3) / 2
        Assert.Equal(4.0 / 32, m.BitErrorRate);         // 4 of 2 · 2 · 8 bits
        Assert.Equal((1 + 0.5 + 1 + 0.8) / 4, m.WriteFocus, 6);
        Assert.Equal((0.9 + 0.6 + 1 + 0.7) / 4, m.ReadFocus, 6);
        Assert.Equal(0, m.Lag);
        Assert.Equal(3.0 / 4, m.Alignment);             // sequence 0: read rows 0, 1 = written 0, 1; sequence 1: read 3 (never written), 2 = written 2

        // One sequence of 3 read a step early: rows 3 (never written), 0, 1 at the output steps, written 0, 1, 2.
        float[] OneHot(int row) { var w = new float[4]; w[row] = 1; return w; }
        var early = new NtmTranscript(1, 3, 4, new float[7 * 9], new float[24], new float[24],
            [OneHot(0), OneHot(0), OneHot(0), OneHot(0), OneHot(3), OneHot(0), OneHot(1)], [OneHot(0), OneHot(1), OneHot(2), OneHot(2), OneHot(2), OneHot(2), OneHot(2)]);
        Assert.Equal(-1, early.Measure().Lag);
        Assert.Equal(2.0 / 3, early.Measure().Alignment, 9);
        // A row written twice (steps 0 and 1) counts as written at the last of them.
        var rewritten = early with { Write = [OneHot(0), OneHot(0), OneHot(1), OneHot(2), OneHot(2), OneHot(2), OneHot(2)] };
        Assert.Equal((0, 2.0 / 3), (rewritten.Measure().Lag, rewritten.Measure().Alignment));
        Assert.Equal([0, 1, 2, 3], NtmPictures.RowsShown(transcript));   // every row used: memory order
    }

    [Fact]
    public void The_picture_shows_the_rows_a_head_used_in_an_unbroken_path_whichever_way_it_wrapped()
    {
        // One sequence of length 2 on 16 rows: the write head moves backwards from row 0 (0, 15, 14), the read head stays on 0.
        float[] OneHot(int row) { var w = new float[16]; w[row] = 1; return w; }
        var write = new[] { OneHot(0), OneHot(15), OneHot(14), OneHot(14), OneHot(14) };
        var read = Enumerable.Repeat(OneHot(0), 5).ToArray();
        var transcript = new NtmTranscript(1, 2, 16, new float[5 * 9], new float[16], new float[16], read, write);
        Assert.Equal([13, 14, 15, 0, 1], NtmPictures.RowsShown(transcript));
        var picture = NtmPictures.Weightings(transcript);
        int s = NtmPictures.Scale, gap = 2 * s;
        Assert.Equal(5 * s, picture.Width);
        Assert.Equal((9 + 8 + 8 + 5 + 5) * s + 4 * gap, picture.Height);
        int writeTop = (9 + 8 + 8) * s + 3 * gap;
        Assert.Equal(((byte)255, (byte)255, (byte)255), picture[0, writeTop + 3 * s]);       // step 0 writes row 0 (4th shown)
        Assert.Equal(((byte)255, (byte)255, (byte)255), picture[s, writeTop + 2 * s]);       // step 1: row 15
        Assert.Equal(((byte)0, (byte)0, (byte)0), picture[s, writeTop + 3 * s]);
    }

    [Fact]
    public void A_study_trains_each_controller_tests_every_length_draws_the_weightings_and_reports()
    {
        using var output = new TemporaryDirectory("uam-ntm-study-");
        var options = new NtmCopyOptions(["nn", "rn"], Sequences: 64, Block: 32, TestLengths: [5, 12], TestSequences: 4, Faithful: false,
            new StudyOptions([1], output.Path, 1, default, 1, false, null));
        var study = new NtmCopyStudy(options);
        Assert.Equal(0, StudyRunner.Run(study, new Spectre.Console.Testing.TestConsole(), CancellationToken.None));
        var results = StudyTasks.ReadResults(output.Path, NtmTask.TaskName, study.Protocol);
        var runs = results.Runs<NtmCopyRun>();
        Assert.Equal(2, runs.Count);
        NtmCopyRun rn = runs.Single(r => r.Run.Normalizer == "rn").Run;
        Assert.Equal(2, rn.TrainingBits.Length);
        Assert.Equal(2, rn.HeldOutBits.Length);
        Assert.Equal([5, 12], rn.Test.Select(t => t.Length));
        Assert.All(rn.Test, t => Assert.InRange(t.BitErrorRate, 0.2, 0.8));   // 64 sequences teach nothing yet: about half the bits
        Assert.All(rn.Test, t => Assert.Equal(t.BitsWrong, t.BitErrorRate * 8 * t.Length, 9));
        Assert.True(File.Exists(NtmPictures.PathOf(output.Path, "rn-s1", 20)));
        Assert.True(File.Exists(NtmPictures.PathOf(output.Path, "nn-s1", 12)));
        Assert.Empty(Directory.GetFiles(Path.Combine(output.Path, "checkpoints")));   // removed once a run is recorded
        var probe = ProbeTraces.Read(ProbeTraces.PathOf(output.Path, "rn-s1"))!;
        Assert.Equal(["controller_state", "read_addressing", "write_addressing"], probe.Slots.Select(s => s.Slot).Order());
        Assert.All(probe.Slots, s => Assert.Equal(2, s.CodeLength.Length));
        Assert.All(probe.Slots, s => Assert.All(s.CodeLength, v => Assert.True(float.IsFinite(v))));

        Report report = NtmCopyReport.Build(results);
        var table = (ReportTable)report.Blocks[0];
        Assert.Equal(["nn", "rn"], table.Rows.Select(r => r.Label));
        Assert.Equal(rn.HeldOutBits[^1], table.Rows[1].Cells[0].Estimate!.Mean, 5);
        Assert.Equal(rn.Test[1].BitsWrong, table.Rows[1].Cells[4].Estimate!.Mean, 9);
        Assert.Contains(report.Blocks, b => b is ReportImage { Id: "weightings-rn-20" });
        Assert.Contains(report.Blocks, b => b is ReportChart { Id: "probe" });
    }
}
