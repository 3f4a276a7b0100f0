using Uam.Environments.Rendering;

namespace Uam.Experiments.Tasks.Ntm;

/// <summary>The NTM copy task's figure (after Graves et al. 2014, figure 6): for one test sequence, time running to the
/// right, the inputs (8 bits and the delimiter), the targets and the outputs σ(logit) (both placed at the output steps),
/// the write weighting and the read weighting over the memory's rows, white = 1. The rows shown are those either head
/// gives at least 1 % somewhere, and their neighbours, in circular memory order (a head moving backwards from row 0 goes
/// up the picture, one moving forwards down).</summary>
internal static class NtmPictures
{
    /// <summary>Screen pixels per value.</summary>
    public const int Scale = 3;

    public static string PathOf(string outputDirectory, string runName, int length) =>
        Path.Combine(outputDirectory, "weightings", $"{runName}-length{length}.png");

    public static PngImage Weightings(NtmTranscript transcript)
    {
        int steps = transcript.Steps, length = transcript.Length, bits = CopyBatch.Bits, channels = bits + 1;
        var inputs = new float[channels * steps];
        for (int t = 0; t < steps; t++)
            for (int c = 0; c < channels; c++) inputs[c * steps + t] = transcript.Inputs[t * channels + c];
        float[] targets = new float[bits * steps], outputs = new float[bits * steps];
        for (int j = 0; j < length; j++)
            for (int c = 0; c < bits; c++)
            {
                targets[c * steps + length + 1 + j] = transcript.Targets[j * bits + c];
                outputs[c * steps + length + 1 + j] = transcript.Outputs[j * bits + c];
            }
        int[] rows = RowsShown(transcript);
        PngImage Heads(float[][] weights)
        {
            var values = new float[rows.Length * steps];
            for (int r = 0; r < rows.Length; r++)
                for (int t = 0; t < steps; t++) values[r * steps + t] = weights[t][rows[r]];
            return PngImage.Grey(values, steps, rows.Length, Scale);
        }
        var panels = new[]
        {
            PngImage.Grey(inputs, steps, channels, Scale), PngImage.Grey(targets, steps, bits, Scale), PngImage.Grey(outputs, steps, bits, Scale),
            Heads(transcript.Write), Heads(transcript.Read),
        };
        return PngImage.Stacked(panels, gap: 2 * Scale);
    }

    /// <summary>Rows (of sequence 0) that either head weights at least 1 % at some step, each with its two neighbours, in
    /// circular order starting after the longest run of rows not shown, so that a path through the memory stays contiguous
    /// whichever way it wraps.</summary>
    public static int[] RowsShown(NtmTranscript transcript)
    {
        int n = transcript.Rows;
        var used = new bool[n];
        foreach (var weights in transcript.Write.Concat(transcript.Read))
        {
            var row = transcript.Row(weights, 0);
            for (int i = 0; i < n; i++)
                if (row[i] >= 0.01f)
                    for (int d = -1; d <= 1; d++) used[((i + d) % n + n) % n] = true;
        }
        if (used.All(u => u)) return Enumerable.Range(0, n).ToArray();
        if (!used.Any(u => u)) return [0];
        int start = 0, longest = -1;
        for (int i = 0; i < n; i++)
        {
            if (used[i] || !used[(i - 1 + n) % n]) continue;   // i opens a run of unused rows
            int run = 0;
            while (!used[(i + run) % n]) run++;
            if (run > longest) (longest, start) = (run, (i + run) % n);
        }
        return Enumerable.Range(0, n).Select(k => (start + k) % n).Where(i => used[i]).ToArray();
    }
}
