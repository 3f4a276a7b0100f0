namespace Uam.Runtime;

/// <summary>What every declared layer has: a state-dict name (default: kind and position, e.g. "fc2") and
/// the normalization override. Only the arguments actually written are read by the source generator.</summary>
public abstract class LayerAttribute : Attribute
{
    /// <summary>The layer's name in the state dict and the generated property.</summary>
    public string? Name { get; set; }

    /// <summary>This layer's normalization, overriding the class's <see cref="NormalizeAttribute"/>.</summary>
    public Kind Normalize { get; set; }
}

/// <summary>A fully connected layer to <paramref name="features"/> outputs, then normalization, then
/// <paramref name="activation"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute(int features, Activation activation = Activation.None) : LayerAttribute
{
    /// <summary>Output features.</summary>
    public int Features { get; } = features;
    /// <summary>The nonlinearity.</summary>
    public Activation Activation { get; } = activation;
    /// <summary>Whether the layer has a bias.</summary>
    public bool Bias { get; set; } = true;
}

/// <summary>A recurrent cell unrolled over <paramref name="steps"/> steps, reading the same input at every step
/// (the paper's MNIST RNN); its normalization applies to the hidden state after every step, and the
/// normalized state is what the next step receives.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RecurrentAttribute(int hidden, int steps, CellKind cell = CellKind.RNN) : LayerAttribute
{
    /// <summary>Hidden size.</summary>
    public int Hidden { get; } = hidden;
    /// <summary>Unrolled steps.</summary>
    public int Steps { get; } = steps;
    /// <summary>The cell.</summary>
    public CellKind Cell { get; } = cell;
    /// <summary>One normalizer per step instead of one shared by all steps (decision D10).</summary>
    public bool SlotPerStep { get; set; }
}

/// <summary>A 2-D convolution to <paramref name="channels"/> channels with a square kernel.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv2dAttribute(int channels, int kernel, Activation activation = Activation.None) : LayerAttribute
{
    /// <summary>Output channels.</summary>
    public int Channels { get; } = channels;
    /// <summary>Kernel size.</summary>
    public int Kernel { get; } = kernel;
    /// <summary>The nonlinearity.</summary>
    public Activation Activation { get; } = activation;
    /// <summary>Stride.</summary>
    public int Stride { get; set; } = 1;
    /// <summary>Zero padding.</summary>
    public int Padding { get; set; }
}

/// <summary>Square max pooling (stride = kernel).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool2dAttribute(int kernel) : LayerAttribute
{
    /// <summary>Kernel size.</summary>
    public int Kernel { get; } = kernel;
}

/// <summary>Flattens [batch, c, h, w] to [batch, c·h·w].</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class FlattenAttribute : LayerAttribute;

/// <summary>An embedding table; as the first layer it makes the model's input Int64 indices [batch].</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class EmbeddingAttribute(int count, int dimension) : LayerAttribute
{
    /// <summary>Rows in the table.</summary>
    public int Count { get; } = count;
    /// <summary>Vector size.</summary>
    public int Dimension { get; } = dimension;
}

/// <summary>Inverted dropout with probability <paramref name="probability"/> (active in training mode).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute(double probability) : LayerAttribute
{
    /// <summary>Drop probability.</summary>
    public double Probability { get; } = probability;
}
