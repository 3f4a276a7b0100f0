using Uam.Runtime;

namespace Uam.Experiments.Tasks.MiniGridPpo;

/// <summary>What one call of the actor-critic gives: the policy's log-probabilities [N, 7], the value [N], and the next
/// memory [N, 128] (h then c) when the model has one.</summary>
internal readonly record struct ActorCriticOutput(Tensor LogProbabilities, Tensor Value, Tensor? Memory);

/// <summary>The torch-ac actor-critic of the paper's MiniGrid task (docs/minigrid.md): a convolutional trunk over the
/// 7×7×3 view (Conv 2×2 → ReLU → MaxPool 2 → Conv 2×2 → ReLU → Conv 2×2 → ReLU: 64 features), an optional LSTMCell
/// memory, and an actor and a critic head of Linear(64 → 64) → normalization → Tanh → Linear. The two hidden layers'
/// normalizers are the generator's hooks, of the backbone's kind; under the faithful protocol the heads' outputs (the
/// logits and the one-dimensional value) are normalized too (<see cref="ActorCriticOutputs"/>), as the original does.</summary>
[Normalize(Kind.RN)]
internal sealed partial class ActorCritic : nn.Module
{
    public const int Embedding = 64, Hidden = 64, Actions = 7, MemorySize = 2 * Embedding;

    /// <param name="kind">The backbone: None (nn), LN, RN, RLN or RNThenLN (the original's "rnln").</param>
    /// <param name="options">The regularity slots' options.</param>
    /// <param name="memory">Whether the model has the LSTM memory (the original's recurrence &gt; 1).</param>
    /// <param name="normalizeOutputs">The original's placement: the logits and the value are normalized as well.</param>
    public ActorCritic(Kind kind, RegularityOptions options, bool memory, bool normalizeOutputs, Generator generator)
    {
        Kind = kind;
        Conv1 = RegisterModule("conv1", new nn.Conv2d(3, 16, 2, generator: generator));
        Pool = RegisterModule("pool", new nn.MaxPool2d(2));
        Conv2 = RegisterModule("conv2", new nn.Conv2d(16, 32, 2, generator: generator));
        Conv3 = RegisterModule("conv3", new nn.Conv2d(32, 64, 2, generator: generator));
        if (memory) Memory = RegisterModule("memory", new nn.LSTMCell(Embedding, Embedding, generator: generator));
        ActorHidden = RegisterModule("actor_fc1", UnitRowLinear(Embedding, Hidden, generator));
        ActorOutput = RegisterModule("actor_fc2", UnitRowLinear(Hidden, Actions, generator));
        CriticHidden = RegisterModule("critic_fc1", UnitRowLinear(Embedding, Hidden, generator));
        CriticOutput = RegisterModule("critic_fc2", UnitRowLinear(Hidden, 1, generator));
        InitializeHooks(kind, options);
        if (normalizeOutputs && kind != Kind.None) Outputs = RegisterModule("outputs", new ActorCriticOutputs(kind, options));
    }

    public Kind Kind { get; }

    public nn.Conv2d Conv1 { get; }
    public nn.MaxPool2d Pool { get; }
    public nn.Conv2d Conv2 { get; }
    public nn.Conv2d Conv3 { get; }
    public nn.LSTMCell? Memory { get; }
    public nn.Linear ActorHidden { get; }
    public nn.Linear ActorOutput { get; }
    public nn.Linear CriticHidden { get; }
    public nn.Linear CriticOutput { get; }
    public ActorCriticOutputs? Outputs { get; }

    [Hook(Features = Hidden, Rank = 2, Name = "actor_fc1_norm")] private partial Tensor ActorState(Tensor x);
    [Hook(Features = Hidden, Rank = 2, Name = "critic_fc1_norm")] private partial Tensor CriticState(Tensor x);

    /// <summary>Every regularity slot, the output slots included.</summary>
    public IReadOnlyList<(string Name, nn.RegularityNorm Slot)> Slots() =>
        [.. RegularitySlots(), .. Outputs?.RegularitySlots().Select(s => ("outputs." + s.Name, s.Slot)) ?? []];

    /// <summary>Switches every regularity slot off (<see cref="nn.RegularityNorm.Bypass"/>) or back on.</summary>
    public void BypassRegularity(bool bypass)
    {
        foreach (var (_, slot) in Slots()) slot.Bypass = bypass;
    }

    /// <summary>The policy and value of a batch of views [N, 3, 7, 7] (raw codes as floats); <paramref name="memory"/>
    /// [N, 128] is required when the model has a memory (already masked at episode starts by the caller).</summary>
    public ActorCriticOutput Forward(Tensor image, Tensor? memory)
    {
        if (image.Dim != 4 || image.Size(1) != 3 || image.Size(2) != 7 || image.Size(3) != 7)
            throw new ArgumentException($"ActorCritic: the views must be [N, 3, 7, 7], not [{string.Join(", ", image.Shape)}]", nameof(image));
        Tensor x = Conv3.Forward(Conv2.Forward(Pool.Forward(Conv1.Forward(image).Relu())).Relu()).Relu().Flatten(1);
        Tensor? next = null;
        if (Memory is not null)
        {
            if (memory is null || memory.Dim != 2 || memory.Size(0) != image.Size(0) || memory.Size(1) != MemorySize)
                throw new ArgumentException($"ActorCritic: the memory must be [{image.Size(0)}, {MemorySize}]", nameof(memory));
            var (h, c) = Memory.Forward(x, (memory.Narrow(1, 0, Embedding), memory.Narrow(1, Embedding, Embedding)));
            next = torch.Cat([h, c], 1);
            x = h;
        }
        Tensor logits = ActorOutput.Forward(ActorState(ActorHidden.Forward(x)).Tanh());
        Tensor value = CriticOutput.Forward(CriticState(CriticHidden.Forward(x)).Tanh());
        if (Outputs is not null)
        {
            logits = Outputs.Logits(logits);
            value = Outputs.Value(value);
            // The original replaces NaN logits (an RN slot without a σ floor on a constant batch) by uniform ones.
            using Tensor nan = logits.IsNaN().Sum();
            if (nan.Item<long>() > 0) logits = torch.ZerosLike(logits);
        }
        return new ActorCriticOutput(logits.LogSoftmax(1), value.Squeeze(1), next);
    }

    /// <summary>torch-ac's initialisation of every Linear layer: weights N(0, 1), each output row scaled to unit L2 norm;
    /// biases 0.</summary>
    public static nn.Linear UnitRowLinear(int inFeatures, int outFeatures, Generator generator)
    {
        var linear = new nn.Linear(inFeatures, outFeatures, generator: generator);
        using (torch.NoGrad())
        {
            nn.init.Normal(linear.Weight, 0, 1, generator);
            using Tensor norms = linear.Weight.Norm(2, [1], keepDim: true);
            linear.Weight.DivInPlace(norms);
            linear.Bias!.ZeroInPlace();
        }
        return linear;
    }
}

/// <summary>The original's normalizers of the heads' outputs (faithful protocol only, flaws 37 and 38): the logits and the
/// one-dimensional value, each a slot of the backbone's kind (a LayerNorm over the single value makes the critic a
/// learnable constant).</summary>
[Normalize(Kind.RN)]
internal sealed partial class ActorCriticOutputs : nn.Module
{
    public ActorCriticOutputs(Kind kind, RegularityOptions options) => InitializeHooks(kind, options);

    [Hook(Features = ActorCritic.Actions, Rank = 2, Name = "actor_fc2_norm")] internal partial Tensor Logits(Tensor x);
    [Hook(Features = 1, Rank = 2, Name = "critic_fc2_norm")] internal partial Tensor Value(Tensor x);
}
