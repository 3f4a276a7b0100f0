using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization;

namespace Uam.Experiments.Studies;

/// <summary>Where a run ran: enough to tell two machines' timings apart.</summary>
internal sealed record MachineInfo(
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("os")] string OperatingSystem,
    [property: JsonPropertyName("cores")] int Cores,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("runtime")] string Runtime)
{
    public static MachineInfo Current(int threads) =>
        new(Environment.MachineName, RuntimeInformation.OSDescription, Environment.ProcessorCount, threads, RuntimeInformation.FrameworkDescription);

    /// <summary>The commit uam was built from ("unknown" outside a git checkout), stamped by the build.</summary>
    public static string Commit { get; } =
        typeof(MachineInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "SourceCommit")?.Value is { Length: > 0 } commit
            ? commit
            : "unknown";
}
