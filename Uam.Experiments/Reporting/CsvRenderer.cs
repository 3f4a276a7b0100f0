using System.Globalization;
using System.Text;

namespace Uam.Experiments.Reporting;

/// <summary>Tables as CSV in long form, one line per cell: table, row, column, mean, standard error, runs and the
/// cell as printed (the numbers at full precision for other tools; text cells have only the last).</summary>
internal static class CsvRenderer
{
    public const string Header = "table,row,column,mean,standard_error,runs,text";

    public static string Render(IEnumerable<ReportTable> tables)
    {
        var csv = new StringBuilder(Header + "\n");
        foreach (ReportTable table in tables)
            foreach (ReportRow row in table.Rows)
                for (int c = 0; c < table.Columns.Count; c++)
                {
                    ReportValue value = row.Cells[c];
                    Estimate? e = value.Estimate;
                    csv.AppendJoin(',', Field(table.Id), Field(row.Label), Field(table.Columns[c]),
                            e is { Runs: > 0 } ? e.Mean.ToString("R", CultureInfo.InvariantCulture) : "",
                            e is { Runs: > 0 } ? e.StandardError.ToString("R", CultureInfo.InvariantCulture) : "",
                            e?.Runs.ToString(CultureInfo.InvariantCulture) ?? "", Field(value.Text))
                        .Append('\n');
                }
        return csv.ToString();
    }

    /// <summary>A field quoted when it holds a comma, a quote or a line break (RFC 4180).</summary>
    public static string Field(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";
}
