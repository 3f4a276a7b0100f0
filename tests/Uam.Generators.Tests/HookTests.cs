using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Uam.Generators.Tests.Declared;
using Uam.Runtime;
using Xunit;

namespace Uam.Generators.Tests;

/// <summary>Hooks in a hand-written module (<see cref="TwoCellCore"/>, DRAW-shaped): the generated slots compute the
/// function, state and gradients of the same module wired by hand with the runtime's normalizers, for every kind a hook
/// takes; a kind a hook cannot take is refused naming the hook; the generated source is reviewed and cached.</summary>
public class HookTests
{
    /// <summary>The same module, its slots created and called by hand.</summary>
    private sealed class HandTwoCellCore : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor>? _encoderState;
        private readonly nn.Module<Tensor, Tensor>?[] _decoderState = new nn.Module<Tensor, Tensor>?[TwoCellCore.Glimpses];
        private readonly nn.RegularityNorm _canvas;

        public HandTwoCellCore(Kind kind, RegularityOptions options, TwoCellCore weights)
        {
            Encoder = RegisterModule("encoder", new nn.GRUCell(4, TwoCellCore.Hidden));
            Decoder = RegisterModule("decoder", new nn.GRUCell(TwoCellCore.Hidden, TwoCellCore.Hidden));
            Write = RegisterModule("write", new nn.Linear(TwoCellCore.Hidden, 4));
            if (Normalizer(kind, options) is { } encoder) _encoderState = RegisterModule("encoder_state", encoder);
            for (int t = 0; t < TwoCellCore.Glimpses; t++)
                if (Normalizer(kind, options) is { } decoder) _decoderState[t] = RegisterModule("decoder_state" + t, decoder);
            _canvas = RegisterModule("canvas_probe", new nn.RegularityNorm(RegularityVariant.RN, null, options with { Apply = false }));
            using (torch.NoGrad())
                foreach (var ((_, mine), (_, theirs)) in NamedParameters().Zip(weights.NamedParameters())) mine.CopyInPlace(theirs);
        }

        public nn.GRUCell Encoder { get; }
        public nn.GRUCell Decoder { get; }
        public nn.Linear Write { get; }

        private static nn.Module<Tensor, Tensor>? Normalizer(Kind kind, RegularityOptions options) => kind switch
        {
            Kind.RN => new nn.RegularityNorm(RegularityVariant.RN, TwoCellCore.Hidden, options),
            Kind.RLN => new nn.RegularityNorm(RegularityVariant.RLN, TwoCellCore.Hidden, options),
            Kind.RBN => new nn.RegularityNorm(RegularityVariant.RBN, TwoCellCore.Hidden, options),
            Kind.Probe => new nn.RegularityNorm(RegularityVariant.RN, TwoCellCore.Hidden, options with { Apply = false }),
            Kind.LNThenRN => new nn.RegularityLayerNorm(TwoCellCore.Hidden, RegularityOrder.LayerNormFirst, options: options),
            Kind.RNThenLN => new nn.RegularityLayerNorm(TwoCellCore.Hidden, RegularityOrder.RegularityFirst, options: options),
            Kind.LN => new nn.LayerNorm(TwoCellCore.Hidden),
            _ => null,
        };

        // The encoder's slot is shared by the glimpses: a regularity slot is told the step, as a recurrence's slot is.
        private Tensor EncoderState(Tensor h, int step) => _encoderState switch
        {
            nn.RegularityNorm slot => slot.ForwardStep(h, step),
            nn.RegularityLayerNorm both => both.ForwardStep(h, step),
            null => h,
            var other => other.Forward(h),
        };

        public override Tensor Forward(Tensor x)
        {
            using var scope = torch.NewDisposeScope();
            Tensor? encoder = null, decoder = null;
            Tensor canvas = torch.ZerosLike(x);
            for (int t = 0; t < TwoCellCore.Glimpses; t++)
            {
                encoder = EncoderState(Encoder.Forward(x - canvas, encoder), t);
                Tensor next = Decoder.Forward(encoder, decoder);
                decoder = _decoderState[t]?.Forward(next) ?? next;
                canvas = canvas + Write.Forward(decoder);
            }
            return scope.MoveToOuter(_canvas.Forward(canvas));
        }
    }

    public static TheoryData<Kind, bool> HookKinds => new()
    {
        { Kind.None, false }, { Kind.RN, false }, { Kind.RN, true }, { Kind.RLN, false }, { Kind.RBN, true }, { Kind.Probe, false },
        { Kind.LNThenRN, false }, { Kind.RNThenLN, true }, { Kind.LN, false },
    };

    [Theory]
    [MemberData(nameof(HookKinds))]
    public void Generated_hooks_compute_the_function_state_and_gradients_of_slots_wired_by_hand(Kind kind, bool faithful)
    {
        var options = (faithful ? RegularityOptions.Faithful : RegularityOptions.Default) with { Implementation = RegularityImplementation.Composite };
        using var generated = new TwoCellCore(kind, options, new Generator(21));
        using var hand = new HandTwoCellCore(kind, options, generated);
        Assert.Equal(kind, generated.HookNormalization);
        for (int call = 0; call < 4; call++)
        {
            if (call == 3)
            {
                generated.Eval();
                hand.Eval();
            }
            using var scope = torch.NewDisposeScope();
            // 5 rows = 5 features: the original's per-row COMP (RBN under Faithful) pairs them.
            Tensor x = torch.Randn([5, 4], new Generator((ulong)(40 + call)));
            Tensor ours = generated.Forward(x), theirs = hand.Forward(x);
            Assert.Equal(theirs.ToArray<float>(), ours.ToArray<float>());
            if (call == 3) continue;
            generated.ZeroGrad();
            hand.ZeroGrad();
            ours.Square().Sum().Backward();
            theirs.Square().Sum().Backward();
            foreach (var ((name, a), (_, b)) in generated.NamedParameters().Zip(hand.NamedParameters()))
                Assert.True(a.Grad!.ToArray<float>().SequenceEqual(b.Grad!.ToArray<float>()), $"{kind}: the gradient of {name} differs");
        }
        Assert.Equal(hand.StateDict().Keys, generated.StateDict().Keys);
        var state = generated.StateDict();
        foreach (var (name, tensor) in hand.StateDict())
        {
            using Tensor mine = tensor.To(ScalarType.Float64), theirs = state[name].To(ScalarType.Float64);
            Assert.True(mine.ToArray<double>().SequenceEqual(theirs.ToArray<double>()), $"{kind}: {name} differs");
        }
    }

    [Fact]
    public void The_slots_are_named_for_the_state_dict_and_probed()
    {
        using var core = new TwoCellCore();
        Assert.Equal(Kind.RN, core.HookNormalization);   // the class's [Normalize]
        Assert.Equal(["encoder_state", "decoder_state0", "decoder_state1", "decoder_state2", "canvas_probe"], core.RegularitySlots().Select(s => s.Name));
        var traces = core.EnableProbes();
        using (core.Forward(torch.Randn([3, 4], new Generator(1)))) { }
        // one call per glimpse for the shared and per-step slots, one for the probe
        Assert.Equal([3, 1, 1, 1, 1], traces.Select(t => t.Records.Count));
        using var none = new TwoCellCore(Kind.None);
        Assert.Equal(["canvas_probe"], none.RegularitySlots().Select(s => s.Name));   // the probe has a kind of its own
    }

    [Fact]
    public void A_kind_a_hook_cannot_take_is_refused_naming_the_hook()
    {
        Assert.Equal("TwoCellCore: hook 'encoder_state' cannot use Kind.BN: batch normalization of a recurrent state is not supported. (Parameter 'normalization')",
            Assert.Throws<ArgumentException>(() => new TwoCellCore(Kind.BN)).Message);
        Assert.Contains("weight normalization changes a layer's weights", Assert.Throws<ArgumentException>(() => new TwoCellCore(Kind.WN)).Message);
        Assert.Contains("needs the prior", Assert.Throws<ArgumentException>(() => new TwoCellCore(Kind.SN)).Message);
        Assert.Contains("is not a Kind", Assert.Throws<ArgumentException>(() => new TwoCellCore((Kind)42)).Message);
    }

    [Fact]
    public void Sizes_read_from_members_give_one_slot_per_step_over_that_many_features()
    {
        // LayerNorm over Hidden = 6 features, one per step (Glimpses = 4): a state dict with four 6-element weights, each
        // step normalising its rows (weight 1, bias 0 at the start: mean 0, variance 1 per row, up to ε).
        using var core = new SizedCore(6, 4, Kind.LN);
        Assert.Equal(Enumerable.Range(0, 4).SelectMany(t => new[] { $"state{t}.weight", $"state{t}.bias" }), core.StateDict().Select(e => e.Key));
        Assert.All(core.StateDict(), e => Assert.Equal([6L], e.Value.Shape));
        using var x = torch.Randn([3, 6], new Generator(2), ScalarType.Float32) * 5 + 2;
        float[] y = core.Forward(x).ToArray<float>();
        for (int row = 0; row < 3; row++)
        {
            var values = y.Skip(6 * row).Take(6).ToArray();
            Assert.Equal(0, values.Average(), 5);
            Assert.Equal(1, values.Select(v => (double)v * v).Average(), 3);
        }
        // RN: one regularity slot per step, named for the state dict; a step past the last is refused with the range.
        using var rn = new SizedCore(6, 3);
        Assert.Equal(["state0", "state1", "state2"], rn.RegularitySlots().Select(s => s.Name));
        Assert.Contains("the step must be in 0..2 (Glimpses)", Assert.Throws<ArgumentOutOfRangeException>(() => rn.State(x, 3)).Message);
        // Sizes that cannot work are refused naming the member.
        Assert.Contains("takes its features from Hidden, which must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => new SizedCore(0, 3, Kind.LN)).Message);
        Assert.Contains("takes its number of steps from Glimpses", Assert.Throws<ArgumentOutOfRangeException>(() => new SizedCore(6, 0)).Message);
    }

    private const string Declaration = GeneratorHarness.Usings + """
        namespace Demo.Modules;
        [Normalize(Kind.RN, Faithful = true)]
        public partial class GlimpseCore : nn.Module<Tensor, Tensor>
        {
            public GlimpseCore(Kind? kind = null) => InitializeHooks(kind);
            [Hook(Features = 16, Steps = 2)] private partial Tensor DecoderState(Tensor h, int step);
            [Hook(Features = 16)] private partial Tensor EncoderState(Tensor h, int t);
            [Hook(Kind.SN)] internal partial Tensor Logits(Tensor z, Tensor? prior);
            [Hook(Kind.Probe, Rank = 4, Name = "canvas")] private partial Tensor CanvasProbe(Tensor image);
            public override Tensor Forward(Tensor x) => x;
        }
        """;

    [Fact]
    public void Generated_source_matches_its_reviewed_snapshot_and_compiles()
    {
        var (diagnostics, errors, sources) = GeneratorHarness.Run(Declaration);
        Assert.Empty(diagnostics);
        Assert.Empty(errors);
        var source = Assert.Single(sources);
        Assert.Equal("Demo.Modules.GlimpseCore.Hooks.g.cs", source.HintName);
        string actual = source.SourceText.ToString();
        string snapshot = Path.Combine(SnapshotDirectory(), "GlimpseCore.Hooks.g.cs");
        string received = Path.Combine(SnapshotDirectory(), "GlimpseCore.Hooks.received.cs");
        if (File.Exists(snapshot) && File.ReadAllText(snapshot) == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail($"The generated hooks differ from {snapshot} (or there is none). Review {received} and rename it to accept it.");
    }

    [Fact]
    public void An_unrelated_edit_reuses_the_cached_hooks_and_an_edited_hook_regenerates()
    {
        var compilation = GeneratorHarness.Compile(Declaration, "namespace Demo; public static class Other { public static int Value => 1; }");
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var other = compilation.SyntaxTrees.Last();
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(other,
            CSharpSyntaxTree.ParseText("namespace Demo; public static class Other { public static int Value => 2; }", (CSharpParseOptions)other.Options, other.FilePath)));
        var result = driver.GetRunResult().Results.Single();
        Assert.All(result.TrackedSteps[TrackingNames.HookedModules].SelectMany(s => s.Outputs), o => Assert.True(
            o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step output was {o.Reason}"));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));

        var tree = compilation.SyntaxTrees.First();
        driver = GeneratorHarness.Driver().RunGenerators(compilation).RunGenerators(compilation.ReplaceSyntaxTree(tree,
            CSharpSyntaxTree.ParseText(Declaration.Replace("Steps = 2", "Steps = 3"), (CSharpParseOptions)tree.Options, tree.FilePath)));
        var edited = driver.GetRunResult().Results.Single();
        Assert.Contains(edited.TrackedSteps[TrackingNames.HookedModules].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("step < 3", edited.GeneratedSources.Single().SourceText.ToString());
    }

    private static string SnapshotDirectory([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "Snapshots");
}
