using Uam.Runtime;
using Xunit;
using static Uam.Runtime.Tests.TestSupport;

namespace Uam.Runtime.Tests.Autograd;

public class AutogradTests
{
    [Fact]
    public void Backward_accumulates_the_gradient_of_x_squared()
    {
        using var x = F64([1, -2, 3]).SetRequiresGrad();
        Assert.True(x.IsLeaf);
        using (var loss = x.Square().Sum()) loss.Backward();
        using (var grad = x.Grad!) Close([2, -4, 6], grad);
        using (var loss = x.Square().Sum()) loss.Backward();   // gradients accumulate, as in PyTorch
        using (var grad = x.Grad!) Close([4, -8, 12], grad);
        x.SetGrad(null);
        Assert.Null(x.Grad);
    }

    [Fact]
    public void A_vector_output_needs_an_explicit_gradient()
    {
        using var x = F64([1, 2]).SetRequiresGrad();
        using var y = x * 3;
        Assert.False(y.IsLeaf);
        Assert.Throws<InvalidOperationException>(() => y.Backward());
        using var seed = F64([1, 10]);
        y.Backward(seed);
        using var grad = x.Grad!;
        Close([3, 30], grad);
    }

    [Fact]
    public void NoGrad_stops_recording_and_restores_the_mode()
    {
        using var x = F64([1, 2]).SetRequiresGrad();
        Assert.True(GradModeScope.IsEnabled);
        using (torch.NoGrad())
        {
            Assert.False(GradModeScope.IsEnabled);
            using var y = x * 2;
            Assert.False(y.RequiresGrad);
            using (torch.EnableGrad())
            {
                using var z = x * 2;
                Assert.True(z.RequiresGrad);
            }
            Assert.False(GradModeScope.IsEnabled);
        }
        Assert.True(GradModeScope.IsEnabled);
    }

    [Fact]
    public void Detach_cuts_the_graph_and_shares_storage()
    {
        using var x = F64([1, 2]).SetRequiresGrad();
        using var y = x * 2;
        using var d = y.Detach();
        Assert.False(d.RequiresGrad);
        using var loss = (y + d).Sum();
        loss.Backward();
        using var grad = x.Grad!;
        Close([2, 2], grad);   // only the attached path contributes
    }

    [Fact]
    public void Functional_grad_supports_second_derivatives()
    {
        using var x = F64([0.5, -1.5]).SetRequiresGrad();
        using var y = x.Pow(3).Sum();
        var first = Runtime.Autograd.Grad([y], [x], createGraph: true);
        using var dy = first[0]!;
        Close([3 * 0.25, 3 * 2.25], dy);
        var second = Runtime.Autograd.Grad([dy.Sum()], [x]);
        using var d2y = second[0]!;
        Close([6 * 0.5, 6 * -1.5], d2y);
        Assert.Null(x.Grad);   // functional grad leaves accumulated gradients alone
    }

    [Fact]
    public void Retained_gradients_of_intermediates_are_available()
    {
        using var x = F64([2]).SetRequiresGrad();
        using var y = (x * 3).RetainGrad();
        using var z = y.Square().Sum();
        z.Backward();
        using var yGrad = y.Grad!;
        Close([12], yGrad);
    }

    [Fact]
    public void Unused_inputs_have_no_gradient()
    {
        using var x = F64([1]).SetRequiresGrad();
        using var unused = F64([1]).SetRequiresGrad();
        using var y = (x * 2).Sum();
        var grads = Runtime.Autograd.Grad([y], [x, unused], allowUnused: true);
        Assert.NotNull(grads[0]);
        Assert.Null(grads[1]);
        grads[0]!.Dispose();
    }
}
