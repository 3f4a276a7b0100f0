using Uam.Generators.Tests.Declared;
using Uam.Runtime;
using Xunit;

namespace Uam.Generators.Tests;

/// <summary>Generated models compute the same function as the same stack composed by hand from runtime
/// modules on the same weights, in training (normalizer state evolving alike) and in evaluation.</summary>
public partial class GeneratedModelTests
{
    internal static void Copy(Tensor target, Tensor source)
    {
        using (torch.NoGrad()) target.CopyInPlace(source);
    }

    internal static void Copy(nn.Linear target, nn.Linear source)
    {
        Copy(target.Weight, source.Weight);
        if (target.Bias is not null) Copy(target.Bias, source.Bias!);
    }

    private static Tensor Batch(ulong seed, params long[] shape)
    {
        using var gen = new Generator(seed);
        return torch.Randn(shape, gen).DetachFromDisposeScope();
    }

    /// <summary>Feeds the same batches to both, 3 in training mode and 1 in evaluation, and compares outputs exactly.</summary>
    internal static void SameFunction(nn.Module generated, nn.Module byHand, Func<nn.Module, Tensor, int, Tensor> forward, params long[] shape)
    {
        for (int call = 0; call < 4; call++)
        {
            if (call == 3)
            {
                generated.Eval();
                byHand.Eval();
            }
            using var scope = torch.NewDisposeScope();
            Tensor x = Batch((ulong)(100 + call), shape);
            Tensor expected = forward(byHand, x, call), actual = forward(generated, x, call);
            Assert.Equal(expected.Shape, actual.Shape);
            Assert.Equal(expected.ToArray<float>(), actual.ToArray<float>());
        }
    }

    [Fact]
    public void A_dense_RN_stack_equals_its_hand_composition()
    {
        using var model = new SmallRn(new Generator(1));
        using var hand = new nn.Sequential(new nn.Linear(12, 10), new nn.RegularityNorm(RegularityVariant.RN, 10), new nn.ReLU(),
            new nn.Linear(10, 10), new nn.RegularityNorm(RegularityVariant.RN, 10), new nn.ReLU(), new nn.Linear(10, 3), new nn.LogSoftmax(1));
        Copy((nn.Linear)hand.Layers[0], (nn.Linear)model.Fc1);
        Copy((nn.Linear)hand.Layers[3], (nn.Linear)model.Fc2);
        Copy((nn.Linear)hand.Layers[6], (nn.Linear)model.Fc3);
        SameFunction(model, hand, (m, x, _) => ((nn.Module<Tensor, Tensor>)m).Forward(x), 7, 12);
        Assert.Equal(["fc1_norm", "fc2_norm"], model.RegularitySlots().Select(s => s.Name));
        Assert.Equal(["fc1.weight", "fc1.bias", "fc1_norm.mean", "fc1_norm.std", "fc1_norm.count", "fc1_norm.comp"],
            model.StateDict().Keys.Take(6));
        Assert.StartsWith("SmallRn: [batch, 12] → fc1 Dense(10) RN ReLU", model.ToString());
    }

    [Fact]
    public void Saliency_from_labels_equals_its_hand_composition()
    {
        using var model = new SmallSn(new Generator(2));
        using var fc1 = new nn.Linear(12, 8);
        using var fc2 = new nn.Linear(8, 3);
        var options = RegularityOptions.Default with { Implementation = RegularityImplementation.Composite };
        using var norm = new nn.RegularityNorm(RegularityVariant.SN, 8, options);
        Copy(fc1, (nn.Linear)model.Fc1);
        Copy(fc2, (nn.Linear)model.Fc2);
        using var hand = new nn.Sequential(fc1, norm, fc2);   // a container to switch modes
        long[][] labels = [[0, 1, 1, 2, 0], [2, 2, 2, 1, 0], [1, 0, 1, 0, 1], [0, 0, 0, 0, 0]];
        SameFunction(model, hand, (m, x, call) =>
        {
            using var y = torch.FromArray(labels[call]);
            if (m is SmallSn generated) return generated.Forward(x, y);
            using var prior = SaliencyPrior.FromLabels(y);
            using var h = norm.Forward(fc1.Forward(x), prior).Relu();
            return fc2.Forward(h).LogSoftmax(1);
        }, 5, 12);
    }

    [Fact]
    public void An_unrolled_RNN_with_a_shared_RLN_slot_equals_its_hand_composition()
    {
        using var model = new SmallRnn(new Generator(3));
        using var cell = new nn.RNNCell(6, 5);
        using var norm = new nn.RegularityNorm(RegularityVariant.RLN, 5);
        using var head = new nn.Linear(5, 2);
        foreach (var ((_, target), (_, source)) in cell.NamedParameters().Zip(model.Rnn1.NamedParameters())) Copy(target, source);
        Copy(head, (nn.Linear)model.Fc1);
        using var hand = new nn.Sequential(head);   // the normalizer's mode is set explicitly below
        SameFunction(model, hand, (m, x, call) =>
        {
            if (m is SmallRnn generated) return generated.Forward(x);
            norm.ModeOverride = call == 3 ? RegularityMode.Inference : RegularityMode.Train;
            Tensor? hidden = null;
            for (int t = 0; t < 3; t++)
            {
                using var next = cell.Forward(x, hidden);
                hidden?.Dispose();
                hidden = norm.Forward(next);
            }
            using (hidden) return head.Forward(hidden!);
        }, 4, 6);
        Assert.Equal(3 * 3 * 4 * 5, ((nn.RegularityNorm)model.Rnn1Norm!).Count);   // 3 training calls × 3 steps × [4, 5]
    }

    [Fact]
    public void A_faithful_recurrent_model_keeps_only_step_0_of_its_shared_slot()
    {
        // D10: the generated loop tells the shared slot its step, so the Faithful options reproduce the original.
        using var faithful = new SmallRnn(new Generator(3), RegularityOptions.Faithful);
        using var library = new SmallRnn(new Generator(3));
        for (int call = 0; call < 3; call++)
        {
            using var x = Batch((ulong)call + 1, 4, 6);
            using (faithful.Forward(x)) { }
            using (library.Forward(x)) { }
        }
        Assert.Equal(3 * 4 * 5, ((nn.RegularityNorm)faithful.Rnn1Norm!).Count);        // one step (step 0) kept per call
        Assert.Equal(3 * 3 * 4 * 5, ((nn.RegularityNorm)library.Rnn1Norm!).Count);     // every step learns
    }

    [Fact]
    public void A_per_step_LSTM_probe_records_without_changing_the_function()
    {
        using var model = new SmallLstmProbe(new Generator(4));
        var traces = model.EnableProbes();
        Assert.Equal(["rnn1_norm0", "rnn1_norm1", "rnn1_norm2"], traces.Select(t => t.Name));
        using var x = Batch(5, 4, 6);
        using var output = model.Forward(x);
        // Without the probes the same cell and head give the same output.
        (Tensor H, Tensor C)? state = null;
        for (int t = 0; t < 3; t++) state = model.Rnn1.Forward(x, state);
        using var expected = model.Fc1.Forward(state!.Value.H);
        Assert.Equal(expected.ToArray<float>(), output.ToArray<float>());
        Assert.All(traces, t => Assert.Single(t.Records));
    }

    [Fact]
    public void A_convolutional_stack_equals_its_hand_composition()
    {
        using var model = new SmallConv(new Generator(6));
        using var conv = new nn.Conv2d(2, 4, 3);
        using var head = new nn.Linear(16, 3);
        Copy(conv.Weight, model.Conv1.Weight);
        Copy(conv.Bias!, model.Conv1.Bias!);
        Copy(head, (nn.Linear)model.Fc1);
        using var hand = new nn.Sequential(conv, new nn.RegularityNorm(RegularityVariant.RN), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), head);
        SameFunction(model, hand, (m, x, _) => ((nn.Module<Tensor, Tensor>)m).Forward(x), 3, 2, 6, 6);
    }

    [Fact]
    public void LN_then_RN_and_weight_norm_equal_their_hand_composition()
    {
        using var model = new SmallLnRn(new Generator(7));
        using var fc1 = new nn.Linear(12, 10);
        using var fc2 = new nn.WeightNormLinear(10, 10);
        using var fc3 = new nn.Linear(10, 3);
        Copy(fc1, (nn.Linear)model.Fc1);
        Copy(fc2.WeightG, model.Fc2.WeightG);
        Copy(fc2.WeightV, model.Fc2.WeightV);
        Copy(fc2.Bias!, model.Fc2.Bias!);
        Copy(fc3, (nn.Linear)model.Fc3);
        using var hand = new nn.Sequential(fc1, new nn.RegularityLayerNorm(10, RegularityOrder.LayerNormFirst, options: RegularityOptions.Faithful),
            new nn.ReLU(), fc2, new nn.Tanh(), fc3);
        SameFunction(model, hand, (m, x, _) => ((nn.Module<Tensor, Tensor>)m).Forward(x), 6, 12);
    }
}
