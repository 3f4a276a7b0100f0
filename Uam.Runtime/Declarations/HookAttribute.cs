namespace Uam.Runtime;

/// <summary>Marks a normalization point in a hand-written module: a <c>partial</c> method that returns a
/// <see cref="Tensor"/> and takes the tensor to normalize. The source generator implements it with a normalizer slot of
/// the hook's kind (its own, or the class's <see cref="NormalizeAttribute"/> default, or the kind given to the generated
/// <c>InitializeHooks</c> at construction), registers the slot under the hook's state-dict name and lists it in
/// <see cref="IRegularityModel.RegularitySlots"/> for the UAM probe. The module calls the hook like a function:
/// <code>
/// [Normalize(Kind.RN)]
/// public partial class Draw : nn.Module&lt;Tensor, Tensor&gt;
/// {
///     [Hook(Features = 256, Steps = 10)] private partial Tensor DecoderState(Tensor h, int step);
///     public Draw(Kind kind) { InitializeHooks(kind); … }
///     public override Tensor Forward(Tensor x) { … h = DecoderState(h, t); … }
/// }
/// </code>
/// Signatures: <c>(Tensor x)</c>; <c>(Tensor x, int step)</c>, one slot per step with <see cref="Steps"/>, or one slot
/// shared by the steps of a recurrence without (it learns per sequence as its options say); and a last
/// <c>Tensor? prior</c> parameter for saliency normalization's top-down prior.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class HookAttribute : Attribute
{
    /// <summary>A hook of the class's default kind (its <see cref="NormalizeAttribute"/>, or the kind given at construction).</summary>
    public HookAttribute() { }

    /// <summary>A hook of its own kind (not changed by the kind given at construction).</summary>
    public HookAttribute(Kind kind) => Kind = kind;

    /// <summary>The hook's own kind, or null when it follows the class default.</summary>
    public Kind? Kind { get; }

    /// <summary>The number of features of the normalized activations (the last dimension); RLN, BN, LN and the RN+LN
    /// orders need it. 0: not given.</summary>
    public int Features { get; set; }

    /// <summary>One slot per step of a recurrence (the hook takes <c>int step</c> in 0..Steps−1); 0: one slot.</summary>
    public int Steps { get; set; }

    /// <summary>The rank of the normalized tensor when it is known (2: [batch, features]; 4: images, which take only RN
    /// and probes); 0: unknown, checked when the model runs.</summary>
    public int Rank { get; set; }

    /// <summary>The name of an <c>int</c> property or field of the module whose value, when <c>InitializeHooks</c> runs,
    /// is the number of features: for modules whose sizes are constructor arguments (instead of <see cref="Features"/>).</summary>
    public string? FeaturesFrom { get; set; }

    /// <summary>The name of an <c>int</c> property or field of the module whose value, when <c>InitializeHooks</c> runs, is
    /// the number of steps with a slot each (instead of <see cref="Steps"/>; the hook takes <c>int step</c>).</summary>
    public string? StepsFrom { get; set; }

    /// <summary>The slot's state-dict name; by default the method's name in snake case ("DecoderState" →
    /// "decoder_state").</summary>
    public string? Name { get; set; }
}
