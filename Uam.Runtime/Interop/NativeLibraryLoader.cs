using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Uam.Runtime.Interop;

/// <summary>Finds and loads the native shim, then checks its ABI version.</summary>
internal static partial class NativeLibraryLoader
{
    /// <summary>Environment variable naming a shim to load instead of the packaged one (for shim developers).</summary>
    public const string OverrideVariable = "UAM_NATIVE_LIBRARY";

    /// <summary>Set to 0 to leave glibc malloc's thresholds alone (see <see cref="ConfigureAllocator"/>).</summary>
    public const string AllocatorVariable = "UAM_MALLOC_TUNING";

    /// <summary>Tensors below this size come from the heap rather than fresh mmap'd pages.</summary>
    internal const long MmapThresholdBytes = 32L << 20;

    /// <summary>Free memory kept at the top of the heap before it is returned to the OS.</summary>
    internal const long TrimThresholdBytes = 256L << 20;

    private static readonly Lazy<bool> Verified = new(VerifyAbi);

    // A module initializer (rather than a lazy call) so the resolver is in place before any P/Invoke of
    // this assembly, whichever type is touched first; SetDllImportResolver may be called once per assembly.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);

    /// <summary>Loads the shim now and verifies its ABI; idempotent. Public entry points call it once.</summary>
    public static void EnsureLoaded() => _ = Verified.Value;

    private static bool VerifyAbi()
    {
        int abi = Native.nt_abi_version();
        if (abi != ExpectedAbiVersion)
            throw new DllNotFoundException(
                $"The native shim libnt.so has ABI version {abi}, but Uam.Runtime expects {ExpectedAbiVersion}: " +
                "a stale build is being loaded. Rebuild the solution (dotnet build) or clear " + OverrideVariable + ".");
        ConfigureAllocator();
        return true;
    }

    // glibc adjusts its mmap and trim thresholds as blocks are freed, so whether a training step's
    // megabyte-sized tensors are reused or handed back to the OS and page-faulted in again on every step
    // depends on allocation order: measured on the paper's MLP, some runs took ~2,250 page faults and
    // ~24 ms a step, others none and ~10 ms, at random. Fixed thresholds make every run the fast one;
    // the cost is that freed memory up to the trim threshold stays with the process.
    private static void ConfigureAllocator()
    {
        if (Environment.GetEnvironmentVariable(AllocatorVariable) == "0") return;
        NativeErrors.Check(Native.nt_configure_allocator(MmapThresholdBytes, TrimThresholdBytes), nameof(ConfigureAllocator));
    }

    /// <summary>Read by libgomp when libtorch loads it (see <see cref="ConfigureOpenMp"/>).</summary>
    public const string OpenMpWaitPolicyVariable = "OMP_WAIT_POLICY";

    // libtorch's OpenMP threads spin after every parallel region by default, while OpenBLAS runs matrix products on a thread
    // pool of its own: with two libtorch threads on two cores the spinning threads take the cores the BLAS threads need.
    // Measured by `uam bench distributed` (RN network, batch 256, one process, two threads): 2,058–2,400 samples/s spinning,
    // 5,800–6,420 passive. libgomp reads the policy when it is loaded, as a dependency of the shim, so it is set in the native
    // environment just before; a value the user set wins (OMP_WAIT_POLICY=ACTIVE restores spinning).
    private static void ConfigureOpenMp()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = SetNativeEnvironment(OpenMpWaitPolicyVariable, "PASSIVE", overwrite: 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // No C library to call: OpenMP keeps its default policy.
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetNativeEnvironment(string name, string value, int overwrite);

    /// <summary>Must equal NT_ABI_VERSION in Native/include/nt_api.h.</summary>
    internal const int ExpectedAbiVersion = 1;

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name == Native.TestingLibrary) return ResolveTesting();
        if (name != Native.Library) return IntPtr.Zero;
        ConfigureOpenMp();
        var tried = new StringBuilder();
        foreach (string candidate in Candidates())
        {
            if (NativeLibrary.TryLoad(candidate, out nint loaded)) return loaded;
            tried.Append("\n  ").Append(candidate).Append(": ").Append(LoaderMessage(candidate));
        }
        if (NativeLibrary.TryLoad("libnt.so", assembly, searchPath, out nint fallback)) return fallback;
        throw new DllNotFoundException(
            "Could not load the Uam native shim libnt.so. Tried:" + tried +
            "\nBuild it with `dotnet build` (needs: apt-get install libtorch-dev libopenblas0-pthread cmake g++).");
    }

    /// <summary>The testing library, from the directory of the shim that is loaded (it finds that shim beside itself).</summary>
    private static nint ResolveTesting()
    {
        var tried = new StringBuilder();
        foreach (string shim in Candidates())
        {
            string candidate = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(shim))!, "libnt_testing.so");
            if (NativeLibrary.TryLoad(candidate, out nint loaded)) return loaded;
            tried.Append("\n  ").Append(candidate).Append(": ").Append(LoaderMessage(candidate));
        }
        throw new DllNotFoundException(
            "Could not load libnt_testing.so, the shim's test, benchmark and reference exports. It is built with the repository " +
            "(dotnet build) and is not part of the Uam.Runtime package. Tried:" + tried);
    }

    private static IEnumerable<string> Candidates()
    {
        string? explicitPath = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrEmpty(explicitPath)) yield return explicitPath;
        string baseDirectory = AppContext.BaseDirectory;
        yield return Path.Combine(baseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", "libnt.so");
        yield return Path.Combine(baseDirectory, "runtimes", "linux-x64", "native", "libnt.so");
        yield return Path.Combine(baseDirectory, "libnt.so");
    }

    // The dynamic loader's own reason (usually a missing dependency such as libtorch_cpu.so).
    private static string LoaderMessage(string path)
    {
        if (!File.Exists(path)) return "no such file";
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(path));
            return "loaded on retry";
        }
        catch (DllNotFoundException e)
        {
            return e.Message;
        }
    }
}
