namespace Uam.Runtime;

public static partial class nn
{
    /// <summary>A lookup table of vectors, N(0, 1) at start; the padding row (if any) starts at zero and
    /// gets no gradient.</summary>
    public sealed class Embedding : Module<Tensor, Tensor>
    {
        private readonly long _paddingIdx;

        /// <summary>A table of <paramref name="count"/> rows.</summary>
        public Embedding(long count, long dimension, long? paddingIdx = null, Generator? generator = null)
        {
            Checks.Positive(nameof(Embedding), nameof(count), count);
            Checks.Positive(nameof(Embedding), nameof(dimension), dimension);
            if (paddingIdx is { } p && (p < -count || p >= count))
                throw new ArgumentOutOfRangeException(nameof(paddingIdx), p, $"Embedding: paddingIdx must index one of {count} rows.");
            _paddingIdx = paddingIdx is { } q ? (q < 0 ? q + count : q) : -1;
            Count = count;
            Dimension = dimension;
            try
            {
                // Registered before it is filled, so that a failing fill cannot orphan it.
                Weight = RegisterParameter("weight", torch.Empty([count, dimension]));
                init.Normal(Weight, 0, 1, generator);
                if (_paddingIdx >= 0)
                    using (torch.NoGrad())
                    using (var row = Weight.Select(0, _paddingIdx))
                        row.ZeroInPlace();
            }
            catch
            {
                Dispose();   // a constructor that throws leaves no native tensors behind
                throw;
            }
        }

        /// <summary>Rows in the table.</summary>
        public long Count { get; }
        /// <summary>Size of each vector.</summary>
        public long Dimension { get; }
        /// <summary>[count, dimension].</summary>
        public Tensor Weight { get; }

        /// <inheritdoc/>
        public override Tensor Forward(Tensor indices) => functional.Embedding(indices, Weight, _paddingIdx);

        /// <inheritdoc/>
        protected override string ExtraRepr() => $"{Count}, {Dimension}" + (_paddingIdx >= 0 ? $", padding_idx={_paddingIdx}" : "");
    }
}
