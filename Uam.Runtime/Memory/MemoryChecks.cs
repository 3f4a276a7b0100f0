namespace Uam.Runtime.Memory;

/// <summary>The argument checks every memory makes, with messages that name the memory and the shapes.</summary>
internal static class MemoryChecks
{
    /// <summary>Checks stored patterns: addresses [m ≥ 1, n] and pointers [m, n_p]; returns the pointers (the addresses
    /// themselves when null: an autoassociative memory).</summary>
    public static Tensor Patterns(string memory, Tensor addresses, Tensor? pointers)
    {
        Checks.NotNull(memory, nameof(addresses), addresses);
        if (addresses.Dim != 2 || addresses.Size(0) < 1)
            throw new ArgumentException($"{memory}: the addresses must be [patterns, n] with at least one pattern, not {Checks.Format(addresses.ShapeView)}.", nameof(addresses));
        pointers ??= addresses;
        if (pointers.Dim != 2 || pointers.Size(0) != addresses.Size(0))
            throw new ArgumentException($"{memory}: the pointers must be [{addresses.Size(0)}, n_p] like the addresses' patterns, not {Checks.Format(pointers.ShapeView)}.", nameof(pointers));
        return pointers;
    }

    /// <summary>Checks a batch of queries [b, n] for a memory of dimension n.</summary>
    public static void Queries(MemoryAlgorithm algorithm, Tensor queries, int dimension)
    {
        Checks.NotNull($"{algorithm.Name()}.Read", nameof(queries), queries);
        if (queries.Dim != 2 || queries.Size(1) != dimension)
            throw new ArgumentException($"{algorithm.Name()}: the queries must be [batch, {dimension}], not {Checks.Format(queries.ShapeView)}.", nameof(queries));
    }
}
