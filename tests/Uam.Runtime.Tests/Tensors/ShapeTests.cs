using Uam.Runtime;
using Xunit;
using static Uam.Runtime.Tests.TestSupport;

namespace Uam.Runtime.Tests.Tensors;

public class ShapeTests
{
    private static Tensor Matrix() => F64([1, 2, 3, 4, 5, 6], 2, 3);

    [Fact]
    public void Reshape_view_and_flatten_keep_row_major_order()
    {
        using var m = Matrix();
        using (var r = m.Reshape(3, 2)) { Shape(r, 3, 2); Close([1, 2, 3, 4, 5, 6], r); }
        using (var r = m.View(-1)) Shape(r, 6);
        using (var r = m.Reshape(1, -1, 2)) Shape(r, 1, 3, 2);
        using (var r = m.Flatten()) Shape(r, 6);
        using (var r = m.Unsqueeze(0)) { Shape(r, 1, 2, 3); using var s = r.Squeeze(); Shape(s, 2, 3); }
        using (var r = m.Unsqueeze(-1)) Shape(r, 2, 3, 1);
    }

    [Fact]
    public void Transpose_and_permute_reorder_elements()
    {
        using var m = Matrix();
        using (var t = m.T()) { Shape(t, 3, 2); Close([1, 4, 2, 5, 3, 6], t.Contiguous()); }
        using var cube = F64(Enumerable.Range(0, 24).Select(i => (double)i).ToArray(), 2, 3, 4);
        using var p = cube.Permute(2, 0, 1);
        Shape(p, 4, 2, 3);
        using var element = p[3][1][2];   // cube[1][2][3] = 12 + 8 + 3
        Close(23, element);
    }

    [Fact]
    public void Cat_and_stack_join_tensors()
    {
        using var a = F64([1, 2], 1, 2);
        using var b = F64([3, 4, 5, 6], 2, 2);
        using (var c = torch.Cat([a, b])) { Shape(c, 3, 2); Close([1, 2, 3, 4, 5, 6], c); }
        using var d = F64([7, 8], 1, 2);
        using (var s = torch.Stack([a, d], 1)) { Shape(s, 1, 2, 2); Close([1, 2, 7, 8], s); }
    }

    [Fact]
    public void Slicing_selects_views_that_share_storage()
    {
        using var m = Matrix();
        using (var s = m.Slice(1, 0, 3, 2)) Close([1, 3, 4, 6], s.Contiguous());
        using (var s = m.Slice(1, -2, long.MaxValue)) Close([2, 3, 5, 6], s.Contiguous());
        using (var n = m.Narrow(0, 1, 1)) Close([4, 5, 6], n);
        using (var row = m.Select(0, 1))
        {
            row.FillInPlace(0);   // a view: writes reach the original
            Close([1, 2, 3, 0, 0, 0], m);
        }
        var parts = m.Split(2, 1);
        Assert.Equal(2, parts.Length);
        Shape(parts[0], 2, 2);
        Shape(parts[1], 2, 1);
        foreach (var part in parts) part.Dispose();
    }

    [Fact]
    public void Indexing_gathers_and_scatters()
    {
        using var m = Matrix();
        using var rows = torch.FromArray(new long[] { 1, 0, 1 });
        using (var r = m.IndexSelect(0, rows)) Close([4, 5, 6, 1, 2, 3, 4, 5, 6], r);
        using var picks = torch.FromArray(new long[] { 2, 0 }, [2, 1]);
        using (var g = m.Gather(1, picks)) Close([3, 4], g);
        using var zeros = torch.Zeros([2, 3], ScalarType.Float64);
        using var ones = torch.Ones([2, 1], ScalarType.Float64);
        using (var s = zeros.Scatter(1, picks, ones)) Close([0, 0, 1, 1, 0, 0], s);
        using var mask = torch.FromArray(new[] { true, false, true }, [1, 3]);
        using (var f = m.MaskedFill(mask, -1)) Close([-1, 2, -1, -1, 5, -1], f);
        using var labels = torch.FromArray(new long[] { 2, 0 });
        using (var h = labels.OneHot(3)) Assert.Equal(new long[] { 0, 0, 1, 1, 0, 0 }, h.ToArray<long>());
    }

    [Fact]
    public void Expand_repeat_and_flip()
    {
        using var v = F64([1, 2], 2, 1);
        using (var e = v.Expand(2, 3)) Close([1, 1, 1, 2, 2, 2], e.Contiguous());
        using (var r = v.Repeat(2, 2)) { Shape(r, 4, 2); Close([1, 1, 2, 2, 1, 1, 2, 2], r); }
        using var m = Matrix();
        using (var f = m.Flip(1)) Close([3, 2, 1, 6, 5, 4], f);
    }
}
