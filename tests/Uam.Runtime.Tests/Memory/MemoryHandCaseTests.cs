using Uam.Runtime.Memory;
using Xunit;

namespace Uam.Runtime.Tests.Memory;

/// <summary>Each memory on tiny memories whose reads are known by hand.</summary>
public sealed class MemoryHandCaseTests
{
    private static Tensor Bits(params string[] rows) =>
        torch.FromArray(rows.SelectMany(r => r.Select(c => c == '1' ? 1f : 0f)).ToArray(), [rows.Length, rows[0].Length]);

    private static string Text(Tensor bits)
    {
        float[] values = bits.ToArray<float>();
        int n = (int)bits.Size(1);
        return string.Join(" ", Enumerable.Range(0, values.Length / n).Select(r => new string(values.Skip(r * n).Take(n).Select(v => v == 1 ? '1' : v == 0 ? '0' : '?').ToArray())));
    }

    // Four 8-bit patterns and the query 11000000: distances 2, 2, 4, 8; with d = 2, I_{8,2} = 37, 16, 16, 6, 6, 0, … so the
    // weights are 16, 16, 6, 0 (/38) and each bit is 1 where its weighted share exceeds ½.
    private static Tensor Patterns() => Bits("00000000", "11110000", "11111100", "00111111");

    [Fact]
    public void Binary_SDM_weights_are_circle_intersections_and_the_read_is_their_majority()
    {
        using var patterns = Patterns();
        using var memory = new PatternMemory(MemoryAlgorithm.BinarySdm, patterns, null, new MemoryOptions(Radius: 2));
        using var query = Bits("11000000");
        using var weights = memory.Weights(query);
        Assert.Equal(new[] { 16 / 38f, 16 / 38f, 6 / 38f, 0f }, weights.ToArray<float>(), new FloatTolerance(1e-6f));
        using var read = memory.Read(query);
        Assert.Equal("11110000", Text(read));   // bits 0–3: 22/38 > ½; bits 4–5: 6/38; bits 6–7: 0
    }

    [Fact]
    public void Binary_SDM_attention_weights_are_a_softmax_of_the_cosines()
    {
        using var patterns = Patterns();
        using var memory = new PatternMemory(MemoryAlgorithm.BinarySdmAttention, patterns, null, new MemoryOptions(Radius: 2, Beta: 3));
        using var query = Bits("11000000");
        using var weights = memory.Weights(query);
        double[] logits = new[] { 2, 2, 4, 8 }.Select(h => 3 * (1 - 2.0 * h / 8)).ToArray();
        double total = logits.Sum(Math.Exp);
        Assert.Equal(logits.Select(l => (float)(Math.Exp(l) / total)).ToArray(), weights.ToArray<float>(), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void Fitted_betas_are_the_quirk_regressions()
    {
        using var patterns = torch.Rand([4, 64]).Lt(0.5).To(ScalarType.Float32);
        using var binary = new PatternMemory(MemoryAlgorithm.SdmAttentionBinaryFit, patterns, null, new MemoryOptions(Radius: 11));
        using var cap = new PatternMemory(MemoryAlgorithm.SdmAttentionCapFit, patterns, null, new MemoryOptions(Radius: 11));
        using var softmax = new PatternMemory(MemoryAlgorithm.SoftmaxAttention, patterns, null, new MemoryOptions(Radius: 11));
        Assert.Equal(15.8528, binary.Beta, 4);
        Assert.Equal(21.5397, cap.Beta, 4);
        Assert.Equal(0.125, softmax.Beta, 12);
    }

    [Theory]
    [InlineData(MemoryAlgorithm.BinarySdm)]
    [InlineData(MemoryAlgorithm.BinarySdmAttention)]
    [InlineData(MemoryAlgorithm.NeuronSdm)]
    [InlineData(MemoryAlgorithm.Hopfield)]
    public void A_stored_binary_pattern_is_a_fixed_point(MemoryAlgorithm algorithm)
    {
        // Patterns at least 4 bits apart, radius 1: each pattern's circle meets no other's.
        using var patterns = Bits("0000000000000000", "1111000000000000", "0000111100001111", "1111111111110000");
        using var memory = Memories.Create(algorithm, patterns, null, new MemoryOptions(Radius: 1, Neurons: algorithm == MemoryAlgorithm.NeuronSdm ? 60_000 : null,
            Beta: algorithm == MemoryAlgorithm.BinarySdmAttention ? 20 : null), new Generator(3));   // radius 1 has no β fit
        using var read = memory.Read(patterns);
        Assert.Equal(Text(patterns), Text(read));
    }

    [Theory]
    [InlineData(MemoryAlgorithm.ContinuousSdm)]
    [InlineData(MemoryAlgorithm.ContinuousBinarySdm)]
    [InlineData(MemoryAlgorithm.SdmAttentionBinaryFit)]
    [InlineData(MemoryAlgorithm.SdmAttentionCapFit)]
    public void A_stored_unit_pattern_is_a_fixed_point(MemoryAlgorithm algorithm)
    {
        // Orthonormal patterns (cosine 0 between any two): with d = 5 of n = 64 neither circle nor cap reaches another
        // pattern, and softmax(β cos) with the fitted β ≥ 35 puts all but e^{−35} on the pattern itself.
        using var patterns = torch.Eye(8, 64);
        using var memory = Memories.Create(algorithm, patterns, null, new MemoryOptions(Radius: 5));
        using var read = memory.Read(patterns);
        float[] values = read.ToArray<float>(), expected = patterns.ToArray<float>();
        Assert.Equal(expected, values, new FloatTolerance(1e-6f));
    }

    [Fact]
    public void Neuron_SDM_on_every_address_equals_pattern_SDM()
    {
        // With all 2⁸ addresses as neurons, the realised count of neurons in both circles is I_{8,d} exactly.
        var all = Enumerable.Range(0, 256).Select(v => Convert.ToString(v, 2).PadLeft(8, '0')).ToArray();
        using var everyAddress = Bits(all);
        using var patterns = Patterns();
        using var queries = Bits("11000000", "00110000", "10101010", "11111111", "01111100");
        for (int d = 0; d <= 4; d++)
        {
            using var neurons = new NeuronMemory(patterns, null, d, everyAddress);
            using var pattern = new PatternMemory(MemoryAlgorithm.BinarySdm, patterns, null, new MemoryOptions(Radius: d));
            using var a = neurons.Read(queries);
            using var b = pattern.Read(queries);
            Assert.Equal(Text(b), Text(a));
        }
        // And each neuron holds the patterns within d of it: the neuron 00000000 at d = 2 holds patterns 0 only.
        using var memory = new NeuronMemory(patterns, null, 2, everyAddress);
        Assert.Equal(1f, memory.Written.ToArray<float>()[0]);
        Assert.Equal(2f, memory.Written.ToArray<float>()[0b11110000]);   // 11110000 is within 2 of itself and of 11111100
    }

    [Fact]
    public void Neuron_SDM_with_every_neuron_active_takes_the_majority_of_all_patterns()
    {
        using var patterns = Bits("11100000", "11010000", "10110000", "00000111");
        using var memory = new NeuronMemory(patterns, null, 8, 500, new Generator(1));
        using var pattern = new PatternMemory(MemoryAlgorithm.BinarySdm, patterns, null, new MemoryOptions(Radius: 8));
        using var query = Bits("00000000");
        using var a = memory.Read(query);
        using var b = pattern.Read(query);
        // Every neuron holds every pattern: bit 0 is set in 3 of 4 patterns, bits 1 and 2 in exactly half (not above ½).
        Assert.Equal("10000000", Text(a));
        Assert.Equal(Text(b), Text(a));
    }

    [Fact]
    public void Finite_neurons_at_one_neuron_per_address_equal_infinite_neurons()
    {
        // r = 2ⁿ makes the expected counts the (integer) intersections: nothing is left to round.
        using var patterns = Patterns();
        using var query = Bits("11000000", "01000000");
        using var finite = new PatternMemory(MemoryAlgorithm.BinarySdmNeuronLimit, patterns, null, new MemoryOptions(Radius: 2, Neurons: 256), new Generator(5));
        using var infinite = new PatternMemory(MemoryAlgorithm.BinarySdm, patterns, null, new MemoryOptions(Radius: 2));
        using var a = finite.Weights(query);
        using var b = infinite.Weights(query);
        Assert.Equal(b.ToArray<float>(), a.ToArray<float>(), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void Finite_neurons_round_each_expected_count_to_a_neighbouring_whole_number_without_bias()
    {
        // r = 2⁶ on n = 8: expected neurons I/4 = 4, 4, 1.5, 0 for the query 11000000, so the third pattern gets 1 or 2
        // neurons, and over many reads 2 half of the time.
        using var patterns = Patterns();
        using var query = Bits("11000000");
        using var memory = new PatternMemory(MemoryAlgorithm.BinarySdmNeuronLimit, patterns, null, new MemoryOptions(Radius: 2, Neurons: 64), new Generator(11));
        int twos = 0;
        const int reads = 4000;
        for (int i = 0; i < reads; i++)
        {
            using var w = memory.Weights(query);
            float[] weights = w.ToArray<float>();
            float third = weights[2] / weights[0] * 4;   // counts relative to the first pattern's 4
            Assert.True(Math.Abs(third - 1) < 1e-5 || Math.Abs(third - 2) < 1e-5, $"a count of {third}");
            if (third > 1.5) twos++;
        }
        Assert.InRange(twos / (double)reads, 0.5 - 4 * Math.Sqrt(0.25 / reads), 0.5 + 4 * Math.Sqrt(0.25 / reads));
    }

    [Theory]
    [InlineData(true, "00000000")]
    [InlineData(false, "11111111")]
    public void A_binary_query_with_nothing_in_reach_becomes_zeros_only_under_the_quirk(bool quirk, string expected)
    {
        using var patterns = Bits("00000000", "00000001");
        using var query = Bits("11111111");   // 7 and 8 bits away: beyond 2d = 4
        using var memory = new PatternMemory(MemoryAlgorithm.BinarySdm, patterns, null, new MemoryOptions(Radius: 2, EmptyBinaryReadGivesZeros: quirk));
        using var read = memory.Read(query);
        Assert.Equal(expected, Text(read));
    }

    [Fact]
    public void A_continuous_query_with_nothing_in_reach_keeps_its_previous_value()
    {
        using var patterns = torch.Eye(2, 64);
        using var query = torch.Eye(3, 64).Narrow(0, 2, 1);   // orthogonal to both patterns
        using var memory = new PatternMemory(MemoryAlgorithm.ContinuousSdm, patterns, null, new MemoryOptions(Radius: 5));
        using var read = memory.Read(query);
        Assert.Equal(query.ToArray<float>(), read.ToArray<float>());
    }

    [Fact]
    public void Cap_weights_follow_the_cap_intersection()
    {
        // Three unit patterns at known cosines to the query e₀: 1, 0.9, 0.8.
        var rows = new[] { 1.0, 0.9, 0.8 }.SelectMany(c => new[] { (float)c, (float)Math.Sqrt(1 - c * c) }.Concat(new float[62])).ToArray();
        using var patterns = torch.FromArray(rows, [3, 64]);
        using var query = torch.Eye(1, 64);
        var expected = BetaFit.Normalise(new[] { BetaFit.FirstCapCosine, 0.9, 0.8 }.Select(c => CapIntersection.LogArea(64, 15, c)).ToArray());
        using var memory = new PatternMemory(MemoryAlgorithm.ContinuousSdm, patterns, null, new MemoryOptions(Radius: 15));
        using var weights = memory.Weights(query);
        float[] actual = weights.ToArray<float>();
        for (int i = 0; i < 3; i++) Assert.True(Math.Abs(actual[i] / expected[i] - 1) < 2e-3, $"weight {i}: {actual[i]} vs {expected[i]}");
    }

    [Fact]
    public void Continuous_binary_weights_are_intersections_at_the_floored_hamming_distance()
    {
        // Cosines 1, 0.85, 0.8 at n = 64 are Hamming distances ⌊0⌋, ⌊4.8⌋ = 4 and ⌊6.4⌋ = 6 (rounding would give 5).
        var rows = new[] { 1.0, 0.85, 0.8 }.SelectMany(c => new[] { (float)c, (float)Math.Sqrt(1 - c * c) }.Concat(new float[62])).ToArray();
        using var patterns = torch.FromArray(rows, [3, 64]);
        using var query = torch.Eye(1, 64);
        var expected = BetaFit.Normalise(new[] { 0, 4, 6 }.Select(h => CircleIntersection.Log(64, 15, h)).ToArray());
        using var memory = new PatternMemory(MemoryAlgorithm.ContinuousBinarySdm, patterns, null, new MemoryOptions(Radius: 15));
        using var weights = memory.Weights(query);
        Assert.Equal(expected.Select(e => (float)e).ToArray(), weights.ToArray<float>(), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void The_original_cap_index_wraps_cosine_minus_one_to_the_last_cell()
    {
        using var table = torch.FromArray(Enumerable.Range(0, 10).Select(i => (float)i).ToArray());
        using var scope = torch.NewDisposeScope();
        using var cosines = torch.FromArray(new float[] { -1, -0.8f, 0, 1 }, [1, 4]);
        // trunc((R/2)(cos + 1) − 1) with R = 10: −1 → −1 (the last cell, 9); −0.8 → 0; 0 → 4; 1 → 9.
        Assert.Equal(new float[] { 9, 0, 4, 9 }, WeightTables.LookUpCap(table, cosines, originalIndex: true).ToArray<float>());
        // Interpolated at the true spacing 2/(R − 1): cos ↦ (cos + 1)·4.5.
        Assert.Equal(new float[] { 0, 0.9f, 4.5f, 9 }, WeightTables.LookUpCap(table, cosines, originalIndex: false).ToArray<float>(), new FloatTolerance(1e-5f));
    }

    [Fact]
    public void Hopfield_weights_are_hebbian_with_a_zero_diagonal_and_recall_a_flipped_bit()
    {
        using var pattern = Bits("11001010");
        using var memory = new HopfieldMemory(pattern);
        float[] w = memory.Weights.ToArray<float>();
        int[] s = [1, 1, -1, -1, 1, -1, 1, -1];
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 8; j++) Assert.Equal(i == j ? 0 : s[i] * s[j] / 8f, w[i * 8 + j], 6);
        using var noisy = Bits("01001010");
        using var result = Convergence.Run(memory, noisy, new ConvergenceOptions());
        Assert.Equal("11001010", Text(result.Queries));
        Assert.Equal(2, result.Steps);          // one read repairs the bit, the second confirms
        Assert.Equal([1], result.LastChange);
    }

    [Fact]
    public void Softmax_attention_with_beta_one_over_root_n_drifts_to_the_patterns_mean()
    {
        using var patterns = torch.Eye(4, 64);
        using var query = torch.Eye(1, 64);
        using var memory = new PatternMemory(MemoryAlgorithm.SoftmaxAttention, patterns, null, new MemoryOptions(Radius: 5));
        using var result = Convergence.Run(memory, query, new ConvergenceOptions(Tolerance: 1e-6));
        float[] q = result.Queries.ToArray<float>();
        Assert.All(q.Take(4), v => Assert.Equal(0.5f, v, 3));   // the normalised mean of e₀…e₃
    }

    [Fact]
    public void The_quirk_change_test_compares_an_unnormalised_read_with_a_normalised_query()
    {
        // Pointers of norm 2 whose direction equals the query's: the normalised read never moves, the raw one is twice
        // as long, so only the quirk sees a change on every read and runs to the step limit.
        using var addresses = torch.Eye(1, 64);
        using var pointers = torch.Eye(1, 64) * 2;
        using var memory = new PatternMemory(MemoryAlgorithm.ContinuousSdm, addresses, pointers, new MemoryOptions(Radius: 5));
        using var query = torch.Eye(1, 64);
        using var quirk = Convergence.Run(memory, query, new ConvergenceOptions(MaxSteps: 7, CompareUnnormalised: true));
        using var fixedTest = Convergence.Run(memory, query, new ConvergenceOptions(MaxSteps: 7));
        Assert.Equal(7, quirk.Steps);
        Assert.Equal(1, fixedTest.Steps);
    }

    [Fact]
    public void Bad_shapes_and_options_are_refused_with_their_names()
    {
        using var patterns = Patterns();
        Assert.Contains("needs a neuron count", Assert.Throws<ArgumentException>(() => new PatternMemory(MemoryAlgorithm.BinarySdmNeuronLimit, patterns, null, new MemoryOptions(2))).Message);
        Assert.Contains("radius must lie in 0…8", Assert.Throws<ArgumentOutOfRangeException>(() => new PatternMemory(MemoryAlgorithm.BinarySdm, patterns, null, new MemoryOptions(9))).Message);
        using var memory = new PatternMemory(MemoryAlgorithm.BinarySdm, patterns, null, new MemoryOptions(2));
        using var wrong = torch.Zeros([1, 7]);
        Assert.Contains("[batch, 8]", Assert.Throws<ArgumentException>(() => memory.Read(wrong)).Message);
        using var pointers = torch.Zeros([3, 8]);
        Assert.Contains("pointers must be [4, n_p]", Assert.Throws<ArgumentException>(() => new PatternMemory(MemoryAlgorithm.BinarySdm, patterns, pointers, new MemoryOptions(2))).Message);
    }
}

/// <summary>Float comparison within an absolute tolerance.</summary>
internal sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
{
    public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
    public int GetHashCode(float obj) => 0;
}
