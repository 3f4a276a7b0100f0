using Uam.Runtime.Interop;

namespace Uam.Runtime;

/// <summary>A seeded random generator of its own, so that a layer's initialisation or dropout masks do not
/// depend on what else drew random numbers before.</summary>
public sealed class Generator : IDisposable
{
    private readonly GeneratorHandle _handle;

    static Generator() => NativeLibraryLoader.EnsureLoaded();

    /// <summary>A CPU generator seeded with <paramref name="seed"/>; two with the same seed draw the same values.</summary>
    public Generator(ulong seed)
    {
        NativeErrors.Check(Native.nt_generator_new(seed, out _handle), nameof(Generator));
        Seed = seed;
    }

    /// <summary>The seed last set.</summary>
    public ulong Seed { get; private set; }

    internal GeneratorHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    internal static GeneratorHandle HandleOrNull(Generator? generator) => generator?.Handle ?? GeneratorHandle.Null;

    /// <summary>Re-seeds: the stream restarts as if newly created with <paramref name="seed"/>.</summary>
    public void ManualSeed(ulong seed)
    {
        NativeErrors.Check(Native.nt_generator_set_seed(Handle, seed));
        Seed = seed;
    }

    /// <summary>The full generator state (a UInt8 tensor), for checkpoints.</summary>
    public Tensor GetState() => Tensor.Wrap(Native.nt_generator_get_state(Handle, out var r), r);

    /// <summary>Restores a state returned by <see cref="GetState"/>.</summary>
    public void SetState(Tensor state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Checks.DType(nameof(SetState), nameof(state), state, ScalarType.UInt8);
        NativeErrors.Check(Native.nt_generator_set_state(Handle, state.HandleOf()));
    }

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();
}
