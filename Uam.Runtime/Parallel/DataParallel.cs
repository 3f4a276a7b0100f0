namespace Uam.Runtime;

/// <summary>Data-parallel training's two collectives on a module's parameters: every rank starts from rank 0's
/// parameters, and after each backward pass the gradients are averaged over the ranks, so that each rank's optimiser
/// takes the step one process would take on the global batch (the mean of equal-sized shards' mean losses is the
/// global batch's mean loss).</summary>
public static class DataParallel
{
    /// <summary>Copies <paramref name="root"/>'s values of every parameter to every rank (in place, outside autograd).</summary>
    public static void BroadcastParameters(ProcessGroup group, IEnumerable<Tensor> parameters, int root = 0)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(parameters);
        using var noGrad = torch.NoGrad();
        foreach (Tensor p in parameters) group.Broadcast(p, root);
    }

    /// <summary>Replaces every parameter's gradient by its mean over the ranks: one all-reduce of the gradients
    /// flattened into one buffer (one collective instead of one per parameter). Every parameter must have a gradient on
    /// every rank — a rank without one would leave the others' buffers of another size and the job out of step.</summary>
    public static void AverageGradients(ProcessGroup group, IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(parameters);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.NoGrad();
        var gradients = new List<Tensor>();
        int index = 0;
        foreach (Tensor p in parameters)
        {
            gradients.Add(p.Grad ?? throw new InvalidOperationException(
                $"DataParallel.AverageGradients: parameter {index} [{string.Join(", ", p.Shape)}] has no gradient; run backward on every rank first " +
                "(a parameter the loss does not reach must still get one, e.g. by adding 0·p.Sum() to the loss)."));
            index++;
        }
        if (gradients.Count == 0) return;
        Tensor buffer = torch.Cat(gradients.Select(g => g.Reshape(-1)).ToList());
        group.AllReduceSum(buffer);
        buffer = buffer.Div(group.WorldSize);
        long offset = 0;
        foreach (Tensor g in gradients)
        {
            long n = g.NumElements;
            g.CopyInPlace(buffer.Narrow(0, offset, n).View(g.Shape));
            offset += n;
        }
    }
}
