namespace Uam.Runtime;

public static partial class nn
{
    /// <summary>Additive attention (Bahdanau, Cho and Bengio 2015): score(q, k_j) = vᵀ tanh(W_q q + W_k k_j + b), weights a
    /// masked softmax of the scores over the keys, output Σ_j w_j·value_j.</summary>
    public sealed class AdditiveAttention : Module
    {
        /// <summary>Queries of <paramref name="queryFeatures"/> and keys of <paramref name="keyFeatures"/> compared in a
        /// hidden space of <paramref name="hidden"/> features.</summary>
        public AdditiveAttention(int queryFeatures, int keyFeatures, int hidden, Generator? generator = null, ScalarType dtype = ScalarType.Float32)
        {
            Checks.Positive(nameof(AdditiveAttention), nameof(queryFeatures), queryFeatures);
            Checks.Positive(nameof(AdditiveAttention), nameof(keyFeatures), keyFeatures);
            Checks.Positive(nameof(AdditiveAttention), nameof(hidden), hidden);
            try
            {
                Query = RegisterModule("query", new Linear(queryFeatures, hidden, bias: true, generator, dtype));
                Key = RegisterModule("key", new Linear(keyFeatures, hidden, bias: false, generator, dtype));
                Score = RegisterModule("score", new Linear(hidden, 1, bias: false, generator, dtype));
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>W_q (with the bias b), W_k and v.</summary>
        public Linear Query { get; } = null!;
        /// <inheritdoc cref="Query"/>
        public Linear Key { get; } = null!;
        /// <inheritdoc cref="Query"/>
        public Linear Score { get; } = null!;

        /// <summary>Attends from query [B, L_q, D_q] to key [B, L_k, D_k] and value [B, L_k, D_v]; <paramref name="mask"/>
        /// (bool, broadcastable to [B, L_q, L_k]) is true where attention is not allowed. Returns the output [B, L_q, D_v]
        /// and the weights [B, L_q, L_k].</summary>
        public (Tensor Output, Tensor Weights) Forward(Tensor query, Tensor key, Tensor value, Tensor? mask = null)
        {
            foreach (var (name, tensor, features) in new[] { (nameof(query), query, Query.InFeatures), (nameof(key), key, Key.InFeatures), (nameof(value), value, -1L) })
            {
                Checks.NotNull(nameof(AdditiveAttention), name, tensor);
                if (tensor.Dim != 3 || (features > 0 && tensor.ShapeView[2] != features))
                    throw new ArgumentException($"AdditiveAttention: {name} must be [batch, length, {(features > 0 ? features : "features")}], not {Checks.Format(tensor.ShapeView)}.", name);
            }
            if (key.ShapeView[1] != value.ShapeView[1])
                throw new ArgumentException($"AdditiveAttention: key {Checks.Format(key.ShapeView)} and value {Checks.Format(value.ShapeView)} must have as many positions.", nameof(value));
            using var scope = torch.NewDisposeScope();
            Tensor hidden = (Query.Forward(query).Unsqueeze(2) + Key.Forward(key).Unsqueeze(1)).Tanh();   // [B, L_q, L_k, hidden]
            Tensor scores = Score.Forward(hidden).Squeeze(3);                                              // [B, L_q, L_k]
            Tensor weights = functional.MaskedSoftmax(scores, mask);
            return (scope.MoveToOuter(weights.MatMul(value)), scope.MoveToOuter(weights));
        }
    }
}
