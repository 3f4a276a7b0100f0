using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Uam.Experiments.Studies;

/// <summary>Passes a Ctrl-C on to a worker process: SIGINT, which the worker's command line turns into cancellation, so
/// that it stops after its current step with every finished run written. (.NET can handle signals but not send them.)</summary>
internal static partial class Interrupt
{
    private const int SignalInterrupt = 2;

    public static void Send(Process process)
    {
        if (process.HasExited) return;
        try
        {
            if ((OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && SendSignal(process.Id, SignalInterrupt) == 0) return;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // No C library to signal through: stop it the hard way (its finished runs are on disk already).
        }
        process.Kill(entireProcessTree: true);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
