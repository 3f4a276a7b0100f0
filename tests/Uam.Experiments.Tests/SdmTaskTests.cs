using Uam.Experiments.Cli;
using Uam.Experiments.Data;
using Uam.Experiments.Studies;
using Uam.Experiments.Tasks.Sdm;
using Uam.Runtime;
using Uam.Runtime.Memory;
using Uam.Tests;
using Xunit;

namespace Uam.Experiments.Tests;

/// <summary>The SDM studies: the Query-Key-Norm reader on the real file and on broken copies, the perturbations, one
/// convergence run and one projection run.</summary>
public sealed class SdmTaskTests
{
    private static string BetaFile => SharedFolder.PathOf("data/sdm/KeyQuery_Norm_Learnt_Betas.txt");

    [Fact]
    public void The_query_key_norm_file_holds_90_betas_in_five_blocks_with_the_spec_statistics()
    {
        var betas = QueryKeyNormBetas.Read(BetaFile);
        Assert.Equal(90, betas.Count);
        var blocks = betas.GroupBy(b => b.Block).ToDictionary(g => g.Key, g => g.Select(b => b.Beta).ToArray());
        Assert.Equal([QueryKeyNormBetas.Unlabelled, "ar-en", "en-he", "gl-en", "sk-en"], blocks.Keys);
        Assert.Equal([18, 18, 24, 12, 18], blocks.Values.Select(v => v.Length));
        // §4.6: means 15.210, 18.012, 17.834, 12.278, 13.052; all: 15.648, range 10.3109–24.8478.
        Assert.Equal([15.210, 18.012, 17.834, 12.278, 13.052], blocks.Values.Select(v => Math.Round(v.Average(), 3)));
        Assert.Equal(15.648, Math.Round(betas.Average(b => b.Beta), 3));
        Assert.Equal(10.3109, betas.Min(b => b.Beta));
        Assert.Equal(24.8478, betas.Max(b => b.Beta));
        Assert.Equal("decoder.cross_atts.5.mha_scale.scale", betas[17].Module);
        // 51 of 90 lie in [10.1, 15.9] (the paper's rounded β_CD and β_SNR), 39 above, none beyond β_Mem = 35.5.
        Assert.Equal(51, betas.Count(b => b.Beta >= 10.1 && b.Beta <= 15.9));
        Assert.Equal(39, betas.Count(b => b.Beta > 15.9));
    }

    [Theory]
    [InlineData(4, "'", "", "no quoted parameter name")]
    [InlineData(4, "tensor(", "tensor(x", "no number after 'tensor('")]
    [InlineData(5, null, "ar-en", "a label line")]
    public void A_broken_query_key_norm_file_is_refused_with_its_line(int line, string? find, string replacement, string message)
    {
        using var directory = new TemporaryDirectory("qknorm");
        string[] lines = File.ReadAllLines(BetaFile);
        lines[line - 1] = find is null ? replacement : lines[line - 1].Replace(find, replacement, StringComparison.Ordinal);
        string path = directory.Combine("broken.txt");
        File.WriteAllLines(path, lines);
        var error = Assert.Throws<FormatException>(() => QueryKeyNormBetas.Read(path));
        Assert.Contains($"{path}:{line}", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Bit_flips_move_each_row_by_exactly_k_and_cosine_perturbations_hit_the_cosine_and_keep_the_norm()
    {
        var random = new Random(4);
        float[] rows = Enumerable.Range(0, 20 * 64).Select(_ => (float)random.Next(2)).ToArray();
        float[] flipped = Perturbation.FlipBits(rows, 64, 9, new Random(5));
        for (int r = 0; r < 20; r++) Assert.Equal(9, Enumerable.Range(0, 64).Count(i => rows[r * 64 + i] != flipped[r * 64 + i]));
        float[] vectors = Enumerable.Range(0, 20 * 784).Select(_ => (float)random.NextDouble()).ToArray();
        float[] moved = Perturbation.ToCosine(vectors, 784, 1 - 2.0 * 100 / 784, new Random(6));
        for (int r = 0; r < 20; r++)
        {
            double dot = 0, a = 0, b = 0;
            for (int i = 0; i < 784; i++) (dot, a, b) = (dot + vectors[r * 784 + i] * (double)moved[r * 784 + i], a + vectors[r * 784 + i] * (double)vectors[r * 784 + i], b + moved[r * 784 + i] * (double)moved[r * 784 + i]);
            Assert.Equal(1 - 2.0 * 100 / 784, dot / Math.Sqrt(a * b), 5);
            Assert.Equal(Math.Sqrt(a), Math.Sqrt(b), 4);
        }
    }

    [Fact]
    public void Each_dataset_runs_the_algorithms_that_apply_to_it()
    {
        Assert.Equal(10, SdmConvergenceOptions.Applicable("rand64").Count());
        Assert.DoesNotContain(MemoryAlgorithm.NeuronSdm, SdmConvergenceOptions.Applicable("rand1000"));
        Assert.All(SdmConvergenceOptions.Applicable("mnist"), a => Assert.False(a.IsBinary()));
        Assert.Equal([0, 2, 4, 6, 8, 10, 12], SdmDatasets.Levels(12));
        Assert.Equal([0, 62, 125, 187, 250, 312, 375], SdmDatasets.Levels(375));
    }

    [Fact]
    public void A_convergence_run_reads_every_algorithm_on_the_same_queries()
    {
        var options = new SdmConvergenceOptions(["rand64"], [7e-6], Enum.GetValues<MemoryAlgorithm>().Select(a => a.Name()).ToList(), 64, 1, false,
            new StudyOptions([1], "unused"));
        SdmConvergenceRun run = SdmConvergenceStudy.Converge(options, "rand64", 1, 7e-6, null);
        Assert.Equal(15, run.Radius);
        Assert.Equal([1, 0.9375, 0.875, 0.8125, 0.75, 0.6875, 0.625], run.Baseline);
        AlgorithmCosines Of(string name) => run.Algorithms.Single(a => a.Algorithm == name);
        Assert.All(run.Algorithms, a => Assert.All(a.Count, c => Assert.Equal(64, c)));
        // 64 random patterns are ~32 bits apart: at d = 15 binary SDM returns every pattern from 12 flipped bits.
        Assert.All(Of("binary-sdm").Sum, s => Assert.Equal(64, s, 6));
        Assert.Equal(10.1104, Of("binary-sdm-attention").Beta, 4);
        // Softmax attention (β = 1/8) pulls every query to the patterns' mean: far below the perturbed query itself.
        Assert.True(Of("softmax-attention").Sum[1] / 64 < run.Baseline[1] - 0.3);
        // The same queries for every radius: the radius-free softmax attention scores identically at another radius.
        SdmConvergenceRun other = SdmConvergenceStudy.Converge(options with { Algorithms = ["softmax-attention"] }, "rand64", 1, 1e-8, null);
        Assert.Equal(Of("softmax-attention").Sum, other.Algorithms.Single().Sum);
    }

    [Fact]
    public void Query_seeds_are_the_same_in_every_process()
    {
        // A pure function of (memory, dataset, level, repeat) — HashCode.Combine would differ from process to process —
        // and System.Random(int) is the same generator on every machine, so the flipped bits are too.
        Assert.Equal(1_000_003 + 2 * 1_009, SdmConvergenceStudy.QuerySeed(1, 0, 2, 0));
        float[] flipped = Perturbation.FlipBits(new float[64], 64, 3, new Random(SdmConvergenceStudy.QuerySeed(1, 0, 2, 0)));
        Assert.Equal([27, 28, 55], Enumerable.Range(0, 64).Where(i => flipped[i] == 1));
    }

    [Fact]
    public void A_projection_read_is_the_softmax_mixture_of_the_keys()
    {
        using var keys = torch.FromArray(new float[] { 1, 0, 0, 0, 1, 0 }, [2, 3]);
        using var projection = torch.Eye(3);
        using var query = torch.FromArray(new float[] { 1, 0.2f, 0 }, [1, 3]);
        using var beta = torch.FromArray(new[] { 4f });
        using var read = SdmProjectionStudy.Read(projection, beta, keys, query);
        double cos0 = 1 / Math.Sqrt(1.04), cos1 = 0.2 / Math.Sqrt(1.04);
        double w0 = Math.Exp(4 * cos0) / (Math.Exp(4 * cos0) + Math.Exp(4 * cos1));
        float[] values = read.ToArray<float>();
        Assert.Equal(w0, values[0], 6);
        Assert.Equal(1 - w0, values[1], 6);
        Assert.Equal(0, values[2]);
    }

    [Fact]
    public void A_short_projection_training_lowers_its_loss_and_tests_both_memories()
    {
        using var synthetic = new SyntheticDataset(train: 512, test: 256);
        var images = ImageDataset.Load(synthetic.Directory, "synthetic");
        var options = new SdmProjectionOptions([9], ["learned"], 256, 3, 32, false, new StudyOptions([1], "unused"));
        SdmProjectionRun run = SdmProjectionStudy.Train(options, 9, "learned", 1, images);
        Assert.True(run.Loss[^1] < run.Loss[0], $"loss {string.Join(", ", run.Loss)}");
        Assert.Equal(3 * BetaFit.Binary(64, 9).Beta, run.InitialBeta, 3);
        Assert.NotEqual(run.InitialBeta, run.FinalBeta);
        Assert.Equal(["train", "test"], run.Scores.Select(s => s.Memory).Distinct());
        Assert.Equal(5, run.Scores.Count(s => s.Memory == "test"));   // four reads and the trained β
        // Unperturbed queries retrieved from their own memory stay close to their images.
        Assert.All(run.Scores, s => Assert.True(s.Mean[0] > 0.9, $"{s.Memory} {s.Algorithm}: {s.Mean[0]}"));
    }
}
