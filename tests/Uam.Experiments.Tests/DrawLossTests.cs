using Uam.Experiments.Tasks.Draw;
using Uam.Runtime;
using Xunit;

namespace Uam.Experiments.Tests;

/// <summary>DRAW's bound: the latent term against the closed-form Gaussian KL (and the original's offset), the
/// reconstruction term against a hand computation.</summary>
public sealed class DrawLossTests
{
    private static Tensor T(double[] values, long rows) => torch.FromArray(values, [rows, values.Length / rows]);

    [Fact]
    public void The_latent_term_is_the_closed_form_KL_summed_over_glimpses()
    {
        // KL(N(μ, σ²) ‖ N(0, 1)) = ln(1/σ) + (σ² + μ²)/2 − 1/2 per dimension. Glimpse 1, row 0: μ = (1, 0), σ = (1, ½):
        // (0 + 1 − ½) + (ln 2 + ⅛ − ½); row 1: μ = (0, −2), σ = (e, 1): (−1 + e²/2 − ½) + (0 + 5/2 − ½). Glimpse 2: μ = 0,
        // σ = 1: 0.
        var first = (T([1, 0, 0, -2], 2), T([0, Math.Log(0.5), 1, 0], 2));
        var second = (torch.Zeros([2, 2], ScalarType.Float64), torch.Zeros([2, 2], ScalarType.Float64));
        double[] kl = DrawLoss.Latent([first, second]).ToArray<double>();
        double row0 = 0.5 + (Math.Log(2) + 0.125 - 0.5);
        double row1 = (-1 + Math.Exp(2) / 2 - 0.5) + 2.0;
        Assert.Equal(row0, kl[0], 12);
        Assert.Equal(row1, kl[1], 12);
        // The original subtracts T/2 per glimpse instead of z/2: offset T·(z − T)/2 = 2·(2 − 2)/2 = 0 here; with three
        // glimpses of z = 2 it is 3·(2 − 3)/2 = −1.5 (the paper's T = 5, z = 10: +12.5).
        double[] three = DrawLoss.Latent([first, second, second], faithfulOffset: true).ToArray<double>();
        Assert.Equal(row0 - 1.5, three[0], 12);
        Assert.Equal(row1 - 1.5, three[1], 12);
    }

    [Fact]
    public void The_reconstruction_term_is_the_summed_Bernoulli_negative_log_likelihood()
    {
        // Logits (0, ln 3) against pixels (1, 0.25): −[ln ½] − [0.25·ln ¾ + 0.75·ln ¼].
        double[] nll = DrawLoss.Reconstruction(T([0, Math.Log(3)], 1), T([1, 0.25], 1)).ToArray<double>();
        Assert.Equal(Math.Log(2) - (0.25 * Math.Log(0.75) + 0.75 * Math.Log(0.25)), nll[0], 12);
        Assert.Throws<ArgumentException>(() => DrawLoss.Reconstruction(T([0, 1], 1), T([1], 1)));
    }
}
