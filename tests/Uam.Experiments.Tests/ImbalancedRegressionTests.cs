using System.Runtime.CompilerServices;
using System.Text.Json;
using Spectre.Console.Testing;
using Uam.Experiments.Cli;
using Uam.Experiments.Studies;
using Uam.Experiments.Tasks.Imbalanced;
using Xunit;

namespace Uam.Experiments.Tests;

/// <summary>The imbalanced study on the study layer gives the same results as before it: Fixtures/imbalanced-before/
/// holds the records that the code before the layer (commit 27665e9) wrote for this grid, default and faithful, with
/// one OpenBLAS thread (OPENBLAS_NUM_THREADS=1, which --threads 1 now sets in every process).</summary>
public sealed class ImbalancedRegressionTests
{
    private static string Fixture(string name, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Fixtures", "imbalanced-before", name + ".jsonl");

    [Theory]
    [InlineData("default", false)]
    [InlineData("faithful", true)]
    public void The_rebuilt_study_writes_the_records_of_the_study_before_it(string fixture, bool faithful)
    {
        using var data = new SyntheticDataset();
        using var output = new TemporaryDirectory("uam-regression-");
        var options = new ImbalancedOptions
        {
            Dataset = "synthetic", DataDirectory = data.Directory, Models = ["ffnn"], Normalizers = ["baseline", "BN", "LN", "WN", "RN", "RLN", "LN+RN", "SN"],
            DownSampled = [0, 3], KeepProbability = 0.05, ValidationSize = 100, Faithful = faithful,
            Common = new StudyOptions([1, 2], output.Path, Plots: false),
        };
        foreach (var study in new[] { options, options with { Models = ["rnn"], Normalizers = ["baseline", "RN"], DownSampled = [3], Common = options.Common with { Seeds = [1] } } })
            Assert.Equal(0, StudyRunner.Run(new ImbalancedStudy(study), new TestConsole(), CancellationToken.None));

        var before = new ResultsStore(Fixture(fixture)).ReadAll(LegacyRecords.Upgrade);
        var after = ResultsStore.In(output.Path).ReadAll();
        Assert.Equal(34, before.Count);
        Assert.Equal(before.Select(r => r.Key), after.Select(r => r.Key));   // same runs, same order
        foreach (var (old, now) in before.Zip(after))
        {
            Assert.Equal((old.Protocol, old.Seed), (now.Protocol, now.Seed));
            Assert.Equal(old.Axes, now.Axes);
            // Every number of the payload, bit for bit (the round-trip format of doubles).
            Assert.Equal(JsonSerializer.Serialize(old.PayloadAs<ImbalancedRun>(), StudyRecord.Json), JsonSerializer.Serialize(now.PayloadAs<ImbalancedRun>(), StudyRecord.Json));
        }
    }
}
