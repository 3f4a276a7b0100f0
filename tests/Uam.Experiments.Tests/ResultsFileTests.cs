using Uam.Experiments.Imbalanced;
using Xunit;

namespace Uam.Experiments.Tests;

public sealed class ResultsFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new("uam-results-");

    public void Dispose() => _directory.Dispose();

    private static RunResult Result(string key) => new(key, "ffnn", "RN", 3, 1, "protocol", [1, 4, 7], 100, 1, new int[10], 12.5, 0.4,
        Enumerable.Repeat(0.875, 10).ToArray(), Enumerable.Range(0, 10).Select(_ => new long[10]).ToArray(),
        [new ValidationPoint(10, 0.5, 0.9)], new Dictionary<string, double> { ["fc1_norm"] = 4.5, ["fc2_norm"] = double.NaN }, 1.5,
        DateTimeOffset.UnixEpoch);

    [Fact]
    public void Appended_runs_read_back_whole()
    {
        var file = new ResultsFile(_directory.Combine("results.jsonl"));
        file.Append(Result("a"));
        file.Append(Result("b"));
        var back = file.ReadAll();
        Assert.Equal(["a", "b"], back.Select(r => r.Key));
        Assert.Equal(12.5, back[0].TestError);
        Assert.Equal(0.875, back[0].RareClassAccuracy);
        Assert.True(double.IsNaN(back[1].FinalCodeLengths["fc2_norm"]));
        Assert.Equal(10, back[0].Validation.Single().Step);
    }

    [Fact]
    public void A_line_torn_by_a_crash_is_skipped()
    {
        string path = _directory.Combine("results.jsonl");
        var file = new ResultsFile(path);
        file.Append(Result("complete"));
        File.AppendAllText(path, "{\"key\":\"torn\",\"model\":\"ff");
        Assert.Equal(["complete"], file.ReadAll().Select(r => r.Key));
    }

    [Fact]
    public void A_run_appended_after_a_torn_line_is_not_lost()
    {
        string path = _directory.Combine("results.jsonl");
        var file = new ResultsFile(path);
        file.Append(Result("before"));
        File.AppendAllText(path, "{\"key\":\"torn\",\"model\":\"ff");
        file.Append(Result("after"));
        file.Append(Result("later"));
        Assert.Equal(["before", "after", "later"], file.ReadAll().Select(r => r.Key));
        Assert.Equal(4, File.ReadAllLines(path).Length);   // the torn fragment stays on a line of its own
    }

    [Fact]
    public void Concurrent_writers_lose_and_mix_no_line()
    {
        var file = new ResultsFile(_directory.Combine("results.jsonl"));
        Parallel.For(0, 4, writer =>
        {
            for (int i = 0; i < 50; i++) file.Append(Result($"{writer}-{i}"));
        });
        var keys = file.ReadAll().Select(r => r.Key).ToList();
        Assert.Equal(200, keys.Count);
        Assert.Equal(200, keys.Distinct().Count());
    }
}
