using Uam.Runtime;

namespace Uam.Experiments.Models;

/// <summary>The paper's 784-1000-1000-10 classifier with a regularity slot on each hidden pre-activation
/// (after fc1 and fc2, before the ReLU; uam-reference §1.7), or none for the plain network.</summary>
internal sealed class NormalizedMlp : nn.Module<Tensor, Tensor>
{
    public NormalizedMlp(Generator generator, RegularityVariant? variant, RegularityOptions? options = null, long hidden = 1000)
    {
        Fc1 = RegisterModule("fc1", new nn.Linear(784, hidden, generator: generator));
        Fc2 = RegisterModule("fc2", new nn.Linear(hidden, hidden, generator: generator));
        Fc3 = RegisterModule("fc3", new nn.Linear(hidden, 10, generator: generator));
        if (variant is { } v)
        {
            Slot1 = RegisterModule("rn1", new nn.RegularityNorm(v, hidden, options));
            Slot2 = RegisterModule("rn2", new nn.RegularityNorm(v, hidden, options));
        }
    }

    public nn.Linear Fc1 { get; }
    public nn.Linear Fc2 { get; }
    public nn.Linear Fc3 { get; }
    public nn.RegularityNorm? Slot1 { get; }
    public nn.RegularityNorm? Slot2 { get; }

    /// <summary>The saliency prior both slots use on the next forward pass (SN).</summary>
    public Tensor? Prior
    {
        set
        {
            if (Slot1 is not null) Slot1.Prior = value;
            if (Slot2 is not null) Slot2.Prior = value;
        }
    }

    public override Tensor Forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        Tensor h1 = Normalize(Slot1, Fc1.Forward(input)).Relu();
        Tensor h2 = Normalize(Slot2, Fc2.Forward(h1)).Relu();
        return scope.MoveToOuter(Fc3.Forward(h2).LogSoftmax(1));
    }

    private static Tensor Normalize(nn.RegularityNorm? slot, Tensor preActivation) => slot is null ? preActivation : slot.Forward(preActivation);
}
