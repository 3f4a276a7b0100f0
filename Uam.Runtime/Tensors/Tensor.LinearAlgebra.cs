using Uam.Runtime.Interop;

namespace Uam.Runtime;

public sealed partial class Tensor
{
    /// <summary>Matrix product with numpy semantics: vectors, matrices and broadcast batches.</summary>
    public Tensor MatMul(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        CheckProduct(nameof(MatMul), other);
        return Wrap(Native.nt_tensor_matmul(Handle, other.HandleOf(), out var r), r);
    }

    /// <summary>Product of two matrices.</summary>
    public Tensor Mm(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Checks.Rank(nameof(Mm), "left", this, 2);
        Checks.Rank(nameof(Mm), "right", other, 2);
        CheckProduct(nameof(Mm), other);
        return Wrap(Native.nt_tensor_mm(Handle, other.HandleOf(), out var r), r);
    }

    /// <summary>Batched product of [b, n, m] and [b, m, p] tensors.</summary>
    public Tensor Bmm(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Checks.Rank(nameof(Bmm), "left", this, 3);
        Checks.Rank(nameof(Bmm), "right", other, 3);
        CheckProduct(nameof(Bmm), other);
        if (ShapeView[0] != other.ShapeView[0])
            throw new ArgumentException(
                $"Bmm: left is {Checks.Format(ShapeView)}, right is {Checks.Format(other.ShapeView)}; batch sizes differ.");
        return Wrap(Native.nt_tensor_bmm(Handle, other.HandleOf(), out var r), r);
    }

    private void CheckProduct(string operation, Tensor other)
    {
        if (Dim == 0 || other.Dim == 0)
            throw new ArgumentException(
                $"{operation}: both operands need at least one dimension; left is {Checks.Format(ShapeView)}, right is {Checks.Format(other.ShapeView)}.");
        long inner = ShapeView[^1];
        long otherInner = other.Dim == 1 ? other.ShapeView[0] : other.ShapeView[^2];
        if (inner != otherInner)
            throw new ArgumentException(
                $"{operation}: left is {Checks.Format(ShapeView)}, right is {Checks.Format(other.ShapeView)}; " +
                $"inner dimensions differ ({inner} vs {otherInner}).");
        Checks.SameDType(operation, this, "left", other, "right");
    }
}
