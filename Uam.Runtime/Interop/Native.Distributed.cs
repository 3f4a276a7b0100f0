using System.Runtime.InteropServices;

namespace Uam.Runtime.Interop;

internal static partial class Native
{
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int nt_process_group_new(string host, ushort port, int rank, int worldSize, long timeoutMs, out ProcessGroupHandle result);
    [LibraryImport(Library)] internal static partial void nt_process_group_free(nint group);
    [LibraryImport(Library)] internal static partial int nt_process_group_all_reduce(ProcessGroupHandle group, TensorHandle tensor, int op);
    [LibraryImport(Library)] internal static partial int nt_process_group_all_gather(ProcessGroupHandle group, TensorHandle tensor, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_process_group_sum_over_ranks(ProcessGroupHandle group, TensorHandle tensor, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_process_group_broadcast(ProcessGroupHandle group, TensorHandle tensor, int root);
    [LibraryImport(Library)] internal static partial int nt_process_group_barrier(ProcessGroupHandle group);
    [LibraryImport(Library)]
    internal static partial int nt_gradient_reducer_new(ProcessGroupHandle group, ReadOnlySpan<nint> parameters, int count, long bucketBytes,
        out GradientReducerHandle result);
    [LibraryImport(Library)] internal static partial void nt_gradient_reducer_free(nint reducer);
    [LibraryImport(Library)] internal static partial int nt_gradient_reducer_finish(GradientReducerHandle reducer, out long launchedInBackward);
}
