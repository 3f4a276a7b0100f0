using System.Text;
using System.Xml.Linq;
using Spectre.Console.Testing;
using Uam.Experiments.Reporting;
using Xunit;

namespace Uam.Experiments.Tests;

/// <summary>One table of the report model, rendered by every renderer and read back: the same cells everywhere.</summary>
public sealed class ReportRenderingTests
{
    private static readonly ReportTable Table = new("Test error (%) <all>", "test-error", "normalizer", ["n=0", "n=4, rare", "a|b"],
    [
        new("baseline", [ReportValue.Of(Estimate.Of([15.0, 16.5, 16.25])), ReportValue.Of(Estimate.Of([44.4])), ReportValue.Empty]),
        new("LN+RN", [ReportValue.Of(Estimate.Of([17.0, 16.98])), new ReportValue("n/a \"text\""), ReportValue.Of(Estimate.Of([1e-3, 2e-3]))]),
        new("<SN> & co", [ReportValue.Of(Estimate.Of([double.NaN])), ReportValue.Of(Estimate.Of([20.21, 22.25, 19.85])), new ReportValue("x,y")]),
    ]);

    /// <summary>What every format must show: the header row, then each row's label and cell texts.</summary>
    private static readonly string[][] Expected =
    [
        ["normalizer", "n=0", "n=4, rare", "a|b"],
        ["baseline", "15.92 ± 0.38", "44.40", ""],
        ["LN+RN", "16.99 ± 0.01", "n/a \"text\"", "0.00 ± 0.00"],
        ["<SN> & co", "", "20.77 ± 0.61", "x,y"],
    ];

    [Fact]
    public void The_estimates_print_as_mean_and_standard_error() =>
        Assert.Equal(Expected.Skip(1).Select(r => r[1..]), Table.Rows.Select(r => r.Cells.Select(c => c.Text).ToArray()));

    [Fact]
    public void Terminal()
    {
        var console = new TestConsole().Width(200);
        TerminalRenderer.Write(console, new Report("r", [], [Table]));
        var rows = console.Output.Split('\n').Where(l => l.StartsWith('│'))
            .Select(l => l.Trim().Trim('│').Split('│').Select(c => c.Trim()).ToArray()).ToArray();
        Assert.Equal(Expected, rows);
    }

    [Fact]
    public void Markdown()
    {
        string[] lines = MarkdownRenderer.Table(Table).Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToArray();
        var rows = lines.Select(l =>
        {
            // Split on the pipes that are not escaped, then unescape.
            var cells = new List<string>();
            var cell = new StringBuilder();
            for (int i = 1; i < l.Length; i++)
            {
                if (l[i] == '\\' && i + 1 < l.Length && l[i + 1] == '|') { cell.Append('|'); i++; }
                else if (l[i] == '|') { cells.Add(cell.ToString().Trim()); cell.Clear(); }
                else cell.Append(l[i]);
            }
            return cells.ToArray();
        }).ToArray();
        Assert.Equal(Expected, rows);
    }

    [Fact]
    public void Csv()
    {
        string[] lines = CsvRenderer.Render([Table]).TrimEnd('\n').Split('\n');
        Assert.Equal(CsvRenderer.Header, lines[0]);
        var records = lines.Skip(1).Select(ParseCsvLine).ToList();
        Assert.All(records, r => Assert.Equal("test-error", r[0]));
        var rows = new List<string[]> { Expected[0] };
        foreach (var group in records.GroupBy(r => r[1]))
            rows.Add([group.Key, .. Expected[0][1..].Select(column => group.Single(r => r[2] == column)[6])]);
        Assert.Equal(Expected, rows.ToArray());
        // and the numbers at full precision beside the printed text
        Assert.Equal(["15.916666666666666", "0.37883838047182933", "3"], records[0][3..6]);
    }

    [Fact]
    public void Svg()
    {
        XNamespace svg = "http://www.w3.org/2000/svg";
        var texts = XDocument.Parse(SvgRenderer.Table(Table)).Descendants(svg + "text").Where(t => t.Attribute("data-row") is not null).ToList();
        var rows = texts.GroupBy(t => int.Parse(t.Attribute("data-row")!.Value)).OrderBy(g => g.Key)
            .Select(g => g.OrderBy(t => int.Parse(t.Attribute("data-column")!.Value)).Select(t => t.Value).ToArray()).ToArray();
        Assert.Equal(Expected, rows);
    }

    [Fact]
    public void Html()
    {
        var table = XDocument.Parse(HtmlRenderer.Table(Table)).Descendants("table").Single();
        var rows = table.Descendants("tr").Select(tr => tr.Elements().Select(cell => cell.Value).ToArray()).ToArray();
        Assert.Equal(Expected, rows);
        // every estimate carries its full-precision numbers
        Assert.Equal("mean 15.916666666666666, standard error 0.37883838047182933, 3 runs", table.Descendants("td").First().Attribute("title")!.Value);
    }

    private static string[] ParseCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields.ToArray();
    }
}
