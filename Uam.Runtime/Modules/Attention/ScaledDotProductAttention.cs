namespace Uam.Runtime;

public static partial class nn
{
    public static partial class functional
    {
        /// <summary>Content-based attention (sdm-attention-reference §5.6): weights = softmax(scale·q·kᵀ) over the keys,
        /// output = weights·v, for query [..., L_q, d], key [..., L_k, d] and value [..., L_k, d_v] (leading dimensions
        /// broadcast). <paramref name="scale"/> defaults to 1/√d. <paramref name="mask"/> (bool, broadcastable to
        /// [..., L_q, L_k]) is true where a key must not be attended to; a query whose keys are all masked gets zero
        /// weights and a zero output (rather than the NaN of a softmax over nothing).</summary>
        public static (Tensor Output, Tensor Weights) ScaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor? mask = null, double? scale = null)
        {
            CheckAttention(nameof(ScaledDotProductAttention), query, key, value, mask);
            using var scope = torch.NewDisposeScope();
            Tensor logits = query.MatMul(key.Transpose(-2, -1)) * (scale ?? 1 / Math.Sqrt(query.ShapeView[^1]));
            Tensor weights = MaskedSoftmax(logits, mask);
            return (scope.MoveToOuter(weights.MatMul(value)), scope.MoveToOuter(weights));
        }

        /// <summary>softmax over the last dimension with masked entries excluded; rows with every entry masked are 0.</summary>
        internal static Tensor MaskedSoftmax(Tensor logits, Tensor? mask)
        {
            if (mask is null) return logits.Softmax(-1);
            Tensor weights = logits.MaskedFill(mask, double.NegativeInfinity).Softmax(-1);
            Tensor empty = mask.To(ScalarType.Float32).Mean(-1, keepDim: true).Eq(1);   // every key masked: NaN row
            return weights.MaskedFill(empty, 0);
        }

        private static void CheckAttention(string operation, Tensor query, Tensor key, Tensor value, Tensor? mask)
        {
            Checks.NotNull(operation, nameof(query), query);
            Checks.NotNull(operation, nameof(key), key);
            Checks.NotNull(operation, nameof(value), value);
            if (query.Dim < 2 || key.Dim < 2 || value.Dim < 2)
                throw new ArgumentException($"{operation}: query, key and value need at least 2 dimensions ([..., length, features]); got {Checks.Format(query.ShapeView)}, {Checks.Format(key.ShapeView)}, {Checks.Format(value.ShapeView)}.");
            if (query.ShapeView[^1] != key.ShapeView[^1])
                throw new ArgumentException($"{operation}: query {Checks.Format(query.ShapeView)} and key {Checks.Format(key.ShapeView)} must have the same feature size.", nameof(key));
            if (key.ShapeView[^2] != value.ShapeView[^2])
                throw new ArgumentException($"{operation}: key {Checks.Format(key.ShapeView)} and value {Checks.Format(value.ShapeView)} must have as many positions.", nameof(value));
            if (mask is not null)
            {
                Checks.DType(operation, nameof(mask), mask, ScalarType.Bool);
                if (mask.Dim < 2 || (mask.ShapeView[^1] != key.ShapeView[^2] && mask.ShapeView[^1] != 1) || (mask.ShapeView[^2] != query.ShapeView[^2] && mask.ShapeView[^2] != 1))
                    throw new ArgumentException($"{operation}: the mask {Checks.Format(mask.ShapeView)} must broadcast to [..., {query.ShapeView[^2]}, {key.ShapeView[^2]}] (queries × keys).", nameof(mask));
            }
        }
    }
}
