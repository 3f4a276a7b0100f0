using Uam.Runtime.Tests.Autograd;
using Xunit;
using F = Uam.Runtime.nn.functional;

namespace Uam.Runtime.Tests.Modules;

/// <summary>The Neural Turing Machine's addressing steps and memory operations against hand computations and finite
/// differences (sdm-attention-reference §5.7).</summary>
public sealed class NtmAddressingTests
{
    private static Tensor T(double[] values, params long[] shape) => torch.FromArray(values, shape);

    [Fact]
    public void Content_weights_are_a_softmax_of_scaled_cosines()
    {
        // Rows (1, 0), (0, 1), (1, 1), (0, 0) against the key (2, 0) with strength 3: cosines 1, 0, 1/√2, 0 (a zero row is 0).
        using var memory = T([1, 0, 0, 1, 1, 1, 0, 0], 1, 4, 2);
        using var key = T([2, 0], 1, 2);
        using var strength = T([3], 1);
        double[] logits = [3, 0, 3 / Math.Sqrt(2), 0];
        double total = logits.Sum(Math.Exp);
        using var weights = F.NtmContentWeights(memory, key, strength);
        AttentionTestValues.Close(logits.Select(l => Math.Exp(l) / total).ToArray(), weights, 1e-7);
    }

    [Fact]
    public void Interpolation_mixes_by_the_gate()
    {
        using var content = T([1, 0, 0, 0, 1, 0], 2, 3);
        using var previous = T([0, 0, 1, 0.5, 0, 0.5], 2, 3);
        using var gate = T([0.25, 1], 2);
        using var mixed = F.NtmInterpolate(content, previous, gate);
        AttentionTestValues.Close([0.25, 0, 0.75, 0, 1, 0], mixed);
    }

    [Theory]
    [InlineData(2, 1, 3)]    // index 2 shifted by +1
    [InlineData(4, 1, 0)]    // wraps around the end
    [InlineData(0, -1, 4)]   // and the start
    [InlineData(3, 0, 3)]
    public void A_one_hot_weighting_moves_by_the_shift(int from, int by, int to)
    {
        var w = new double[5];
        w[from] = 1;
        var s = new double[3];
        s[by + 1] = 1;
        using var weights = T(w, 1, 5);
        using var shift = T(s, 1, 3);
        using var shifted = F.NtmShift(weights, shift);
        var expected = new double[5];
        expected[to] = 1;
        AttentionTestValues.Close(expected, shifted);
    }

    [Fact]
    public void A_spread_shift_blurs_by_its_distribution()
    {
        // w̃(i) = Σ_j w(j) s((i − j) mod N): w = (0.5, 0.5, 0, 0), s over −1, 0, +1 = (0.2, 0.5, 0.3).
        using var weights = T([0.5, 0.5, 0, 0], 1, 4);
        using var shift = T([0.2, 0.5, 0.3], 1, 3);
        using var shifted = F.NtmShift(weights, shift);
        AttentionTestValues.Close([0.5 * 0.5 + 0.5 * 0.2, 0.5 * 0.3 + 0.5 * 0.5, 0.5 * 0.3, 0.5 * 0.2], shifted);
    }

    [Fact]
    public void Sharpening_with_gamma_one_is_the_identity_and_weights_sum_to_one()
    {
        using var weights = T([0.1, 0.2, 0.3, 0.4, 0.7, 0.1, 0.1, 0.1], 2, 4);
        using var one = T([1, 1], 2);
        using var same = F.NtmSharpen(weights, one);
        AttentionTestValues.Close(weights.ToDoubleArray(), same, 1e-11);
        using var gamma = T([2, 30], 2);
        using var sharp = F.NtmSharpen(weights, gamma);
        double[] s = sharp.ToDoubleArray();
        Assert.Equal(1, s.Take(4).Sum(), 12);
        Assert.Equal(1, s.Skip(4).Sum(), 12);
        AttentionTestValues.Close([0.01 / 0.3, 0.04 / 0.3, 0.09 / 0.3, 0.16 / 0.3], sharp.Narrow(0, 0, 1), 1e-9);   // w² / Σw²
        Assert.True(s[4] > 0.999999);                                                            // γ = 30: the argmax
    }

    [Fact]
    public void Erase_one_and_add_zero_clear_a_row_and_a_read_returns_what_was_written()
    {
        using var memory = T([1, 2, 3, 4, 5, 6], 1, 3, 2);
        using var row1 = T([0, 1, 0], 1, 3);
        using var ones = T([1, 1], 1, 2);
        using var zeros = T([0, 0], 1, 2);
        using var cleared = F.NtmWrite(memory, row1, ones, zeros);
        AttentionTestValues.Close([1, 2, 0, 0, 5, 6], cleared);
        using var value = T([7, -8], 1, 2);
        using var written = F.NtmWrite(cleared, row1, ones, value);
        using var read = F.NtmRead(written, row1);
        AttentionTestValues.Close([7, -8], read);
        // A half weighting with half erase: M ∘ (1 − w e) + w a, by hand for row 0.
        using var half = T([0.5, 0.5, 0], 1, 3);
        using var halfErase = T([0.5, 0], 1, 2);
        using var mixed = F.NtmWrite(memory, half, halfErase, value);
        AttentionTestValues.Close([1 * 0.75 + 3.5, 2 - 4, 3 * 0.75 + 3.5, 4 - 4, 5, 6], mixed);
    }

    [Fact]
    public void Every_addressing_step_has_finite_difference_gradients()
    {
        var random = new Random(3);
        double[] R(int n, double low = -1, double high = 1) => Enumerable.Range(0, n).Select(_ => low + (high - low) * random.NextDouble()).ToArray();
        GradientCheck.Verify("content", x => F.NtmContentWeights(x[0], x[1], x[2]), [R(2 * 4 * 3), R(2 * 3), R(2, 0.5, 3)], [[2, 4, 3], [2, 3], [2]]);
        GradientCheck.Verify("interpolate", x => F.NtmInterpolate(x[0], x[1], x[2]), [R(2 * 4, 0, 1), R(2 * 4, 0, 1), R(2, 0, 1)], [[2, 4], [2, 4], [2]]);
        GradientCheck.Verify("shift", x => F.NtmShift(x[0], x[1]), [R(2 * 5, 0, 1), R(2 * 3, 0, 1)], [[2, 5], [2, 3]]);
        GradientCheck.Verify("sharpen", x => F.NtmSharpen(x[0], x[1]), [R(2 * 4, 0.1, 1), R(2, 1, 3)], [[2, 4], [2]]);
        GradientCheck.Verify("read", x => F.NtmRead(x[0], x[1]), [R(2 * 4 * 3), R(2 * 4, 0, 1)], [[2, 4, 3], [2, 4]]);
        GradientCheck.Verify("write", x => F.NtmWrite(x[0], x[1], x[2], x[3]), [R(2 * 4 * 3), R(2 * 4, 0, 1), R(2 * 3, 0, 1), R(2 * 3)], [[2, 4, 3], [2, 4], [2, 3], [2, 3]]);
    }

    [Fact]
    public void Shapes_that_do_not_fit_are_refused_by_name()
    {
        using var memory = torch.Zeros([2, 4, 3], ScalarType.Float64);
        using var key = torch.Zeros([2, 5], ScalarType.Float64);
        using var strength = torch.Zeros([2], ScalarType.Float64);
        Assert.Contains("key must be [2,3]", Assert.Throws<ArgumentException>(() => F.NtmContentWeights(memory, key, strength)).Message);
        using var weights = torch.Zeros([2, 4], ScalarType.Float64);
        using var evenShift = torch.Zeros([2, 2], ScalarType.Float64);
        Assert.Contains("2h + 1", Assert.Throws<ArgumentException>(() => F.NtmShift(weights, evenShift)).Message);
    }
}

/// <summary>The NTM head: its parameter transforms and their order, on a head whose linear map emits known values.</summary>
public sealed class NtmHeadTests
{
    [Fact]
    public void A_head_finds_its_key_then_shifts_by_its_emitted_shift_and_writes_its_erase_and_add()
    {
        // Zero weights and chosen biases: the head emits key (0, 1), β̂ 50, ĝ 50 (gate ≈ 1: content only),
        // ŝ = (−50, −50, 50) (shift +1), γ̂ = −50 (γ ≈ 1), ê = (50, −50), â = (0.5, −2).
        using var head = new nn.NtmHead(2, 2, write: true, dtype: ScalarType.Float64);
        double[] bias = [0, 1, 50, 50, -50, -50, 50, -50, 50, -50, 0.5, -2];
        Assert.Equal(bias.Length, head.EmissionCount);
        using (var noGrad = torch.NoGrad())
        {
            head.Emission.Weight.ZeroInPlace();
            using var values = torch.FromArray(bias);
            head.Emission.Bias!.CopyInPlace(values);
        }
        // Rows (1, 0), (0, 1), (−1, 0), (0, −1): the key (0, 1) matches row 1; the shift moves the weighting to row 2.
        using var memory = torch.FromArray(new double[] { 1, 0, 0, 1, -1, 0, 0, -1 }, [1, 4, 2]);
        using var controller = torch.Zeros([1, 2], ScalarType.Float64);
        using var previous = torch.FromArray(new[] { 0.25, 0.25, 0.25, 0.25 }, [1, 4]);
        using var address = head.Address(controller, memory, previous);
        double[] w = address.Weights.ToDoubleArray();
        Assert.True(w[2] > 0.999, $"weights {string.Join(", ", w)}");
        Assert.Equal(Math.Log(1 + Math.Exp(50)), address.Strength.ToDoubleArray()[0], 9);
        Assert.Equal(1 + Math.Log(1 + Math.Exp(-50)), address.Sharpening.ToDoubleArray()[0], 12);
        Assert.Equal([1 / (1 + Math.Exp(-50)), 1 / (1 + Math.Exp(50))], address.Erase!.ToDoubleArray());
        Assert.Equal([Math.Tanh(0.5), Math.Tanh(-2)], address.Add!.ToDoubleArray());
        Assert.Equal(0, address.Shift.ToDoubleArray()[1], 12);
    }

    [Fact]
    public void A_read_head_emits_no_erase_or_add_and_gradients_reach_its_map()
    {
        using var head = new nn.NtmHead(3, 2, generator: new Generator(5), dtype: ScalarType.Float64);
        Assert.Equal(2 + 3 + 3, head.EmissionCount);
        using var memory = torch.Randn([2, 5, 2], new Generator(6), ScalarType.Float64);
        using var controller = torch.Randn([2, 3], new Generator(7), ScalarType.Float64);
        using var previous = torch.Full([2, 5], 0.2, ScalarType.Float64);
        using var address = head.Address(controller, memory, previous);
        Assert.Null(address.Erase);
        using var read = nn.functional.NtmRead(memory, address.Weights);
        using var loss = read.Square().Sum();
        loss.Backward();
        using var grad = head.Emission.Weight.Grad!;
        Assert.Contains(grad.ToDoubleArray(), g => Math.Abs(g) > 1e-6);
    }
}
