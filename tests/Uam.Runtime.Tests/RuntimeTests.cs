using Uam.Runtime;
using Uam.Runtime.Interop;
using Xunit;

namespace Uam.Runtime.Tests;

public class RuntimeTests
{
    [Fact]
    public void OpenBLAS_is_mapped_so_matrix_products_are_fast()
    {
        using var a = torch.Ones([64, 64]);
        using var product = a.MatMul(a);   // forces BLAS to load
        Assert.True(torch.IsOpenBlasLoaded(),
            "OpenBLAS is not mapped: libtorch fell back to the reference BLAS (about 40x slower). Install libopenblas0-pthread.");
    }

    [Fact]
    public void Runtime_info_reports_the_libtorch_version_and_abi()
    {
        string info = torch.RuntimeInfo();
        Assert.Contains("libtorch 1.13", info);
        Assert.Contains("shim ABI 1", info);
        Assert.Equal(NativeLibraryLoader.ExpectedAbiVersion, Native.nt_abi_version());
    }

    [Fact]
    public void The_thread_count_can_be_set_and_restored()
    {
        int original = torch.NumThreads;
        try
        {
            torch.NumThreads = 2;
            Assert.Equal(2, torch.NumThreads);
        }
        finally
        {
            torch.NumThreads = original;
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => torch.NumThreads = 0);
    }
}
