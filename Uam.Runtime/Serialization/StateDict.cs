using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Uam.Runtime;

/// <summary>Named tensors in a fixed order: a module's parameters and buffers, an optimizer's state, or
/// what a checkpoint file holds. Saved in the safetensors layout (see <see cref="SafeTensorsFile"/>).</summary>
/// <remarks>A dict returned by <see cref="nn.Module.StateDict"/> refers to the module's own tensors and
/// disposing it does nothing; a dict returned by <see cref="Load"/> owns what it read and disposes it.</remarks>
public sealed class StateDict : IEnumerable<KeyValuePair<string, Tensor>>, IDisposable
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, Tensor> _entries = new(StringComparer.Ordinal);
    private readonly bool _ownsTensors;

    /// <summary>An empty dict; with <paramref name="ownsTensors"/> it disposes its tensors with itself.</summary>
    public StateDict(bool ownsTensors = false) => _ownsTensors = ownsTensors;

    /// <summary>The file this dict was loaded from, if any (named in error messages).</summary>
    public string? SourcePath { get; private init; }

    /// <summary>Metadata stored with the file (string to string).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; private init; } = new Dictionary<string, string>();

    /// <summary>Names in insertion order.</summary>
    public IReadOnlyList<string> Keys => _order;

    /// <summary>Number of entries.</summary>
    public int Count => _order.Count;

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    public Tensor this[string name] => _entries.TryGetValue(name, out Tensor? t)
        ? t
        : throw new KeyNotFoundException($"The state dict{(SourcePath is null ? "" : $" from '{SourcePath}'")} has no entry '{name}'.");

    /// <summary>Adds an entry; names are unique.</summary>
    public void Add(string name, Tensor tensor)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(tensor);
        if (!_entries.TryAdd(name, tensor)) throw new ArgumentException($"The state dict already has an entry '{name}'.", nameof(name));
        _order.Add(name);
    }

    /// <summary>True when an entry named <paramref name="name"/> exists.</summary>
    public bool ContainsKey(string name) => _entries.ContainsKey(name);

    /// <summary>Looks an entry up.</summary>
    public bool TryGetValue(string name, [MaybeNullWhen(false)] out Tensor tensor) => _entries.TryGetValue(name, out tensor);

    /// <summary>Writes the dict to <paramref name="path"/> atomically (a temporary file renamed into place).</summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafeTensorsFile.Write(path, _order.Select(k => new KeyValuePair<string, Tensor>(k, _entries[k])), metadata);

    /// <summary>Reads a dict saved by <see cref="Save"/> (or any safetensors file with supported dtypes).</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt or not in the format.</exception>
    public static StateDict Load(string path)
    {
        var (tensors, metadata) = SafeTensorsFile.Read(path);
        var dict = new StateDict(ownsTensors: true) { SourcePath = path, Metadata = metadata };
        foreach (var (name, tensor) in tensors) dict.Add(name, tensor);
        return dict;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator() =>
        _order.Select(k => new KeyValuePair<string, Tensor>(k, _entries[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Disposes the tensors if this dict owns them.</summary>
    public void Dispose()
    {
        if (!_ownsTensors) return;
        foreach (Tensor tensor in _entries.Values) tensor.Dispose();
        _entries.Clear();
        _order.Clear();
    }
}
