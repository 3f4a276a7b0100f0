using Uam.Experiments.Cli;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;
using Uam.Experiments.Tasks.Imbalanced;
using Xunit;

namespace Uam.Experiments.Tests;

public class StudyGridTests
{
    /// <summary>Random grids: 1–4 axes of 1–6 values, one of them the seeds, some points filtered out.</summary>
    private static StudyGrid RandomGrid(Random random)
    {
        int axes = random.Next(1, 5);
        var list = new List<Axis> { Axis.Of(Axis.Seed, Enumerable.Range(1, random.Next(1, 5))) };
        for (int a = 1; a < axes; a++) list.Add(Axis.Of($"axis{a}", Enumerable.Range(0, random.Next(1, 7)).Select(v => $"v{v}")));
        list = list.OrderBy(_ => random.Next()).ToList();
        int modulus = random.Next(1, 4);
        return new StudyGrid(list, modulus == 1 ? null : p => p.GetHashCode() % modulus != 0);
    }

    [Fact]
    public void Shards_cover_any_grid_exactly_once()
    {
        var random = new Random(20261129);
        for (int trial = 0; trial < 300; trial++)
        {
            StudyGrid grid = RandomGrid(random);
            int shards = random.Next(1, grid.Points.Count + 3);
            var covered = Enumerable.Range(0, shards).SelectMany(i => grid.Slice(i, shards)).ToList();
            Assert.Equal(grid.Points.Count, covered.Count);
            Assert.Equal(grid.Points.Count, covered.Distinct().Count());
            Assert.True(grid.Points.ToHashSet().SetEquals(covered));
            // and the shards differ in size by at most one run
            var sizes = Enumerable.Range(0, shards).Select(i => grid.Slice(i, shards).Count).ToList();
            Assert.True(sizes.Max() - sizes.Min() <= 1);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => RandomGrid(random).Slice(3, 3));
    }

    [Fact]
    public void The_grid_is_the_product_of_its_axes_first_axis_outermost()
    {
        var grid = new StudyGrid([Axis.Of(Axis.Seed, [1, 2]), Axis.Of("n", [0, 4, 8])]);
        Assert.Equal(["seed=1, n=0", "seed=1, n=4", "seed=1, n=8", "seed=2, n=0", "seed=2, n=4", "seed=2, n=8"], grid.Points.Select(p => p.ToString()));
        Assert.Equal("toy|seed=2|n=4|p=1", grid.Points[4].Key("toy", "p=1"));
        Assert.Equal((2, 4), (grid.Points[4].Seed, grid.Points[4].Integer("n")));
        Assert.Contains("seed", Assert.Throws<ArgumentException>(() => new StudyGrid([Axis.Of("n", [1])])).Message);
        Assert.Contains("'n' has no values", Assert.Throws<ArgumentException>(() => new StudyGrid([Axis.Of(Axis.Seed, [1]), new Axis("n", [])])).Message);
    }

    [Fact]
    public void Workers_claiming_runs_do_each_exactly_once()
    {
        var grid = RandomGrid(new Random(7));
        using var directory = new TemporaryDirectory("uam-claims-");
        var claims = new RunClaims(directory.Path);
        var claimed = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, _ =>
        {
            foreach (RunPoint point in grid.Points)
                if (claims.TryClaim(point.FileName())) claimed.Add(point.FileName());
        });
        Assert.Equal(grid.Points.Select(p => p.FileName()).Order(), claimed.Order());
        Assert.False(new RunClaims(directory.Path).TryClaim(grid.Points[0].FileName()));
    }

    [Fact]
    public void Imbalanced_keys_change_with_the_protocol_and_not_with_where_or_how_it_runs()
    {
        var options = new ImbalancedOptions
        {
            Dataset = "synthetic", DataDirectory = "unused", Models = ["ffnn"], Normalizers = ["RN", "LN+RN"], DownSampled = [3],
            Common = new StudyOptions([1], "unused"),
        };
        string Key(ImbalancedOptions o) => new ImbalancedStudy(o).KeyOf(new Cell("ffnn", "RN", 3, 1));
        Assert.Equal("imbalanced|seed=1|n=3|model=ffnn|normalizer=RN|" + options.ProtocolKey, Key(options));
        Assert.NotEqual(Key(options), Key(options with { LearningRate = 0.02 }));
        Assert.NotEqual(Key(options), Key(options with { Faithful = true }));
        Assert.Equal(Key(options), Key(options with { Common = options.Common with { Jobs = 4, Output = "elsewhere", Threads = 2 } }));
        Assert.Equal("ffnn-LN_RN-n3-s1", new ImbalancedStudy(options).RunName(new ImbalancedStudy(options).Grid.Points[1]));
    }

    [Fact]
    public void Lists_ranges_and_slices_parse_with_clear_errors()
    {
        Assert.Equal([0, 1, 2, 3, 7, 9], Lists.ParseIntegers(["0-3", "7,9"], "--n"));
        Assert.Equal((2, 5), Lists.ParseSlice("2/5", "--shard"));
        Assert.Contains("--shard", Assert.Throws<ArgumentException>(() => Lists.ParseSlice("5/5", "--shard")).Message);
        Assert.Contains("'x'", Assert.Throws<ArgumentException>(() => Lists.ParseIntegers(["x"], "--n")).Message);
    }

    [Fact]
    public void The_standard_error_is_the_population_std_over_root_runs()
    {
        var (mean, error, runs) = Estimate.Of([1.0, 2.0, 6.0, double.NaN]);
        Assert.Equal(3, mean, 12);
        Assert.Equal(Math.Sqrt((4 + 1 + 9) / 3.0) / Math.Sqrt(3), error, 12);
        Assert.Equal(3, runs);
        Assert.Equal("3.00 ± 1.25", Estimate.Of([1.0, 2.0, 6.0]).ToString());
        Assert.Equal("2.50", Estimate.Of([2.5]).ToString());
        Assert.Equal("", Estimate.Of([]).ToString());
    }

    [Fact]
    public void Every_study_command_has_the_common_options_with_the_same_help()
    {
        // A task whose command only groups studies (uam sdm tables | convergence | projection) contributes its subcommands.
        var commands = StudyTasks.All.Select(t => t.CreateCommand())
            .SelectMany(c => c.Action is null && c.Subcommands.Count > 0 ? c.Subcommands.ToList() : [c]).ToList();
        Assert.Contains(commands, c => c.Name == "imbalanced");
        Assert.Contains(commands, c => c.Name == "convergence");
        Assert.Contains(commands, c => c.Name == "code-length");
        foreach (string name in new[] { "--seeds", "--output", "--jobs", "--shard", "--threads", "--no-plots" })
        {
            var descriptions = commands.Select(c => c.Options.Single(o => o.Name == name).Description!).ToList();
            // the same text, except the sentence that says what a seed fixes in that task
            if (name == "--seeds") Assert.All(descriptions, d => Assert.StartsWith("Seeds, a list and/or ranges such as '1-3'; each fixes ", d));
            else Assert.Single(descriptions.Distinct());
        }
    }
}
