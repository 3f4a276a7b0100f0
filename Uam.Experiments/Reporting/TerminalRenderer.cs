using Spectre.Console;

namespace Uam.Experiments.Reporting;

/// <summary>A report in the terminal: its tables; charts and heat maps are named (they live in report.html and plots/).</summary>
internal static class TerminalRenderer
{
    public static void Write(IAnsiConsole console, Report report)
    {
        foreach (ReportBlock block in report.Blocks)
            switch (block)
            {
                case ReportTable table:
                    console.Write(ToTable(table));
                    break;
            }
    }

    public static Table ToTable(ReportTable table)
    {
        var rendered = new Table().Title(Markup.Escape(table.Title)).AddColumn(Markup.Escape(table.RowHeader));
        foreach (string column in table.Columns) rendered.AddColumn(Markup.Escape(column), c => c.RightAligned());
        foreach (ReportRow row in table.Rows) rendered.AddRow([Markup.Escape(row.Label), .. row.Cells.Select(c => Markup.Escape(c.Text))]);
        return rendered;
    }
}
