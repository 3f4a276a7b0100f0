namespace Uam.Runtime.Memory;

/// <summary>Builds any <see cref="MemoryAlgorithm"/> from one set of options.</summary>
public static class Memories
{
    /// <summary>A memory of <paramref name="addresses"/> [m, n] → <paramref name="pointers"/> [m, n_p] (null:
    /// autoassociative) read by <paramref name="algorithm"/>.</summary>
    public static IAssociativeMemory Create(MemoryAlgorithm algorithm, Tensor addresses, Tensor? pointers, MemoryOptions options, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return algorithm switch
        {
            MemoryAlgorithm.NeuronSdm => new NeuronMemory(addresses, pointers, options.Radius,
                options.Neurons is { } r && r <= int.MaxValue ? (int)r : throw new ArgumentException("NeuronSdm: MemoryOptions.Neurons must be a neuron count up to 2³¹ − 1.", nameof(options)),
                generator, options.EmptyBinaryReadGivesZeros),
            MemoryAlgorithm.Hopfield => pointers is null || ReferenceEquals(pointers, addresses)
                ? new HopfieldMemory(addresses)
                : throw new ArgumentException("Hopfield: the network is autoassociative; pass no pointers.", nameof(pointers)),
            _ => new PatternMemory(algorithm, addresses, pointers, options, generator),
        };
    }
}
