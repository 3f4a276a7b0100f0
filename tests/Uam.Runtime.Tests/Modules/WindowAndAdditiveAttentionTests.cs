using Uam.Runtime.Tests.Autograd;
using Xunit;
using F = Uam.Runtime.nn.functional;

namespace Uam.Runtime.Tests.Modules;

/// <summary>Graves' window and additive attention against hand computations and finite differences.</summary>
public sealed class WindowAndAdditiveAttentionTests
{
    [Fact]
    public void Window_weights_are_the_gaussian_mixture_at_each_position()
    {
        // Two components: α = (1, 0.5), β = (2, 0.25), κ = (1.5, 3): φ(u) = Σ α e^{−β(κ − u)²} for u = 1…4.
        using var alpha = torch.FromArray(new[] { 1.0, 0.5 }, [1, 2]);
        using var beta = torch.FromArray(new[] { 2.0, 0.25 }, [1, 2]);
        using var kappa = torch.FromArray(new[] { 1.5, 3.0 }, [1, 2]);
        using var phi = F.GravesWindowWeights(alpha, beta, kappa, 4);
        double[] expected = Enumerable.Range(1, 4).Select(u => Math.Exp(-2 * (1.5 - u) * (1.5 - u)) + 0.5 * Math.Exp(-0.25 * (3.0 - u) * (3.0 - u))).ToArray();
        double[] actual = phi.ToDoubleArray();
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], actual[i], 12);
    }

    [Fact]
    public void The_window_reads_the_characters_under_it_and_its_location_only_moves_forward()
    {
        using var window = new nn.GravesWindow(3, components: 2, generator: new Generator(1), dtype: ScalarType.Float64);
        using var hidden = torch.FromArray(AttentionTestValues.Uniform(2 * 3, 1), [2, 3]);
        using var previous = torch.FromArray(new[] { 0.0, 1.0, 2.0, 0.5 }, [2, 2]);
        // One-hot characters over an alphabet of 3: the window vector is Σ_u φ(u) c_u, so its entries sum φ by letter.
        int[] letters = [0, 2, 2, 1, 0];
        var chars = new double[2 * 5 * 3];
        for (int b = 0; b < 2; b++)
            for (int u = 0; u < 5; u++) chars[(b * 5 + u) * 3 + letters[u]] = 1;
        using var characters = torch.FromArray(chars, [2, 5, 3]);
        var step = window.Forward(hidden, previous, characters);
        using (step.Window) using (step.Weights) using (step.Location)
        {
            double[] phi = step.Weights.ToDoubleArray(), w = step.Window.ToDoubleArray(), kappa = step.Location.ToDoubleArray();
            for (int b = 0; b < 2; b++)
                for (int letter = 0; letter < 3; letter++)
                    Assert.Equal(Enumerable.Range(0, 5).Where(u => letters[u] == letter).Sum(u => phi[b * 5 + u]), w[b * 3 + letter], 12);
            double[] before = previous.ToDoubleArray();
            for (int i = 0; i < 4; i++) Assert.True(kappa[i] > before[i], "κ = κ_prev + exp(κ̂) moves forward");
        }
    }

    [Fact]
    public void Sampling_finishes_when_the_window_has_passed_the_last_character()
    {
        using var alpha = torch.FromArray(new[] { 1.0, 1.0 }, [2, 1]);
        using var beta = torch.FromArray(new[] { 1.0, 1.0 }, [2, 1]);
        using var kappa = torch.FromArray(new[] { 2.0, 5.8 }, [2, 1]);   // on character 2 of 5; past the end (nearest 6 = U + 1)
        using var finished = nn.GravesWindow.Finished(alpha, beta, kappa, 5);
        Assert.Equal([false, true], finished.ToArray<bool>());
    }

    [Fact]
    public void Window_and_additive_attention_have_finite_difference_gradients()
    {
        GradientCheck.Verify("window", x => F.GravesWindowWeights(x[0].Exp(), x[1].Exp(), x[2], 6), [AttentionTestValues.Uniform(2 * 3, 2), AttentionTestValues.Uniform(2 * 3, 3), AttentionTestValues.Uniform(2 * 3, 4).Select(v => 3 + 2 * v).ToArray()], [[2, 3], [2, 3], [2, 3]]);
        using var attention = new nn.AdditiveAttention(3, 4, 5, new Generator(2), ScalarType.Float64);
        using var mask = torch.FromArray(new[] { false, false, true, false, true, false }, [1, 2, 3]);
        GradientCheck.Verify("additive", x => attention.Forward(x[0], x[1], x[2], mask).Output, [AttentionTestValues.Uniform(2 * 2 * 3, 5), AttentionTestValues.Uniform(2 * 3 * 4, 6), AttentionTestValues.Uniform(2 * 3 * 2, 7)], [[2, 2, 3], [2, 3, 4], [2, 3, 2]]);
    }

    [Fact]
    public void Additive_attention_scores_are_v_dot_tanh_of_the_projected_sum()
    {
        using var attention = new nn.AdditiveAttention(2, 2, 3, new Generator(3), ScalarType.Float64);
        double[] q = AttentionTestValues.Uniform(2, 8), k = AttentionTestValues.Uniform(3 * 2, 9), v = AttentionTestValues.Uniform(3 * 1, 10);
        using var query = torch.FromArray(q, [1, 1, 2]);
        using var key = torch.FromArray(k, [1, 3, 2]);
        using var value = torch.FromArray(v, [1, 3, 1]);
        var (output, weights) = attention.Forward(query, key, value);
        double[] wq = attention.Query.Weight.ToDoubleArray(), bq = attention.Query.Bias!.ToDoubleArray(), wk = attention.Key.Weight.ToDoubleArray(), s = attention.Score.Weight.ToDoubleArray();
        var scores = Enumerable.Range(0, 3).Select(j => Enumerable.Range(0, 3).Sum(h =>
            s[h] * Math.Tanh(wq[h * 2] * q[0] + wq[h * 2 + 1] * q[1] + bq[h] + wk[h * 2] * k[j * 2] + wk[h * 2 + 1] * k[j * 2 + 1]))).ToArray();
        double total = scores.Sum(Math.Exp);
        using (output) using (weights)
        {
            double[] w = weights.ToDoubleArray();
            for (int j = 0; j < 3; j++) Assert.Equal(Math.Exp(scores[j]) / total, w[j], 12);
            Assert.Equal(Enumerable.Range(0, 3).Sum(j => w[j] * v[j]), output.ToDoubleArray()[0], 12);
        }
    }
}
