using System.CommandLine;
using Spectre.Console;
using Uam.Experiments.Commands;

namespace Uam.Experiments;

/// <summary>The `uam` program: experiments of the paper and benchmarks of the engine.</summary>
internal static class Program
{
    /// <summary>The arguments this process was started with (worker processes get the same ones).</summary>
    public static IReadOnlyList<string> Arguments { get; private set; } = [];

    private static int Main(string[] args)
    {
        Arguments = args;
        var root = new RootCommand("uam: unsupervised attention by regularity normalization — experiments and benchmarks.")
        {
            ImbalancedCommand.Create(),
            BenchCommand.Create(),
            ModelsCommand.Create(),
            InfoCommand.Create(),
        };
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or InvalidOperationException or ArithmeticException or NotSupportedException)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 1;
        }
    }
}
