using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Uam.Experiments.Distributed;
using Uam.Experiments.Models;
using Uam.Runtime;

namespace Uam.Experiments.Bench;

/// <summary>`uam bench distributed`: training throughput of the imbalanced study's network (784-1000-1000-10 with RN
/// slots, SGD with momentum) at a global batch of 256, in one process with two libtorch threads against two processes
/// of one thread each, data-parallel over loopback (shards of 128, gradients averaged, RN statistics merged); and
/// the time of one all-reduce of the network's gradients between the two processes.</summary>
internal static class DistributedBenchmark
{
    public const int GlobalBatch = 256;
    private const string WorkerLine = "DISTRIBUTED-WORKER";

    /// <summary>The bucket cap of the overlapped reduction: PyTorch DDP's first bucket. The network's 7.2 MB of gradients
    /// make four buckets (the output layer's, then each weight matrix alone), so the last layers' all-reduces run while
    /// the backward computes the first layer's gradients.</summary>
    public const long OverlapBucketBytes = 1L << 20;

    /// <param name="TwoProcesses">Two processes with the studies' reduction (the default bucket cap: one bucket here).</param>
    /// <param name="TwoProcessesOverlapped">Two processes with <see cref="OverlapBucketBytes"/> buckets overlapping the backward.</param>
    public sealed record Result(double OneProcess, double TwoProcesses, double TwoProcessesOverlapped, long Buckets,
        double AllReduceMilliseconds, long GradientBytes)
    {
        public double Scaling => TwoProcesses / OneProcess;
    }

    public static Result Run(IAnsiConsole console, string normalizer, int steps, int trials)
    {
        var single = new List<double>();
        var parallel = new List<double>();
        var overlapped = new List<double>();
        var allReduce = new List<double>();
        long bytes = 0, buckets = 0;
        torch.NumThreads = 2;
        TrainOneProcess(normalizer, 2);   // warm-up: the JIT, first-touch memory
        Measure.Interleave(trials,
            () =>
            {
                torch.NumThreads = 2;
                single.Add(TrainOneProcess(normalizer, steps));
                console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"1 process × 2 threads: {single[^1],8:F1} samples/s"));
            },
            () =>
            {
                var trial = TrainTwoProcesses(normalizer, steps);
                (bytes, buckets) = (trial.Bytes, trial.Buckets);
                parallel.Add(trial.OneBucket);
                overlapped.Add(trial.Overlapped);
                allReduce.Add(trial.AllReduceMilliseconds);
                console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"2 processes × 1 thread: {trial.OneBucket,8:F1} samples/s in one bucket, {trial.Overlapped:F1} in {trial.Buckets} buckets " +
                    $"launched during the backward; all-reduce of the gradients {trial.AllReduceMilliseconds:F2} ms"));
            });
        var result = new Result(Measure.Median(single), Measure.Median(parallel), Measure.Median(overlapped), buckets, Measure.Median(allReduce), bytes);
        var table = new Table().AddColumns("configuration", "samples/s (median)", "ratio");
        string Ratio(double value) => (value / result.OneProcess).ToString("F3", CultureInfo.InvariantCulture);
        table.AddRow("1 process × 2 libtorch threads", result.OneProcess.ToString("F1", CultureInfo.InvariantCulture), "1.000");
        table.AddRow("2 processes × 1 thread, one bucket (the studies' default)",
            result.TwoProcesses.ToString("F1", CultureInfo.InvariantCulture), Ratio(result.TwoProcesses));
        table.AddRow($"2 processes × 1 thread, {result.Buckets} buckets overlapping the backward",
            result.TwoProcessesOverlapped.ToString("F1", CultureInfo.InvariantCulture), Ratio(result.TwoProcessesOverlapped));
        console.Write(table);
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"{normalizer} network, global batch {GlobalBatch}, {steps} timed steps per trial, {trials} interleaved trials; one all-reduce of " +
            $"{result.GradientBytes / 1e6:F1} MB of gradients (Gloo, loopback): {result.AllReduceMilliseconds:F2} ms."));
        return result;
    }

    public static string ResultLine(Result result) => string.Create(CultureInfo.InvariantCulture,
        $"RESULT distributed scaling={result.Scaling:F3} allreduce_ms={result.AllReduceMilliseconds:F2}");

    private static nn.Module<Tensor, Tensor> Network(string normalizer, Generator generator) =>
        PaperModels.Classifiers[normalizer](generator, null);

    /// <summary>Samples per second of <paramref name="steps"/> training steps on the whole global batch.</summary>
    private static double TrainOneProcess(string normalizer, int steps)
    {
        using var generator = new Generator(1);
        using var model = Network(normalizer, generator);
        using var optimizer = new optim.SGD(model.Parameters(), 0.01, momentum: 0.9);
        return Train(model, optimizer, steps, 0, GlobalBatch, averageGradients: null);
    }

    /// <summary>Samples per second of the global batch, training on its rows <paramref name="start"/>…+<paramref name="rows"/>;
    /// <paramref name="averageGradients"/> runs between the backward and the optimizer's step.</summary>
    private static double Train(nn.Module<Tensor, Tensor> model, optim.SGD optimizer, int steps, int start, int rows, Action? averageGradients)
    {
        using var data = new Generator(7);
        using var images = torch.Rand([GlobalBatch, 784], data);
        using var labels = torch.RandInt(0, 10, [GlobalBatch], data);
        using var x = images.Narrow(0, start, rows);
        using var y = labels.Narrow(0, start, rows);
        var clock = Stopwatch.StartNew();
        for (int step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.ZeroGrad();
            Tensor loss = nn.functional.NllLoss(PaperModels.Forward(model, x, y), y);
            loss.Backward();
            averageGradients?.Invoke();
            optimizer.Step();
        }
        return steps * GlobalBatch / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Starts two ranks of this command (<see cref="Worker"/>) and reads rank 0's measurements.</summary>
    private static (double OneBucket, double Overlapped, long Buckets, double AllReduceMilliseconds, long Bytes) TrainTwoProcesses(string normalizer, int steps)
    {
        int port = ProcessGroup.FreeLoopbackPort();
        var lines = new List<string>();
        var plan = new LaunchPlan(2, 1, 0, "127.0.0.1", port, TimeSpan.FromMinutes(2),
            ["bench", "distributed", "--worker", "--normalizer", normalizer, "--steps", steps.ToString(CultureInfo.InvariantCulture)]);
        int status = Launcher.Run(plan, (rank, text) => { lock (lines) lines.Add($"[rank {rank}] {text}"); }, text => { lock (lines) lines.Add(text); },
            CancellationToken.None);
        string? report = lines.FirstOrDefault(l => l.StartsWith($"[rank 0] {WorkerLine} ", StringComparison.Ordinal));
        if (status != 0 || report is null)
            throw new InvalidOperationException($"the two-process trial failed (status {status}):\n{string.Join('\n', lines.TakeLast(20))}");
        var values = report.Split(' ').Skip(3).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        return (double.Parse(values["one_bucket"], CultureInfo.InvariantCulture), double.Parse(values["overlapped"], CultureInfo.InvariantCulture),
            long.Parse(values["buckets"], CultureInfo.InvariantCulture), double.Parse(values["allreduce_ms"], CultureInfo.InvariantCulture),
            long.Parse(values["bytes"], CultureInfo.InvariantCulture));
    }

    /// <summary>One rank of the two-process trial: one libtorch thread, its half of every global batch, the gradients
    /// averaged by a <see cref="GradientReducer"/> with <see cref="OverlapBucketBytes"/> buckets launched during the
    /// backward, then by one with the default cap (one bucket for this network: the studies' configuration); then 20
    /// timed all-reduces of the network's gradients after a barrier (the median is reported).</summary>
    public static int Worker(string normalizer, int steps)
    {
        torch.NumThreads = 1;
        RankEnvironment ranks = RankEnvironment.ForWorldSize(2);
        using var group = ranks.Join();
        using var generator = new Generator(1);
        using var model = Network(normalizer, generator);
        DataParallel.Prepare(group, model);
        using var optimizer = new optim.SGD(model.Parameters(), 0.01, momentum: 0.9);
        var (start, rows) = new DistributedSampler(group).Shard(GlobalBatch);
        (double Samples, long Buckets) TrainWith(long bucketBytes)
        {
            using var reducer = new GradientReducer(group, model.Parameters(), bucketBytes);   // one at a time: each hooks the parameters
            Train(model, optimizer, 2, start, rows, reducer.Finish);   // warm-up
            group.Barrier();
            return (Train(model, optimizer, steps, start, rows, reducer.Finish), reducer.LaunchedDuringBackward);
        }
        var (overlapped, buckets) = TrainWith(OverlapBucketBytes);
        var (oneBucket, _) = TrainWith(DataParallel.DefaultBucketBytes);
        void AverageGradients() => DataParallel.AverageGradients(group, model.Parameters());
        var times = new List<double>();
        for (int i = 0; i < 20; i++)
        {
            group.Barrier();
            times.Add(Measure.Seconds(AverageGradients) * 1000);
        }
        long bytes = model.Parameters().Sum(p => p.NumElements * 4);
        // The slower rank sets the pace: rank 0 reports the smaller of the two throughputs.
        using var slowest = torch.FromArray(new[] { oneBucket, overlapped }, [2]);
        group.AllReduce(slowest, ReduceOperation.Min);
        double[] pace = slowest.ToArray<double>();
        if (group.Rank == 0)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{WorkerLine} one_bucket={pace[0]:R} overlapped={pace[1]:R} buckets={buckets} allreduce_ms={Measure.Median(times):R} bytes={bytes}"));
        return 0;
    }
}
