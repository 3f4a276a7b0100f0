using System.Diagnostics;
using System.Globalization;
using System.Security;
using System.Text;

namespace Uam.Experiments.Reporting;

/// <summary>SVG pictures of report blocks: tables drawn directly (a grid of text), charts drawn by gnuplot (no .NET
/// plotting library exists here) from the chart's series records.</summary>
internal static class SvgRenderer
{
    private const int RowHeight = 24, CharWidth = 8, Padding = 10;

    public static string Table(ReportTable table)
    {
        string[] header = [table.RowHeader, .. table.Columns];
        List<string[]> rows = [header, .. table.Rows.Select(r => (string[])[r.Label, .. r.Cells.Select(c => c.Text)])];
        int[] widths = Enumerable.Range(0, header.Length).Select(c => rows.Max(r => r[c].Length) * CharWidth + 2 * Padding).ToArray();
        int width = widths.Sum(), height = (rows.Count + 1) * RowHeight;
        var svg = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"monospace\" font-size=\"13\">\n"));
        svg.Append($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append($"<text x=\"{Padding}\" y=\"{RowHeight - 7}\" font-weight=\"bold\">{Escape(table.Title)}</text>\n");
        for (int r = 0; r < rows.Count; r++)
        {
            int y = (r + 2) * RowHeight - 7, x = 0;
            if (r % 2 == 1) svg.Append($"<rect x=\"0\" y=\"{(r + 1) * RowHeight}\" width=\"{width}\" height=\"{RowHeight}\" fill=\"#f3f5f8\"/>\n");
            for (int c = 0; c < header.Length; c++)
            {
                // Column 0 (labels) left-aligned, numbers right-aligned as in the other renderers.
                string anchor = c == 0 ? $"x=\"{x + Padding}\"" : $"x=\"{x + widths[c] - Padding}\" text-anchor=\"end\"";
                svg.Append($"<text {anchor} y=\"{y}\" data-row=\"{r - 1}\" data-column=\"{c - 1}\"{(r == 0 ? " font-weight=\"bold\"" : "")}>{Escape(rows[r][c])}</text>\n");
                x += widths[c];
            }
        }
        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>Whether charts can be drawn (gnuplot on the PATH).</summary>
    public static bool CanDrawCharts { get; } =
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, "gnuplot")));

    /// <summary>Draws one view of a chart to an SVG file with gnuplot: a line per series, error bars where the series has them.</summary>
    public static void Chart(ReportChart chart, ChartView view, string path)
    {
        var script = new StringBuilder();
        script.AppendLine("set terminal svg size 900,560 dynamic noenhanced background rgb 'white' font 'sans,12'");
        script.AppendLine($"set output '{path.Replace("'", "''")}'");
        string choice = view.Choice.Count > 0 ? $" ({string.Join(", ", view.Choice)})" : "";
        script.AppendLine($"set title \"{Quote(chart.Title + choice)}\"");
        script.AppendLine($"set xlabel \"{Quote(chart.XLabel)}\"");
        script.AppendLine($"set ylabel \"{Quote(chart.YLabel)}\"");
        if (chart.LogX) script.AppendLine("set logscale x");
        script.AppendLine("set key outside right");
        script.AppendLine("set grid");
        var plotted = view.Series.Where(s => s.X.Length > 0).ToList();
        if (plotted.Count == 0) return;
        for (int i = 0; i < plotted.Count; i++)
        {
            ChartSeries s = plotted[i];
            script.AppendLine($"$data{i} << EOD");
            for (int p = 0; p < s.X.Length; p++)
                script.AppendLine(s.Error is null
                    ? string.Create(CultureInfo.InvariantCulture, $"{s.X[p]:R} {Number(s.Y[p])}")
                    : string.Create(CultureInfo.InvariantCulture, $"{s.X[p]:R} {Number(s.Y[p])} {Number(s.Error[p])}"));
            script.AppendLine("EOD");
        }
        script.AppendLine("plot " + string.Join(", ", plotted.Select((s, i) =>
            $"$data{i} {(s.Error is null ? "with lines" : "with yerrorlines")} title \"{Quote(s.Name)}\"")));
        var start = new ProcessStartInfo("gnuplot") { RedirectStandardInput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start gnuplot");
        process.StandardInput.Write(script.ToString());
        process.StandardInput.Close();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"gnuplot failed on {path}: {errors}");
    }

    private static string Number(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "NaN";

    private static string Quote(string text) => text.Replace("\\", "\\\\").Replace("\"", "'");

    private static string Escape(string text) => SecurityElement.Escape(text);
}
