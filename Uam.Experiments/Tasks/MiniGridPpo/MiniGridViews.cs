using Uam.Environments.MiniGrid;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.MiniGridPpo;

/// <summary>The original's preprocessing (environments-reference §3.8): only the image is used, as 32-bit floats of the
/// raw codes (no scaling, no one-hot), permuted from (N, vx, vy, channel) to (N, 3, vx, vy).</summary>
internal static class MiniGridViews
{
    public const int Size = AgentView.Size, Channels = 3, Elements = Channels * Size * Size;

    /// <summary>Writes observation <paramref name="index"/>'s image into <paramref name="destination"/> at
    /// index·147 in the (3, vx, vy) layout.</summary>
    public static void Write(MiniGridObservation observation, float[] destination, int index)
    {
        byte[,,] image = observation.Image;
        if (image.GetLength(0) != Size || image.GetLength(1) != Size || image.GetLength(2) != Channels)
            throw new ArgumentException($"a MiniGrid view is {Size}×{Size}×{Channels}, not {image.GetLength(0)}×{image.GetLength(1)}×{image.GetLength(2)}", nameof(observation));
        int offset = index * Elements;
        for (int c = 0; c < Channels; c++)
            for (int x = 0; x < Size; x++)
                for (int y = 0; y < Size; y++)
                    destination[offset + (c * Size + x) * Size + y] = image[x, y, c];
    }

    /// <summary>The batch of views as a tensor [N, 3, 7, 7].</summary>
    public static Tensor Tensor(IReadOnlyList<MiniGridObservation> observations)
    {
        var values = new float[observations.Count * Elements];
        for (int i = 0; i < observations.Count; i++) Write(observations[i], values, i);
        return Of(values, observations.Count);
    }

    /// <summary>Views already laid out by <see cref="Write"/> as a tensor [count, 3, 7, 7].</summary>
    public static Tensor Of(float[] values, int count) => torch.FromArray(values, [count, Channels, Size, Size]);
}
