using Uam.Runtime.Interop;

namespace Uam.Runtime;

/// <summary>Averages a model's gradients over the ranks while the backward is still running: the parameters are cut into
/// buckets (in reverse order, as the backward reaches the last layers first) of at most a byte cap, and each bucket's
/// all-reduce is launched asynchronously as soon as the backward has accumulated all its gradients — through hooks on
/// the parameters' gradient-accumulation nodes, in the same bucket order on every rank — so that communication overlaps
/// the rest of the backward. <see cref="Finish"/>, after each backward, waits for the buckets and writes the averages.
/// The result equals <see cref="DataParallel.AverageGradients"/>'s.</summary>
/// <remarks>Create it after the model is final (the hooks sit on these parameter tensors) and call <see cref="Finish"/>
/// after every backward, before the optimizer's step; every parameter must get a gradient in every backward.</remarks>
public sealed class GradientReducer : IDisposable
{
    private readonly GradientReducerHandle _handle;
    private readonly ProcessGroup _group;

    /// <summary>A reducer of <paramref name="parameters"/>' gradients over <paramref name="group"/>.</summary>
    public GradientReducer(ProcessGroup group, IEnumerable<Tensor> parameters, long bucketBytes = DataParallel.DefaultBucketBytes)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketBytes);
        var list = parameters.ToList();
        for (int i = 0; i < list.Count; i++)
            if (list[i] is not { RequiresGrad: true })
                throw new ArgumentException($"GradientReducer: parameter {i} does not require a gradient.", nameof(parameters));
        using var handles = new HandleArray(list);
        NativeErrors.Check(Native.nt_gradient_reducer_new(group.Handle, handles.Pointers, list.Count, bucketBytes, out _handle),
            nameof(GradientReducer));
        _group = group;
    }

    /// <summary>How many buckets the last backward launched itself, before <see cref="Finish"/> (the overlap).</summary>
    public long LaunchedDuringBackward { get; private set; }

    /// <summary>Waits for every bucket of this backward and replaces each gradient by its mean over the ranks.
    /// Collective (a bucket the backward did not launch is launched here, in order).</summary>
    public void Finish()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        NativeErrors.Check(Native.nt_gradient_reducer_finish(_handle, out long launched),
            $"{nameof(GradientReducer)}.{nameof(Finish)} (rank {_group.Rank} of {_group.WorldSize})");
        LaunchedDuringBackward = launched;
    }

    /// <summary>Removes the hooks.</summary>
    public void Dispose() => _handle.Dispose();
}
