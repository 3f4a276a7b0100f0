namespace Uam.Runtime.Memory;

/// <summary>A memory of m stored patterns that maps a batch of queries [b, n] to its read [b, n_p] (rows are vectors;
/// the spec's code keeps them as columns).</summary>
public interface IAssociativeMemory : IDisposable
{
    /// <summary>The update rule.</summary>
    MemoryAlgorithm Algorithm { get; }

    /// <summary>n, the address dimension.</summary>
    int Dimension { get; }

    /// <summary>One read of <paramref name="queries"/> [b, n]. A query with nothing in reach becomes its row of
    /// <paramref name="unchanged"/> (the query itself when null, or the un-projected query when the caller projects), or
    /// the zero vector under the binary quirk of <see cref="MemoryOptions.EmptyBinaryReadGivesZeros"/>.</summary>
    Tensor Read(Tensor queries, Tensor? unchanged = null);
}
