using System.Text.Json;
using Spectre.Console.Testing;
using Uam.Experiments.Cli;
using Uam.Experiments.Commands;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;
using Uam.Experiments.Tasks.CodeLength;
using Uam.Experiments.Tasks.Imbalanced;
using Uam.Runtime;
using Xunit;

namespace Uam.Experiments.Tests;

/// <summary>The HTML report in a real browser (Debian's headless Chromium over the DevTools protocol): it loads from
/// disk with no console error and no network request, each chart and heat map holds the series and points of its
/// report block, the view selectors redraw, and a screenshot is written.</summary>
public sealed class ReportBrowserTests : IDisposable
{
    private readonly SyntheticDataset _data = new();
    private readonly TemporaryDirectory _output = new("uam-browser-");

    public void Dispose()
    {
        _data.Dispose();
        _output.Dispose();
    }

    [Fact]
    public async Task The_report_loads_offline_without_errors_and_draws_every_series()
    {
        Assert.True(HeadlessChromium.Executable() is not null, "Chromium is missing: scripts/prerequisites.sh installs Debian's chromium.");
        string imbalanced = Path.Combine(_output.Path, "imbalanced"), codeLength = Path.Combine(_output.Path, "code-length");
        var options = new ImbalancedOptions
        {
            Dataset = "synthetic", DataDirectory = _data.Directory, Models = ["ffnn"], Normalizers = ["baseline", "RN", "SN"], DownSampled = [0, 3],
            KeepProbability = 0.05, ValidationSize = 100, Common = new StudyOptions([1, 2], imbalanced, Plots: false),
        };
        Assert.Equal(0, StudyRunner.Run(new ImbalancedStudy(options), new TestConsole(), CancellationToken.None));
        Assert.Equal(0, StudyRunner.Run(new CodeLengthStudy(new CodeLengthOptions([RegularityVariant.WholeLayer, RegularityVariant.PerFeature], [8], 50, 2, 4,
            new StudyOptions([1], codeLength, Plots: false))), new TestConsole(), CancellationToken.None));
        var reports = ReportCommand.Collect([_output.Path], new TestConsole());
        Assert.Equal(2, reports.Count);
        string page = Path.Combine(_output.Path, "report.html");
        File.WriteAllText(page, HtmlRenderer.Render("browser test", reports));

        await using var browser = await HeadlessChromium.Start(1400, 1000, TimeSpan.FromSeconds(60));
        await browser.Load(page, TimeSpan.FromSeconds(60));
        Assert.Empty(browser.Errors);
        Assert.Empty(browser.ExternalRequests);

        // What ECharts drew, block by block, against the first view of each report block (the selectors' first values).
        var expected = reports.SelectMany(r => r.Blocks).Where(b => b is ReportChart or ReportHeatmap).ToList();
        JsonElement drawn = await browser.Evaluate("window.uamReport.blocks()");
        Assert.Equal(expected.Count, drawn.GetArrayLength());
        Assert.Equal(1 + 2 + 2 + 1, expected.Count);   // test error, the fc1 and fc2 probes, 2 heat maps; the code-length traces
        foreach (var (block, actual) in expected.Zip(drawn.EnumerateArray()))
        {
            var series = actual.GetProperty("series").EnumerateArray().ToList();
            if (block is ReportChart chart)
            {
                Assert.Equal("chart", actual.GetProperty("kind").GetString());
                Assert.Equal(chart.Views[0].Series.Select(s => s.Name), series.Select(s => s.GetProperty("name").GetString()));
                Assert.Equal(chart.Views[0].Series.Select(s => s.X.Length), series.Select(s => s.GetProperty("points").GetInt32()));
            }
            else
            {
                var heatmap = (ReportHeatmap)block;
                Assert.Equal("heatmap", actual.GetProperty("kind").GetString());
                Assert.Equal(heatmap.Rows.Count * heatmap.Columns.Count, Assert.Single(series).GetProperty("points").GetInt32());
            }
        }
        // The probe chart of fc1: 3 normalizers × the synthetic epoch's steps, and switching the view to the difference
        // to the baseline redraws the baseline's own curve as zeros.
        ReportChart probe = expected.OfType<ReportChart>().Single(c => c.Id == "uam_ffnn_fc1_norm");
        Assert.Equal(["baseline", "RN", "SN"], probe.Views[0].Series.Select(s => s.Name));
        string id = drawn.EnumerateArray().Select(b => b.GetProperty("id").GetString()!).Single(i => i.EndsWith("uam_ffnn_fc1_norm", StringComparison.Ordinal));
        JsonElement difference = await browser.Evaluate($$"""
            (() => {
              const host = document.getElementById('{{id}}');
              const select = host.querySelector('select[data-selector="view"]');
              select.value = '{{ImbalancedReport.DifferenceView}}';
              select.dispatchEvent(new Event('change'));
              const series = echarts.getInstanceByDom(host.querySelector('.plot')).getOption().series;
              return series.map(s => s.data.map(p => p[1]));
            })()
            """);
        Assert.All(difference[0].EnumerateArray(), y => Assert.Equal(0, y.GetDouble()));
        Assert.Contains(difference[1].EnumerateArray(), y => y.GetDouble() != 0);
        Assert.Empty(browser.Errors);

        byte[] png = await browser.Screenshot(1400, 1200);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(1400, (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19]);   // IHDR width
        File.WriteAllBytes(Path.Combine(_output.Path, "report.png"), png);
    }
}
