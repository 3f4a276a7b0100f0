namespace Uam.Experiments.Reporting;

/// <summary>The report of one study: what ran (metadata) and what came out (tables, charts, heat maps, images), as
/// data that every renderer (terminal, Markdown, CSV, SVG, HTML) draws from. Nothing in a report is text to be parsed
/// back: a chart holds its series, a table its estimates.</summary>
internal sealed record Report(string Title, IReadOnlyList<KeyValuePair<string, string>> Metadata, IReadOnlyList<ReportBlock> Blocks)
{
    /// <summary>An identifier for links and file names, unique among the reports of one page.</summary>
    public string Id { get; init; } = ReportBlock.Slug(Title);
}

/// <summary>A part of a report. <see cref="Id"/> names it in files and pages.</summary>
internal abstract record ReportBlock(string Title, string Id)
{
    /// <summary>A short explanation shown with the block.</summary>
    public string? Note { get; init; }

    public static string Slug(string text)
    {
        var slug = new System.Text.StringBuilder();
        foreach (char c in text.ToLowerInvariant())
            if (char.IsAsciiLetterOrDigit(c)) slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        return slug.ToString().Trim('-');
    }
}

/// <summary>A table: one row per label, one cell per column; cells are estimates (mean ± s.e.) or text.</summary>
internal sealed record ReportTable(string Title, string Id, string RowHeader, IReadOnlyList<string> Columns, IReadOnlyList<ReportRow> Rows)
    : ReportBlock(Title, Id);

internal sealed record ReportRow(string Label, IReadOnlyList<ReportValue> Cells);

/// <summary>A table cell: an estimate over runs, or plain text (<see cref="Estimate"/> null).</summary>
internal sealed record ReportValue(string Text, Estimate? Estimate = null)
{
    public static ReportValue Of(Estimate estimate) => new(estimate.ToString(), estimate);

    public static readonly ReportValue Empty = new("");
}

/// <summary>Line charts of series against x, with views to choose from: each view has one value per selector (e.g.
/// selectors "n" and "view", a view "n=4" × "difference to the baseline").</summary>
internal sealed record ReportChart(string Title, string Id, string XLabel, string YLabel, IReadOnlyList<string> Selectors, IReadOnlyList<ChartView> Views)
    : ReportBlock(Title, Id)
{
    public bool LogX { get; init; }
}

internal sealed record ChartView(IReadOnlyList<string> Choice, IReadOnlyList<ChartSeries> Series);

/// <summary>A series: points (x, y), and optionally a standard error per point.</summary>
internal sealed record ChartSeries(string Name, double[] X, double[] Y, double[]? Error = null);

/// <summary>Heat maps of a matrix (confusion, per-class accuracy) with views as in <see cref="ReportChart"/>.</summary>
internal sealed record ReportHeatmap(string Title, string Id, string RowLabel, IReadOnlyList<string> Rows, string ColumnLabel, IReadOnlyList<string> Columns,
    IReadOnlyList<string> Selectors, IReadOnlyList<HeatmapView> Views) : ReportBlock(Title, Id)
{
    /// <summary>How cell values are printed, e.g. "F0" for counts, "F2" for percentages.</summary>
    public string Format { get; init; } = "F2";
}

internal sealed record HeatmapView(IReadOnlyList<string> Choice, double[][] Values);

/// <summary>A picture (PNG or SVG) embedded in the report.</summary>
internal sealed record ReportImage(string Title, string Id, string MediaType, byte[] Content) : ReportBlock(Title, Id);
