namespace Uam.Runtime;

/// <summary>Marks a <c>partial</c> class as a model: the source generator writes its constructor, forward pass
/// and slot enumeration from the layer attributes that follow, in declaration order.</summary>
/// <example><code>
/// [Model(784)]
/// [Normalize(Kind.RN)]
/// [Dense(1000, Activation.ReLU)]
/// [Dense(1000, Activation.ReLU)]
/// [Dense(10, Activation.LogSoftmax)]
/// public partial class ImbalancedMnistNet;
/// </code></example>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ModelAttribute : Attribute
{
    /// <summary>A model whose first layer is an <see cref="EmbeddingAttribute"/> (its input is indices).</summary>
    public ModelAttribute() { }

    /// <summary>A model over feature vectors [batch, features].</summary>
    public ModelAttribute(int features) => Features = features;

    /// <summary>A model over images [batch, channels, height, width].</summary>
    public ModelAttribute(int channels, int height, int width) => (Channels, Height, Width) = (channels, height, width);

    /// <summary>Input features (vector input).</summary>
    public int Features { get; }
    /// <summary>Input channels (image input).</summary>
    public int Channels { get; }
    /// <summary>Input height (image input).</summary>
    public int Height { get; }
    /// <summary>Input width (image input).</summary>
    public int Width { get; }

    /// <summary>Also normalize the input with the class's default regularity kind (the original's unused
    /// <c>inputRN</c> option).</summary>
    public bool NormalizeInput { get; set; }
}

/// <summary>The normalization of a model's hidden layers (on the class; the output layer is left alone) and
/// the options of its regularity normalizers. A layer overrides the kind with its own <c>Normalize</c>
/// argument.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class NormalizeAttribute(Kind kind) : Attribute
{
    /// <summary>The kind of normalization.</summary>
    public Kind Kind { get; } = kind;

    /// <summary>Start from <see cref="RegularityOptions.Faithful"/> instead of <see cref="RegularityOptions.Default"/>.</summary>
    public bool Faithful { get; set; }
    /// <summary>Variance pooling of the regularity normalizers.</summary>
    public VariancePooling Pooling { get; set; }
    /// <summary>Gradient policy of the regularity normalizers.</summary>
    public GradientPolicy Gradient { get; set; }
    /// <summary>Evaluation scale of the regularity normalizers.</summary>
    public EvaluationScale Scale { get; set; }
    /// <summary>σ floor of the regularity normalizers.</summary>
    public double StdFloor { get; set; }
    /// <summary>Fused or composite implementation.</summary>
    public RegularityImplementation Implementation { get; set; }
    /// <summary>Where SN takes its prior from (required with <see cref="Kind.SN"/>).</summary>
    public PriorSource Prior { get; set; }
}
