using Uam.Experiments.Tasks.Draw;
using Uam.Runtime;
using Xunit;

namespace Uam.Experiments.Tests;

/// <summary>The DRAW model: shapes and glimpses, its 2·T hook slots, SN with a label prior, determinism, and learning to
/// redraw a small batch.</summary>
public sealed class DrawModelTests
{
    private static readonly DrawShape Small = new(Glimpses: 3, Width: 12, Height: 10, ReadPatch: 3, WritePatch: 4, Latent: 4, Encoder: 8, Decoder: 6);

    private static DrawModel Model(Kind kind, ulong seed = 1) =>
        new(Small, kind, RegularityOptions.Default, nn.FilterbankVariant.Paper, new Generator(seed));

    private static Tensor Images(int count, ulong seed) => torch.Rand([count, Small.Pixels], new Generator(seed));

    [Fact]
    public void A_forward_pass_gives_the_canvas_and_each_glimpses_posterior_and_windows()
    {
        using var model = Model(Kind.None);
        var (canvas, glimpses) = model.Forward(Images(3, 2), new Generator(3));
        Assert.Equal([3L, 120], canvas.Shape);
        Assert.Equal(3, glimpses.Count);
        Assert.All(glimpses, g => Assert.Equal([3L, 4], g.Mean.Shape));
        Assert.All(glimpses, g => Assert.Equal([3L], g.Read.CenterX.Shape));
        Assert.Contains("[batch, 120], not [3, 10, 12]", Assert.Throws<ArgumentException>(() => model.Forward(torch.Zeros([3, 10, 12]), new Generator(1))).Message);
    }

    [Fact]
    public void Each_glimpse_has_an_encoder_and_a_decoder_slot_of_the_state_sizes()
    {
        using var rn = Model(Kind.RN);
        Assert.Equal(["encoder_state0", "encoder_state1", "encoder_state2", "decoder_state0", "decoder_state1", "decoder_state2"],
            rn.RegularitySlots().Select(s => s.Name));
        using var ln = Model(Kind.LN);
        var shapes = ln.StateDict().Where(e => e.Key.Contains("_state")).ToDictionary(e => e.Key, e => e.Value.Shape[0]);
        Assert.Equal(8, shapes["encoder_state2.weight"]);
        Assert.Equal(6, shapes["decoder_state0.bias"]);
        Assert.Equal(12, shapes.Count);
        // SN takes the per-row prior of the batch's labels.
        using var sn = Model(Kind.SN);
        var traces = sn.EnableProbes();
        using Tensor prior = SaliencyPrior.FromLabels(torch.FromArray(new long[] { 0, 1, 0, 2 }, [4]));
        sn.Forward(Images(4, 5), new Generator(6), prior);
        Assert.All(traces, t => Assert.Single(t.Records));
    }

    [Fact]
    public void A_seed_fixes_the_weights_and_the_noise()
    {
        using var a = Model(Kind.RN, 7);
        using var b = Model(Kind.RN, 7);
        using var images = Images(2, 8);
        Assert.Equal(a.Forward(images, new Generator(9)).Canvas.ToArray<float>(), b.Forward(images, new Generator(9)).Canvas.ToArray<float>());
        // Without slots (whose state changes with every training call) the output depends only on the weights and the noise.
        using var plain = Model(Kind.None, 7);
        Assert.Equal(plain.Forward(images, new Generator(9)).Canvas.ToArray<float>(), plain.Forward(images, new Generator(9)).Canvas.ToArray<float>());
        Assert.NotEqual(plain.Forward(images, new Generator(9)).Canvas.ToArray<float>(), plain.Forward(images, new Generator(10)).Canvas.ToArray<float>());
    }

    [Fact]
    public void Adam_on_the_bound_learns_to_redraw_a_small_batch()
    {
        // Binary images of two kinds: a horizontal bar (rows 3–4) or a vertical one (columns 5–6), 60 of 120 pixels each.
        using var model = Model(Kind.RN);
        var pixels = new float[8 * Small.Pixels];
        for (int n = 0; n < 8; n++)
            for (int r = 0; r < Small.Height; r++)
                for (int c = 0; c < Small.Width; c++)
                    pixels[n * Small.Pixels + r * Small.Width + c] = (n % 2 == 0 ? r is 3 or 4 : c is 5 or 6) ? 1 : 0;
        using var images = torch.FromArray(pixels, [8, Small.Pixels]);
        using var optimizer = new optim.Adam(model.Parameters(), 1e-2);
        var noise = new Generator(12);
        double Step()
        {
            using var scope = torch.NewDisposeScope();
            var (canvas, glimpses) = model.Forward(images, noise);
            Tensor loss = (DrawLoss.Reconstruction(canvas, images) + DrawLoss.Latent(glimpses.Select(g => (g.Mean, g.LogStd)).ToList())).Mean();
            optimizer.ZeroGrad();
            loss.Backward();
            nn.utils.ClipGradNorm(model.Parameters(), 5);
            optimizer.Step();
            return loss.ToDouble();
        }
        double first = Step();
        double last = first;
        for (int i = 0; i < 200; i++) last = Step();
        // From about ln 2 per pixel (83 nats for 120 pixels) to less than half of it.
        Assert.True(first > 75, $"first bound {first:F2}");
        Assert.True(last < first / 2, $"bound {first:F2} → {last:F2}");
    }
}
