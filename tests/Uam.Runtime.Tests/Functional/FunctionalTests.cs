using Uam.Runtime;
using Xunit;
using static Uam.Runtime.Tests.TestSupport;
using F = Uam.Runtime.nn.functional;

namespace Uam.Runtime.Tests.Functional;

public class FunctionalTests
{
    [Fact]
    public void Linear_is_x_times_w_transposed_plus_b()
    {
        using var x = F64([1, 2], 1, 2);
        using var w = F64([1, 0, 0, 1, 1, 1], 3, 2);
        using var b = F64([0.5, -0.5, 0]);
        Close([1.5, 1.5, 3], F.Linear(x, w, b));
        Close([1, 2, 3], F.Linear(x, w));
    }

    [Fact]
    public void Classification_losses_match_hand_computation()
    {
        using var logits = F64([1, 2, 3, 1, 1, 1], 2, 3);
        using var target = torch.FromArray(new long[] { 2, 0 });
        double z = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        double first = Math.Log(z) - 3, second = Math.Log(3);
        Close((first + second) / 2, F.CrossEntropy(logits, target), 1e-12);
        Close(first + second, F.CrossEntropy(logits, target, reduction: Reduction.Sum), 1e-12);
        Close([first, second], F.CrossEntropy(logits, target, reduction: Reduction.None), 1e-12);
        using var logProbabilities = logits.LogSoftmax(1);
        Close((first + second) / 2, F.NllLoss(logProbabilities, target), 1e-12);
        using var weight = F64([1, 1, 3]);
        Close((3 * first + second) / 4, F.NllLoss(logProbabilities, target, weight), 1e-12);   // weighted mean
    }

    [Fact]
    public void Regression_losses_match_hand_computation()
    {
        using var input = F64([0, 2, 5]);
        using var target = F64([1, 2, 2]);
        Close((1 + 0 + 9) / 3.0, F.MseLoss(input, target));
        Close((0.5 + 0 + 2.5) / 3.0, F.SmoothL1Loss(input, target));           // |d|<1: d²/2, else |d|−1/2
        Close((0.5 * 1 / 2 + 0 + 3 - 1) / 3.0, F.SmoothL1Loss(input, target, beta: 2)); // |d|<β: d²/(2β), else |d|−β/2
        using var probabilities = F64([0.9, 0.2]);
        using var labels = F64([1, 0]);
        Close(-(Math.Log(0.9) + Math.Log(0.8)) / 2, F.BinaryCrossEntropy(probabilities, labels), 1e-12);
        using var logits = F64([2, -1]);
        double s0 = 1 / (1 + Math.Exp(-2)), s1 = 1 / (1 + Math.Exp(1));
        Close(-(Math.Log(s0) + Math.Log(1 - s1)) / 2, F.BinaryCrossEntropyWithLogits(logits, labels), 1e-12);
    }

    [Fact]
    public void Conv2d_and_max_pool_match_a_hand_worked_example()
    {
        using var image = F64(Enumerable.Range(1, 16).Select(i => (double)i).ToArray(), 1, 1, 4, 4);
        using var kernel = F64([1, 0, 0, -1], 1, 1, 2, 2);   // x[i,j] − x[i+1,j+1] = −5 everywhere
        using var bias = F64([1]);
        using var conv = F.Conv2d(image, kernel, bias);
        Shape(conv, 1, 1, 3, 3);
        Close(Enumerable.Repeat(-4.0, 9).ToArray(), conv);
        using var strided = F.Conv2d(image, kernel, null, stride: (2, 2), padding: (1, 1));
        Shape(strided, 1, 1, 3, 3);
        Close([-1, -3, 0, -9, -5, 8, 0, 14, 16], strided);
        using var pooled = F.MaxPool2d(image, (2, 2));
        Close([6, 8, 14, 16], pooled);
    }

    [Fact]
    public void Embedding_picks_rows()
    {
        using var table = F64([0, 0, 1, 1, 2, 2], 3, 2);
        using var indices = torch.FromArray(new long[] { 2, 0, 2 });
        Close([2, 2, 0, 0, 2, 2], F.Embedding(indices, table));
    }

    [Fact]
    public void Layer_norm_standardises_each_row()
    {
        using var x = F64([1, 2, 3, 10, 20, 30], 2, 3);
        double s = Math.Sqrt(2.0 / 3);   // population std of (1, 2, 3)
        double[] row = [-1 / s, 0, 1 / s];
        Close([.. row, .. row], F.LayerNorm(x, [3], eps: 0), 1e-9);
        using var w = F64([1, 2, 3]);
        using var b = F64([0, 1, 0]);
        Close([-1 / s, 1, 3 / s, -1 / s, 1, 3 / s], F.LayerNorm(x, [3], w, b, eps: 0), 1e-9);
    }

    [Fact]
    public void Batch_norm_uses_batch_statistics_in_training_and_updates_running_ones()
    {
        using var x = F64([1, 10, 3, 30], 2, 2);
        using var mean = torch.Zeros([2], ScalarType.Float64);
        using var variance = torch.Ones([2], ScalarType.Float64);
        using var y = F.BatchNorm(x, mean, variance, training: true, momentum: 0.1, eps: 0);
        Close([-1, -1, 1, 1], y, 1e-9);
        Close([0.2, 2.0], mean, 1e-12);                        // 0.9·0 + 0.1·batch mean (2, 20)
        Close([0.9 + 0.1 * 2, 0.9 + 0.1 * 200], variance, 1e-12); // unbiased batch variance (2, 200)
        using var evaluated = F.BatchNorm(x, mean, variance, training: false, eps: 0);
        Close([(1 - 0.2) / Math.Sqrt(1.1), (10 - 2) / Math.Sqrt(20.9), (3 - 0.2) / Math.Sqrt(1.1), (30 - 2) / Math.Sqrt(20.9)], evaluated, 1e-9);
    }

    [Fact]
    public void Dropout_is_reproducible_per_generator_and_scales_what_it_keeps()
    {
        using var x = torch.Ones([10_000], ScalarType.Float64);
        using var g1 = new Generator(9);
        using var g2 = new Generator(9);
        using var a = F.Dropout(x, 0.25, training: true, g1);
        using var b = F.Dropout(x, 0.25, training: true, g2);
        Assert.Equal(a.ToArray<double>(), b.ToArray<double>());
        double[] values = a.ToArray<double>();
        Assert.All(values, v => Assert.True(v == 0 || Math.Abs(v - 4.0 / 3) < 1e-12));
        Assert.InRange(values.Count(v => v == 0) / 10_000.0, 0.23, 0.27);
        using var off = F.Dropout(x, 0.25, training: false);
        Close(Enumerable.Repeat(1.0, 10_000).ToArray(), off);
    }

    [Fact]
    public void Weight_norm_rescales_each_row_to_its_gain()
    {
        using var v = F64([3, 4, 0, 2], 2, 2);
        using var g = F64([10, 1], 2, 1);
        Close([6, 8, 0, 1], F.WeightNorm(v, g));
    }

    [Fact]
    public void Recurrent_cells_match_their_defining_equations()
    {
        using var gen = new Generator(2);
        using var x = torch.Randn([3, 4], gen, ScalarType.Float64);
        using var h = torch.Randn([3, 5], gen, ScalarType.Float64);
        using var c = torch.Randn([3, 5], gen, ScalarType.Float64);
        using var scope = torch.NewDisposeScope();

        Tensor Weights(long rows, long columns) => torch.Randn([rows, columns], gen, ScalarType.Float64);
        Tensor Bias(long n) => torch.Randn([n], gen, ScalarType.Float64);
        Tensor Affine(Tensor input, Tensor w, Tensor b) => input.MatMul(w.T()) + b;

        var (wih, whh, bih, bhh) = (Weights(5, 4), Weights(5, 5), Bias(5), Bias(5));
        Close((Affine(x, wih, bih) + Affine(h, whh, bhh)).Tanh().ToDoubleArray(), F.RnnTanhCell(x, h, wih, whh, bih, bhh), 1e-12);

        var (gwih, gwhh, gbih, gbhh) = (Weights(15, 4), Weights(15, 5), Bias(15), Bias(15));
        var gi = Affine(x, gwih, gbih).Split(5, 1);
        var gh = Affine(h, gwhh, gbhh).Split(5, 1);
        Tensor r = (gi[0] + gh[0]).Sigmoid(), z = (gi[1] + gh[1]).Sigmoid();
        Tensor n = (gi[2] + r * gh[2]).Tanh();
        Tensor gruExpected = (1 - z) * n + z * h;
        Close(gruExpected.ToDoubleArray(), F.GruCell(x, h, gwih, gwhh, gbih, gbhh), 1e-12);

        var (lwih, lwhh, lbih, lbhh) = (Weights(20, 4), Weights(20, 5), Bias(20), Bias(20));
        var gates = (Affine(x, lwih, lbih) + Affine(h, lwhh, lbhh)).Split(5, 1);
        Tensor i = gates[0].Sigmoid(), f = gates[1].Sigmoid(), gg = gates[2].Tanh(), o = gates[3].Sigmoid();
        Tensor cExpected = f * c + i * gg;
        Tensor hExpected = o * cExpected.Tanh();
        var (hNew, cNew) = F.LstmCell(x, h, c, lwih, lwhh, lbih, lbhh);
        Close(hExpected.ToDoubleArray(), hNew, 1e-12);
        Close(cExpected.ToDoubleArray(), cNew, 1e-12);
    }

    [Fact]
    public void Normal_log_probability_and_entropy_match_the_closed_form()
    {
        using var mean = F64([0, 1]);
        using var std = F64([1, 2]);
        var normal = new Normal(mean, std);
        using var x = F64([0.5, -1]);
        Close([-0.125 - 0.5 * Math.Log(2 * Math.PI), -0.5 - Math.Log(2) - 0.5 * Math.Log(2 * Math.PI)], normal.LogProb(x), 1e-12);
        Close([0.5 + 0.5 * Math.Log(2 * Math.PI), 0.5 + 0.5 * Math.Log(2 * Math.PI) + Math.Log(2)], normal.Entropy(), 1e-12);
        using var gen = new Generator(1);
        using var wide = new Normal(torch.Full([100_000], 3.0, ScalarType.Float64), torch.Full([100_000], 0.5, ScalarType.Float64)).Sample(gen);
        Close(3, wide.Mean(), 0.01);
        Close(0.5, wide.Std(), 0.01);
        using var column = F64([0, 10], 2, 1);
        using var row = F64([1, 1, 1]);
        using var broadcast = new Normal(column, row).Sample(gen);
        Shape(broadcast, 2, 3);   // mean [2,1] and std [3] broadcast to [2,3]
    }
}
