using System.CommandLine;
using Spectre.Console;
using Uam.Runtime;

namespace Uam.Experiments.Commands;

/// <summary>`uam info`: the engine's versions and settings, for logs and bug reports.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Print the libtorch version, shim ABI, threads, BLAS and CUDA status.");
        command.SetAction(_ =>
        {
            AnsiConsole.WriteLine(torch.RuntimeInfo());
            AnsiConsole.WriteLine($"OpenBLAS mapped: {torch.IsOpenBlasLoaded()}");
            AnsiConsole.WriteLine($"CUDA available: {torch.cuda.IsAvailable()} ({torch.cuda.DeviceCount()} device(s))");
            return 0;
        });
        return command;
    }
}
