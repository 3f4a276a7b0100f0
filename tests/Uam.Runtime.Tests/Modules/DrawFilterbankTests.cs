using Uam.Runtime;
using Uam.Runtime.Tests.Autograd;
using Xunit;

namespace Uam.Runtime.Tests.Modules;

/// <summary>DRAW's filterbank against hand computations (both variants), exact patch extraction, read/write adjointness,
/// the window's mapping, gradients against finite differences, and refused shapes.</summary>
public sealed class DrawFilterbankTests
{
    private static Tensor D(params double[] values) => torch.FromArray(values, [values.Length]);

    private static nn.AttentionWindow Window(double gx, double gy, double stride, double variance, double intensity) =>
        new(D(gx), D(gy), D(stride), D(variance), D(intensity));

    private static void Close(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
    }

    [Theory]
    // A = 3 columns, B = 2 rows, N = 2, g = (2, 1.5), δ = 1, σ² = 1.
    // Paper: i = 1, 2, offsets i − N/2 − 0.5 = ∓0.5, so μ_X = (1.5, 2.5) over columns 1…3 and μ_Y = (1, 2) over rows 1…2.
    // Row 1 of F_X: exp(−d²/2) at d = −0.5, 0.5, 1.5 = 0.88250, 0.88250, 0.32465 over their sum 2.08966 → 0.42232, 0.42232,
    // 0.15536. F_Y row 1: exp(0), exp(−½) over 1.60653 → 0.62246, 0.37754.
    [InlineData(nn.FilterbankVariant.Paper, 0.4223187980494176, 0.15536240342261493, 0.6224593308143989, 0.3775406685631417)]
    // The code: i = 0, 1, offsets −1.5, −0.5 (the grid shifted by −δ), so μ_X = (0.5, 1.5) over columns 0…2 and μ_Y = (0, 1)
    // over rows 0…1; filters exp(−((a − μ)/(2σ²))²) = exp(−d²/4). Row 1 of F_X at d = −0.5, 0.5, 1.5: 0.93941, 0.93941,
    // 0.56978 over 2.44860 → 0.38365, 0.38365, 0.23270. F_Y row 1: exp(0), exp(−¼) → 0.56218, 0.43782.
    [InlineData(nn.FilterbankVariant.OriginalCode, 0.3836517310338692, 0.23269653752386646, 0.5621765005697557, 0.43782349886806776)]
    public void The_filters_match_a_hand_computation(nn.FilterbankVariant variant, double near, double far, double on, double off)
    {
        var bank = new nn.DrawFilterbank(3, 2, 2, variant);
        var (fx, fy) = bank.Filters(Window(2, 1.5, 1, 1, 1));
        Close([near, near, far, far, near, near], fx.ToArray<double>(), 1e-9);
        Close([on, off, off, on], fy.ToArray<double>(), 1e-9);
    }

    [Theory]
    // δ = 1: the paper's grid (offsets −1, 0, 1 on 1-based coordinates) and the code's (−2, −1, 0 on 0-based ones) land on
    // the same pixels: 0-based g − 2 … g.
    [InlineData(nn.FilterbankVariant.Paper, 1, 1, 3, 1)]
    [InlineData(nn.FilterbankVariant.OriginalCode, 1, 1, 3, 1)]
    // δ = 2 tells them apart: the paper reads 0-based g − 3, g − 1, g + 1; the code g − 4, g − 2, g.
    [InlineData(nn.FilterbankVariant.Paper, 2, 1, 2, 2)]
    [InlineData(nn.FilterbankVariant.OriginalCode, 2, 0, 1, 2)]
    public void A_read_with_vanishing_variance_extracts_the_pixels_under_the_grid(nn.FilterbankVariant variant, double stride, int firstRow,
        int firstColumn, int step)
    {
        // An image of 6 rows × 7 columns with pixel (row r, column c) = 10r + c (0-based); the window centred at g = (5, 3)
        // with σ² = 0.01 (neighbouring pixels weigh e^−50 or less) and γ = 1. For δ = 2, g_Y = 4 keeps the rows inside.
        var image = torch.FromArray(Enumerable.Range(0, 42).Select(k => (double)(10 * (k / 7) + k % 7)).ToArray(), [1, 6, 7]);
        var bank = new nn.DrawFilterbank(7, 6, 3, variant);
        double gy = stride == 1 ? 3 : 4;
        double[] patch = bank.Read(image, Window(5, gy, stride, 0.01, 1)).ToArray<double>();
        double[] expected = [.. from r in Enumerable.Range(0, 3) from c in Enumerable.Range(0, 3) select (double)(10 * (firstRow + step * r) + firstColumn + step * c)];
        // Exact up to the 1e-9 added to each filter row's sum (twice: rows and columns).
        Close(expected, patch, 1e-6);
    }

    [Theory]
    [InlineData(nn.FilterbankVariant.Paper)]
    [InlineData(nn.FilterbankVariant.OriginalCode)]
    public void Write_is_the_transpose_of_read_up_to_gamma_squared(nn.FilterbankVariant variant)
    {
        using var generator = new Generator(5);
        var bank = new nn.DrawFilterbank(9, 8, 4, variant);
        Tensor x = torch.Randn([3, 8, 9], generator, ScalarType.Float64);
        Tensor w = torch.Randn([3, 4, 4], generator, ScalarType.Float64);
        var window = bank.Window(torch.Randn([3, 5], generator, ScalarType.Float64) * 0.5);
        double[] gamma = window.Intensity.ToArray<double>();
        double[] left = (bank.Read(x, window) * w).Sum([1, 2]).ToArray<double>();
        double[] right = (x * bank.Write(w, window)).Sum([1, 2]).ToArray<double>();
        Close(left, right.Select((v, i) => v * gamma[i] * gamma[i]).ToArray(), 1e-10);
        Assert.All(gamma, g => Assert.NotEqual(1.0, g, 3));
    }

    [Fact]
    public void The_window_maps_a_linear_layers_outputs_as_DRAW_does()
    {
        // (g̃x, g̃y, log σ², log δ̃, log γ) = (0.5, −0.5, ln 2, ln 3, ln 0.25) on a 28 × 20 image with N = 5:
        // g_X = 29/2·1.5, g_Y = 21/2·0.5, σ² = 2, δ = 27/4·3, γ = 0.25.
        var bank = new nn.DrawFilterbank(28, 20, 5);
        var window = bank.Window(torch.FromArray(new[] { 0.5, -0.5, Math.Log(2), Math.Log(3), Math.Log(0.25) }, [1, 5]));
        Close([21.75, 5.25, 2, 20.25, 0.25],
            [window.CenterX.ToDouble(), window.CenterY.ToDouble(), window.Variance.ToDouble(), window.Stride.ToDouble(), window.Intensity.ToDouble()], 1e-12);
    }

    [Theory]
    [InlineData(nn.FilterbankVariant.Paper)]
    [InlineData(nn.FilterbankVariant.OriginalCode)]
    public void Read_and_write_have_the_gradients_of_finite_differences(nn.FilterbankVariant variant)
    {
        var bank = new nn.DrawFilterbank(5, 4, 3, variant);
        using var generator = new Generator(8);
        double[] parameters = (torch.Randn([2, 5], generator, ScalarType.Float64) * 0.3).ToArray<double>();
        double[] image = torch.Rand([2, 4, 5], generator, ScalarType.Float64).ToArray<double>();
        double[] patch = torch.Randn([2, 3, 3], generator, ScalarType.Float64).ToArray<double>();
        GradientCheck.Verify($"read ({variant})", t => bank.Read(t[1], bank.Window(t[0])), [parameters, image], [[2, 5], [2, 4, 5]], tolerance: 1e-5);
        GradientCheck.Verify($"write ({variant})", t => bank.Write(t[1], bank.Window(t[0])), [parameters, patch], [[2, 5], [2, 3, 3]], tolerance: 1e-5);
    }

    [Fact]
    public void Bad_shapes_are_refused_with_the_expected_shape()
    {
        var bank = new nn.DrawFilterbank(28, 28, 5);
        var window = Window(14, 14, 1, 1, 1);
        Assert.Contains("[batch, 28, 28], not [1, 784]", Assert.Throws<ArgumentException>(() => bank.Read(torch.Zeros([1, 784], ScalarType.Float64), window)).Message);
        Assert.Contains("[batch, 5, 5], not [1, 4, 4]", Assert.Throws<ArgumentException>(() => bank.Write(torch.Zeros([1, 4, 4], ScalarType.Float64), window)).Message);
        Assert.Contains("[batch, 5]", Assert.Throws<ArgumentException>(() => bank.Window(torch.Zeros([2, 4]))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new nn.DrawFilterbank(28, 28, 1));
    }
}
