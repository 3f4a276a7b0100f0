using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

[assembly: DisableRuntimeMarshalling]

namespace Uam.Runtime.Interop;

/// <summary>P/Invoke declarations of the shim, one file per native translation unit (runtime.cpp here).</summary>
internal static partial class Native
{
    internal const string Library = "nt";

    [LibraryImport(Library)] internal static partial int nt_abi_version();
    [LibraryImport(Library)] internal static partial nint nt_last_error_message();
    [LibraryImport(Library)] internal static partial long nt_live_tensor_count();
    [LibraryImport(Library)] internal static unsafe partial int nt_runtime_info(byte* buffer, int capacity, out int needed);
    [LibraryImport(Library)] internal static partial int nt_set_num_threads(int threads);
    [LibraryImport(Library)] internal static partial int nt_get_num_threads(out int threads);
    [LibraryImport(Library)] internal static partial int nt_cuda_is_available(out byte available);
    [LibraryImport(Library)] internal static partial int nt_cuda_device_count(out int count);
    [LibraryImport(Library)] internal static partial int nt_set_deterministic(byte enabled, byte warnOnly);
    [LibraryImport(Library)] internal static partial int nt_configure_allocator(long mmapThreshold, long trimThreshold);
}
