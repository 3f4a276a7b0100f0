using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Uam.Experiments.Bench;

/// <summary>Timing helpers for side-by-side measurements: interleaved trials, medians.</summary>
internal static partial class Measure
{
    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena, OrdBlks, SmBlks, HBlks, HBlkHd, UsmBlks, FsmBlks, UordBlks, FordBlks, KeepCost;
    }

    [LibraryImport("libc", EntryPoint = "mallinfo2")]
    private static partial MallInfo2 NativeMallInfo2();

    /// <summary>Bytes glibc malloc has handed out and not had back (heap blocks in use plus mmap'd blocks), in MiB:
    /// native memory actually in use, as opposed to pages the allocator keeps for reuse.</summary>
    public static double NativeHeapInUseMegabytes()
    {
        MallInfo2 info = NativeMallInfo2();
        return (info.UordBlks + info.HBlkHd) / (1024.0 * 1024.0);
    }

    /// <summary>Seconds taken by <paramref name="action"/>.</summary>
    public static double Seconds(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Binding against C++, per step: each side runs once untimed (the JIT, the allocator, and the correctness check:
    /// <paramref name="afterWarmUp"/> reads both sides' results from identical starting states), then
    /// <paramref name="trials"/> interleaved rounds. The ratio is the median over rounds of binding/C++ within each round: the
    /// two halves of a round run back to back, so slow drifts of the machine cancel in the pair.</summary>
    /// <param name="binding">Runs <paramref name="steps"/> steps through the binding; returns its seconds.</param>
    /// <param name="native">Runs the same steps from C++; returns its seconds.</param>
    public static PairedTiming Paired(int trials, int steps, Func<double> binding, Func<double> native, Action afterWarmUp)
    {
        binding();
        native();
        afterWarmUp();
        var bindingTrials = new List<double>();
        var nativeTrials = new List<double>();
        Interleave(trials, () => bindingTrials.Add(binding() / steps), () => nativeTrials.Add(native() / steps));
        return new PairedTiming(Median(bindingTrials), Median(nativeTrials), Median(bindingTrials.Zip(nativeTrials, (b, n) => b / n)), bindingTrials, nativeTrials);
    }

    /// <summary>Runs <paramref name="trials"/> rounds of every measurement, rotating which goes first so that
    /// order effects spread evenly.</summary>
    public static void Interleave(int trials, params Action[] measurements)
    {
        if (trials < 1) throw new ArgumentOutOfRangeException(nameof(trials), trials, "at least one trial");
        for (int t = 0; t < trials; t++)
            for (int k = 0; k < measurements.Length; k++)
                measurements[(t + k) % measurements.Length]();
    }

    /// <summary>The median of <paramref name="values"/>.</summary>
    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("no values", nameof(values));
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>"min / median / max" of <paramref name="values"/> times <paramref name="scale"/>.</summary>
    public static string Describe(IReadOnlyCollection<double> values, double scale) =>
        $"{values.Min() * scale:F2} / {Median(values) * scale:F2} / {values.Max() * scale:F2}";

    /// <summary>Resident set size of this process in MiB (from /proc/self/status).</summary>
    public static double ResidentMegabytes()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        throw new InvalidOperationException("VmRSS not found in /proc/self/status");
    }
}

/// <summary>Per-step seconds of the two sides (medians and every trial) and the paired ratio's median.</summary>
internal sealed record PairedTiming(double Binding, double Native, double Ratio, IReadOnlyList<double> BindingTrials, IReadOnlyList<double> NativeTrials);
