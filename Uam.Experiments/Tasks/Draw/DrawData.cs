using Uam.Environments.Random;
using Uam.Experiments.Data;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Draw;

/// <summary>Images for DRAW: pixels scaled to [0, 1] (no binarisation, no standardisation, as the original), flattened, with
/// their labels (saliency normalization's prior). The batches of an epoch are whole: the last partial batch is dropped, so
/// that iteration i reads batch i mod (count / batch) of epoch i / (count / batch).</summary>
internal sealed class DrawData : IDisposable
{
    public DrawData(LabelledImages images) : this(images.ToTensor(0, 1), images.LabelTensor())
    {
    }

    /// <summary>Images [count, pixels] in [0, 1] and their labels [count] (Int64), which this object then owns.</summary>
    public DrawData(Tensor images, Tensor labels)
    {
        if (images.Dim != 2 || labels.Dim != 1 || labels.Size(0) != images.Size(0) || labels.DType != ScalarType.Int64)
            throw new ArgumentException($"DRAW data: images [count, pixels] and Int64 labels [count], not [{string.Join(", ", images.Shape)}] and {labels.DType}[{string.Join(", ", labels.Shape)}]");
        (Images, Labels, Count, ImageSize) = (images, labels, (int)images.Size(0), (int)images.Size(1));
    }

    /// <summary>[count, pixels] in [0, 1].</summary>
    public Tensor Images { get; }

    /// <summary>[count] class indices.</summary>
    public Tensor Labels { get; }

    public int Count { get; }

    public int ImageSize { get; }

    public int BatchesPerEpoch(int batchSize) => Count / batchSize;

    /// <summary>The order of an epoch's images: the file's order without shuffling (the original's), else a Fisher–Yates
    /// permutation from (seed, epoch), so that any iteration's batch follows from the seed alone (a resumed run reads the
    /// same batches).</summary>
    public static int[] Order(int count, bool shuffle, int seed, int epoch)
    {
        int[] order = Enumerable.Range(0, count).ToArray();
        if (!shuffle) return order;
        var random = ReferenceRandom.FromKey([(uint)seed, (uint)epoch, 0x0D7A_3u]);
        for (int i = count - 1; i > 0; i--)
        {
            int j = random.Integer(0, i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>Rows <paramref name="start"/> … start + count − 1 (for evaluation in batches).</summary>
    public (Tensor Images, Tensor Labels) Slice(int start, int count) => (Images.Narrow(0, start, count), Labels.Narrow(0, start, count));

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
