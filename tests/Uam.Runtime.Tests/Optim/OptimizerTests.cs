using Uam.Runtime;
using Uam.Runtime.Interop;
using Xunit;
using static Uam.Runtime.Tests.TestSupport;

namespace Uam.Runtime.Tests.Optim;

/// <summary>Our C# optimizers against libtorch's own C++ torch::optim on the same objective, in float64.</summary>
public class OptimizerTests
{
    private const double Curvature = 0.3;
    private const int Steps = 25;

    // The objective the native reference minimises: Σ tanh(p)·w + ½·curvature·Σ p².
    private static Tensor Objective(Tensor p, Tensor w) => (p.Tanh() * w).Sum() + (p * p).Sum() * (0.5 * Curvature);

    private static double[] Reference(int kind, double[] options, Tensor initial, Tensor weights)
    {
        using var result = NativeReference.OptimizerRun((NativeReference.Optimizer)kind, options, initial, weights, Curvature, Steps);
        return result.ToArray<double>();
    }

    private static double[] Ours(Func<IEnumerable<Tensor>, optim.Optimizer> create, Tensor initial, Tensor weights)
    {
        using var p = initial.Clone().Detach().SetRequiresGrad();
        using var optimizer = create([p]);
        for (int i = 0; i < Steps; i++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.ZeroGrad();
            Objective(p, weights).Backward();
            optimizer.Step();
        }
        return p.ToArray<double>();
    }

    public static TheoryData<string, int, double[]> Configurations => new()
    {
        { "sgd", 0, [0.1, 0, 0, 0, 0] },
        { "sgd momentum", 0, [0.1, 0.9, 0, 0, 0] },
        { "sgd dampening + weight decay", 0, [0.05, 0.8, 0.3, 0.01, 0] },
        { "sgd nesterov", 0, [0.1, 0.9, 0, 0.001, 1] },
        { "adam", 1, [0.01, 0.9, 0.999, 1e-8, 0, 0] },
        { "adam weight decay + amsgrad", 1, [0.05, 0.5, 0.99, 1e-6, 0.1, 1] },
        { "rmsprop", 2, [0.01, 0.99, 1e-8, 0, 0, 0] },
        { "rmsprop centered momentum decay", 2, [0.01, 0.9, 1e-6, 0.01, 0.5, 1] },
    };

    private static optim.Optimizer Create(int kind, double[] o, IEnumerable<Tensor> parameters) => kind switch
    {
        0 => new optim.SGD(parameters, o[0], momentum: o[1], dampening: o[2], weightDecay: o[3], nesterov: o[4] != 0),
        1 => new optim.Adam(parameters, o[0], o[1], o[2], o[3], o[4], o[5] != 0),
        _ => new optim.RMSprop(parameters, o[0], o[1], o[2], o[3], o[4], o[5] != 0),
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Our_optimizer_follows_libtorch_cpp_frontend(string name, int kind, double[] options)
    {
        using var gen = new Generator(77);
        using var initial = torch.Randn([3, 4], gen, ScalarType.Float64);
        using var weights = torch.Randn([3, 4], gen, ScalarType.Float64);
        double[] expected = Reference(kind, options, initial, weights);
        double[] actual = Ours(ps => Create(kind, options, ps), initial, weights);
        Assert.Equal(initial.ToArray<double>().Length, expected.Length);
        Assert.NotEqual(initial.ToArray<double>(), expected);   // the reference did move
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12, $"{name}[{i}]: ours {actual[i]:R}, libtorch {expected[i]:R}");
    }

    [Fact]
    public void Plain_sgd_is_p_minus_lr_times_gradient()
    {
        using var p = F64([1, -2]).SetRequiresGrad();
        using var sgd = new optim.SGD([p], 0.25);
        using (var loss = p.Square().Sum()) loss.Backward();   // gradient 2p
        sgd.Step();
        Close([0.5, -1], p);
    }

    [Fact]
    public void Saved_optimizer_state_resumes_training_exactly()
    {
        using var gen = new Generator(78);
        using var initial = torch.Randn([5], gen, ScalarType.Float64);
        using var weights = torch.Randn([5], gen, ScalarType.Float64);

        void Run(optim.Optimizer o, Tensor p, int steps)
        {
            for (int i = 0; i < steps; i++)
            {
                using var scope = torch.NewDisposeScope();
                o.ZeroGrad();
                Objective(p, weights).Backward();
                o.Step();
            }
        }

        using var straight = initial.Clone().SetRequiresGrad();
        using (var adam = new optim.Adam([straight], 0.05)) Run(adam, straight, 20);

        using var resumed = initial.Clone().SetRequiresGrad();
        using var state = new Func<StateDict>(() =>
        {
            using var first = new optim.Adam([resumed], 0.05);
            Run(first, resumed, 8);
            return first.StateDict();
        })();
        Assert.Equal(8, state["optim.0.step"].Item<long>());
        using (var second = new optim.Adam([resumed], 0.05))
        {
            second.LoadStateDict(state);
            Run(second, resumed, 12);
        }
        Assert.Equal(straight.ToArray<double>(), resumed.ToArray<double>());
    }

    [Fact]
    public void Gradient_clipping_scales_to_the_maximum_norm()
    {
        using var a = F64([0, 0]).SetRequiresGrad();
        using var b = F64([0]).SetRequiresGrad();
        using (var g = F64([3, 0])) a.SetGrad(g);
        using (var g = F64([4])) b.SetGrad(g);
        double norm = nn.utils.ClipGradNorm([a, b], 1.0);
        Assert.Equal(5, norm, 12);
        using (var g = a.Grad!) Close([0.6, 0], g, 1e-6);
        using (var g = b.Grad!) Close([0.8], g, 1e-6);
        double unchanged = nn.utils.ClipGradNorm([a, b], 10);
        Assert.Equal(1, unchanged, 5);
        using (var g = a.Grad!) Close([0.6, 0], g, 1e-6);
    }

    [Fact]
    public void Bad_hyper_parameters_are_refused_with_their_value()
    {
        using var p = F64([1]).SetRequiresGrad();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new optim.SGD([p], -0.1));
        Assert.Contains("learning rate must be >= 0, got -0.1", e.Message);
        Assert.Throws<ArgumentException>(() => new optim.SGD([p], 0.1, nesterov: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new optim.Adam([p], beta1: 1));
        Assert.Throws<ArgumentException>(() => new optim.SGD([], 0.1));
        using var notLeaf = p * 2;
        Assert.Throws<ArgumentException>(() => new optim.SGD([notLeaf], 0.1));
    }
}
