using System.Runtime.InteropServices;
using Xunit;

namespace Uam.Runtime.Tests;

/// <summary>libgomp's threads must not spin against OpenBLAS's (docs/parallel.md, the engine fix): the runtime asks for
/// the passive wait policy in the native environment before libtorch loads, unless the user chose one.</summary>
public sealed class OpenMpPolicyTests
{
#pragma warning disable SYSLIB1054   // the tests are not compiled with unsafe code, which LibraryImport needs
    [DllImport("libc", EntryPoint = "getenv")]
    private static extern nint NativeVariable([MarshalAs(UnmanagedType.LPUTF8Str)] string name);
#pragma warning restore SYSLIB1054

    [Fact]
    public void OpenMp_threads_wait_passively_unless_the_user_chose_a_policy()
    {
        _ = torch.NumThreads;   // the shim, and libgomp with it, is loaded
        string? chosen = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY");   // .NET's copy of the start-up environment
        Assert.Equal(chosen ?? "PASSIVE", Marshal.PtrToStringUTF8(NativeVariable("OMP_WAIT_POLICY")));
    }
}
