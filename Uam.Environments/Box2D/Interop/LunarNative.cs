using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Uam.Environments.Box2D.Interop;

/// <summary>The C ABI of liblunar.so (Native/include/lunar_api.h), one declaration per export.</summary>
internal static unsafe partial class LunarNative
{
    public const string Library = "liblunar";

    /// <summary>Must equal LUNAR_ABI_VERSION in lunar_api.h.</summary>
    public const int ExpectedAbiVersion = 2;

    public const int Ground = 0, Lander = 1, Leg0 = 2, Leg1 = 3;

    [StructLayout(LayoutKind.Sequential)]
    public struct BodyState
    {
        public float X, Y, Angle, VelocityX, VelocityY, AngularVelocity;
        public int Awake;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Impulse
    {
        public float Jx, Jy, Qx, Qy;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct WorldState
    {
        public BodyState Lander, Leg0, Leg1;
        public int GameOver, Leg0Contact, Leg1Contact;
    }

    [LibraryImport(Library)] public static partial int lunar_abi_version();
    [LibraryImport(Library)] public static partial nint lunar_last_error();
    [LibraryImport(Library)] public static partial long lunar_live_worlds();
    [LibraryImport(Library)] public static partial int lunar_create(out nint world);
    [LibraryImport(Library)] public static partial void lunar_destroy(nint world);

    [LibraryImport(Library)]
    public static partial int lunar_reset(LunarWorldHandle world, float* terrainX, float* terrainY, int points, float width, float fx, float fy, int allowSleeping);

    [LibraryImport(Library)]
    public static partial int lunar_step(LunarWorldHandle world, Impulse* impulses, int count, out WorldState state);

    [LibraryImport(Library)] public static partial int lunar_read(LunarWorldHandle world, out WorldState state);

    [LibraryImport(Library)]
    public static partial int lunar_mass(LunarWorldHandle world, int body, out float mass, out float centerX, out float centerY, out float inertia);

    [LibraryImport(Library)] public static partial int lunar_hull(LunarWorldHandle world, float* xy, int capacity, out int count);

    [LibraryImport(Library)] public static partial int lunar_contact_event(LunarWorldHandle world, int begin, int bodyA, int bodyB);

    /// <summary>Throws the .NET exception matching a non-zero status, with the shim's message.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Check(int status, [CallerMemberName] string operation = "")
    {
        if (status != 0) throw Translate(status, operation);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Exception Translate(int status, string operation)
    {
        string message = $"LunarLander ({operation}): {Marshal.PtrToStringUTF8(lunar_last_error()) ?? "(no message)"}";
        return status switch
        {
            1 => new ArgumentException(message),
            2 => new InvalidOperationException(message),
            3 => new OutOfMemoryException(message),
            _ => new ExternalException(message, status),
        };
    }

    // A module initializer so the resolver is in place before this assembly's first P/Invoke.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => NativeLibrary.SetDllImportResolver(typeof(LunarNative).Assembly, Resolve);

    private static readonly Lazy<bool> Verified = new(() =>
    {
        int abi = lunar_abi_version();
        return abi == ExpectedAbiVersion ? true : throw new DllNotFoundException(
            $"liblunar.so has ABI version {abi}, but Uam.Environments expects {ExpectedAbiVersion}: a stale build is loaded; rebuild (dotnet build).");
    });

    public static void EnsureLoaded() => _ = Verified.Value;

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library) return IntPtr.Zero;
        string baseDirectory = AppContext.BaseDirectory;
        string[] candidates =
        [
            Path.Combine(baseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", "liblunar.so"),
            Path.Combine(baseDirectory, "runtimes", "linux-x64", "native", "liblunar.so"),
            Path.Combine(baseDirectory, "liblunar.so"),
        ];
        foreach (string candidate in candidates)
            if (NativeLibrary.TryLoad(candidate, out nint loaded)) return loaded;
        if (NativeLibrary.TryLoad("liblunar.so", assembly, searchPath, out nint fallback)) return fallback;
        throw new DllNotFoundException(
            "Could not load liblunar.so, LunarLander's Box2D shim (tried " + string.Join(", ", candidates) + "). It is built with the " +
            "repository (dotnet build) and needs Box2D 2.4.1: apt-get install libbox2d2 (libbox2d-dev to build).");
    }
}

/// <summary>Owns one native world; released once, by <see cref="SafeHandle"/>'s rules.</summary>
internal sealed class LunarWorldHandle : SafeHandle
{
    public LunarWorldHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == IntPtr.Zero;

    public static LunarWorldHandle Create()
    {
        LunarNative.EnsureLoaded();
        LunarNative.Check(LunarNative.lunar_create(out nint world));
        var owned = new LunarWorldHandle();
        owned.SetHandle(world);
        return owned;
    }

    protected override bool ReleaseHandle()
    {
        LunarNative.lunar_destroy(handle);
        return true;
    }
}
