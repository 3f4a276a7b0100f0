using Uam.Runtime.Interop;

namespace Uam.Runtime;

/// <summary>The processes of one data-parallel job (c10d's Gloo process group over a TCP rendezvous store): rank 0 serves
/// the store at host:port, the others connect. Every method is collective — each rank calls it, in the same order — and
/// bounded by the timeout: a rank that dies or never comes makes the others throw instead of waiting for ever.</summary>
public sealed class ProcessGroup : IDisposable
{
    private readonly ProcessGroupHandle _handle;

    static ProcessGroup() => NativeLibraryLoader.EnsureLoaded();

    /// <summary>Joins the group of <paramref name="worldSize"/> processes as <paramref name="rank"/>.</summary>
    public ProcessGroup(string host, int port, int rank, int worldSize, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        if (port is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "ProcessGroup: the port must lie in 1…65535.");
        if (worldSize < 1) throw new ArgumentOutOfRangeException(nameof(worldSize), worldSize, "ProcessGroup: the world size must be at least 1.");
        if (rank < 0 || rank >= worldSize)
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"ProcessGroup: the rank must lie in 0…{worldSize - 1} (world size {worldSize}).");
        if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "ProcessGroup: the timeout must be positive.");
        NativeErrors.Check(Native.nt_process_group_new(host, (ushort)port, rank, worldSize, (long)timeout.TotalMilliseconds, out _handle),
            $"{nameof(ProcessGroup)} (rank {rank} of {worldSize}, store {host}:{port})");
        (Rank, WorldSize) = (rank, worldSize);
    }

    /// <summary>This process's place in the group, 0…WorldSize − 1.</summary>
    public int Rank { get; }

    /// <summary>The number of processes in the group.</summary>
    public int WorldSize { get; }

    private ProcessGroupHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>In place: every rank's <paramref name="tensor"/> becomes the sum of all ranks' (a CPU, contiguous tensor of
    /// the same shape and type on every rank).</summary>
    public void AllReduceSum(Tensor tensor)
    {
        Checks.NotNull(nameof(AllReduceSum), nameof(tensor), tensor);
        NativeErrors.Check(Native.nt_process_group_all_reduce_sum(Handle, tensor.Handle), nameof(AllReduceSum));
    }

    /// <summary>In place: every rank's <paramref name="tensor"/> becomes <paramref name="root"/>'s.</summary>
    public void Broadcast(Tensor tensor, int root = 0)
    {
        Checks.NotNull(nameof(Broadcast), nameof(tensor), tensor);
        NativeErrors.Check(Native.nt_process_group_broadcast(Handle, tensor.Handle, root), nameof(Broadcast));
    }

    /// <summary>Returns when every rank has called it.</summary>
    public void Barrier() => NativeErrors.Check(Native.nt_process_group_barrier(Handle), nameof(Barrier));

    /// <summary>Leaves the group (its native store and connections are freed).</summary>
    public void Dispose() => _handle.Dispose();
}
