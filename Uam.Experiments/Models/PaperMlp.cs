using Uam.Runtime;

namespace Uam.Experiments.Models;

/// <summary>The paper's feed-forward classifier (spec §2.1): 784-1000-1000-10 with ReLU and a log-softmax output.</summary>
internal sealed class PaperMlp : nn.Module<Tensor, Tensor>
{
    public PaperMlp(Generator generator, long input = 784, long hidden = 1000, long classes = 10)
    {
        Fc1 = RegisterModule("fc1", new nn.Linear(input, hidden, generator: generator));
        Fc2 = RegisterModule("fc2", new nn.Linear(hidden, hidden, generator: generator));
        Fc3 = RegisterModule("fc3", new nn.Linear(hidden, classes, generator: generator));
    }

    public nn.Linear Fc1 { get; }
    public nn.Linear Fc2 { get; }
    public nn.Linear Fc3 { get; }

    public override Tensor Forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        Tensor h1 = Fc1.Forward(input).Relu();
        Tensor h2 = Fc2.Forward(h1).Relu();
        return scope.MoveToOuter(Fc3.Forward(h2).LogSoftmax(1));
    }
}
