using Uam.Runtime;
using Uam.Runtime.Interop;
using Xunit;
using static Uam.Runtime.Tests.TestSupport;
using F = Uam.Runtime.nn.functional;

namespace Uam.Runtime.Tests.Tensors;

/// <summary>Bad input gets a .NET exception that names the problem, and the process lives on.</summary>
public class ErrorTests
{
    [Fact]
    public void A_shape_mismatch_names_both_shapes()
    {
        using var a = torch.Zeros([2, 3]);
        using var b = torch.Zeros([2, 3]);
        var e = Assert.Throws<ArgumentException>(() => a.MatMul(b));
        Assert.Contains("MatMul: left is [2,3], right is [2,3]; inner dimensions differ (3 vs 2)", e.Message);
        using var c = torch.Zeros([4]);
        var broadcast = Assert.Throws<ArgumentException>(() => a + c);
        Assert.Contains("[2,3] and [4] cannot be broadcast", broadcast.Message);
        var reshape = Assert.Throws<ArgumentException>(() => a.Reshape(4, 2));
        Assert.Contains("6 elements", reshape.Message);
        var cat = Assert.Throws<ArgumentException>(() => torch.Cat([a, c]));
        Assert.Contains("tensor 0 is [2,3] and tensor 1 is [4]", cat.Message);
    }

    [Fact]
    public void A_wrong_dtype_is_named()
    {
        using var logits = torch.Zeros([2, 3]);
        using var floatTargets = torch.Zeros([2]);
        var e = Assert.Throws<ArgumentException>(() => F.CrossEntropy(logits, floatTargets));
        Assert.Contains("target", e.Message);
        using var intTargets = torch.Zeros([2], ScalarType.Int64);
        var nll = Assert.Throws<ArgumentException>(() => F.NllLoss(logits, intTargets.To(ScalarType.Int32)));
        Assert.Contains("NllLoss: target must be Int64, but it is Int32", nll.Message);
        using var ints = torch.Zeros([3, 2], ScalarType.Int64);
        var mm = Assert.Throws<ArgumentException>(() => logits.MatMul(ints));
        Assert.Contains("Float32", mm.Message);
        Assert.Throws<ArgumentException>(() => logits.ToArray<double>());
        Assert.Throws<ArgumentException>(() => ints.SetRequiresGrad());
    }

    [Fact]
    public void Regression_losses_refuse_silent_broadcasting()
    {
        using var column = torch.Zeros([4, 1]);
        using var flat = torch.Zeros([4]);
        var e = Assert.Throws<ArgumentException>(() => F.MseLoss(column, flat));
        Assert.Contains("input is [4,1] and target is [4]", e.Message);
    }

    [Fact]
    public void Using_a_disposed_tensor_throws_ObjectDisposedException()
    {
        var t = torch.Ones([2]);
        t.Dispose();
        t.Dispose();   // idempotent
        Assert.True(t.IsDisposed);
        var e = Assert.Throws<ObjectDisposedException>(() => t.Sum());
        Assert.Contains("disposed", e.Message);
        Assert.Equal("Tensor(disposed)", t.ToString());
    }

    [Fact]
    public void Libtorch_errors_arrive_as_TorchException_with_the_operation_and_message()
    {
        // Bypass the managed checks to reach libtorch's own: a 3-D view of a non-contiguous tensor.
        using var z = torch.Zeros([4, 6]);
        using var t = z.T();
        var e = Assert.Throws<TorchException>(() => t.View(24));
        Assert.Equal(TorchErrorKind.Torch, e.Kind);
        Assert.StartsWith("View: ", e.Message);
        Assert.Contains("view size is not compatible", e.NativeMessage);
        using var after = torch.Ones([2]) + 1;   // the process and the binding live on
        Close([2, 2], after);
    }

    [Theory]
    [InlineData(0, typeof(TorchException))]
    [InlineData(1, typeof(ArgumentOutOfRangeException))]
    [InlineData(2, typeof(ArgumentException))]
    [InlineData(3, typeof(TorchException))]
    [InlineData(4, typeof(TorchException))]
    [InlineData(5, typeof(TorchException))]
    public void Every_native_exception_kind_maps_to_a_dotnet_exception(int kind, Type expected)
    {
        var e = Assert.ThrowsAny<Exception>(() => NativeErrors.Check(Native.nt_test_throw(kind), "test"));
        Assert.IsType(expected, e);
        Assert.StartsWith("test: ", e.Message);
        if (kind == 3) Assert.Equal(TorchErrorKind.OutOfMemory, ((TorchException)e).Kind);
        if (kind == 5) Assert.Equal(TorchErrorKind.Unknown, ((TorchException)e).Kind);
    }

    [Fact]
    public void Out_of_range_dimensions_and_indices_are_caught_before_the_native_call()
    {
        using var m = torch.Zeros([2, 3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Sum(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Select(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Narrow(1, 2, 2));
        Assert.Throws<ArgumentException>(() => m.Permute(1, 0, 2));
        Assert.Throws<ArgumentException>(() => torch.Zeros([-1]));
        Assert.Throws<ArgumentException>(() => torch.FromArray(new float[5], [2, 3]));
    }
}
