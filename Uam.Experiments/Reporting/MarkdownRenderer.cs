using System.Text;

namespace Uam.Experiments.Reporting;

/// <summary>A report as Markdown: title, metadata, tables; charts as links to their SVG files where given.</summary>
internal static class MarkdownRenderer
{
    /// <param name="chartFiles">Relative paths of rendered charts by block id (left out when none).</param>
    public static string Render(Report report, IReadOnlyDictionary<string, string>? chartFiles = null)
    {
        var text = new StringBuilder($"# {report.Title}\n\n");
        foreach (var (name, value) in report.Metadata) text.Append($"- **{name}:** {Escape(value)}\n");
        if (report.Metadata.Count > 0) text.Append('\n');
        foreach (ReportBlock block in report.Blocks)
        {
            if (block is ReportTable table) text.Append(Table(table));
            else if (chartFiles?.TryGetValue(block.Id, out string? file) == true) text.Append($"## {block.Title}\n\n![{block.Title}]({file})\n\n");
        }
        return text.ToString();
    }

    public static string Table(ReportTable table)
    {
        var text = new StringBuilder($"## {table.Title}\n\n");
        if (table.Note is { } note) text.Append(note).Append("\n\n");
        text.Append($"| {Escape(table.RowHeader)} | {string.Join(" | ", table.Columns.Select(Escape))} |\n");
        text.Append("|---|").Append(string.Concat(table.Columns.Select(_ => "---|"))).Append('\n');
        foreach (ReportRow row in table.Rows) text.Append($"| {Escape(row.Label)} | {string.Join(" | ", row.Cells.Select(c => Escape(c.Text)))} |\n");
        return text.Append('\n').ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
