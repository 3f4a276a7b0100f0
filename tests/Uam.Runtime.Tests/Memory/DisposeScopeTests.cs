using Uam.Runtime;
using Xunit;
using static Uam.Runtime.Tests.TestSupport;
using F = Uam.Runtime.nn.functional;

namespace Uam.Runtime.Tests.Memory;

public class DisposeScopeTests
{
    [Fact]
    public void A_scope_frees_every_tensor_created_inside_it()
    {
        long before = TestSupport.SettledLiveTensorCount();
        Tensor inner;
        using (var scope = torch.NewDisposeScope())
        {
            inner = torch.Ones([3]) * 2 + 1;
            Assert.True(torch.LiveTensorCount >= before + 3);
            Assert.True(scope.Count >= 3);
        }
        Assert.True(inner.IsDisposed);
        Assert.Equal(before, torch.LiveTensorCount);
    }

    [Fact]
    public void Moved_tensors_survive_their_scope_and_belong_to_the_outer_one()
    {
        long before = TestSupport.SettledLiveTensorCount();
        Tensor kept;
        using (var outer = torch.NewDisposeScope())
        {
            using (var inner = torch.NewDisposeScope())
            {
                kept = inner.MoveToOuter(torch.Ones([2]) * 5);
            }
            Assert.False(kept.IsDisposed);
            Close([5, 5], kept);
        }
        Assert.True(kept.IsDisposed);
        Assert.Equal(before, torch.LiveTensorCount);
    }

    [Fact]
    public void Detached_tensors_are_left_to_the_caller()
    {
        long before = TestSupport.SettledLiveTensorCount();
        Tensor detached;
        using (torch.NewDisposeScope()) detached = torch.Zeros([1]).DetachFromDisposeScope();
        Assert.False(detached.IsDisposed);
        detached.Dispose();
        Assert.Equal(before, torch.LiveTensorCount);
    }

    [Fact]
    public void Scopes_must_end_in_reverse_order()
    {
        var outer = torch.NewDisposeScope();
        var inner = torch.NewDisposeScope();
        Assert.Throws<InvalidOperationException>(() => outer.Dispose());
        inner.Dispose();
        outer.Dispose();
    }

    [Fact]
    public void A_training_loop_in_scopes_returns_the_live_count_to_its_baseline()
    {
        using var gen = new Generator(3);
        using var model = new nn.Sequential(new nn.Linear(20, 32, generator: gen), new nn.ReLU(), new nn.Linear(32, 4, generator: gen));
        using var optimizer = new optim.Adam(model.Parameters(), 1e-2);
        using var x = torch.Randn([16, 20], gen);
        using var y = torch.RandInt(0, 4, [16], gen);

        void Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.ZeroGrad();
            var loss = F.CrossEntropy(model.Forward(x), y);
            loss.Backward();
            optimizer.Step();
        }

        Step();   // the first step creates the optimizer's state tensors
        long afterFirstStep = TestSupport.SettledLiveTensorCount();
        for (int i = 0; i < 300; i++) Step();
        Assert.Equal(afterFirstStep, TestSupport.SettledLiveTensorCount());
    }
}
