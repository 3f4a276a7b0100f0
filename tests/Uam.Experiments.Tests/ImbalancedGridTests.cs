using Uam.Experiments.Imbalanced;
using Xunit;

namespace Uam.Experiments.Tests;

public class ImbalancedGridTests
{
    private static ImbalancedOptions Options(string output = "unused") => new()
    {
        Dataset = "synthetic",
        DataDirectory = "unused",
        Models = ["ffnn", "rnn"],
        Normalizers = ["baseline", "RN", "SN"],
        DownSampled = [0, 3, 6, 9],
        Seeds = [1, 2, 3],
        OutputDirectory = output,
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(200)]
    public void Shards_cover_the_grid_exactly_once(int shards)
    {
        var options = Options();
        var grid = ImbalancedGrid.Cells(options);
        Assert.Equal(2 * 3 * 4 * 3, grid.Count);
        var covered = Enumerable.Range(0, shards).SelectMany(i => ImbalancedGrid.Assigned(options with { Shard = (i, shards) })).ToList();
        Assert.Equal(grid.Count, covered.Count);
        Assert.Equal(grid.OrderBy(c => c.Key(options)), covered.OrderBy(c => c.Key(options)));
    }

    [Fact]
    public void Workers_claiming_cells_run_each_exactly_once()
    {
        var options = Options();
        var grid = ImbalancedGrid.Cells(options);
        using var directory = new TemporaryDirectory("uam-claims-");
        var claims = new CellClaims(directory.Path);
        var claimed = new System.Collections.Concurrent.ConcurrentBag<(int Worker, Cell Cell)>();
        Parallel.For(0, 4, worker =>
        {
            foreach (Cell cell in grid)
                if (claims.TryClaim(cell)) claimed.Add((worker, cell));
        });
        Assert.Equal(grid.OrderBy(c => c.Key(options)), claimed.Select(c => c.Cell).OrderBy(c => c.Key(options)));
        Assert.False(new CellClaims(directory.Path).TryClaim(grid[0]));
    }

    [Fact]
    public void Keys_change_with_the_protocol()
    {
        var options = Options();
        var cell = new Cell("ffnn", "RN", 3, 1);
        Assert.NotEqual(cell.Key(options), cell.Key(options with { LearningRate = 0.02 }));
        Assert.NotEqual(cell.Key(options), cell.Key(options with { Faithful = true }));
        Assert.Equal(cell.Key(options), cell.Key(options with { Jobs = 4, OutputDirectory = "elsewhere" }));
        Assert.Equal("ffnn-LN_RN-n3-s1", new Cell("ffnn", "LN+RN", 3, 1).FileName);
    }

    [Fact]
    public void Lists_ranges_and_slices_parse_with_clear_errors()
    {
        Assert.Equal([0, 1, 2, 3, 7, 9], ImbalancedGrid.ParseIntegers(["0-3", "7,9"], "--n"));
        Assert.Equal((2, 5), ImbalancedGrid.ParseSlice("2/5", "--shard"));
        Assert.Contains("--shard", Assert.Throws<ArgumentException>(() => ImbalancedGrid.ParseSlice("5/5", "--shard")).Message);
        Assert.Contains("'x'", Assert.Throws<ArgumentException>(() => ImbalancedGrid.ParseIntegers(["x"], "--n")).Message);
    }

    [Fact]
    public void The_standard_error_is_the_population_std_over_root_runs()
    {
        var (mean, error, runs) = ImbalancedReport.Summarize([1.0, 2.0, 6.0]);
        Assert.Equal(3, mean, 12);
        Assert.Equal(Math.Sqrt((4 + 1 + 9) / 3.0) / Math.Sqrt(3), error, 12);
        Assert.Equal(3, runs);
    }
}
