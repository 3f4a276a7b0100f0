using Uam.Runtime;
using Xunit;
using F = Uam.Runtime.nn.functional;

namespace Uam.Runtime.Tests.Regressions;

/// <summary>Calls that killed the process or were silently wrong (issue 10), pinned: each now raises a .NET exception
/// that names the operation and the shapes, or is correct, and the process lives.</summary>
public class NativeCrashRegressionTests
{
    [Fact]
    public void Weight_norm_with_too_few_gains_is_refused_instead_of_overflowing_the_heap()
    {
        using var v = torch.Randn([1000, 4]);
        using var g = torch.Randn([2]);
        var error = Assert.Throws<ArgumentException>(() => F.WeightNorm(v, g, 0));
        Assert.Contains("g must be [1000,1]", error.Message);
        Assert.Contains("[2]", error.Message);
        using var last = torch.Randn([3]);
        Assert.Contains("g must be [1,4]", Assert.Throws<ArgumentException>(() => F.WeightNorm(v, last, -1)).Message);
    }

    [Fact]
    public void Weight_norm_of_an_empty_v_is_refused_instead_of_dividing_by_zero()
    {
        using var v = torch.Randn([0, 4]);
        using var g = torch.Randn([0, 1]);
        Assert.Contains("has no elements", Assert.Throws<ArgumentException>(() => F.WeightNorm(v, g, 0)).Message);
    }

    [Fact]
    public void Weight_norm_with_well_shaped_gains_is_g_times_the_unit_rows()
    {
        using var v = torch.FromArray(new double[] { 3, 4, 0, 5 }, [2, 2]);
        using var g = torch.FromArray(new double[] { 2, 10 }, [2, 1]);
        using var w = F.WeightNorm(v, g, 0);
        Assert.Equal(new[] { 1.2, 1.6, 0, 10 }, w.ToArray<double>().Select(x => Math.Round(x, 12)).ToArray());
        using var gLast = torch.FromArray(new double[] { 3, 6.4031242374328485 }, [1, 2]);   // ‖(4, 5)‖
        using var columns = F.WeightNorm(v, gLast, 1);
        Assert.Equal(new double[] { 3, 4, 0, 5 }, columns.ToArray<double>().Select(x => Math.Round(x, 12)).ToArray());
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(2)]
    [InlineData(4)]
    public void IndexSelect_on_a_0_D_tensor_takes_exactly_one_index(int entries)
    {
        // 1,000 entries corrupted the heap; 2–4 returned a wrong shape silently.
        using var a = torch.Zeros([], ScalarType.Float64);
        using var i = torch.Zeros([entries], ScalarType.Int64);
        var error = Assert.Throws<ArgumentException>(() => a.IndexSelect(0, i));
        Assert.Contains($"it has {entries}", error.Message);
    }

    [Fact]
    public void IndexSelect_on_a_0_D_tensor_with_its_one_index_returns_its_value()
    {
        using var a = torch.Full([], 2.5, ScalarType.Float64);
        using var zero = torch.Zeros([1], ScalarType.Int64);
        using var picked = a.IndexSelect(0, zero);
        Assert.Equal(2.5, picked.ToDouble());
        using var one = torch.Ones([1], ScalarType.Int64);
        Assert.Throws<ArgumentOutOfRangeException>(() => a.IndexSelect(0, one));
    }

    [Fact]
    public void SetGrad_refuses_a_gradient_of_another_shape_or_dtype()
    {
        using var p = torch.Zeros([3, 4]).SetRequiresGrad();
        using var wrongShape = torch.Zeros([3, 4, 5]);
        using var empty = torch.Zeros([0]);
        using var wrongType = torch.Zeros([3, 4], ScalarType.Float64);
        Assert.Contains("Float32[3,4,5]", Assert.Throws<ArgumentException>(() => p.SetGrad(wrongShape)).Message);
        Assert.Contains("[0]", Assert.Throws<ArgumentException>(() => p.SetGrad(empty)).Message);
        Assert.Contains("Float64[3,4]", Assert.Throws<ArgumentException>(() => p.SetGrad(wrongType)).Message);
        using var right = torch.Ones([3, 4]);
        p.SetGrad(right);
        using Tensor grad = p.Grad!;
        Assert.Equal(12, grad.Sum().ToDouble());
    }

    [Fact]
    public void Narrow_with_a_huge_start_or_length_does_not_overflow_the_bounds_check()
    {
        using var x = torch.Zeros([5]);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(0, long.MaxValue, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(0, 2, long.MaxValue));
        using var tail = x.Narrow(0, 3, 2);
        Assert.Equal([2L], tail.Shape);
    }
}

/// <summary>Messages that named no sizes or the wrong operation, and Python slicing with a huge step (issue 10).</summary>
public class ClearMessageRegressionTests
{
    [Fact]
    public void Shape_indexing_on_a_0_D_tensor_says_it_is_0_D()
    {
        using var scalar = torch.Full([], 1.5);
        foreach (Action call in new Action[]
                 {
                     () => scalar.Select(0, 0).Dispose(), () => scalar.Narrow(0, 0, 1).Dispose(), () => scalar.Size(0),
                     () => scalar[0].Dispose(), () => scalar.Slice(0, 0, 1).Dispose(),
                 })
            Assert.Contains("0-D", Assert.Throws<ArgumentOutOfRangeException>(call).Message);
    }

    [Fact]
    public void Recurrent_cells_name_a_0_D_input()
    {
        using var cell = new nn.RNNCell(3, 2);
        using var scalar = torch.Full([], 1.0);
        Assert.Contains("input must be 2-D", Assert.Throws<ArgumentException>(() => cell.Forward(scalar, null)).Message);
    }

    [Fact]
    public void A_slice_with_a_huge_step_keeps_its_first_element_as_Python_does()
    {
        using var x = torch.FromArray(new double[] { 10, 11, 12, 13, 14 });
        using var first = x.Slice(0, 0, 5, long.MaxValue);
        Assert.Equal(new double[] { 10 }, first.ToArray<double>());
        using var fromOne = x.Slice(0, 1, long.MaxValue, long.MaxValue / 2);
        Assert.Equal(new double[] { 11 }, fromOne.ToArray<double>());
        using var everyOther = x.Slice(0, -4, long.MaxValue, 2);
        Assert.Equal(new double[] { 11, 13 }, everyOther.ToArray<double>());
        using var none = x.Slice(0, 4, 2, 3);
        Assert.Empty(none.ToArray<double>());
    }

    [Fact]
    public void An_optimizer_whose_module_changed_dtype_says_so()
    {
        using var gen = new Generator(1);
        using var layer = new nn.Linear(3, 2, generator: gen);
        using var adam = new optim.Adam(layer.Parameters(), 0.01);
        void Step(ScalarType dtype)
        {
            using var scope = torch.NewDisposeScope();
            adam.ZeroGrad();
            layer.Forward(torch.Ones([4, 3], dtype)).Sum().Backward();
            adam.Step();
        }
        Step(ScalarType.Float32);
        layer.To(ScalarType.Float64);
        var error = Assert.Throws<InvalidOperationException>(() => Step(ScalarType.Float64));
        Assert.Contains("Create the optimizer after converting the module", error.Message);
        Assert.Contains("Float64", error.Message);
    }

    [Fact]
    public void Layer_arguments_are_named_by_the_layer_not_by_an_inner_op()
    {
        var conv = Assert.Throws<ArgumentOutOfRangeException>(() => new nn.Conv2d(1, 2, kernelSize: 0));
        Assert.Contains("Conv2d: kernel height must be positive", conv.Message);
        using var labels = torch.FromArray(new long[] { 0, -1, 2 });
        Assert.Contains("FromLabels: labels must be class indices", Assert.Throws<ArgumentOutOfRangeException>(() => SaliencyPrior.FromLabels(labels)).Message);
        using var image = torch.Zeros([1, 1, 4, 4]);
        Assert.Contains("kernel height 0 must be in [1,", Assert.Throws<ArgumentOutOfRangeException>(() => nn.functional.MaxPool2d(image, (0, 2))).Message);
        Assert.Contains("stride width 3000000000", Assert.Throws<ArgumentOutOfRangeException>(() => nn.functional.MaxPool2d(image, (2, 2), (1, 3_000_000_000))).Message);
        Assert.Contains("at most half the kernel", Assert.Throws<ArgumentException>(() => nn.functional.MaxPool2d(image, (2, 2), padding: (2, 0))).Message);
        using var pooled = nn.functional.MaxPool2d(image, (2, 2));
        Assert.Equal([1L, 1, 2, 2], pooled.Shape);
    }

    [Fact]
    public void A_failed_allocation_is_an_out_of_memory_error_that_names_the_size()
    {
        // 2^46 float32 values: 256 TiB, more than the 128 TiB of user address space on x86-64, whatever the overcommit policy.
        var error = Assert.Throws<TorchException>(() => torch.Empty([1L << 46]).Dispose());
        Assert.True(error.Kind == TorchErrorKind.OutOfMemory, error.Message);
        Assert.Contains("281474976710656 bytes", error.Message);
    }
}
