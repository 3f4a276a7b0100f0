using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Uam.Experiments.Reporting;

/// <summary>Reports as one self-contained HTML page: opens from disk, offline, with nothing fetched. Tables are HTML;
/// charts and heat maps are drawn in the page by Apache ECharts (fetched from npm by scripts/fetch-charting.sh and
/// embedded into uam at build time), inlined with our script and style and the reports' data as JSON.</summary>
internal static class HtmlRenderer
{
    public static string Render(string title, IReadOnlyList<Report> reports)
    {
        var ids = new HashSet<string>();
        string Unique(string id)
        {
            string candidate = id.Length == 0 ? "block" : id;
            for (int i = 2; !ids.Add(candidate); i++) candidate = $"{id}-{i}";
            return candidate;
        }
        var html = new StringBuilder();
        var blocks = new List<(string Id, ReportBlock Block)>();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append($"<title>{E(title)}</title>\n<style>\n{Resource("report.css")}</style>\n</head>\n<body>\n<nav>\n<h1>{E(title)}</h1>\n");
        var sectionIds = reports.Select(r => Unique("study-" + r.Id)).ToList();
        for (int i = 0; i < reports.Count; i++) html.Append($"<a href=\"#{sectionIds[i]}\">{E(reports[i].Title)}</a>\n");
        html.Append("</nav>\n<main>\n");
        for (int i = 0; i < reports.Count; i++)
        {
            Report report = reports[i];
            html.Append($"<section class=\"study\" id=\"{sectionIds[i]}\">\n<h2>{E(report.Title)}</h2>\n<dl class=\"meta\">\n");
            foreach (var (name, value) in report.Metadata) html.Append($"<dt>{E(name)}</dt><dd>{E(value)}</dd>\n");
            html.Append("</dl>\n");
            foreach (ReportBlock block in report.Blocks)
            {
                string id = Unique(sectionIds[i] + "-" + block.Id);
                html.Append($"<div class=\"block {Kind(block)}\" id=\"{id}\">\n<h3>{E(block.Title)}</h3>\n");
                if (block.Note is { } note) html.Append($"<p class=\"note\">{E(note)}</p>\n");
                switch (block)
                {
                    case ReportTable table:
                        html.Append(Table(table));
                        break;
                    case ReportImage image:
                        html.Append($"<img class=\"figure\" alt=\"{E(image.Title)}\" src=\"data:{image.MediaType};base64,{Convert.ToBase64String(image.Content)}\">\n");
                        break;
                    default:
                        html.Append("<div class=\"controls\"></div>\n<div class=\"plot\"></div>\n");
                        blocks.Add((id, block));
                        break;
                }
                html.Append("</div>\n");
            }
            html.Append("</section>\n");
        }
        html.Append("</main>\n")
            .Append("<script type=\"application/json\" id=\"uam-data\">").Append(Data(blocks)).Append("</script>\n")
            .Append("<script>\n").Append(Resource("echarts.min.js").Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)).Append("\n</script>\n")
            .Append("<script>\n").Append(Resource("report.js")).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Kind(ReportBlock block) => block switch
    {
        ReportTable => "table",
        ReportChart => "chart",
        ReportHeatmap => "heatmap",
        _ => "image",
    };

    public static string Table(ReportTable table)
    {
        var html = new StringBuilder($"<div class=\"scroll\"><table class=\"results\" data-table=\"{E(table.Id)}\">\n<thead><tr><th>{E(table.RowHeader)}</th>");
        foreach (string column in table.Columns) html.Append($"<th>{E(column)}</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (ReportRow row in table.Rows)
        {
            html.Append($"<tr><th>{E(row.Label)}</th>");
            foreach (ReportValue cell in row.Cells)
                html.Append(cell.Estimate is { Runs: > 0 } e
                    ? string.Create(CultureInfo.InvariantCulture, $"<td title=\"mean {e.Mean:R}, standard error {e.StandardError:R}, {e.Runs} runs\">{E(cell.Text)}</td>")
                    : $"<td>{E(cell.Text)}</td>");
            html.Append("</tr>\n");
        }
        return html.Append("</tbody>\n</table></div>\n").ToString();
    }

    /// <summary>The charts' and heat maps' data as JSON; numbers to 5 significant digits (a screen has fewer pixels),
    /// NaN as null. The serializer escapes &lt; and &gt;, so the JSON cannot end its script element.</summary>
    private static string Data(IReadOnlyList<(string Id, ReportBlock Block)> blocks)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("blocks");
            foreach (var (id, block) in blocks)
            {
                json.WriteStartObject();
                json.WriteString("id", id);
                switch (block)
                {
                    case ReportChart chart:
                        json.WriteString("kind", "chart");
                        json.WriteString("xLabel", chart.XLabel);
                        json.WriteString("yLabel", chart.YLabel);
                        json.WriteBoolean("logX", chart.LogX);
                        Strings(json, "selectors", chart.Selectors);
                        json.WriteStartArray("views");
                        foreach (ChartView view in chart.Views)
                        {
                            json.WriteStartObject();
                            Strings(json, "choice", view.Choice);
                            json.WriteStartArray("series");
                            foreach (ChartSeries s in view.Series)
                            {
                                json.WriteStartObject();
                                json.WriteString("name", s.Name);
                                Numbers(json, "x", s.X);
                                Numbers(json, "y", s.Y);
                                if (s.Error is not null) Numbers(json, "error", s.Error);
                                json.WriteEndObject();
                            }
                            json.WriteEndArray();
                            json.WriteEndObject();
                        }
                        json.WriteEndArray();
                        break;
                    case ReportHeatmap heatmap:
                        json.WriteString("kind", "heatmap");
                        json.WriteString("rowLabel", heatmap.RowLabel);
                        json.WriteString("columnLabel", heatmap.ColumnLabel);
                        Strings(json, "rows", heatmap.Rows);
                        Strings(json, "columns", heatmap.Columns);
                        json.WriteNumber("digits", heatmap.Format.Length > 1 && char.IsDigit(heatmap.Format[1]) ? heatmap.Format[1] - '0' : 2);
                        Strings(json, "selectors", heatmap.Selectors);
                        json.WriteStartArray("views");
                        foreach (HeatmapView view in heatmap.Views)
                        {
                            json.WriteStartObject();
                            Strings(json, "choice", view.Choice);
                            json.WriteStartArray("values");
                            foreach (double[] row in view.Values) Numbers(json, null, row);
                            json.WriteEndArray();
                            json.WriteEndObject();
                        }
                        json.WriteEndArray();
                        break;
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (string value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }

    private static void Numbers(Utf8JsonWriter json, string? name, IEnumerable<double> values)
    {
        if (name is null) json.WriteStartArray();
        else json.WriteStartArray(name);
        foreach (double value in values)
            if (double.IsFinite(value)) json.WriteNumberValue(double.Parse(value.ToString("G5", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            else json.WriteNullValue();
        json.WriteEndArray();
    }

    private static string Resource(string name)
    {
        using Stream stream = typeof(HtmlRenderer).Assembly.GetManifestResourceStream("Uam.Reporting." + name)
                              ?? throw new InvalidOperationException($"uam was built without its {name}; run scripts/prerequisites.sh, then rebuild.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
