using System.CommandLine;
using Spectre.Console;
using Uam.Experiments.Commands;
using Uam.Experiments.Studies;
using Uam.Runtime;

namespace Uam.Experiments;

/// <summary>The `uam` program: experiments of the paper and benchmarks of the engine.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("uam: unsupervised attention by regularity normalization — experiments and benchmarks.");
        // Every task folder under Tasks/ brings its own command.
        foreach (IStudyTask task in StudyTasks.All) root.Subcommands.Add(task.CreateCommand());
        foreach (Command command in new[]
        {
            ReportCommand.Create(),
            BenchCommand.Create(),
            ModelsCommand.Create(),
            InfoCommand.Create(),
            LaunchCommand.Create(),
            DistributedCheckCommand.Create(),
        })
            root.Subcommands.Add(command);
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or InvalidOperationException or ArithmeticException or NotSupportedException
                                   or TorchException)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 1;
        }
    }
}
