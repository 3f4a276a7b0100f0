namespace Uam.Runtime;

/// <summary>Owns every tensor created on this thread while it is the innermost scope, and disposes them
/// all when it ends: one scope per training step keeps native memory flat.</summary>
/// <example><code>
/// using (var scope = torch.NewDisposeScope())
/// {
///     var loss = F.CrossEntropy(model.Forward(x), y);
///     loss.Backward();
///     optimizer.Step();
///     lossValue = loss.ToDouble();
/// } // every temporary of the step is freed here
/// </code></example>
/// <remarks>Scopes are thread-local and must end in reverse order of creation (use <c>using</c>); like
/// any thread-local state they must not span an <c>await</c>.</remarks>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? _current;

    private readonly DisposeScope? _outer;
    private readonly List<Tensor> _owned = [];
    private bool _disposed;

    internal DisposeScope()
    {
        _outer = _current;
        _current = this;
    }

    internal static DisposeScope? Current => _current;

    /// <summary>How many tensors this scope currently owns.</summary>
    public int Count => _owned.Count(t => t.OwningScope == this);

    internal void Attach(Tensor tensor)
    {
        _owned.Add(tensor);
        tensor.OwningScope = this;
    }

    /// <summary>Hands <paramref name="tensor"/> to the enclosing scope (or to none), so it survives this one.</summary>
    public Tensor MoveToOuter(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.OwningScope != this) return tensor;
        if (_outer is null) tensor.OwningScope = null;
        else _outer.Attach(tensor);
        return tensor;
    }

    /// <summary>Disposes every tensor this scope still owns.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        if (_current != this)
            throw new InvalidOperationException(
                "DisposeScope: scopes must be disposed in reverse order of creation, on the thread that created them.");
        _disposed = true;
        _current = _outer;
        foreach (Tensor tensor in _owned)
            if (tensor.OwningScope == this)
            {
                tensor.OwningScope = null;
                tensor.Dispose();
            }
        _owned.Clear();
    }
}
