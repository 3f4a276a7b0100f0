using System.Globalization;
using Spectre.Console;
using Uam.Runtime;
using Uam.Runtime.Memory;

namespace Uam.Experiments.Bench;

/// <summary>`uam bench sdm`: the exact circle-intersection table for n = 1000 and every radius (ln I_{n,d}(d_v) for all
/// 1001 × 1001 pairs, from big integers), and one batched read of 1,024 queries against 1,024 patterns at n = 64 (binary
/// SDM) and n = 784 (continuous cap SDM and SDM attention), each beside the same 1,024 queries read one at a time.</summary>
internal static class SdmBenchmark
{
    public static (double TableMilliseconds, double ReadMilliseconds) Run(IAnsiConsole console, int trials)
    {
        console.MarkupLine($"libtorch threads: {torch.NumThreads}; median of {trials} trials each");
        var tableTimes = new List<double>();
        for (int t = 0; t < trials; t++) tableTimes.Add(Measure.Seconds(() => CircleIntersection.LogTables(1000)));
        double tableMs = Measure.Median(tableTimes) * 1000;
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Exact table n = 1000, all radii (1001 × 1001 logarithms of exact integers): [bold]{tableMs:F0} ms[/] (min / median / max {Measure.Describe(tableTimes, 1000)} ms)"));

        var table = new Table().AddColumns("read", "n", "batched (ms)", "one query at a time (ms)", "batching speed-up");
        double readMs = 0;
        using var generator = new Generator(17);
        foreach (var (algorithm, n, radius) in new[] { (MemoryAlgorithm.BinarySdm, 64, 11), (MemoryAlgorithm.ContinuousSdm, 784, 314), (MemoryAlgorithm.SdmAttentionBinaryFit, 784, 314) })
        {
            using var uniform = torch.Rand([1024, n], generator);
            using var patterns = algorithm.IsBinary() ? uniform.Gt(0.5).To(ScalarType.Float32) : uniform - 0.5;
            using var memory = Memories.Create(algorithm, patterns, null, new MemoryOptions(radius));   // builds (and caches) the weight table: not timed
            using var noise = torch.Rand([1024, n], generator);
            using var queries = algorithm.IsBinary() ? torch.Where(noise.Lt(0.05), 1 - patterns, patterns) : patterns + noise * 0.2;
            var rows = Enumerable.Range(0, 1024).Select(i => queries.Narrow(0, i, 1)).ToList();
            void Batched()
            {
                using var read = memory.Read(queries);
            }
            void OneByOne()
            {
                foreach (Tensor row in rows)
                {
                    using var read = memory.Read(row);
                }
            }
            Batched();
            OneByOne();
            var batched = new List<double>();
            var single = new List<double>();
            Measure.Interleave(trials, () => batched.Add(Measure.Seconds(Batched)), () => single.Add(Measure.Seconds(OneByOne)));
            foreach (Tensor row in rows) row.Dispose();
            double b = Measure.Median(batched) * 1000, s = Measure.Median(single) * 1000;
            if (algorithm == MemoryAlgorithm.ContinuousSdm) readMs = b;
            table.AddRow(algorithm.Name(), n.ToString(CultureInfo.InvariantCulture), b.ToString("F2", CultureInfo.InvariantCulture), s.ToString("F1", CultureInfo.InvariantCulture),
                (s / b).ToString("F1", CultureInfo.InvariantCulture) + "×");
        }
        console.Write(table);
        console.MarkupLine("read_ms is the continuous (cap) SDM read at n = 784: 1,024 × 1,024 cosines, the cap table looked up and interpolated, a softmax and a product with the pointers.");
        return (tableMs, readMs);
    }

    public static string ResultLine((double TableMilliseconds, double ReadMilliseconds) result) =>
        string.Create(CultureInfo.InvariantCulture, $"RESULT sdm table_ms={result.TableMilliseconds:F0} read_ms={result.ReadMilliseconds:F2}");
}
