namespace Uam.Runtime;

public static partial class nn
{
    /// <summary>Multi-head attention (Vaswani et al. 2017): queries, keys and values projected by their own linear layers
    /// into H heads of E/H features, scaled dot-product attention per head, the heads concatenated and projected back.
    /// With <see cref="CosineBeta"/> set it is SDM attention instead (sdm-attention-reference §1.6): queries and keys are
    /// L2-normalised per head and the logits are β·cos, β being the scale a Hamming radius implies
    /// (<c>BetaFit.Binary(E/H, d)</c>) or a learned one (Query-Key Normalisation).</summary>
    public sealed class MultiHeadAttention : Module
    {
        private readonly Tensor? _logBeta;

        /// <summary>Attention over <paramref name="embedding"/> features split into <paramref name="heads"/> heads. A
        /// <paramref name="cosineBeta"/> makes it SDM attention with that β (learned from there when
        /// <paramref name="learnBeta"/>).</summary>
        public MultiHeadAttention(int embedding, int heads, bool bias = true, double? cosineBeta = null, bool learnBeta = false, Generator? generator = null,
            ScalarType dtype = ScalarType.Float32)
        {
            Checks.Positive(nameof(MultiHeadAttention), nameof(embedding), embedding);
            Checks.Positive(nameof(MultiHeadAttention), nameof(heads), heads);
            if (embedding % heads != 0)
                throw new ArgumentException($"MultiHeadAttention: {embedding} features do not split into {heads} heads.", nameof(heads));
            if (cosineBeta is { } b && !(b > 0)) throw new ArgumentOutOfRangeException(nameof(cosineBeta), b, "MultiHeadAttention: β must be positive.");
            if (learnBeta && cosineBeta is null) throw new ArgumentException("MultiHeadAttention: a learned β needs its starting value (cosineBeta).", nameof(learnBeta));
            (Embedding, Heads) = (embedding, heads);
            try
            {
                Query = RegisterModule("query", new Linear(embedding, embedding, bias, generator, dtype));
                Key = RegisterModule("key", new Linear(embedding, embedding, bias, generator, dtype));
                Value = RegisterModule("value", new Linear(embedding, embedding, bias, generator, dtype));
                Output = RegisterModule("output", new Linear(embedding, embedding, bias, generator, dtype));
                if (cosineBeta is { } beta)
                {
                    Tensor logBeta = torch.Full([1], Math.Log(beta), dtype);
                    _logBeta = learnBeta ? RegisterParameter("log_beta", logBeta) : RegisterBuffer("log_beta", logBeta);
                }
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>E.</summary>
        public int Embedding { get; }
        /// <summary>H.</summary>
        public int Heads { get; }
        /// <summary>The projections.</summary>
        public Linear Query { get; } = null!;
        /// <inheritdoc cref="Query"/>
        public Linear Key { get; } = null!;
        /// <inheritdoc cref="Query"/>
        public Linear Value { get; } = null!;
        /// <inheritdoc cref="Query"/>
        public Linear Output { get; } = null!;

        /// <summary>β of SDM attention (its current value when learned); null for scaled dot-product attention.</summary>
        public double? CosineBeta => _logBeta is null ? null : Math.Exp(_logBeta.ToDoubleArray()[0]);

        /// <summary>Attends from query [B, L_q, E] to key and value [B, L_k, E]; <paramref name="mask"/> (bool,
        /// broadcastable to [B, H, L_q, L_k], e.g. [L_q, L_k] causal or [B, 1, 1, L_k] padding) is true where attention is
        /// not allowed. Returns the output [B, L_q, E] and the weights averaged over heads [B, L_q, L_k].</summary>
        public (Tensor Output, Tensor Weights) Forward(Tensor query, Tensor key, Tensor value, Tensor? mask = null)
        {
            foreach (var (name, tensor) in new[] { (nameof(query), query), (nameof(key), key), (nameof(value), value) })
            {
                Checks.NotNull(nameof(MultiHeadAttention), name, tensor);
                if (tensor.Dim != 3 || tensor.ShapeView[2] != Embedding)
                    throw new ArgumentException($"MultiHeadAttention: {name} must be [batch, length, {Embedding}], not {Checks.Format(tensor.ShapeView)}.", name);
            }
            if (key.ShapeView[1] != value.ShapeView[1] || key.ShapeView[0] != value.ShapeView[0] || query.ShapeView[0] != key.ShapeView[0])
                throw new ArgumentException($"MultiHeadAttention: query {Checks.Format(query.ShapeView)}, key {Checks.Format(key.ShapeView)} and value {Checks.Format(value.ShapeView)} disagree on batch or key positions.");
            using var scope = torch.NewDisposeScope();
            Tensor q = SplitHeads(Query.Forward(query)), k = SplitHeads(Key.Forward(key)), v = SplitHeads(Value.Forward(value));
            double? scale = null;
            if (_logBeta is not null)
            {
                q = q / q.Norm(2, [-1], keepDim: true).Clamp(min: 1e-12) * _logBeta.Exp();   // β·q̂·k̂ = β·cos
                k = k / k.Norm(2, [-1], keepDim: true).Clamp(min: 1e-12);
                scale = 1;
            }
            var (heads, weights) = functional.ScaledDotProductAttention(q, k, v, mask, scale);
            long batch = query.ShapeView[0], length = query.ShapeView[1];
            Tensor merged = heads.Transpose(1, 2).Contiguous().Reshape(batch, length, Embedding);
            return (scope.MoveToOuter(Output.Forward(merged)), scope.MoveToOuter(weights.Mean(1)));
        }

        /// <summary>[B, L, E] → [B, H, L, E/H].</summary>
        private Tensor SplitHeads(Tensor x) => x.Reshape(x.ShapeView[0], x.ShapeView[1], Heads, Embedding / Heads).Transpose(1, 2);

        /// <inheritdoc/>
        protected override string ExtraRepr() => $"embedding={Embedding}, heads={Heads}" + (_logBeta is null ? "" : $", cosine_beta={CosineBeta:G4}");
    }
}
