using Uam.Runtime.Interop;

namespace Uam.Runtime;

public sealed partial class Tensor
{
    /// <summary>Whether autograd records operations on this tensor.</summary>
    public bool RequiresGrad
    {
        get
        {
            NativeErrors.Check(Native.nt_tensor_requires_grad(Handle, out byte value));
            return value != 0;
        }
    }

    /// <summary>Turns gradient recording on or off for a leaf tensor. Returns this tensor.</summary>
    public Tensor SetRequiresGrad(bool requiresGrad = true)
    {
        if (requiresGrad && !DType.IsFloatingPoint())
            throw new ArgumentException($"SetRequiresGrad: only floating-point tensors can require gradients; this one is {DType}.");
        NativeErrors.Check(Native.nt_tensor_set_requires_grad(Handle, Flag(requiresGrad)));
        return this;
    }

    /// <summary>True for tensors created by the user rather than by a recorded operation.</summary>
    public bool IsLeaf
    {
        get
        {
            NativeErrors.Check(Native.nt_tensor_is_leaf(Handle, out byte value));
            return value != 0;
        }
    }

    /// <summary>The accumulated gradient (a fresh handle to it), or null when none was computed.</summary>
    public Tensor? Grad => WrapOptional(Native.nt_tensor_grad(Handle, out var r), r);

    /// <summary>Replaces the gradient; null makes it undefined again. The gradient must have this tensor's shape,
    /// dtype and device (libtorch accepts anything here, and optimizers would then scale or apply it wrongly).</summary>
    public void SetGrad(Tensor? gradient)
    {
        if (gradient is not null)
        {
            if (!gradient.ShapeView.AsSpan().SequenceEqual(ShapeView) || gradient.DType != DType || gradient.Device != Device)
                throw new ArgumentException(
                    $"SetGrad: the gradient is {gradient.DType}{Checks.Format(gradient.ShapeView)} on {gradient.Device}, but the tensor is " +
                    $"{DType}{Checks.Format(ShapeView)} on {Device}; they must match.", nameof(gradient));
        }
        NativeErrors.Check(Native.nt_tensor_set_grad(Handle, HandleOrNull(gradient)));
    }

    /// <summary>Keeps the gradient of a non-leaf tensor after backward.</summary>
    public Tensor RetainGrad()
    {
        NativeErrors.Check(Native.nt_tensor_retain_grad(Handle));
        return this;
    }

    /// <summary>The same data without autograd history (shares storage).</summary>
    public Tensor Detach() => Wrap(Native.nt_tensor_detach(Handle, out var r), r);

    /// <summary>Back-propagates from this tensor into the gradients of the leaves it depends on.</summary>
    /// <param name="gradient">d(loss)/d(this); may be omitted for a one-element tensor.</param>
    /// <param name="retainGraph">Keep the graph for another backward pass.</param>
    /// <param name="createGraph">Record the backward pass itself (for higher derivatives).</param>
    public void Backward(Tensor? gradient = null, bool retainGraph = false, bool createGraph = false)
    {
        if (gradient is null && NumElements != 1)
            throw new InvalidOperationException(
                $"Backward: a gradient is needed for a non-scalar output {Checks.Format(ShapeView)}; pass one or reduce the output first.");
        if (!RequiresGrad)
            throw new InvalidOperationException(
                "Backward: this tensor does not require gradients; no input of its computation has RequiresGrad set (or it ran under torch.NoGrad()).");
        using var handles = new HandleArray([this]);
        using var gradients = new HandleArray([gradient]);
        NativeErrors.Check(Native.nt_autograd_backward(handles.Pointers, gradients.Pointers, 1, Flag(retainGraph), Flag(createGraph)));
    }

    // ---- random fills (null generator: the global one) -----------------------------------------------

    /// <summary>Fills with uniform samples from [low, high).</summary>
    public Tensor UniformInPlace(double low = 0, double high = 1, Generator? generator = null) =>
        InPlace(Native.nt_tensor_uniform_(Handle, low, high, Generator.HandleOrNull(generator)));

    /// <summary>Fills with normal samples.</summary>
    public Tensor NormalInPlace(double mean = 0, double std = 1, Generator? generator = null) =>
        InPlace(Native.nt_tensor_normal_(Handle, mean, std, Generator.HandleOrNull(generator)));

    /// <summary>Fills with Bernoulli(p) samples (0 or 1).</summary>
    public Tensor BernoulliInPlace(double p, Generator? generator = null)
    {
        if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "BernoulliInPlace: p must be in [0, 1].");
        return InPlace(Native.nt_tensor_bernoulli_(Handle, p, Generator.HandleOrNull(generator)));
    }
}
