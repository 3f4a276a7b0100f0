using Uam.Runtime.Memory;
using Uam.Runtime.Tests.Autograd;
using Xunit;
using F = Uam.Runtime.nn.functional;

namespace Uam.Runtime.Tests.Modules;

/// <summary>Scaled dot-product and multi-head attention against a reference written with loops over plain arrays, masks,
/// gradients, and SDM attention as the cosine variant.</summary>
public sealed class ContentAttentionTests
{
    /// <summary>softmax_j(scale·q_i·k_j) over unmasked j, times v: the definition, in loops. q [Lq, d], k [Lk, d], v [Lk, dv].</summary>
    private static (double[] Output, double[] Weights) Reference(double[] q, double[] k, double[] v, int lq, int lk, int d, int dv, double scale, bool[]? masked = null)
    {
        var weights = new double[lq * lk];
        var output = new double[lq * dv];
        for (int i = 0; i < lq; i++)
        {
            var logits = new double[lk];
            for (int j = 0; j < lk; j++)
                for (int f = 0; f < d; f++) logits[j] += q[i * d + f] * k[j * d + f] * scale;
            double max = Enumerable.Range(0, lk).Where(j => masked is null || !masked[i * lk + j]).Select(j => logits[j]).DefaultIfEmpty(0).Max();
            double total = Enumerable.Range(0, lk).Where(j => masked is null || !masked[i * lk + j]).Sum(j => Math.Exp(logits[j] - max));
            for (int j = 0; j < lk; j++)
            {
                weights[i * lk + j] = masked is not null && masked[i * lk + j] ? 0 : Math.Exp(logits[j] - max) / total;
                for (int f = 0; f < dv; f++) output[i * dv + f] += weights[i * lk + j] * v[j * dv + f];
            }
        }
        return (output, weights);
    }

    [Fact]
    public void Scaled_dot_product_attention_with_a_mask_equals_the_definition()
    {
        double[] q = AttentionTestValues.Uniform(3 * 5, 1), k = AttentionTestValues.Uniform(4 * 5, 2), v = AttentionTestValues.Uniform(4 * 2, 3);
        bool[] masked = [false, true, false, false, true, true, false, true, false, false, false, false];
        using var query = torch.FromArray(q, [3, 5]);
        using var key = torch.FromArray(k, [4, 5]);
        using var value = torch.FromArray(v, [4, 2]);
        using var mask = torch.FromArray(masked, [3, 4]);
        var (output, weights) = F.ScaledDotProductAttention(query, key, value, mask);
        using (output)
        using (weights)
        {
            var expected = Reference(q, k, v, 3, 4, 5, 2, 1 / Math.Sqrt(5), masked);
            AttentionTestValues.Close(expected.Weights, weights);
            AttentionTestValues.Close(expected.Output, output);
        }
    }

    [Fact]
    public void Masked_keys_do_not_matter_and_a_query_with_every_key_masked_reads_zeros()
    {
        double[] q = AttentionTestValues.Uniform(2 * 3, 4), k = AttentionTestValues.Uniform(3 * 3, 5), v = AttentionTestValues.Uniform(3 * 2, 6);
        using var query = torch.FromArray(q, [2, 3]);
        using var key = torch.FromArray(k, [3, 3]);
        using var value = torch.FromArray(v, [3, 2]);
        using var mask = torch.FromArray(new[] { false, false, true, true, true, true }, [2, 3]);   // row 1: nothing to attend to
        double[] changed = (double[])v.Clone();
        changed[4] = 100;   // the masked key's value
        using var other = torch.FromArray(changed, [3, 2]);
        var (a, wa) = F.ScaledDotProductAttention(query, key, value, mask);
        var (b, wb) = F.ScaledDotProductAttention(query, key, other, mask);
        using (a) using (wa) using (b) using (wb)
        {
            AttentionTestValues.Close(a.ToDoubleArray(), b);
            Assert.Equal([0.0, 0.0], a.ToDoubleArray().Skip(2));
            Assert.Equal([0.0, 0.0, 0.0], wa.ToDoubleArray().Skip(3));
            Assert.All(a.ToDoubleArray(), x => Assert.False(double.IsNaN(x)));
        }
    }

    [Fact]
    public void Scaled_dot_product_attention_has_finite_difference_gradients()
    {
        using var mask = torch.FromArray(new[] { false, true, false, false, false, false }, [1, 2, 3]);
        GradientCheck.Verify("sdpa", x => F.ScaledDotProductAttention(x[0], x[1], x[2], mask).Output,
            [AttentionTestValues.Uniform(2 * 2 * 4, 7), AttentionTestValues.Uniform(2 * 3 * 4, 8), AttentionTestValues.Uniform(2 * 3 * 2, 9)], [[2, 2, 4], [2, 3, 4], [2, 3, 2]]);
    }

    private static double[] Project(double[] x, int rows, double[] weight, double[] bias, int outFeatures, int inFeatures)
    {
        var y = new double[rows * outFeatures];
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < outFeatures; o++)
            {
                y[r * outFeatures + o] = bias[o];
                for (int i = 0; i < inFeatures; i++) y[r * outFeatures + o] += x[r * inFeatures + i] * weight[o * inFeatures + i];
            }
        return y;
    }

    private static double[] Head(double[] x, int rows, int embedding, int head, int size, bool normalise, double beta)
    {
        var h = new double[rows * size];
        for (int r = 0; r < rows; r++)
        {
            for (int f = 0; f < size; f++) h[r * size + f] = x[r * embedding + head * size + f];
            double norm = normalise ? Math.Sqrt(Enumerable.Range(0, size).Sum(f => h[r * size + f] * h[r * size + f])) / beta : 1;
            for (int f = 0; f < size; f++) h[r * size + f] /= norm;
        }
        return h;
    }

    [Theory]
    [InlineData(null)]
    [InlineData(15.8528)]
    public void Multi_head_attention_equals_per_head_attention_written_out(double? beta)
    {
        const int embedding = 6, heads = 2, size = 3, lq = 2, lk = 4;
        using var module = new nn.MultiHeadAttention(embedding, heads, cosineBeta: beta, generator: new Generator(3), dtype: ScalarType.Float64);
        double[] x = AttentionTestValues.Uniform(lq * embedding, 10), y = AttentionTestValues.Uniform(lk * embedding, 11);
        double[] W(nn.Linear l) => l.Weight.ToDoubleArray();
        double[] B(nn.Linear l) => l.Bias!.ToDoubleArray();
        double[] q = Project(x, lq, W(module.Query), B(module.Query), embedding, embedding);
        double[] k = Project(y, lk, W(module.Key), B(module.Key), embedding, embedding);
        double[] v = Project(y, lk, W(module.Value), B(module.Value), embedding, embedding);
        var merged = new double[lq * embedding];
        var meanWeights = new double[lq * lk];
        for (int h = 0; h < heads; h++)
        {
            // SDM attention: q̂·k̂ times β (β folded into the query's normalisation); else q·k/√(E/H).
            var (o, w) = Reference(Head(q, lq, embedding, h, size, beta is not null, beta ?? 1), Head(k, lk, embedding, h, size, beta is not null, 1),
                Head(v, lk, embedding, h, size, false, 1), lq, lk, size, size, beta is null ? 1 / Math.Sqrt(size) : 1);
            for (int r = 0; r < lq; r++)
                for (int f = 0; f < size; f++) merged[r * embedding + h * size + f] = o[r * size + f];
            for (int i = 0; i < w.Length; i++) meanWeights[i] += w[i] / heads;
        }
        double[] expected = Project(merged, lq, W(module.Output), B(module.Output), embedding, embedding);
        using var query = torch.FromArray(x, [1, lq, embedding]);
        using var keys = torch.FromArray(y, [1, lk, embedding]);
        var (output, weights) = module.Forward(query, keys, keys);
        using (output) using (weights)
        {
            AttentionTestValues.Close(expected, output, 1e-12);
            AttentionTestValues.Close(meanWeights, weights, 1e-12);
        }
    }

    [Fact]
    public void Multi_head_attention_has_finite_difference_gradients_and_a_learned_beta_gets_one()
    {
        using var module = new nn.MultiHeadAttention(4, 2, cosineBeta: 5, learnBeta: true, generator: new Generator(4), dtype: ScalarType.Float64);
        using var causal = torch.FromArray(new[] { false, true, true, false, false, true, false, false, false }, [3, 3]);
        GradientCheck.Verify("mha", x => module.Forward(x[0], x[1], x[1], causal).Output, [AttentionTestValues.Uniform(2 * 3 * 4, 12), AttentionTestValues.Uniform(2 * 3 * 4, 13)], [[2, 3, 4], [2, 3, 4]]);
        Assert.Contains(module.NamedParameters(), p => p.Name == "log_beta");
        using var x = torch.FromArray(AttentionTestValues.Uniform(2 * 3 * 4, 14), [2, 3, 4]);
        var (output, weights) = module.Forward(x, x, x, causal);
        using (output) using (weights)
        {
            using var loss = output.Square().Sum();
            loss.Backward();
        }
        var logBeta = module.NamedParameters().Single(p => p.Name == "log_beta").Parameter;
        using var grad = logBeta.Grad!;
        Assert.NotEqual(0, grad.ToDoubleArray()[0]);
        Assert.Equal(5, module.CosineBeta!.Value, 12);
    }

    [Fact]
    public void SDM_attention_memory_reads_are_cosine_attention_with_the_radius_beta()
    {
        // The memory's SdmAttentionBinaryFit weights equal scaled dot-product attention of the unit query on the unit
        // keys with the scale β fitted to d = 11 at n = 64: one mechanism, two places.
        double[] keys = AttentionTestValues.Uniform(5 * 64, 15), queries = AttentionTestValues.Uniform(2 * 64, 16);
        using var k = torch.FromArray(keys.Select(v => (float)v).ToArray(), [5, 64]);
        using var q = torch.FromArray(queries.Select(v => (float)v).ToArray(), [2, 64]);
        using var memory = new PatternMemory(MemoryAlgorithm.SdmAttentionBinaryFit, k, null, new MemoryOptions(Radius: 11));
        using var weights = memory.Weights(q);
        using var kUnit = k / k.Norm(2, [1], keepDim: true);
        using var qUnit = q / q.Norm(2, [1], keepDim: true);
        var (output, attention) = F.ScaledDotProductAttention(qUnit, kUnit, kUnit, scale: BetaFit.Binary(64, 11).Beta);
        double[] expected = attention.ToDoubleArray();
        output.Dispose();
        attention.Dispose();
        AttentionTestValues.Close(expected, weights, 1e-6);
        // Ordinary attention is SDM attention once ‖q‖‖k‖/√n equals β: rescale unit vectors by a = (β√n)^{1/2}.
        double a = Math.Sqrt(BetaFit.Binary(64, 11).Beta * 8);
        var (plain, plainWeights) = F.ScaledDotProductAttention(qUnit * a, kUnit * a, kUnit);
        using (plain) using (plainWeights) AttentionTestValues.Close(expected, plainWeights, 1e-5);
    }

    [Fact]
    public void Bad_shapes_are_refused_by_name()
    {
        using var q = torch.Zeros([2, 3]);
        using var k = torch.Zeros([4, 5]);
        Assert.Contains("same feature size", Assert.Throws<ArgumentException>(() => F.ScaledDotProductAttention(q, k, k)).Message);
        using var good = torch.Zeros([4, 3]);
        using var mask = torch.Zeros([2, 3], ScalarType.Bool);
        Assert.Contains("must broadcast to [..., 2, 4]", Assert.Throws<ArgumentException>(() => F.ScaledDotProductAttention(q, good, good, mask)).Message);
        Assert.Contains("do not split into 4 heads", Assert.Throws<ArgumentException>(() => new nn.MultiHeadAttention(6, 4)).Message);
        using var module = new nn.MultiHeadAttention(6, 2);
        using var wrong = torch.Zeros([1, 2, 5]);
        Assert.Contains("query must be [batch, length, 6]", Assert.Throws<ArgumentException>(() => module.Forward(wrong, wrong, wrong)).Message);
    }
}
