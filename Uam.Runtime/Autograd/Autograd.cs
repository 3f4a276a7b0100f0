using Uam.Runtime.Interop;

namespace Uam.Runtime;

/// <summary>Functional autograd: gradients of outputs with respect to chosen inputs, without touching
/// the inputs' accumulated <see cref="Tensor.Grad"/>.</summary>
public static class Autograd
{
    /// <summary>d(Σ outputs·gradOutputs)/d(inputs). Entries are null for inputs the outputs do not depend on
    /// (when <paramref name="allowUnused"/>).</summary>
    public static Tensor?[] Grad(
        IReadOnlyList<Tensor> outputs,
        IReadOnlyList<Tensor> inputs,
        IReadOnlyList<Tensor?>? gradOutputs = null,
        bool retainGraph = false,
        bool createGraph = false,
        bool allowUnused = false)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(inputs);
        if (outputs.Count == 0 || inputs.Count == 0)
            throw new ArgumentException("Autograd.Grad: give at least one output and one input.");
        if (gradOutputs is not null && gradOutputs.Count != outputs.Count)
            throw new ArgumentException(
                $"Autograd.Grad: {gradOutputs.Count} gradOutputs for {outputs.Count} outputs.", nameof(gradOutputs));
        using var outs = new HandleArray(outputs);
        using var ins = new HandleArray(inputs);
        using var grads = new HandleArray(gradOutputs ?? new Tensor?[outputs.Count]);
        NativeErrors.Check(Native.nt_autograd_grad(outs.Pointers, grads.Pointers, outputs.Count, ins.Pointers, inputs.Count,
            Tensor.Flag(retainGraph), Tensor.Flag(createGraph), Tensor.Flag(allowUnused), out var list), nameof(Grad));
        using (list) return Tensor.TakeAll(list, nameof(Grad));
    }
}
