using System.Text.Json.Serialization;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Ntm;

/// <summary>How a trained NTM copies sequences of one length: the bits wrong per sequence, the share of bits wrong, and
/// three probes of its addressing. Focus: the mean largest weight of the write weighting over the input steps and of the
/// read weighting over the output steps (1 = one row exactly). Lag and alignment: at output step j the read head's strongest
/// row was the write head's strongest row at input step i (the last such step), or at none; the lag is the most common
/// i − j, and the alignment the share of output steps read at exactly that lag (the copy algorithm's signature: vectors
/// read back in the order written; at a lag of ±1 one output step per sequence has no input step to match, so the most is
/// (L − 1)/L).</summary>
internal sealed record NtmLengthResult(
    [property: JsonPropertyName("length")] int Length,
    [property: JsonPropertyName("bits_wrong")] double BitsWrong,
    [property: JsonPropertyName("bit_error_rate")] double BitErrorRate,
    [property: JsonPropertyName("write_focus")] double WriteFocus,
    [property: JsonPropertyName("read_focus")] double ReadFocus,
    [property: JsonPropertyName("lag")] int Lag,
    [property: JsonPropertyName("alignment")] double Alignment);

/// <summary>An NTM run over copy sequences in inference (the slots' statistics and the probes' do not move): outputs and
/// weightings as arrays, and the measures of <see cref="NtmLengthResult"/>.</summary>
internal sealed record NtmTranscript(int Sequences, int Length, int Rows, float[] Inputs, float[] Targets, float[] Outputs, float[][] Read, float[][] Write)
{
    public int Steps => 2 * Length + 1;

    /// <summary>Runs <paramref name="model"/> on <paramref name="count"/> fresh sequences of <paramref name="length"/>.</summary>
    public static NtmTranscript Record(NtmModel model, int length, int count, Random random)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.NoGrad();
        bool training = model.IsTraining;
        model.Eval();
        try
        {
            using var batch = CopyBatch.Draw(count, length, random);
            var (logits, weightings) = model.Forward(batch.Inputs);
            return new NtmTranscript(count, length, model.Rows, batch.Inputs.ToArray<float>(), batch.Targets.ToArray<float>(),
                logits.Narrow(1, length + 1, length).Sigmoid().ToArray<float>(),
                weightings.Select(w => w.Read.ToArray<float>()).ToArray(), weightings.Select(w => w.Write.ToArray<float>()).ToArray());
        }
        finally
        {
            if (training) model.Train();
        }
    }

    public NtmLengthResult Measure()
    {
        double wrong = 0;
        for (int i = 0; i < Outputs.Length; i++) wrong += Math.Abs((Outputs[i] > 0.5f ? 1 : 0) - Targets[i]);
        double writeFocus = 0, readFocus = 0;
        var lags = new Dictionary<int, int>();
        for (int b = 0; b < Sequences; b++)
        {
            var writtenAt = new Dictionary<int, int>();   // row → the last input step that wrote it most
            for (int i = 0; i < Length; i++)
            {
                var written = Row(Write[i], b);
                writeFocus += Max(written);
                writtenAt[ArgMax(written)] = i;
            }
            for (int j = 0; j < Length; j++)
            {
                var read = Row(Read[Length + 1 + j], b);
                readFocus += Max(read);
                if (writtenAt.TryGetValue(ArgMax(read), out int i)) lags[i - j] = lags.GetValueOrDefault(i - j) + 1;
            }
        }
        double n = (double)Sequences * Length;
        var (lag, aligned) = lags.Count == 0 ? (0, 0) : lags.OrderByDescending(l => l.Value).ThenBy(l => Math.Abs(l.Key)).Select(l => (l.Key, l.Value)).First();
        return new NtmLengthResult(Length, wrong / Sequences, wrong / (n * CopyBatch.Bits), writeFocus / n, readFocus / n, lag, aligned / n);
    }

    /// <summary>Sequence <paramref name="b"/>'s weighting from a step's [B, N] array.</summary>
    public ReadOnlySpan<float> Row(float[] weights, int b) => weights.AsSpan(b * Rows, Rows);

    private static float Max(ReadOnlySpan<float> w)
    {
        float best = float.NegativeInfinity;
        foreach (float v in w) best = Math.Max(best, v);
        return best;
    }

    private static int ArgMax(ReadOnlySpan<float> w)
    {
        int best = 0;
        for (int i = 1; i < w.Length; i++) if (w[i] > w[best]) best = i;
        return best;
    }
}
