using System.Net;
using System.Net.Sockets;
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

    /// <summary>A TCP port on the loopback interface that nothing listens on now (the system's choice for a listener on
    /// port 0): a rendezvous port for a job confined to this machine.</summary>
    public static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>This process's place in the group, 0…WorldSize − 1.</summary>
    public int Rank { get; }

    /// <summary>The number of processes in the group.</summary>
    public int WorldSize { get; }

    internal ProcessGroupHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>In place: every rank's <paramref name="tensor"/> becomes the element-wise sum (maximum, minimum) of all
    /// ranks' (a CPU, contiguous tensor of the same shape and type on every rank). Outside autograd: see
    /// <see cref="SumOverRanks"/> for the differentiable sum.</summary>
    public void AllReduce(Tensor tensor, ReduceOperation operation = ReduceOperation.Sum)
    {
        Checks.NotNull(nameof(AllReduce), nameof(tensor), tensor);
        if (!Enum.IsDefined(operation)) throw new ArgumentOutOfRangeException(nameof(operation), operation, "ProcessGroup.AllReduce: unknown operation.");
        NativeErrors.Check(Native.nt_process_group_all_reduce(Handle, tensor.Handle, (int)operation), nameof(AllReduce));
    }

    /// <summary>In place: every rank's <paramref name="tensor"/> becomes the mean of all ranks' (floating point).</summary>
    public void AllReduceMean(Tensor tensor)
    {
        AllReduce(tensor);
        using Tensor worldSize = torch.Scalar(WorldSize, tensor.DType);
        tensor.DivInPlace(worldSize);
    }

    /// <summary>A new [WorldSize, …shape] tensor whose row r is rank r's <paramref name="tensor"/> (same shape and type
    /// on every rank).</summary>
    public Tensor AllGather(Tensor tensor)
    {
        Checks.NotNull(nameof(AllGather), nameof(tensor), tensor);
        NativeErrors.Check(Native.nt_process_group_all_gather(Handle, tensor.Handle, out var result), nameof(AllGather));
        return new Tensor(result);
    }

    /// <summary>A new tensor, the sum of every rank's <paramref name="tensor"/>, through which gradients flow: its
    /// backward all-reduces the incoming gradient, because a quantity made of every rank's data (a batch statistic of
    /// the global batch) feeds every rank's loss. Every rank must then run its backward through the same sums in the same
    /// order; the graph keeps the group alive.</summary>
    public Tensor SumOverRanks(Tensor tensor)
    {
        Checks.NotNull(nameof(SumOverRanks), nameof(tensor), tensor);
        NativeErrors.Check(Native.nt_process_group_sum_over_ranks(Handle, tensor.Handle, out var result), nameof(SumOverRanks));
        return new Tensor(result);
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

/// <summary>How <see cref="ProcessGroup.AllReduce"/> combines the ranks' tensors (pinned to the shim's NT_REDUCE_*).</summary>
public enum ReduceOperation
{
    /// <summary>The element-wise sum.</summary>
    Sum = 0,
    /// <summary>The element-wise maximum.</summary>
    Max = 1,
    /// <summary>The element-wise minimum.</summary>
    Min = 2,
}
