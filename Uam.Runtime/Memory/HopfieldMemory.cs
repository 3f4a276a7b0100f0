namespace Uam.Runtime.Memory;

/// <summary>The classical Hopfield network (spec §2.4): 0/1 patterns mapped to ±1, Hebbian weights W = PᵀP/n with a zero
/// diagonal, and the synchronous update s ← sgn(Ws) with sgn(0) = −1. Autoassociative only.</summary>
public sealed class HopfieldMemory : IAssociativeMemory
{
    private readonly Tensor _weights;

    /// <summary>Stores the 0/1 rows of <paramref name="patterns"/> [m, n].</summary>
    public HopfieldMemory(Tensor patterns)
    {
        MemoryChecks.Patterns(nameof(HopfieldMemory), patterns, null);
        Dimension = (int)patterns.Size(1);
        using var scope = torch.NewDisposeScope();
        Tensor bipolar = patterns.To(ScalarType.Float32) * 2 - 1;
        Tensor hebbian = bipolar.T().MatMul(bipolar) / Dimension;
        _weights = scope.MoveToOuter(hebbian * (1 - torch.Eye(Dimension)));
    }

    /// <inheritdoc/>
    public MemoryAlgorithm Algorithm => MemoryAlgorithm.Hopfield;

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <summary>W [n, n].</summary>
    public Tensor Weights => _weights;

    /// <inheritdoc/>
    public Tensor Read(Tensor queries, Tensor? unchanged = null)
    {
        MemoryChecks.Queries(Algorithm, queries, Dimension);
        using var scope = torch.NewDisposeScope();
        Tensor field = (queries.To(ScalarType.Float32) * 2 - 1).MatMul(_weights);   // W is symmetric: s W = (W s)ᵀ
        return scope.MoveToOuter(field.Gt(0).To(ScalarType.Float32));            // sgn with sgn(0) = −1, back to 0/1
    }

    /// <inheritdoc/>
    public void Dispose() => _weights.Dispose();
}
