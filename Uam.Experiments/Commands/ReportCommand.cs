using System.CommandLine;
using Spectre.Console;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Commands;

/// <summary>`uam report DIR…`: one self-contained HTML page with every study found in the directories.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var directories = new Argument<string[]>("directories")
        {
            Description = "Results directories (each with a results.jsonl, or with such directories below it).", Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--output") { Description = "The HTML file to write.", DefaultValueFactory = _ => "report.html" };
        var title = new Option<string>("--title") { Description = "The page's title.", DefaultValueFactory = _ => "Uam results" };
        var screenshot = new Option<string?>("--screenshot")
        {
            Description = "Also open the page in headless Chromium and write a PNG of its top (fails on any console error or network request).",
        };
        var screenshotFrom = new Option<string?>("--screenshot-from")
        {
            Description = "A CSS selector: the screenshot starts at that element instead of the top of the page (e.g. a chart's id).",
        };
        var command = new Command("report",
            "Write one HTML file that opens from disk, offline, with every study found in the directories: summary tables, test error " +
            "against n, interactive UAM probe traces (also as the difference to the baseline and with the ln(step) growth removed), " +
            "per-class accuracy and confusion heat maps, and each study's command, commit and wall time.")
        {
            directories, output, title, screenshot, screenshotFrom,
        };
        command.SetAction(async (result, cancellation) =>
        {
            var reports = Collect(result.GetValue(directories)!, AnsiConsole.Console);
            if (reports.Count == 0) throw new ArgumentException("no results.jsonl with records of a known task in the given directories.");
            string path = result.GetValue(output)!;
            string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null) Directory.CreateDirectory(directory);
            AtomicFile.Write(path, HtmlRenderer.Render(result.GetValue(title)!, reports));
            AnsiConsole.MarkupLine($"{reports.Count} studies in {Markup.Escape(path)} ({new FileInfo(path).Length / 1024.0 / 1024.0:F1} MB).");
            if (result.GetValue(screenshot) is { } png)
            {
                await using var browser = await HeadlessChromium.Start(1400, 1000, TimeSpan.FromSeconds(60));
                await browser.Load(path, TimeSpan.FromSeconds(120));
                if (!browser.Errors.IsEmpty || !browser.ExternalRequests.IsEmpty)
                    throw new InvalidOperationException($"the page reported errors or fetched from the network: {string.Join("; ", browser.Errors.Concat(browser.ExternalRequests))}");
                double top = 0;
                if (result.GetValue(screenshotFrom) is { } selector)
                {
                    var position = await browser.Evaluate(
                        $"(() => {{ const e = document.querySelector({System.Text.Json.JsonSerializer.Serialize(selector)}); return e ? e.getBoundingClientRect().top + window.scrollY - 10 : -1; }})()");
                    top = position.GetDouble();
                    if (top < 0) throw new ArgumentException($"--screenshot-from: no element matches '{selector}'.");
                }
                await File.WriteAllBytesAsync(png, await browser.Screenshot(1400, 1700, top), cancellation);
                AnsiConsole.MarkupLine($"Screenshot: {Markup.Escape(png)}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>The reports of every (task, protocol) found, directory by directory in the order given.</summary>
    public static IReadOnlyList<Report> Collect(IEnumerable<string> directories, IAnsiConsole console)
    {
        var reports = new List<Report>();
        foreach (string given in directories)
        {
            if (!Directory.Exists(given)) throw new DirectoryNotFoundException($"{given}: no such directory");
            IEnumerable<string> found = File.Exists(Path.Combine(given, ResultsStore.FileName))
                ? [given]
                : Directory.EnumerateFiles(given, ResultsStore.FileName, SearchOption.AllDirectories).Select(f => Path.GetDirectoryName(f)!).Order(StringComparer.Ordinal);
            foreach (string directory in found)
            {
                var records = StudyTasks.ReadRecords(directory);
                foreach (var group in records.GroupBy(r => (r.Task, r.Protocol)))
                {
                    if (StudyTasks.Find(group.Key.Task) is not { } task)
                    {
                        console.MarkupLine($"[yellow]{Markup.Escape(directory)}: records of an unknown task '{Markup.Escape(group.Key.Task)}' skipped.[/]");
                        continue;
                    }
                    reports.Add(task.Report(new StudyResults(directory, group.Key.Task, group.Key.Protocol, group.ToList())));
                }
            }
        }
        return reports;
    }
}
