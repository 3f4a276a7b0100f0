using Uam.Runtime;

namespace Uam.Experiments.Tasks.Babi;

/// <summary>The sizes of a GGNN (uam-reference §2.6): nodes, edge types, the node state, the annotation, propagation steps,
/// answer classes and outputs per question (1 for task 18, the path's 2 steps for task 19).</summary>
internal sealed record GraphShape(int Nodes, int EdgeTypes, int Hidden, int Annotation, int Steps, int Classes, int Outputs)
{
    /// <summary>The original's defaults for a task: 6 nodes, states of 10, annotations of 2, 5 propagation steps.</summary>
    public static GraphShape For(BabiTask task) => task == BabiTask.SizeReasoning
        ? new GraphShape(6, 1, 10, BabiExample.AnnotationSize, 5, 2, 1)
        : new GraphShape(6, 4, 10, BabiExample.AnnotationSize, 5, 4, 2);
}

/// <summary>How the outputs of a multi-step answer (task 19) are read.</summary>
internal enum GraphReadout
{
    /// <summary>The original's: one propagation of <see cref="GraphShape.Steps"/> steps; output k reads the states after
    /// step k (steps beyond the answer's length are computed and unused).</summary>
    AfterStep,
    /// <summary>A gated graph sequence network (Li et al. 2016): output k reads the states after a whole propagation of
    /// <see cref="GraphShape.Steps"/> steps that starts from the states output k − 1 ended with.</summary>
    Sequence,
}

/// <summary>A gated graph neural network with a graph-level readout (Li et al. 2016, in the paper's version; uam-reference
/// §2.6). The node states start as [annotation, 0]; each propagation step transforms them per edge type and direction
/// (fc_in, fc_out: hidden → hidden·E, each through a normalizer slot per step: 2·steps slots, the generator's hooks), passes
/// the messages through the adjacency's incoming and outgoing blocks (batched matrix products), and updates the states
/// with a GRU-style gate. The readout is g = tanh(Σ_v σ(i([h_v, x_v])) ⊙ tanh(j([h_v, x_v]))) and logits = o(g).</summary>
[Normalize(Kind.RN)]
internal sealed partial class GatedGraphNetwork : nn.Module
{
    public GatedGraphNetwork(GraphShape shape, Kind kind, RegularityOptions options, GraphReadout readout, Generator generator)
    {
        if (shape.Hidden < shape.Annotation)
            throw new ArgumentException($"GGNN: the state ({shape.Hidden}) must hold the annotation ({shape.Annotation}).", nameof(shape));
        if (shape.Nodes < 1 || shape.EdgeTypes < 1 || shape.Steps < 1 || shape.Classes < 2 || shape.Outputs < 1)
            throw new ArgumentException($"GGNN: {shape} has an empty size.", nameof(shape));
        if (readout == GraphReadout.AfterStep && shape.Outputs > shape.Steps)
            throw new ArgumentException($"GGNN: {shape.Outputs} outputs read after steps 1…{shape.Outputs}, but there are {shape.Steps} steps.", nameof(shape));
        (Shape, Readout, Steps, TransformSize) = (shape, readout, shape.Steps, shape.Hidden * shape.EdgeTypes);
        int h = shape.Hidden;
        In = RegisterModule("fc_in", new nn.Linear(h, TransformSize, generator: generator));
        Out = RegisterModule("fc_out", new nn.Linear(h, TransformSize, generator: generator));
        Reset = RegisterModule("reset_gate", new nn.Linear(3 * h, h, generator: generator));
        Update = RegisterModule("update_gate", new nn.Linear(3 * h, h, generator: generator));
        Candidate = RegisterModule("transform", new nn.Linear(3 * h, h, generator: generator));
        Gate = RegisterModule("readout_gate", new nn.Linear(h + shape.Annotation, h, generator: generator));
        Value = RegisterModule("readout_value", new nn.Linear(h + shape.Annotation, h, generator: generator));
        Classifier = RegisterModule("output", new nn.Linear(h, shape.Classes, generator: generator));
        InitializeHooks(kind, options);
    }

    public GraphShape Shape { get; }

    public GraphReadout Readout { get; }

    /// <summary>Propagation steps: the hooks' slots per transform.</summary>
    public int Steps { get; }

    /// <summary>hidden · edge types: the transforms' outputs, the hooks' features.</summary>
    public int TransformSize { get; }

    public nn.Linear In { get; }
    public nn.Linear Out { get; }
    public nn.Linear Reset { get; }
    public nn.Linear Update { get; }
    public nn.Linear Candidate { get; }
    public nn.Linear Gate { get; }
    public nn.Linear Value { get; }
    public nn.Linear Classifier { get; }

    [Hook(FeaturesFrom = nameof(TransformSize), StepsFrom = nameof(Steps))]
    private partial Tensor InState(Tensor x, int step);

    [Hook(FeaturesFrom = nameof(TransformSize), StepsFrom = nameof(Steps))]
    private partial Tensor OutState(Tensor x, int step);

    /// <summary>The logits [B, outputs, classes] of annotations [B, nodes, annotation] over adjacencies
    /// [B, nodes, 2·E·nodes].</summary>
    public Tensor Forward(Tensor annotation, Tensor adjacency)
    {
        var (n, e, hidden) = (Shape.Nodes, Shape.EdgeTypes, Shape.Hidden);
        if (annotation.Dim != 3 || annotation.Size(1) != n || annotation.Size(2) != Shape.Annotation)
            throw new ArgumentException($"GGNN: the annotations must be [batch, {n}, {Shape.Annotation}], not [{string.Join(", ", annotation.Shape)}]", nameof(annotation));
        long batch = annotation.Size(0);
        if (adjacency.Dim != 3 || adjacency.Size(0) != batch || adjacency.Size(1) != n || adjacency.Size(2) != 2 * e * n)
            throw new ArgumentException($"GGNN: the adjacency must be [{batch}, {n}, {2 * e * n}], not [{string.Join(", ", adjacency.Shape)}]", nameof(adjacency));
        Tensor incoming = adjacency.Narrow(2, 0, e * n), outgoing = adjacency.Narrow(2, e * n, e * n);
        Tensor state = torch.Cat([annotation, torch.Zeros([batch, n, hidden - Shape.Annotation], annotation.DType)], 2);
        var outputs = new List<Tensor>(Shape.Outputs);
        if (Readout == GraphReadout.AfterStep)
        {
            for (int step = 0; step < Steps; step++)
            {
                state = Propagate(state, incoming, outgoing, step);
                if (step < Shape.Outputs) outputs.Add(Read(state, annotation));
            }
        }
        else
        {
            for (int output = 0; output < Shape.Outputs; output++)
            {
                for (int step = 0; step < Steps; step++) state = Propagate(state, incoming, outgoing, step);
                outputs.Add(Read(state, annotation));
            }
        }
        return torch.Stack(outputs, 1);
    }

    /// <summary>One propagation step: messages a_in = A_in·T_in(h), a_out = A_out·T_out(h), where T(h) [B, E·nodes, hidden]
    /// holds one vector per (edge type, node), then z = σ(W_z a), r = σ(W_r a), ĥ = tanh(W [a_in, a_out, r⊙h]),
    /// h ← (1 − z)⊙h + z⊙ĥ with a = [a_in, a_out, h].</summary>
    public Tensor Propagate(Tensor state, Tensor incoming, Tensor outgoing, int step)
    {
        var (n, e, hidden) = (Shape.Nodes, Shape.EdgeTypes, Shape.Hidden);
        long batch = state.Size(0);
        Tensor PerEdgeType(Tensor transformed) =>
            transformed.View(batch, n, e, hidden).Permute(0, 2, 1, 3).Reshape(batch, e * n, hidden);
        // The slots see the transforms of every node of the batch as rows: [B·nodes, hidden·E].
        Tensor fin = InState(In.Forward(state).View(batch * n, TransformSize), step).View(batch, n, TransformSize);
        Tensor fout = OutState(Out.Forward(state).View(batch * n, TransformSize), step).View(batch, n, TransformSize);
        Tensor aIn = incoming.Bmm(PerEdgeType(fin)), aOut = outgoing.Bmm(PerEdgeType(fout));
        Tensor all = torch.Cat([aIn, aOut, state], 2);
        Tensor z = Update.Forward(all).Sigmoid(), r = Reset.Forward(all).Sigmoid();
        Tensor candidate = Candidate.Forward(torch.Cat([aIn, aOut, r * state], 2)).Tanh();
        return (1 - z) * state + z * candidate;
    }

    private Tensor Read(Tensor state, Tensor annotation)
    {
        Tensor joined = torch.Cat([state, annotation], 2);
        Tensor graph = (Gate.Forward(joined).Sigmoid() * Value.Forward(joined).Tanh()).Sum(1).Tanh();
        return Classifier.Forward(graph);
    }
}
