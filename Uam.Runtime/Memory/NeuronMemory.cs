namespace Uam.Runtime.Memory;

/// <summary>Kanerva's neuron-based SDM (spec §2.1): r neurons at random addresses; writing adds each pattern's pointer to
/// every neuron within d of its address; reading sums the storage of every neuron within d of the query and takes a
/// bitwise majority. The read equals the pattern view with realised instead of expected neuron counts.</summary>
/// <remarks>Neurons are processed in chunks so that the [patterns, neurons] activation matrix never exists whole
/// (1,024 × 100,000 would take 400 MB). Chunks of 4,096 keep each temporary at 16 MB, below glibc's largest mmap
/// threshold, so that they are recycled from the heap instead of being mapped (and page-faulted) afresh on every read.
/// Activation is one matrix product on ±1 codes: x·y = n − 2H, so H ≤ d ⇔ x·y ≥ n − 2d.</remarks>
public sealed class NeuronMemory : IAssociativeMemory
{
    private const int Chunk = 4096;
    private readonly Tensor _neuronAddresses, _neuronCodes, _storage, _written;
    private readonly int _radius;
    private readonly bool _emptyGivesZeros;

    /// <summary>Draws <paramref name="neurons"/> addresses (i.i.d. fair bits from <paramref name="generator"/>) and
    /// writes the 0/1 patterns <paramref name="addresses"/> [m, n] → <paramref name="pointers"/> [m, n_p].</summary>
    public NeuronMemory(Tensor addresses, Tensor? pointers, int radius, int neurons, Generator? generator = null, bool emptyBinaryReadGivesZeros = false)
        : this(addresses, pointers, radius, RandomAddresses(neurons, addresses, generator), emptyBinaryReadGivesZeros, ownsNeuronAddresses: true)
    {
    }

    /// <summary>Writes the patterns into neurons at the given 0/1 <paramref name="neuronAddresses"/> [r, n] (all 2ⁿ
    /// addresses make the realised counts equal the circle intersection).</summary>
    public NeuronMemory(Tensor addresses, Tensor? pointers, int radius, Tensor neuronAddresses, bool emptyBinaryReadGivesZeros = false)
        : this(addresses, pointers, radius, neuronAddresses, emptyBinaryReadGivesZeros, ownsNeuronAddresses: false)
    {
    }

    private NeuronMemory(Tensor addresses, Tensor? pointers, int radius, Tensor neuronAddresses, bool emptyBinaryReadGivesZeros, bool ownsNeuronAddresses)
    {
        using var owned = ownsNeuronAddresses ? neuronAddresses : null;   // the drawn addresses: this memory keeps its own copy
        pointers = MemoryChecks.Patterns(nameof(NeuronMemory), addresses, pointers);
        Checks.NotNull(nameof(NeuronMemory), nameof(neuronAddresses), neuronAddresses);
        if (neuronAddresses.Dim != 2 || neuronAddresses.Size(1) != addresses.Size(1) || neuronAddresses.Size(0) < 1)
            throw new ArgumentException($"NeuronMemory: the neuron addresses must be [neurons ≥ 1, {addresses.Size(1)}], not {Checks.Format(neuronAddresses.ShapeView)}.", nameof(neuronAddresses));
        Dimension = (int)addresses.Size(1);
        HammingBall.CheckRadius(nameof(NeuronMemory), Dimension, radius);
        (_radius, _emptyGivesZeros) = (radius, emptyBinaryReadGivesZeros);

        using var scope = torch.NewDisposeScope();
        neuronAddresses = neuronAddresses.To(ScalarType.Float32).Contiguous();
        int neurons = (int)neuronAddresses.Size(0);
        Tensor patternAddresses = addresses.To(ScalarType.Float32), patternPointers = pointers.To(ScalarType.Float32);
        Tensor neuronCodes = neuronAddresses * 2 - 1, patternCodes = patternAddresses * 2 - 1;
        var storage = new List<Tensor>();
        var written = new List<Tensor>();
        for (int start = 0; start < neurons; start += Chunk)
        {
            using var chunk = torch.NewDisposeScope();
            int length = Math.Min(Chunk, neurons - start);
            Tensor active = Active(patternCodes, neuronCodes.Narrow(0, start, length));   // [m, chunk]
            storage.Add(chunk.MoveToOuter(active.T().MatMul(patternPointers)));   // X_v: the pointers each neuron holds, summed
            written.Add(chunk.MoveToOuter(active.Sum(0)));                           // h_v: how many patterns each holds
        }
        _neuronAddresses = scope.MoveToOuter(neuronAddresses);
        _neuronCodes = scope.MoveToOuter(neuronCodes);
        _storage = scope.MoveToOuter(torch.Cat(storage, 0));
        _written = scope.MoveToOuter(torch.Cat(written, 0));
    }

    /// <inheritdoc/>
    public MemoryAlgorithm Algorithm => MemoryAlgorithm.NeuronSdm;

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <summary>The neurons' addresses [r, n].</summary>
    public Tensor NeuronAddresses => _neuronAddresses;

    /// <summary>h_v: patterns written into each neuron [r].</summary>
    public Tensor Written => _written;

    /// <inheritdoc/>
    public Tensor Read(Tensor queries, Tensor? unchanged = null)
    {
        MemoryChecks.Queries(Algorithm, queries, Dimension);
        using var scope = torch.NewDisposeScope();
        Tensor q = queries.To(ScalarType.Float32) * 2 - 1;
        Tensor? sum = null, count = null;
        long neurons = _neuronAddresses.Size(0);
        for (int start = 0; start < neurons; start += Chunk)
        {
            int length = (int)Math.Min(Chunk, neurons - start);
            using var chunk = torch.NewDisposeScope();
            Tensor active = Active(q, _neuronCodes.Narrow(0, start, length));   // [b, chunk]
            Tensor partSum = active.MatMul(_storage.Narrow(0, start, length)), partCount = active.MatMul(_written.Narrow(0, start, length).Unsqueeze(1));
            (sum, count) = (chunk.MoveToOuter(sum is null ? partSum : sum + partSum), chunk.MoveToOuter(count is null ? partCount : count + partCount));
        }
        Tensor mixed = sum! / count!;
        Tensor bits = mixed.Gt(0.5).To(ScalarType.Float32);
        if (_emptyGivesZeros) return scope.MoveToOuter(bits);
        Tensor empty = mixed.IsNaN().To(ScalarType.Float32).Sum(1, keepDim: true).Gt(0);
        return scope.MoveToOuter(torch.Where(empty, (unchanged ?? queries).To(ScalarType.Float32), bits));
    }

    private static Tensor RandomAddresses(int neurons, Tensor addresses, Generator? generator)
    {
        if (neurons < 1) throw new ArgumentOutOfRangeException(nameof(neurons), neurons, "NeuronMemory: at least one neuron.");
        MemoryChecks.Patterns(nameof(NeuronMemory), addresses, null);
        using var uniform = torch.Rand([neurons, addresses.Size(1)], generator);
        using var bits = uniform.Lt(0.5);
        return bits.To(ScalarType.Float32);
    }

    /// <summary>1 where H(row, neuron) ≤ d, from ±1 codes: [rows, neurons].</summary>
    private Tensor Active(Tensor rowCodes, Tensor neuronCodes) => rowCodes.MatMul(neuronCodes.T()).Ge(Dimension - 2 * _radius).To(ScalarType.Float32);

    /// <inheritdoc/>
    public void Dispose()
    {
        _neuronAddresses.Dispose();
        _neuronCodes.Dispose();
        _storage.Dispose();
        _written.Dispose();
    }
}
