using Spectre.Console;

namespace Uam.Experiments.Reporting;

/// <summary>What a finished study writes of its report: the tables to the terminal, summary.md and summary.csv, and
/// (unless plots are off) the self-contained report.html.</summary>
internal static class ReportFiles
{
    public static void Write(IAnsiConsole console, Report report, string directory, bool html)
    {
        TerminalRenderer.Write(console, report);
        AtomicFile.Write(Path.Combine(directory, "summary.md"), MarkdownRenderer.Render(report));
        AtomicFile.Write(Path.Combine(directory, "summary.csv"), CsvRenderer.Render(report.Blocks.OfType<ReportTable>()));
        if (html) AtomicFile.Write(Path.Combine(directory, "report.html"), HtmlRenderer.Render(report.Title, [report]));
    }
}
