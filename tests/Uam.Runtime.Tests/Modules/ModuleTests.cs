using Uam.Runtime;
using Xunit;
using static Uam.Runtime.Tests.TestSupport;
using F = Uam.Runtime.nn.functional;

namespace Uam.Runtime.Tests.Modules;

public class ModuleTests
{
    /// <summary>The paper's 784-1000-1000-10 network, written by hand.</summary>
    private sealed class Mlp : nn.Module<Tensor, Tensor>
    {
        public Mlp(Generator generator)
        {
            Fc1 = RegisterModule("fc1", new nn.Linear(784, 1000, generator: generator));
            Fc2 = RegisterModule("fc2", new nn.Linear(1000, 1000, generator: generator));
            Fc3 = RegisterModule("fc3", new nn.Linear(1000, 10, generator: generator));
        }

        public nn.Linear Fc1 { get; }
        public nn.Linear Fc2 { get; }
        public nn.Linear Fc3 { get; }

        public override Tensor Forward(Tensor x)
        {
            using var h1 = Fc1.Forward(x);
            using var a1 = h1.Relu();
            using var h2 = Fc2.Forward(a1);
            using var a2 = h2.Relu();
            using var logits = Fc3.Forward(a2);
            return logits.LogSoftmax(1);
        }
    }

    [Fact]
    public void Parameters_are_named_by_their_place_in_the_module_tree()
    {
        using var gen = new Generator(1);
        using var model = new Mlp(gen);
        Assert.Equal(["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"],
            model.NamedParameters().Select(p => p.Name));
        Assert.Equal(784L * 1000 + 1000 + 1000L * 1000 + 1000 + 1000L * 10 + 10, model.ParameterCount());
        Assert.All(model.Parameters(), p => Assert.True(p.RequiresGrad && p.IsLeaf));
    }

    [Fact]
    public void Linear_starts_uniform_within_one_over_root_fan_in()
    {
        using var gen = new Generator(4);
        using var layer = new nn.Linear(400, 50, generator: gen);
        double bound = 1 / Math.Sqrt(400);
        double[] w = layer.Weight.ToDoubleArray();
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.InRange(w.Max(), 0.95 * bound, bound);            // the whole interval is used
        double variance = w.Select(v => v * v).Average();
        Assert.InRange(variance, 0.9 * bound * bound / 3, 1.1 * bound * bound / 3); // U(−b, b) has variance b²/3
    }

    [Fact]
    public void The_same_generator_seed_initialises_identically()
    {
        using var g1 = new Generator(21);
        using var g2 = new Generator(21);
        using var a = new nn.Linear(5, 3, generator: g1);
        using var b = new nn.Linear(5, 3, generator: g2);
        Assert.Equal(a.Weight.ToArray<float>(), b.Weight.ToArray<float>());
        Assert.Equal(a.Bias!.ToArray<float>(), b.Bias!.ToArray<float>());
    }

    [Fact]
    public void ToString_prints_the_tree_like_PyTorch()
    {
        using var model = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU(), new nn.Dropout(0.1), new nn.Linear(3, 2, bias: false));
        Assert.Equal(
            "Sequential(\n  (0): Linear(in_features=4, out_features=3, bias=True)\n  (1): ReLU()\n  (2): Dropout(p=0.1)\n" +
            "  (3): Linear(in_features=3, out_features=2, bias=False)\n)", model.ToString());
    }

    [Fact]
    public void Sequential_applies_layers_in_order()
    {
        using var gen = new Generator(2);
        using var first = new nn.Linear(3, 4, generator: gen);
        using var second = new nn.Linear(4, 2, generator: gen);
        using var model = new nn.Sequential(("a", first), ("b", new nn.Tanh()), ("c", second));
        using var x = torch.Randn([5, 3], gen);
        using var scope = torch.NewDisposeScope();
        Tensor expected = F.Linear(F.Linear(x, first.Weight, first.Bias).Tanh(), second.Weight, second.Bias);
        Close(expected.ToDoubleArray(), model.Forward(x), 1e-6);
        Assert.Equal(["a.weight", "a.bias", "c.weight", "c.bias"], model.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void Train_and_eval_switch_dropout_and_batch_norm()
    {
        using var bn = new nn.BatchNorm1d(2);
        using var gen = new Generator(15);
        using var model = new nn.Sequential(bn, new nn.Dropout(0.5, gen));
        using var x = F32([1, 10, 3, 30], 2, 2);
        double kept = 2 / Math.Sqrt(1 + 1e-5);   // batch-normalized ±1, scaled by 1/(1−p)
        using (var y = model.Forward(x))
            Assert.All(y.ToDoubleArray(), v => Assert.True(v == 0 || Math.Abs(Math.Abs(v) - kept) < 1e-5, $"{v}"));
        Assert.Equal(1L, bn.BatchesTracked!.Item<long>());
        Close([0.2, 2.0], bn.RunningMean!, 1e-6);
        model.Eval();
        Assert.False(bn.IsTraining);
        using var evaluated = model.Forward(x);
        Close([(1 - 0.2) / Math.Sqrt(1.1 + 1e-5), (10 - 2) / Math.Sqrt(20.9 + 1e-5), (3 - 0.2) / Math.Sqrt(1.1 + 1e-5), (30 - 2) / Math.Sqrt(20.9 + 1e-5)], evaluated, 1e-5);
        Assert.Equal(1L, bn.BatchesTracked!.Item<long>());   // evaluation does not count batches
        Assert.Equal(["0.running_mean", "0.running_var", "0.num_batches_tracked"], model.NamedBuffers().Select(b => b.Name));
    }

    [Fact]
    public void Weight_norm_linear_starts_identical_to_its_plain_linear()
    {
        using var g1 = new Generator(8);
        using var g2 = new Generator(8);
        using var plain = new nn.Linear(6, 4, generator: g1);
        using var normed = new nn.WeightNormLinear(6, 4, generator: g2);
        using var x = torch.Randn([3, 6], g1);
        using var a = plain.Forward(x);
        using var b = normed.Forward(x);
        Close(a.ToDoubleArray(), b, 1e-5);
        Assert.Equal(["weight_g", "weight_v", "bias"], normed.NamedParameters().Select(p => p.Name));
        TestSupport.Shape(normed.WeightG, 4, 1);
    }

    [Fact]
    public void Recurrent_cells_default_to_a_zero_state()
    {
        using var gen = new Generator(6);
        using var cell = new nn.LSTMCell(3, 2, generator: gen);
        using var x = torch.Randn([4, 3], gen);
        var (h, c) = cell.Forward(x);
        using var zeros = torch.Zeros([4, 2]);
        var (h0, c0) = cell.Forward(x, (zeros, zeros));
        Assert.Equal(h0.ToArray<float>(), h.ToArray<float>());
        Assert.Equal(c0.ToArray<float>(), c.ToArray<float>());
        foreach (var t in new[] { h, c, h0, c0 }) t.Dispose();
        using var rnn = new nn.RNNCell(3, 5, generator: gen);
        using var hr = rnn.Forward(x);
        TestSupport.Shape(hr, 4, 5);
        using var gru = new nn.GRUCell(3, 5, generator: gen);
        using var hg = gru.Forward(x, hr);
        TestSupport.Shape(hg, 4, 5);
        Assert.Equal(["weight_ih", "weight_hh", "bias_ih", "bias_hh"], gru.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void Conv_pool_and_embedding_modules_compute_their_functional_forms()
    {
        using var gen = new Generator(12);
        using var conv = new nn.Conv2d(3, 16, 2, generator: gen);
        using var pool = new nn.MaxPool2d(2);
        using var image = torch.Randn([2, 3, 7, 7], gen);
        using var convolved = conv.Forward(image);
        TestSupport.Shape(convolved, 2, 16, 6, 6);
        using var pooled = pool.Forward(convolved);
        TestSupport.Shape(pooled, 2, 16, 3, 3);
        Assert.InRange(conv.Weight.ToDoubleArray().Max(Math.Abs), 0, 1 / Math.Sqrt(3 * 2 * 2));
        using var embedding = new nn.Embedding(10, 4, paddingIdx: 0, generator: gen);
        using var row = embedding.Weight.Select(0, 0);
        Close([0, 0, 0, 0], row);
        using var indices = torch.FromArray(new long[] { 0, 3 });
        using var looked = embedding.Forward(indices);
        TestSupport.Shape(looked, 2, 4);
    }

    [Fact]
    public void Converting_a_module_keeps_parameter_identity()
    {
        using var gen = new Generator(13);
        using var layer = new nn.Linear(3, 2, generator: gen);
        Tensor weight = layer.Weight;
        float[] before = weight.ToArray<float>();
        layer.To(ScalarType.Float64);
        Assert.Same(weight, layer.Weight);
        Assert.Equal(ScalarType.Float64, weight.DType);
        Assert.True(weight.IsLeaf && weight.RequiresGrad);
        Close(before.Select(v => (double)v).ToArray(), weight, 0);
        layer.To(Device.CPU);
        Assert.Equal(ScalarType.Float64, layer.Weight.DType);
    }

    [Fact]
    public void Module_gradients_reach_every_parameter_and_ZeroGrad_clears_them()
    {
        using var gen = new Generator(14);
        using var model = new nn.Sequential(new nn.Linear(4, 3, generator: gen), new nn.Tanh(), new nn.Linear(3, 2, generator: gen));
        using var x = torch.Randn([5, 4], gen);
        using (var loss = model.Forward(x).Square().Mean()) loss.Backward();
        Assert.All(model.Parameters(), p => { using var g = p.Grad; Assert.NotNull(g); });
        model.ZeroGrad();
        Assert.All(model.Parameters(), p => Assert.Null(p.Grad));
    }
}
