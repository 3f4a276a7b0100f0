using System.Globalization;

namespace Uam.Runtime;

/// <summary>Kinds of device, with libtorch's codes.</summary>
public enum DeviceType
{
    /// <summary>The host processor.</summary>
    CPU = 0,
    /// <summary>An NVIDIA GPU, when the loaded libtorch was built with CUDA.</summary>
    CUDA = 1,
}

/// <summary>Where a tensor lives: a device type and an index (-1: the current one of that type).</summary>
public readonly record struct Device(DeviceType Type, int Index = -1)
{
    /// <summary>The host processor.</summary>
    public static readonly Device CPU = new(DeviceType.CPU);

    /// <summary>CUDA device <paramref name="index"/>.</summary>
    public static Device CUDA(int index = 0) => new(DeviceType.CUDA, index);

    /// <summary>Parses "cpu", "cuda" or "cuda:N".</summary>
    public static Device Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim().ToLowerInvariant();
        if (trimmed == "cpu") return CPU;
        if (trimmed == "cuda") return CUDA();
        if (trimmed.StartsWith("cuda:", StringComparison.Ordinal) &&
            int.TryParse(trimmed.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            return CUDA(index);
        throw new FormatException($"'{text}' is not a device: expected cpu, cuda or cuda:N.");
    }

    /// <summary>Throws a clear error before any native call when this device cannot be used here.</summary>
    internal void EnsureAvailable()
    {
        if (Type == DeviceType.CPU) return;
        if (!torch.cuda.IsAvailable())
            throw new NotSupportedException(
                $"{this} was requested, but the loaded libtorch has no CUDA support (torch.cuda.IsAvailable() is false). " +
                "Debian's libtorch-dev is CPU-only; use Device.CPU.");
        int count = torch.cuda.DeviceCount();
        if (Index >= count)
            throw new ArgumentOutOfRangeException(nameof(Index), Index, $"{this} does not exist: {count} CUDA device(s).");
    }

    /// <inheritdoc/>
    public override string ToString() =>
        Index < 0 ? Type.ToString().ToLowerInvariant() : $"{Type.ToString().ToLowerInvariant()}:{Index}";
}
