namespace Uam.Generators.Model
{
    /// <summary>The kinds of declared layer (the generator's names for the runtime's layer attributes).</summary>
    internal enum LayerKind
    {
        Dense,
        Recurrent,
        Conv2d,
        MaxPool2d,
        Flatten,
        Embedding,
        Dropout,
    }

    /// <summary>The shape of the activations between layers, per sample.</summary>
    internal sealed record Shape(bool IsImage, bool IsIndices, int Features, int Channels, int Height, int Width)
    {
        public static Shape Vector(int features) => new Shape(false, false, features, 0, 0, 0);

        public static Shape Image(int channels, int height, int width) => new Shape(true, false, 0, channels, height, width);

        public static readonly Shape Indices = new Shape(false, true, 0, 0, 0, 0);

        /// <summary>Elements per sample.</summary>
        public int Size => IsImage ? Channels * Height * Width : Features;

        public string Describe() =>
            IsIndices ? "[batch] indices" : IsImage ? $"[batch, {Channels}, {Height}, {Width}]" : $"[batch, {Features}]";
    }

    /// <summary>Options of the regularity normalizers, as written on <c>[Normalize]</c> (null: not written).</summary>
    internal sealed record NormalizerOptionsSpec(bool Faithful, int? Pooling, int? Gradient, int? Scale, double? StdFloor, int? Implementation)
    {
        public static readonly NormalizerOptionsSpec Default = new NormalizerOptionsSpec(false, null, null, null, null, null);
    }

    /// <summary>One declared layer after parsing and shape inference. <see cref="Normalization"/> is the declared kind
    /// (the class default where the layer does not override it); <see cref="FollowsDefault"/>: the layer takes the kind
    /// the model is constructed with (a hidden parametric layer without its own <c>Normalize</c>, or the output dense
    /// layer, which takes weight normalization only).</summary>
    internal sealed record LayerSpec(
        LayerKind Kind,
        string Name,
        int Normalization,
        int Activation,
        Shape Input,
        Shape Output,
        int Size,
        int Kernel,
        int Stride,
        int Padding,
        int Steps,
        int Cell,
        bool SlotPerStep,
        bool Bias,
        double Probability,
        bool FollowsDefault,
        bool IsOutput);

    /// <summary>Everything the emitter needs for one model class, plus the diagnostics found.</summary>
    internal sealed record ModelSpec(
        string Namespace,
        string ClassName,
        string HintName,
        Shape Input,
        bool NormalizeInput,
        int DefaultNormalization,
        NormalizerOptionsSpec Options,
        int PriorSource,
        EquatableArray<LayerSpec> Layers,
        EquatableArray<DiagnosticInfo> Diagnostics,
        bool HasErrors);
}
