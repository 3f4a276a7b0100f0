namespace Uam.Runtime.Memory;

/// <summary>The pattern-based memories (spec §2.2, §2.3, §2.5–§2.7): a read is a weighted average of the stored pointers,
/// each pattern weighted by a function of its address's distance to the query — the circle or cap intersection (SDM,
/// optionally rounded to whole neurons) or an exponential of the cosine (attention). Every weight is computed as a
/// logarithm first, so intersections of 2¹⁰⁰⁰ addresses stay finite.</summary>
public sealed class PatternMemory : IAssociativeMemory
{
    private readonly Tensor _addresses, _pointers, _addressSums;
    private readonly Tensor? _table;
    private readonly MemoryOptions _options;
    private readonly Generator? _generator;
    private readonly double _beta, _logScale;

    /// <summary>A memory of the rows of <paramref name="addresses"/> [m, n] pointing to the rows of
    /// <paramref name="pointers"/> [m, n_p] (the addresses themselves for an autoassociative memory). Binary algorithms
    /// take 0/1 values; continuous ones any vectors (addresses are L2-normalised for the cosines, pointers kept as they
    /// are). Finite-neuron algorithms draw their stochastic rounding from <paramref name="generator"/>.</summary>
    public PatternMemory(MemoryAlgorithm algorithm, Tensor addresses, Tensor? pointers, MemoryOptions options, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (algorithm is MemoryAlgorithm.NeuronSdm or MemoryAlgorithm.Hopfield)
            throw new ArgumentException($"PatternMemory: {algorithm} is not pattern-based; use {(algorithm == MemoryAlgorithm.Hopfield ? nameof(HopfieldMemory) : nameof(NeuronMemory))}.", nameof(algorithm));
        pointers = MemoryChecks.Patterns(nameof(PatternMemory), addresses, pointers);
        Algorithm = algorithm;
        Dimension = (int)addresses.Size(1);
        if (algorithm.UsesRadius()) HammingBall.CheckRadius(nameof(PatternMemory), Dimension, options.Radius);
        if (algorithm.NeedsNeurons() != options.Neurons.HasValue)
            throw new ArgumentException(algorithm.NeedsNeurons()
                ? $"PatternMemory: {algorithm} needs a neuron count (MemoryOptions.Neurons)."
                : $"PatternMemory: {algorithm} has infinite neurons; MemoryOptions.Neurons must be null.", nameof(options));
        if (options.Neurons is { } r && !(r >= 1)) throw new ArgumentOutOfRangeException(nameof(options), r, "PatternMemory: the neuron count must be at least 1.");
        (_options, _generator) = (options, generator);

        using var scope = torch.NewDisposeScope();
        Tensor floats = addresses.To(ScalarType.Float32);
        _addresses = scope.MoveToOuter(algorithm.IsBinary() ? floats.Contiguous() : Normalised(floats));
        _addressSums = scope.MoveToOuter(_addresses.Sum(1));
        _pointers = scope.MoveToOuter(pointers.To(ScalarType.Float32).Contiguous());
        int n = Dimension, d = options.Radius;
        _table = algorithm switch
        {
            MemoryAlgorithm.BinarySdm or MemoryAlgorithm.BinarySdmNeuronLimit or MemoryAlgorithm.ContinuousBinarySdm or MemoryAlgorithm.ContinuousBinarySdmNeuronLimit =>
                scope.MoveToOuter(torch.FromArray(WeightTables.BinaryLog(n, d).Select(v => (float)v).ToArray())),
            MemoryAlgorithm.ContinuousSdm or MemoryAlgorithm.ContinuousSdmNeuronLimit =>
                scope.MoveToOuter(torch.FromArray(WeightTables.CapLog(n, d, options.CapResolution, options.CapFactor).Select(v => (float)v).ToArray())),
            _ => null,
        };
        _beta = options.Beta ?? algorithm switch
        {
            MemoryAlgorithm.BinarySdmAttention or MemoryAlgorithm.SdmAttentionBinaryFit => BetaFit.Binary(n, d).Beta,
            MemoryAlgorithm.SdmAttentionCapFit => BetaFit.Cap(n, d).Beta,
            MemoryAlgorithm.SoftmaxAttention => 1 / Math.Sqrt(n),
            _ => double.NaN,
        };
        // Expected neurons = exp(ln weight + ln r − ln |space|): 2ⁿ addresses, or the sphere's area for caps.
        _logScale = options.Neurons is { } neurons
            ? Math.Log(neurons) - (algorithm == MemoryAlgorithm.ContinuousSdmNeuronLimit ? CapIntersection.LogSphereArea(n) : n * Math.Log(2))
            : 0;
    }

    /// <inheritdoc/>
    public MemoryAlgorithm Algorithm { get; }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <summary>The β of an attention algorithm (fitted or given); NaN for the SDM algorithms.</summary>
    public double Beta => _beta;

    /// <summary>The weights [b, m] of one read (rows sum to 1; NaN rows where nothing is in reach).</summary>
    public Tensor Weights(Tensor queries)
    {
        CheckQueries(queries);
        using var scope = torch.NewDisposeScope();
        Tensor logWeights = LogWeights(queries.To(ScalarType.Float32));
        if (_options.Neurons is null) return scope.MoveToOuter(logWeights.Softmax(1));   // all −∞ → NaN, as 0/0 in the original
        // Whole neurons: ⌊c⌋ + Bernoulli(c − ⌊c⌋), independently per pair and per read (quirk 7), in float64.
        Tensor expected = (logWeights.To(ScalarType.Float64) + _logScale).Exp();
        Tensor whole = expected.Floor();
        Tensor counts = whole + torch.Rand(expected.Shape, _generator, ScalarType.Float64).Lt(expected - whole).To(ScalarType.Float64);
        return scope.MoveToOuter((counts / counts.Sum(1, keepDim: true)).To(ScalarType.Float32));
    }

    /// <inheritdoc/>
    public Tensor Read(Tensor queries, Tensor? unchanged = null)
    {
        CheckQueries(queries);
        using var scope = torch.NewDisposeScope();
        unchanged ??= queries;
        Tensor previous = unchanged.To(ScalarType.Float32);
        Tensor mixed = Weights(queries).MatMul(_pointers);
        if (Algorithm.IsBinary())
        {
            // Thresholding turns NaN rows into zeros (NaN > ½ is false): quirk 4, unless those rows keep the query.
            Tensor bits = mixed.Gt(0.5).To(ScalarType.Float32);
            if (_options.EmptyBinaryReadGivesZeros) return scope.MoveToOuter(bits);
            return scope.MoveToOuter(torch.Where(Empty(mixed), previous, bits));
        }
        // Continuous: a row with no pattern in reach (NaN), or one summing to exactly 0, keeps its previous value.
        Tensor reset = Empty(mixed).LogicalOr(mixed.Sum(1, keepDim: true).Eq(0));
        return scope.MoveToOuter(torch.Where(reset, previous, mixed));
    }

    /// <summary>ln of each pattern's weight, up to a per-query constant: [b, m].</summary>
    private Tensor LogWeights(Tensor queries)
    {
        int n = Dimension;
        switch (Algorithm)
        {
            case MemoryAlgorithm.BinarySdm or MemoryAlgorithm.BinarySdmNeuronLimit:
                return LookUp(_table!, Hamming(queries));
            case MemoryAlgorithm.BinarySdmAttention:
                return (1 - Hamming(queries) * (2.0 / n)) * _beta;
            case MemoryAlgorithm.ContinuousSdm or MemoryAlgorithm.ContinuousSdmNeuronLimit:
                return WeightTables.LookUpCap(_table!, Cosines(queries), _options.OriginalCapIndex);
            case MemoryAlgorithm.ContinuousBinarySdm or MemoryAlgorithm.ContinuousBinarySdmNeuronLimit:
                // ⌊n(1 − cos)/2⌋, clamped so that float rounding of cos = 1 cannot index −1 (the original nudges such cosines).
                return LookUp(_table!, ((1 - Cosines(queries)) * (n / 2.0) + 1e-4).Floor().Clamp(0, n));
            default:
                return Cosines(queries) * _beta;
        }
    }

    /// <summary>H(query, address) for 0/1 rows: Σq + Σp − 2q·p, exact in float32 for n &lt; 2²⁴.</summary>
    private Tensor Hamming(Tensor queries) => queries.Sum(1, keepDim: true) + _addressSums.Unsqueeze(0) - queries.MatMul(_addresses.T()) * 2;

    private Tensor Cosines(Tensor queries) => Normalised(queries).MatMul(_addresses.T());

    private static Tensor LookUp(Tensor table, Tensor indices) =>
        table.IndexSelect(0, indices.Reshape(-1).To(ScalarType.Int64)).Reshape(indices.Shape);

    private static Tensor Empty(Tensor mixed) => mixed.IsNaN().To(ScalarType.Float32).Sum(1, keepDim: true).Gt(0);

    internal static Tensor Normalised(Tensor rows) => rows / rows.Norm(2, [1], keepDim: true);

    private void CheckQueries(Tensor queries) => MemoryChecks.Queries(Algorithm, queries, Dimension);

    /// <inheritdoc/>
    public void Dispose()
    {
        _addresses.Dispose();
        _addressSums.Dispose();
        _pointers.Dispose();
        _table?.Dispose();
    }
}
