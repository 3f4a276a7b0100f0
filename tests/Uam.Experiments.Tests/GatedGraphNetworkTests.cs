using Uam.Experiments.Tasks.Babi;
using Uam.Runtime;
using Xunit;

namespace Uam.Experiments.Tests;

/// <summary>The GGNN: one propagation step against a hand computation, the readouts, its 2·steps hook slots, gradients
/// against finite differences, determinism per seed, and refused shapes.</summary>
public sealed class GatedGraphNetworkTests
{
    private static readonly GraphShape Small = new(Nodes: 3, EdgeTypes: 2, Hidden: 3, Annotation: 2, Steps: 1, Classes: 2, Outputs: 1);

    private static GatedGraphNetwork Model(GraphShape shape, Kind kind = Kind.None, GraphReadout readout = GraphReadout.AfterStep, ulong seed = 1) =>
        new(shape, kind, RegularityOptions.Default, readout, new Generator(seed));

    private static (Tensor Annotation, Tensor Adjacency) Story(int batch, GraphShape shape)
    {
        // 1 -a-> 2, 3 -b-> 1, 2 -b-> 3 for every row; annotations mark nodes (1, 3) and (2, 2).
        float[] adjacency = BabiAdjacency.Dense([new BabiEdge(1, 1, 2), new BabiEdge(3, 2, 1), new BabiEdge(2, 2, 3)], shape.Nodes, shape.EdgeTypes);
        var annotations = new List<float>();
        for (int b = 0; b < batch; b++)
        {
            var a = new float[shape.Nodes * 2];
            a[(b % 2 == 0 ? 0 : 1) * 2] = 1;
            a[(b % 2 == 0 ? 2 : 1) * 2 + 1] = 1;
            annotations.AddRange(a);
        }
        return (torch.FromArray(annotations.ToArray(), [batch, shape.Nodes, 2]),
            torch.FromArray(Enumerable.Repeat(adjacency, batch).SelectMany(x => x).ToArray(), [batch, shape.Nodes, 2 * shape.EdgeTypes * shape.Nodes]));
    }

    private static double[,] Weight(nn.Linear layer) => ToMatrix(layer.Weight);

    private static double[,] ToMatrix(Tensor t)
    {
        float[] values = t.ToArray<float>();
        var m = new double[t.Size(0), t.Size(1)];
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++) m[i, j] = values[i * m.GetLength(1) + j];
        return m;
    }

    private static double[] Affine(nn.Linear layer, double[] x)
    {
        var w = Weight(layer);
        float[] bias = layer.Bias!.ToArray<float>();
        var y = new double[w.GetLength(0)];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = bias[i];
            for (int j = 0; j < x.Length; j++) y[i] += w[i, j] * x[j];
        }
        return y;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    [Fact]
    public void One_propagation_step_passes_each_edge_types_message_along_its_direction_and_gates_the_update()
    {
        using var model = Model(Small);
        var (annotation, adjacency) = Story(1, Small);
        var (n, e, h) = (3, 2, 3);
        // By hand: h⁰ = [annotation, 0]; T_in(h_u) and T_out(h_u) split into E blocks of h; node v gathers T_in(h_u)[e] from each
        // edge u -e-> v and T_out(h_u)[e] from each edge v -e-> u.
        float[] ann = annotation.ToArray<float>();
        var state = new double[n][];
        for (int v = 0; v < n; v++) state[v] = [ann[v * 2], ann[v * 2 + 1], 0];
        var tin = state.Select(s => Affine(model.In, s)).ToArray();
        var tout = state.Select(s => Affine(model.Out, s)).ToArray();
        (int S, int E, int T)[] edges = [(0, 0, 1), (2, 1, 0), (1, 1, 2)];
        var expected = new List<double>();
        for (int v = 0; v < n; v++)
        {
            var aIn = new double[h];
            var aOut = new double[h];
            foreach (var (s, type, t) in edges)
                for (int k = 0; k < h; k++)
                {
                    if (t == v) aIn[k] += tin[s][type * h + k];
                    if (s == v) aOut[k] += tout[t][type * h + k];
                }
            double[] all = [.. aIn, .. aOut, .. state[v]];
            double[] z = Affine(model.Update, all).Select(Sigmoid).ToArray();
            double[] r = Affine(model.Reset, all).Select(Sigmoid).ToArray();
            double[] candidate = Affine(model.Candidate, [.. aIn, .. aOut, .. r.Select((x, k) => x * state[v][k])]).Select(Math.Tanh).ToArray();
            expected.AddRange(Enumerable.Range(0, h).Select(k => (1 - z[k]) * state[v][k] + z[k] * candidate[k]));
        }
        using Tensor start = torch.Cat([annotation, torch.Zeros([1, n, 1])], 2);
        float[] actual = model.Propagate(start, adjacency.Narrow(2, 0, e * n), adjacency.Narrow(2, e * n, e * n), 0).ToArray<float>();
        Assert.Equal(expected.Count, actual.Length);
        for (int i = 0; i < actual.Length; i++) Assert.Equal(expected[i], actual[i], 5);
    }

    [Fact]
    public void The_readout_sums_the_gated_node_values_and_classifies_the_graph()
    {
        using var model = Model(Small);
        var (annotation, adjacency) = Story(1, Small);
        float[] logits = model.Forward(annotation, adjacency).ToArray<float>();
        using Tensor start = torch.Cat([annotation, torch.Zeros([1, 3, 1])], 2);
        float[] state = model.Propagate(start, adjacency.Narrow(2, 0, 6), adjacency.Narrow(2, 6, 6), 0).ToArray<float>();
        float[] ann = annotation.ToArray<float>();
        var graph = new double[3];
        for (int v = 0; v < 3; v++)
        {
            double[] joined = [state[v * 3], state[v * 3 + 1], state[v * 3 + 2], ann[v * 2], ann[v * 2 + 1]];
            double[] gate = Affine(model.Gate, joined), value = Affine(model.Value, joined);
            for (int k = 0; k < 3; k++) graph[k] += Sigmoid(gate[k]) * Math.Tanh(value[k]);
        }
        double[] expected = Affine(model.Classifier, graph.Select(Math.Tanh).ToArray());
        Assert.Equal(2, logits.Length);
        for (int i = 0; i < 2; i++) Assert.Equal(expected[i], logits[i], 5);
    }

    [Fact]
    public void Output_k_reads_the_states_after_step_k_or_after_k_whole_propagations()
    {
        var path = Small with { Steps = 3, Outputs = 2, Classes = 4 };
        var (annotation, adjacency) = Story(2, path);
        // After steps 1 and 2 of 3: the same weights with 2 steps give the same two outputs (step 3 is unused).
        using var three = Model(path);
        using var two = Model(path with { Steps = 2 });
        Assert.Equal([2L, 2, 4], three.Forward(annotation, adjacency).Shape);
        Assert.Equal(two.Forward(annotation, adjacency).ToArray<float>(), three.Forward(annotation, adjacency).ToArray<float>());
        // A sequence readout: output 2 reads the states after 2·3 steps, which a one-output model with 6 steps reads too.
        using var sequence = Model(path, readout: GraphReadout.Sequence);
        using var six = Model(path with { Steps = 6, Outputs = 1 }, readout: GraphReadout.Sequence);
        float[] both = sequence.Forward(annotation, adjacency).ToArray<float>();
        float[] last = six.Forward(annotation, adjacency).ToArray<float>();
        for (int b = 0; b < 2; b++)
            for (int c = 0; c < 4; c++) Assert.Equal(last[b * 4 + c], both[(b * 2 + 1) * 4 + c], 5);
        Assert.NotEqual(both[0], both[4]);
    }

    [Fact]
    public void Each_step_has_an_in_and_an_out_slot_over_hidden_times_edge_types_features()
    {
        var shape = Small with { Steps = 4 };
        using var rn = Model(shape, Kind.RN);
        Assert.Equal(["in_state0", "in_state1", "in_state2", "in_state3", "out_state0", "out_state1", "out_state2", "out_state3"],
            rn.RegularitySlots().Select(s => s.Name));
        var traces = rn.EnableProbes();
        var (annotation, adjacency) = Story(5, shape);
        rn.Forward(annotation, adjacency);
        Assert.All(traces, t => Assert.Equal(5 * 3 * 6, Assert.Single(t.Records).Elements));
        using var ln = Model(shape, Kind.LN);
        Assert.Equal(6, ln.StateDict()["in_state3.weight"].Shape[0]);
    }

    [Fact]
    public void Gradients_of_the_loss_match_finite_differences()
    {
        using var model = Model(Small with { Steps = 2 }, Kind.LN);
        model.To(ScalarType.Float64);
        var (annotation32, adjacency32) = Story(2, Small);
        using Tensor annotation = annotation32.To(ScalarType.Float64), adjacency = adjacency32.To(ScalarType.Float64);
        using Tensor targets = torch.FromArray(new long[] { 0, 1 }, [2]);
        double Loss() => nn.functional.CrossEntropy(model.Forward(annotation, adjacency).View(2, 2), targets).ToDouble();
        Tensor loss = nn.functional.CrossEntropy(model.Forward(annotation, adjacency).View(2, 2), targets);
        loss.Backward();
        foreach (Tensor parameter in new[] { model.In.Weight, model.Out.Weight, model.Update.Weight, model.Gate.Bias! })
        {
            double[] analytic = parameter.Grad!.Flatten().ToArray<double>();
            for (int i = 0; i < analytic.Length; i += 3)
            {
                double original;
                using (torch.NoGrad())
                {
                    using Tensor flat = parameter.View(-1);
                    original = flat.Select(0, i).ToDouble();
                    flat.Select(0, i).FillInPlace(original + 1e-6);
                }
                double plus = Loss();
                using (torch.NoGrad())
                {
                    using Tensor flat = parameter.View(-1);
                    flat.Select(0, i).FillInPlace(original - 1e-6);
                }
                double minus = Loss();
                using (torch.NoGrad())
                {
                    using Tensor flat = parameter.View(-1);
                    flat.Select(0, i).FillInPlace(original);
                }
                Assert.Equal((plus - minus) / 2e-6, analytic[i], 6);
            }
        }
    }

    [Fact]
    public void A_seed_fixes_the_weights_and_bad_shapes_are_refused()
    {
        var (annotation, adjacency) = Story(2, Small);
        using var a = Model(Small, Kind.RN, seed: 4);
        using var b = Model(Small, Kind.RN, seed: 4);
        using var c = Model(Small, Kind.RN, seed: 5);
        Assert.Equal(a.Forward(annotation, adjacency).ToArray<float>(), b.Forward(annotation, adjacency).ToArray<float>());
        Assert.NotEqual(a.Forward(annotation, adjacency).ToArray<float>(), c.Forward(annotation, adjacency).ToArray<float>());
        Assert.Contains("[batch, 3, 2], not [2, 3]", Assert.Throws<ArgumentException>(() => a.Forward(torch.Zeros([2, 3]), adjacency)).Message);
        Assert.Contains("must be [2, 3, 12], not [2, 3, 6]", Assert.Throws<ArgumentException>(() => a.Forward(annotation, torch.Zeros([2, 3, 6]))).Message);
        Assert.Contains("must hold the annotation", Assert.Throws<ArgumentException>(() => Model(Small with { Hidden = 1 })).Message);
        Assert.Contains("there are 1 steps", Assert.Throws<ArgumentException>(() => Model(Small with { Outputs = 2 })).Message);
    }
}
