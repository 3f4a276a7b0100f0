using Uam.Runtime;
using Xunit;
using F = Uam.Runtime.nn.functional;

namespace Uam.Runtime.Tests.Autograd;

/// <summary>Every differentiable op the paper's tasks use, checked against finite differences in float64.</summary>
public class GradientCheckTests
{
    private sealed record Case(Func<Tensor[], Tensor> F, long[][] Shapes, Func<int, double[]>? Values = null);

    private static double[] Random(int seed, int n, double low = -2, double high = 2)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => low + (high - low) * random.NextDouble()).ToArray();
    }

    private static double[] Positive(int seed, int n) => Random(seed, n, 0.5, 2.5);

    private static long[] S(params long[] shape) => shape;

    private static Tensor Labels(params long[] values) => torch.FromArray(values);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["add"] = new(x => x[0] + x[1] * 2, [S(2, 3), S(3)]),
        ["sub"] = new(x => x[0].Sub(x[1], 0.5), [S(2, 3), S(2, 3)]),
        ["mul"] = new(x => x[0] * x[1], [S(2, 3), S(2, 1)]),
        ["div"] = new(x => x[0] / x[1], [S(4), S(4)], i => i == 1 ? Positive(7, 4) : Random(8, 4)),
        ["pow"] = new(x => x[0].Pow(x[1]), [S(3), S(3)], i => Positive(9 + i, 3)),
        ["pow scalar"] = new(x => x[0].Pow(3), [S(3)]),
        ["neg abs"] = new(x => x[0].Neg().Abs(), [S(5)]),
        ["exp log"] = new(x => x[0].Exp() + x[0].Abs().Log(), [S(4)]),
        ["log1p sqrt rsqrt"] = new(x => x[0].Log1p() + x[0].Sqrt() + x[0].Rsqrt(), [S(4)], _ => Positive(3, 4)),
        ["square reciprocal"] = new(x => x[0].Square() + x[0].Reciprocal(), [S(4)], _ => Positive(4, 4)),
        ["relu tanh sigmoid"] = new(x => x[0].Relu() + x[0].Tanh() + x[0].Sigmoid(), [S(6)]),
        ["softplus log_sigmoid leaky"] = new(x => x[0].Softplus() + x[0].LogSigmoid() + x[0].LeakyRelu(0.2), [S(6)]),
        ["clamp"] = new(x => x[0].Clamp(-1, 1), [S(6)]),
        ["maximum minimum"] = new(x => x[0].Maximum(x[1]) + x[0].Minimum(x[1]) * 2, [S(5), S(5)]),
        ["where"] = new(x => { using var c = x[0] > 0; return torch.Where(c, x[0] * 3, x[1]); }, [S(5), S(5)]),
        ["sum mean"] = new(x => x[0].Sum(1) + x[0].Mean(1), [S(3, 4)]),
        ["std var"] = new(x => x[0].Std([1]) + x[0].Var([0], unbiased: false).Sum(), [S(3, 4)]),
        ["max min dim"] = new(x => x[0].Max(1).Values + x[0].Min(0).Values.Sum(), [S(3, 4)]),
        ["logsumexp"] = new(x => x[0].LogSumExp(1), [S(3, 4)]),
        ["norm"] = new(x => x[0].Norm(2, [1]), [S(3, 4)]),
        ["cumsum"] = new(x => x[0].CumSum(1), [S(2, 3)]),
        ["matmul"] = new(x => x[0].MatMul(x[1]), [S(2, 3), S(3, 4)]),
        ["bmm"] = new(x => x[0].Bmm(x[1]), [S(2, 2, 3), S(2, 3, 2)]),
        ["linear"] = new(x => F.Linear(x[0], x[1], x[2]), [S(2, 3), S(4, 3), S(4)]),
        ["views"] = new(x => x[0].Reshape(3, 2).T().Permute(1, 0).Flatten().Unsqueeze(0).Expand(2, 6).Squeeze(), [S(2, 3)]),
        ["repeat flip"] = new(x => x[0].Repeat(2, 1).Flip(0), [S(2, 3)]),
        ["cat stack"] = new(x => torch.Stack([torch.Cat([x[0], x[1]], 1), torch.Cat([x[1], x[0]], 1)]), [S(2, 2), S(2, 2)]),
        ["slice select narrow"] = new(x => x[0].Slice(1, 0, 4, 2) * x[0].Narrow(1, 1, 2) + x[0].Select(1, 3).Unsqueeze(1), [S(3, 4)]),
        ["index_select gather"] = new(x =>
        {
            using var rows = Labels(2, 0, 2);
            using var picks = torch.FromArray(new long[] { 1, 0, 3 }, [3, 1]);
            return x[0].IndexSelect(0, rows).Gather(1, picks);
        }, [S(3, 4)]),
        ["masked_fill"] = new(x => { using var m = x[0] > 0.5; return x[0].MaskedFill(m, 0); }, [S(6)]),
        ["softmax log_softmax"] = new(x => x[0].Softmax(1) + x[0].LogSoftmax(0), [S(3, 4)]),
        ["nll"] = new(x => { using var y = Labels(1, 3, 0); return F.NllLoss(x[0].LogSoftmax(1), y); }, [S(3, 4)]),
        ["cross entropy"] = new(x => { using var y = Labels(2, 0, 1); return F.CrossEntropy(x[0], y, labelSmoothing: 0.1); }, [S(3, 4)]),
        ["mse"] = new(x => F.MseLoss(x[0], x[1]), [S(2, 3), S(2, 3)]),
        ["smooth l1"] = new(x => F.SmoothL1Loss(x[0], x[1], Reduction.Sum), [S(6), S(6)]),
        ["bce"] = new(x => F.BinaryCrossEntropy(x[0].Sigmoid(), x[1].Sigmoid()), [S(5), S(5)]),
        ["bce logits"] = new(x => F.BinaryCrossEntropyWithLogits(x[0], x[1].Sigmoid()), [S(5), S(5)]),
        ["conv2d"] = new(x => F.Conv2d(x[0], x[1], x[2], stride: (1, 2), padding: (1, 0)), [S(1, 2, 4, 4), S(3, 2, 2, 2), S(3)]),
        ["max_pool2d"] = new(x => F.MaxPool2d(x[0], (2, 2)), [S(1, 1, 4, 4)]),
        ["embedding"] = new(x => { using var i = Labels(2, 0, 2); return F.Embedding(i, x[0]); }, [S(3, 2)]),
        ["layer_norm"] = new(x => F.LayerNorm(x[0], [4], x[1], x[2]), [S(3, 4), S(4), S(4)]),
        ["batch_norm"] = new(x => F.BatchNorm(x[0], null, null, x[1], x[2], training: true), [S(4, 3), S(3), S(3)]),
        ["weight_norm"] = new(x => F.WeightNorm(x[0], x[1]), [S(3, 2), S(3, 1)]),
        ["dropout"] = new(x => { using var g = new Generator(5); return F.Dropout(x[0], 0.3, true, g); }, [S(8)]),
        ["rnn cell"] = new(x => F.RnnTanhCell(x[0], x[1], x[2], x[3], x[4], x[5]), [S(2, 3), S(2, 2), S(2, 3), S(2, 2), S(2), S(2)]),
        ["gru cell"] = new(x => F.GruCell(x[0], x[1], x[2], x[3], x[4], x[5]), [S(2, 3), S(2, 2), S(6, 3), S(6, 2), S(6), S(6)]),
        ["lstm cell"] = new(x =>
        {
            var (h, c) = F.LstmCell(x[0], x[1], x[2], x[3], x[4], x[5], x[6]);
            return h + c;
        }, [S(2, 3), S(2, 2), S(2, 2), S(8, 3), S(8, 2), S(8), S(8)]),
        ["normal log_prob"] = new(x => new Normal(x[1], x[2].Exp()).LogProb(x[0]), [S(4), S(4), S(4)]),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Autograd_matches_finite_differences(string name)
    {
        Case c = Cases[name];
        double[][] inputs = c.Shapes.Select((shape, i) =>
            c.Values?.Invoke(i) ?? Random(17 * (i + 1) + name.Length, (int)shape.Aggregate(1L, (a, b) => a * b))).ToArray();
        GradientCheck.Verify(name, c.F, inputs, c.Shapes);
    }
}
