using Uam.Runtime.Interop;
using Xunit;

namespace Uam.Runtime.Tests;

/// <summary>The shipping shim holds what users need and nothing else: the test, benchmark and reference exports live
/// in libnt_testing.so, which shares libnt.so's error channel and handle count.</summary>
public class ShimLibrariesTests
{
    private static string NativeDirectory => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");

    /// <summary>The functions a library defines in its dynamic symbol table (nm, from binutils, which the C++ toolchain
    /// that builds the shim brings). dlsym cannot tell: it also searches a library's dependencies.</summary>
    private static HashSet<string> Exports(string library)
    {
        var start = new System.Diagnostics.ProcessStartInfo("nm", ["-D", "--defined-only", Path.Combine(NativeDirectory, library)]) { RedirectStandardOutput = true };
        using var nm = System.Diagnostics.Process.Start(start)!;
        string listing = nm.StandardOutput.ReadToEnd();
        nm.WaitForExit();
        Assert.Equal(0, nm.ExitCode);
        return listing.Split('\n').Select(l => l.Split(' ')).Where(f => f.Length == 3 && f[1] == "T").Select(f => f[2]).ToHashSet();
    }

    [Fact]
    public void Test_benchmark_and_reference_exports_are_in_the_testing_library_only()
    {
        HashSet<string> shim = Exports("libnt.so"), testing = Exports("libnt_testing.so");
        string[] moved = ["nt_test_throw", "nt_reference_optimizer_run", "nt_bench_add_loop", "nt_bench_mlp_train", "nt_bench_dqn_learn", "nt_bench_draw_train"];
        Assert.Equal(moved.Order(), testing.Where(e => e.StartsWith("nt_", StringComparison.Ordinal)).Order());
        Assert.DoesNotContain(shim, e => e.StartsWith("nt_test", StringComparison.Ordinal) || e.StartsWith("nt_bench", StringComparison.Ordinal) ||
                                         e.StartsWith("nt_reference", StringComparison.Ordinal));
        Assert.Contains("nt_tensor_matmul", shim);
        Assert.True(shim.Count(e => e.StartsWith("nt_", StringComparison.Ordinal)) > 150);   // the whole C ABI (176 functions today)
    }

    [Fact]
    public void The_testing_library_reports_through_the_shims_error_channel_and_counts_its_handles()
    {
        var e = Assert.Throws<TorchException>(() => NativeErrors.Check(Native.nt_test_throw(0), "test"));
        Assert.Contains("test: a c10::Error", e.Message);
        long before = torch.LiveTensorCount;
        using var a = torch.Ones([3]);
        using var b = torch.Ones([3]);
        double seconds = NativeReference.AddLoopSeconds(a, b, 10);   // wraps and frees 10 handles inside the testing library
        Assert.True(seconds >= 0);
        Assert.Equal(before + 2, torch.LiveTensorCount);
    }
}
