using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Uam.Experiments.Studies;

/// <summary>Passes a stop request on to a worker process: SIGTERM, which the worker's command line turns into the same
/// cancellation as Ctrl-C, so that it stops after its current step with every finished run written. SIGTERM rather than
/// SIGINT because a process started in the background of a non-interactive shell (a script, a CI runner, a batch job)
/// inherits SIGINT ignored, and .NET cannot handle a signal it inherited ignored. (.NET can handle signals but not send
/// them.)</summary>
internal static partial class Interrupt
{
    private const int SignalTerminate = 15;

    public static void Send(Process process)
    {
        if (process.HasExited) return;
        try
        {
            if ((OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && SendSignal(process.Id, SignalTerminate) == 0) return;
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
