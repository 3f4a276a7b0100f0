using Uam.Runtime;
using Xunit;

namespace Uam.Runtime.Tests.Regressions;

/// <summary>What the model-based fuzzer (tests/Uam.Fuzzing) found, pinned: native tensors orphaned when a constructor or a
/// forward pass throws, libtorch internal assertions, and optimizer errors that named the wrong operation.</summary>
public class FuzzFindingsTests
{
    /// <summary>Live native tensors after <paramref name="action"/>, counted without a garbage collection, so a tensor
    /// that only a finalizer would free still counts (a settled count would hide exactly these leaks).</summary>
    private static long LeftAlive(Action action)
    {
        long before = TestSupport.SettledLiveTensorCount();
        action();
        return torch.LiveTensorCount - before;
    }

    [Fact]
    public void A_weight_norm_layer_leaves_no_temporaries_behind()
    {
        Assert.Equal(0, LeftAlive(() => new nn.WeightNormLinear(3, 4).Dispose()));
    }

    [Fact]
    public void A_module_whose_initialisation_fails_frees_what_it_had_allocated()
    {
        // The weight is allocated, then its initialisation fails on the disposed generator.
        var generator = new Generator(1);
        generator.Dispose();
        Assert.Equal(0, LeftAlive(() => Assert.Throws<ObjectDisposedException>(() => new nn.Linear(3, 2, generator: generator))));
        Assert.Equal(0, LeftAlive(() => Assert.Throws<ObjectDisposedException>(() => new nn.Conv2d(1, 2, 3, generator: generator))));
        Assert.Equal(0, LeftAlive(() => Assert.Throws<ObjectDisposedException>(() => new nn.Embedding(4, 2, generator: generator))));
        Assert.Equal(0, LeftAlive(() => Assert.Throws<ObjectDisposedException>(() => new nn.GRUCell(3, 2, generator: generator))));
    }

    [Fact]
    public void RN_plus_LN_whose_regularity_slot_is_refused_frees_its_layer_norm()
    {
        var invalid = RegularityOptions.Default with { StdFloor = -1 };
        Assert.Equal(0, LeftAlive(() => Assert.Throws<ArgumentOutOfRangeException>(
            () => new nn.RegularityLayerNorm(4, RegularityOrder.LayerNormFirst, options: invalid))));
    }

    [Fact]
    public void A_recurrent_cell_whose_gate_count_overflows_names_the_product()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new nn.LSTMCell(2, long.MaxValue / 2));
        Assert.Contains("LSTMCell: gates * hiddenSize", error.Message);
    }

    [Fact]
    public void A_sequential_model_that_fails_in_a_later_layer_frees_the_earlier_activations()
    {
        using var model = new nn.Sequential(new nn.Linear(3, 2), new nn.ReLU(), new nn.Linear(5, 1));
        using var input = torch.Randn([4, 3]);
        Assert.Equal(0, LeftAlive(() => Assert.Throws<ArgumentException>(() => model.Forward(input))));
    }

    [Fact]
    public void In_place_addcdiv_addcmul_and_lerp_name_an_operand_of_another_dtype_instead_of_an_internal_assertion()
    {
        using var x = torch.Zeros([2, 3]);
        using var a = torch.Ones([1, 1], ScalarType.Float64);
        using var b = torch.Ones([2, 3]);
        var addcdiv = Assert.Throws<ArgumentException>(() => x.AddcdivInPlace(a, b, 0.5));
        Assert.Contains("AddcdivInPlace: the tensor updated in place is Float32 and a is Float64", addcdiv.Message);
        Assert.Contains("b is Float64", Assert.Throws<ArgumentException>(() => x.AddcmulInPlace(b, a, 0.5)).Message);
        Assert.Contains("end is Float64", Assert.Throws<ArgumentException>(() => x.LerpInPlace(a, 0.5)).Message);
        // Same dtypes still work: x += 0.5 · 1 / 1.
        x.AddcdivInPlace(b, b, 0.5);
        Assert.All(x.ToArray<float>(), v => Assert.Equal(0.5f, v));
    }

    [Fact]
    public void Optimizer_state_saved_for_another_model_is_refused_on_load_not_inside_step()
    {
        using var small = new nn.Linear(2, 2);
        using var large = new nn.Linear(3, 2);
        using var trained = new optim.SGD(large.Parameters(), 0.1, momentum: 0.9);
        using (var input = torch.Randn([1, 3]))
        using (var output = large.Forward(input))
        using (var loss = output.Sum())
            loss.Backward();
        trained.Step();
        using var state = trained.StateDict();
        using var fresh = new optim.SGD(small.Parameters(), 0.1, momentum: 0.9);
        var error = Assert.Throws<ArgumentException>(() => fresh.LoadStateDict(state));
        Assert.Contains("state entry 'optim.0.momentum_buffer' is Float32[2,3], but parameter 0 is Float32[2,2]", error.Message);
    }

    /// <summary>An update rule that fails inside libtorch, as a wrong-shaped state would.</summary>
    private sealed class FailingUpdate(IEnumerable<Tensor> parameters) : optim.Optimizer(parameters, 0.1)
    {
        protected override void Update(Tensor parameter, Tensor grad, optim.ParameterState state)
        {
            using var wrong = torch.Ones([7]);
            parameter.AddInPlace(wrong);
        }
    }

    [Fact]
    public void An_update_that_fails_inside_step_is_reported_by_step_with_the_parameter_not_as_an_in_place_op()
    {
        using var weight = torch.Zeros([2]).SetRequiresGrad();
        using (var loss = weight.Sum()) loss.Backward();
        using var optimizer = new FailingUpdate([weight]);
        var error = Assert.Throws<InvalidOperationException>(optimizer.Step);
        Assert.StartsWith("FailingUpdate.Step: updating parameter 0 (Float32[2]) failed: AddInPlace", error.Message);
        Assert.IsType<TorchException>(error.InnerException);
    }

    [Fact]
    public void A_thread_count_far_beyond_the_processors_is_refused_instead_of_hanging_the_next_kernel()
    {
        int before = torch.NumThreads;
        try
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => torch.NumThreads = 100_000);
            Assert.Contains($"NumThreads: 100000 threads on {Environment.ProcessorCount} logical processors; at most {torch.MaxThreads}", error.Message);
            Assert.Equal(before, torch.NumThreads);
            torch.NumThreads = torch.MaxThreads;   // the limit itself is allowed
            Assert.Equal(torch.MaxThreads, torch.NumThreads);
        }
        finally
        {
            torch.NumThreads = before;   // never leave 100,000 threads for the next test's kernels
        }
    }

    [Fact]
    public void A_null_tensor_argument_is_named_with_its_operation_instead_of_a_null_reference_from_inside()
    {
        using var x = torch.Randn([2, 3]);
        using var labels = torch.Zeros([2], ScalarType.Int64);
        Tensor none = null!;
        void Named(string expected, Action call) =>
            Assert.Equal(expected, Assert.Throws<ArgumentNullException>(call).Message.Split(" (Parameter")[0]);
        Named("MulInPlace: other is null.", () => x.MulInPlace(none));
        Named("Cat: tensor 1 is null.", () => torch.Cat([x, none]));
        Named("Where: a is null.", () => torch.Where(x.Gt(0), none, x));
        Named("OnesLike: like is null.", () => torch.OnesLike(none));
        Named("Linear: input is null.", () => nn.functional.Linear(none, x));
        Named("CrossEntropy: target is null.", () => nn.functional.CrossEntropy(x, none));
        Named("LayerNorm: input is null.", () => nn.functional.LayerNorm(none, [3]));
        using var relu = new nn.ReLU();
        Named("ReLU.Forward: input is null.", () => relu.Forward(none));
        using var model = new nn.Sequential(new nn.Linear(3, 2), new nn.ReLU());
        Named("Linear: input is null.", () => model.Forward(none));
        using var slot = new nn.RegularityNorm(RegularityVariant.RN);
        Named("RegularityNorm.Forward: input is null.", () => slot.Forward(none));
        using var cell = new nn.GRUCell(3, 2);
        Named("GRUCell.Forward: input is null.", () => cell.Forward(none));
        using var weight = torch.Zeros([2]).SetRequiresGrad();
        Named("SGD: parameter 1 is null.", () => new optim.SGD([weight, none], 0.1));
        Named("operator -: a is null.", () => _ = none - x);
        Named("Sub: other is null.", () => _ = x - none);
        Named("operator /: b is null.", () => _ = 2.0 / none);
        using var std = torch.Ones([2, 3]);
        Named("LogProb: value is null.", () => new Normal(x, std).LogProb(none));
        using var h = torch.Zeros([2, 2]);
        Named("LstmCell: weightIH is null.", () => nn.functional.LstmCell(x, h, h, none, none, null, null));
    }

    [Fact]
    public void A_safetensors_file_refuses_repeated_and_empty_names_instead_of_dropping_a_tensor()
    {
        string path = Path.Combine(Path.GetTempPath(), $"uam-names-{Guid.NewGuid():N}.safetensors");
        using var a = torch.Zeros([2]);
        using var b = torch.Ones([3]);
        var repeated = Assert.Throws<ArgumentException>(() => SafeTensorsFile.Write(path, [new("x", a), new("x", b)]));
        Assert.StartsWith("SafeTensorsFile.Write: two tensors are named 'x'.", repeated.Message);
        Assert.StartsWith("SafeTensorsFile.Write: a tensor has an empty name.",
            Assert.Throws<ArgumentException>(() => SafeTensorsFile.Write(path, [new("", a)])).Message);
        Assert.False(File.Exists(path));
    }
}
