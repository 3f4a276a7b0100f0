using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Uam.Runtime.Tests.Parallel;

/// <summary>c10d's Gloo process group through the shim, on loopback: ranks as threads of this process (Gloo is
/// thread-safe per group), each with its own group object, as separate processes would have.</summary>
public sealed class ProcessGroupTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static int FreePort() => ProcessGroup.FreeLoopbackPort();

    /// <summary>Runs <paramref name="body"/> as every rank of a fresh group of <paramref name="worldSize"/>, one thread each.</summary>
    internal static T[] OnEveryRank<T>(int worldSize, Func<ProcessGroup, T> body)
    {
        int port = FreePort();
        var results = new T[worldSize];
        var errors = new Exception?[worldSize];
        var threads = Enumerable.Range(0, worldSize).Select(rank => new Thread(() =>
        {
            try
            {
                using var group = new ProcessGroup("127.0.0.1", port, rank, worldSize, Timeout);
                results[rank] = body(group);
            }
            catch (Exception e)
            {
                errors[rank] = e;   // an exception escaping a thread would end the test host
            }
        })).ToList();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        if (errors.Any(e => e is not null)) throw new AggregateException(errors.OfType<Exception>());
        return results;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void All_reduce_sums_every_ranks_tensor_and_broadcast_copies_the_roots(int worldSize)
    {
        var results = OnEveryRank(worldSize, group =>
        {
            using var values = torch.FromArray(new float[] { group.Rank + 1, 10 * (group.Rank + 1), -1 }, [3]);
            group.AllReduce(values);
            using var fromLast = torch.FromArray(new double[] { group.Rank, group.Rank * 0.5 }, [2]);
            group.Broadcast(fromLast, root: worldSize - 1);
            group.Barrier();
            return (Sum: values.ToArray<float>(), Broadcast: fromLast.ToArray<double>());
        });
        float total = worldSize * (worldSize + 1) / 2f;
        Assert.All(results, r =>
        {
            Assert.Equal([total, 10 * total, -worldSize], r.Sum);
            Assert.Equal([worldSize - 1, (worldSize - 1) * 0.5], r.Broadcast);
        });
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Max_min_mean_and_all_gather_combine_every_ranks_tensor(int worldSize)
    {
        var results = OnEveryRank(worldSize, group =>
        {
            float r = group.Rank;
            using var max = torch.FromArray(new[] { r, -r }, [2]);
            group.AllReduce(max, ReduceOperation.Max);
            using var min = torch.FromArray(new[] { r, -r }, [2]);
            group.AllReduce(min, ReduceOperation.Min);
            using var mean = torch.FromArray(new double[] { 2 * r }, [1]);
            group.AllReduceMean(mean);
            using var mine = torch.FromArray(new long[] { group.Rank, 10 * group.Rank }, [2]);
            using var gathered = group.AllGather(mine);
            return (Max: max.ToArray<float>(), Min: min.ToArray<float>(), Mean: mean.ToArray<double>()[0], Gathered: gathered.ToArray<long>(),
                Shape: gathered.Shape);
        });
        int last = worldSize - 1;
        Assert.All(results, r =>
        {
            Assert.Equal([last, 0f], r.Max);
            Assert.Equal([0f, -last], r.Min);
            Assert.Equal(last, r.Mean, 12);   // mean of 0, 2, …, 2·last
            Assert.Equal([worldSize, 2], r.Shape);
            Assert.Equal(Enumerable.Range(0, worldSize).SelectMany(k => new long[] { k, 10 * k }), r.Gathered);
        });
    }

    [Fact]
    public void A_rank_that_never_comes_makes_the_others_fail_with_a_clear_error_inside_the_timeout()
    {
        var clock = Stopwatch.StartNew();
        var error = Assert.ThrowsAny<Exception>(() => new ProcessGroup("127.0.0.1", FreePort(), 0, 2, TimeSpan.FromSeconds(3)));
        Assert.InRange(clock.Elapsed.TotalSeconds, 2.5, 15);
        Assert.Contains("ProcessGroup (rank 0 of 2", error.Message);
    }

    [Fact]
    public void A_port_in_use_and_a_rank_outside_the_world_are_refused_with_clear_errors()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            int taken = ((IPEndPoint)listener.LocalEndpoint).Port;
            var error = Assert.ThrowsAny<Exception>(() => new ProcessGroup("127.0.0.1", taken, 0, 1, TimeSpan.FromSeconds(3)));
            Assert.Contains($"127.0.0.1:{taken}", error.Message);
        }
        finally
        {
            listener.Stop();
        }
        var rank = Assert.Throws<ArgumentOutOfRangeException>(() => new ProcessGroup("127.0.0.1", FreePort(), 2, 2, Timeout));
        Assert.Contains("0…1", rank.Message);
    }
}

/// <summary>Data-parallel steps on loopback: after broadcasting rank 0's parameters and averaging the gradients of equal
/// shards, every rank holds what one process holds after the same step on the whole batch.</summary>
public sealed class DataParallelTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void One_step_on_shards_equals_one_step_on_the_whole_batch(int worldSize)
    {
        const int batch = 8;
        using var data = new Generator(11);
        using var inputs = torch.Randn([batch, 5], data);
        using var targets = torch.Randn([batch, 3], data);
        float[] x = inputs.ToArray<float>(), y = targets.ToArray<float>();

        // One process, the whole batch, rank 0's initial weights (seed 0).
        float[][] expected;
        using (var generator = new Generator(0))
        using (var model = new nn.Linear(5, 3, generator: generator))
        using (var optimizer = new optim.SGD(model.Parameters(), 0.1))
        {
            nn.functional.MseLoss(model.Forward(inputs), targets).Backward();
            optimizer.Step();
            expected = model.Parameters().Select(p => p.ToArray<float>()).ToArray();
        }

        int shard = batch / worldSize;
        var results = ProcessGroupTests.OnEveryRank(worldSize, group =>
        {
            using var generator = new Generator((ulong)group.Rank);   // different initial weights on every rank
            using var model = new nn.Linear(5, 3, generator: generator);
            DataParallel.BroadcastParameters(group, model.Parameters());
            using var optimizer = new optim.SGD(model.Parameters(), 0.1);
            using var xs = torch.FromArray(x.AsSpan(group.Rank * shard * 5, shard * 5).ToArray(), [shard, 5]);
            using var ys = torch.FromArray(y.AsSpan(group.Rank * shard * 3, shard * 3).ToArray(), [shard, 3]);
            nn.functional.MseLoss(model.Forward(xs), ys).Backward();
            DataParallel.AverageGradients(group, model.Parameters());
            optimizer.Step();
            return model.Parameters().Select(p => p.ToArray<float>()).ToArray();
        });
        foreach (var parameters in results)
            for (int i = 0; i < expected.Length; i++)
                for (int j = 0; j < expected[i].Length; j++) Assert.Equal(expected[i][j], parameters[i][j], 5);
    }

    [Fact]
    public void A_parameter_without_a_gradient_is_named()
    {
        var errors = ProcessGroupTests.OnEveryRank(1, group =>
        {
            using var model = new nn.Linear(2, 2);
            return Assert.Throws<InvalidOperationException>(() => DataParallel.AverageGradients(group, model.Parameters())).Message;
        });
        Assert.Contains("parameter 0 [2, 2] has no gradient", errors[0]);
    }
}
