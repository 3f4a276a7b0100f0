using System.Collections.Concurrent;

namespace Uam.Runtime.Memory;

/// <summary>The log-weight tables the pattern memories look weights up in, computed once per geometry and shared.</summary>
internal static class WeightTables
{
    private static readonly ConcurrentDictionary<(int N, int Radius), double[]> Binary = new();
    private static readonly ConcurrentDictionary<(int N, int Radius, int Resolution, CapLogFactor Factor), double[]> Caps = new();

    /// <summary>ln I_{n,d}(0…n).</summary>
    public static double[] BinaryLog(int n, int radius) => Binary.GetOrAdd((n, radius), key => CircleIntersection.LogTable(key.N, key.Radius));

    /// <summary>The original's cap cache: ln A at R cosines linspace(−1, 1, R), the last at 1 − 1e−15 (−∞ where the caps
    /// do not meet).</summary>
    public static double[] CapLog(int n, int radius, int resolution, CapLogFactor factor) =>
        Caps.GetOrAdd((n, radius, resolution, factor), key =>
        {
            double angle = CapIntersection.CapAngle(key.N, key.Radius);
            var table = new double[key.Resolution];
            Parallel.For(0, key.Resolution, i =>
            {
                double cosine = i == key.Resolution - 1 ? BetaFit.FirstCapCosine : -1 + 2.0 * i / (key.Resolution - 1);
                table[i] = CapIntersection.LogArea(key.N, angle, Math.Acos(cosine), key.Factor);
            });
            return table;
        });

    /// <summary>Looks the log cap area up for cosines [b, m]: the original's index (quirk 5) or linear interpolation in the
    /// logarithm at the true grid position (−∞ in a cell that touches the edge where the caps stop meeting). Call inside a
    /// dispose scope: the intermediates belong to it.</summary>
    public static Tensor LookUpCap(Tensor table, Tensor cosines, bool originalIndex)
    {
        long resolution = table.Size(0);
        var shape = cosines.Shape;
        Tensor flat = cosines.Reshape(-1);
        if (originalIndex)
        {
            Tensor position = (flat + 1) * (resolution / 2.0) - 1, floored = position.Floor();
            Tensor truncated = torch.Where(position.Lt(0).LogicalAnd(position.Gt(-1)), torch.ZerosLike(floored), floored);
            Tensor wrapped = torch.Where(truncated.Lt(0), truncated + resolution, truncated);   // −1 wraps to the last cell
            return table.IndexSelect(0, wrapped.Clamp(0, resolution - 1).To(ScalarType.Int64)).Reshape(shape);
        }
        Tensor t = ((flat + 1) * ((resolution - 1) / 2.0)).Clamp(0, resolution - 1);
        Tensor low = t.Floor().Clamp(0, resolution - 2), fraction = t - low;
        Tensor lowIndex = low.To(ScalarType.Int64);
        Tensor lowValue = table.IndexSelect(0, lowIndex), highValue = table.IndexSelect(0, lowIndex + 1);
        Tensor finite = lowValue.IsFinite().LogicalAnd(highValue.IsFinite());
        Tensor blend = lowValue + fraction * (highValue - lowValue);
        return torch.Where(finite, blend, torch.Full(blend.Shape, double.NegativeInfinity, blend.DType)).Reshape(shape);
    }
}
