using System.Text.Json;
using Uam.Experiments.Studies;
using Xunit;

namespace Uam.Experiments.Tests;

public sealed class ResultsStoreTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new("uam-results-");

    public void Dispose() => _directory.Dispose();

    private sealed record Payload(double Error, double[] Values);

    internal static StudyRecord Record(string key, double error = 12.5) =>
        new(key, "toy", "protocol", 1, new Dictionary<string, string> { ["seed"] = "1", ["x"] = key }, DateTimeOffset.UnixEpoch,
            DateTimeOffset.UnixEpoch.AddSeconds(1.5), 1.5, MachineInfo.Current(1), "abc", "uam toy", StudyRecord.ToPayload(new Payload(error, [4.5, double.NaN])));

    private ResultsStore Store => ResultsStore.In(_directory.Path);

    [Fact]
    public void Appended_records_read_back_whole_envelope_and_payload()
    {
        Store.Append(Record("a"));
        Store.Append(Record("b", 7.25));
        var back = Store.ReadAll();
        Assert.Equal(["a", "b"], back.Select(r => r.Key));
        Assert.Equal(("toy", "protocol", 1, "b", 1.5, "uam toy"), (back[1].Task, back[1].Protocol, back[1].Seed, back[1].Axes["x"], back[1].Seconds, back[1].Command));
        Assert.Equal(Environment.ProcessorCount, back[0].Machine.Cores);
        var payload = back[1].PayloadAs<Payload>();
        Assert.Equal(7.25, payload.Error);
        Assert.True(double.IsNaN(payload.Values[1]));   // NaN survives as a named literal
    }

    [Fact]
    public void A_line_torn_by_a_crash_is_skipped()
    {
        Store.Append(Record("complete"));
        File.AppendAllText(Store.Path, "{\"key\":\"torn\",\"task\":\"to");
        Assert.Equal(["complete"], Store.ReadAll().Select(r => r.Key));
    }

    [Fact]
    public void A_record_appended_after_a_torn_line_is_not_lost()
    {
        Store.Append(Record("before"));
        File.AppendAllText(Store.Path, "{\"key\":\"torn\",\"task\":\"to");
        Store.Append(Record("after"));
        Store.Append(Record("later"));
        Assert.Equal(["before", "after", "later"], Store.ReadAll().Select(r => r.Key));
        Assert.Equal(4, File.ReadAllLines(Store.Path).Length);   // the torn fragment stays on a line of its own
    }

    [Fact]
    public void Concurrent_writers_lose_and_mix_no_line()
    {
        // The lock is an flock on a lock file: threads with their own streams contend exactly as processes do. Records
        // of ~200 KB make each write long, so that unguarded writers would overlap (seek to the same end, interleave).
        double[] large = Enumerable.Range(0, 10_000).Select(i => i / 7.0).ToArray();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, writer =>
        {
            var store = ResultsStore.In(_directory.Path);
            for (int i = 0; i < 12; i++)
                store.Append(Record($"{writer}-{i}", writer + i / 100.0) with { Payload = StudyRecord.ToPayload(new Payload(writer + i / 100.0, large)) });
        });
        var records = Store.ReadAll();
        Assert.Equal(96, File.ReadAllLines(Store.Path).Length);
        Assert.Equal(96, records.Count);
        Assert.Equal(96, records.Select(r => r.Key).Distinct().Count());
        Assert.All(records, r => Assert.Equal(int.Parse(r.Key.Split('-')[0]) + int.Parse(r.Key.Split('-')[1]) / 100.0, r.PayloadAs<Payload>().Error));
    }

    [Fact]
    public async Task An_append_waits_while_another_writer_holds_the_lock()
    {
        Store.Append(Record("first"));
        Task append;
        using (new FileStream(Store.Path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))   // another writer, mid-append
        {
            append = Task.Run(() => Store.Append(Record("second")));
            Assert.NotSame(append, await Task.WhenAny(append, Task.Delay(300)));   // still waiting for the lock
            Assert.Single(Store.ReadAll());
        }
        await append.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["first", "second"], Store.ReadAll().Select(r => r.Key));
    }

    [Fact]
    public void Lines_from_before_the_envelope_go_to_the_upgrade_and_others_are_skipped()
    {
        File.WriteAllText(Store.Path, "{\"key\":\"old\",\"value\":1}\n");
        Store.Append(Record("new"));
        Assert.Equal(["new"], Store.ReadAll().Select(r => r.Key));
        Assert.Equal(["upgraded", "new"], Store.ReadAll(line => Record("upgraded", line["value"]!.GetValue<double>())).Select(r => r.Key));
    }

    [Fact]
    public void A_payload_of_another_shape_fails_with_the_key()
    {
        Store.Append(Record("a"));
        var e = Assert.Throws<JsonException>(() => Store.ReadAll()[0].PayloadAs<int[]>());
        Assert.NotNull(e);
    }
}
