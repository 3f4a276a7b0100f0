namespace Uam.Runtime;

public static partial class nn
{
    /// <summary>One step of Graves' soft window over a character sequence (handwriting synthesis, Graves 2013;
    /// sdm-attention-reference §5.4): importance α, sharpness β and location κ per mixture component.</summary>
    public readonly record struct WindowStep(Tensor Window, Tensor Weights, Tensor Location);

    public static partial class functional
    {
        /// <summary>The window weights φ(u) = Σ_k α_k exp(−β_k (κ_k − u)²) for positions u = 1…<paramref name="length"/>
        /// (not normalised), from α, β, κ [B, K]: [B, length].</summary>
        public static Tensor GravesWindowWeights(Tensor importance, Tensor sharpness, Tensor location, int length)
        {
            Checks.NotNull(nameof(GravesWindowWeights), nameof(importance), importance);
            foreach (var (name, tensor) in new[] { (nameof(importance), importance), (nameof(sharpness), sharpness), (nameof(location), location) })
            {
                Checks.NotNull(nameof(GravesWindowWeights), name, tensor);
                if (tensor.Dim != 2 || !tensor.ShapeView.SequenceEqual(importance.ShapeView))
                    throw new ArgumentException($"GravesWindowWeights: α, β and κ must all be [batch, components]; {name} is {Checks.Format(tensor.ShapeView)}.", name);
            }
            Checks.Positive(nameof(GravesWindowWeights), nameof(length), length);
            using var scope = torch.NewDisposeScope();
            Tensor positions = torch.Arange(1, length + 1, dtype: importance.DType).Reshape(1, 1, length);      // u = 1…U
            Tensor distance = location.Unsqueeze(2) - positions;                                              // [B, K, U]
            Tensor phi = (importance.Unsqueeze(2) * (-sharpness.Unsqueeze(2) * distance * distance).Exp()).Sum(1);
            return scope.MoveToOuter(phi);
        }
    }

    /// <summary>Graves' window as a layer: a linear map of the hidden state [B, H] to (α̂, β̂, κ̂) for K components;
    /// α = exp(α̂), β = exp(β̂), κ = κ_prev + exp(κ̂) (the location only moves forward); the window vector is
    /// w = Σ_u φ(u)·c_u over the one-hot characters c [B, U, C].</summary>
    public sealed class GravesWindow : Module
    {
        /// <summary>A window of <paramref name="components"/> Gaussians read from <paramref name="hiddenFeatures"/>.</summary>
        public GravesWindow(int hiddenFeatures, int components = 10, Generator? generator = null, ScalarType dtype = ScalarType.Float32)
        {
            Checks.Positive(nameof(GravesWindow), nameof(hiddenFeatures), hiddenFeatures);
            Checks.Positive(nameof(GravesWindow), nameof(components), components);
            Components = components;
            try
            {
                Mixture = RegisterModule("mixture", new Linear(hiddenFeatures, 3 * components, bias: true, generator, dtype));
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>K.</summary>
        public int Components { get; }

        /// <summary>The linear map to (α̂, β̂, κ̂).</summary>
        public Linear Mixture { get; } = null!;

        /// <summary>One step: the window over <paramref name="characters"/> [B, U, C] given the hidden state [B, H] and the
        /// previous location κ [B, K] (zeros at the start).</summary>
        public WindowStep Forward(Tensor hidden, Tensor previousLocation, Tensor characters)
        {
            Checks.NotNull(nameof(GravesWindow), nameof(characters), characters);
            if (characters.Dim != 3) throw new ArgumentException($"GravesWindow: the characters must be [batch, length, alphabet], not {Checks.Format(characters.ShapeView)}.", nameof(characters));
            Checks.NotNull(nameof(GravesWindow), nameof(previousLocation), previousLocation);
            if (previousLocation.Dim != 2 || previousLocation.ShapeView[1] != Components)
                throw new ArgumentException($"GravesWindow: the previous location must be [batch, {Components}], not {Checks.Format(previousLocation.ShapeView)}.", nameof(previousLocation));
            using var scope = torch.NewDisposeScope();
            Tensor raw = Mixture.Forward(hidden).Exp();
            Tensor importance = raw.Narrow(1, 0, Components), sharpness = raw.Narrow(1, Components, Components);
            Tensor location = previousLocation + raw.Narrow(1, 2 * Components, Components);
            Tensor weights = functional.GravesWindowWeights(importance, sharpness, location, (int)characters.ShapeView[1]);
            Tensor window = weights.Unsqueeze(1).Bmm(characters).Squeeze(1);
            return new WindowStep(scope.MoveToOuter(window), scope.MoveToOuter(weights), scope.MoveToOuter(location));
        }

        /// <summary>Graves' stopping rule: sampling ends when φ(U + 1) exceeds φ(u) for every u ≤ U. [B] booleans.</summary>
        public static Tensor Finished(Tensor importance, Tensor sharpness, Tensor location, int length)
        {
            using var scope = torch.NewDisposeScope();
            Tensor phi = functional.GravesWindowWeights(importance, sharpness, location, length + 1);
            Tensor last = phi.Narrow(1, length, 1);
            return scope.MoveToOuter(phi.Narrow(1, 0, length).AMax([1], keepDim: true).Lt(last).Squeeze(1));
        }
    }
}
