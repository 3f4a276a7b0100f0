using Uam.Runtime;

namespace Uam.Experiments.Tasks.Ntm;

/// <summary>A batch of the NTM copy task (Graves et al. 2014): L random 8-bit vectors, then a delimiter, then L blank
/// steps during which the model must reproduce the vectors. Inputs [B, 2L + 1, 9] (the ninth channel is the delimiter),
/// targets [B, L, 8].</summary>
internal sealed record CopyBatch(Tensor Inputs, Tensor Targets, int Length) : IDisposable
{
    public const int Bits = 8;

    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }

    /// <summary>A batch of sequences of <paramref name="length"/> vectors with fair random bits from <paramref name="random"/>.</summary>
    public static CopyBatch Draw(int batch, int length, Random random)
    {
        if (batch < 1 || length < 1) throw new ArgumentOutOfRangeException(nameof(length), length, "CopyBatch: at least one sequence of at least one vector.");
        int steps = 2 * length + 1, channels = Bits + 1;
        var inputs = new float[batch * steps * channels];
        var targets = new float[batch * length * Bits];
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < length; t++)
                for (int bit = 0; bit < Bits; bit++)
                {
                    float value = random.Next(2);
                    inputs[(b * steps + t) * channels + bit] = value;
                    targets[(b * length + t) * Bits + bit] = value;
                }
            inputs[(b * steps + length) * channels + Bits] = 1;   // the delimiter
        }
        return new CopyBatch(torch.FromArray(inputs, [batch, steps, channels]), torch.FromArray(targets, [batch, length, Bits]), length);
    }
}
