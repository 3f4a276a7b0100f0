using System.Globalization;

namespace Uam.Experiments.Imbalanced;

/// <summary>One run of the study: a model, a normalizer, the number of down-sampled classes and a seed.</summary>
internal sealed record Cell(string Model, string Normalizer, int DownSampled, int Seed)
{
    /// <summary>The cell's identity in the results file, protocol included.</summary>
    public string Key(ImbalancedOptions options) =>
        string.Create(CultureInfo.InvariantCulture, $"{Model}|{Normalizer}|n={DownSampled}|seed={Seed}|{options.ProtocolKey}");

    /// <summary>A file-name-safe name, e.g. "ffnn-LN+RN-n4-s1" → "ffnn-LN_RN-n4-s1".</summary>
    public string FileName => string.Create(CultureInfo.InvariantCulture, $"{Model}-{Normalizer.Replace('+', '_')}-n{DownSampled}-s{Seed}");
}

/// <summary>The grid in a fixed order (seed, then n, then model, then normalizer: early results cover every
/// normalizer) and its slices for shards and jobs.</summary>
internal static class ImbalancedGrid
{
    public static IReadOnlyList<Cell> Cells(ImbalancedOptions options) =>
        (from seed in options.Seeds
         from n in options.DownSampled
         from model in options.Models
         from normalizer in options.Normalizers
         select new Cell(model, normalizer, n, seed)).ToList();

    /// <summary>Cells whose position modulo <paramref name="count"/> is <paramref name="index"/>: k slices
    /// cover the grid exactly once.</summary>
    public static IReadOnlyList<Cell> Slice(IReadOnlyList<Cell> cells, int index, int count)
    {
        if (count < 1 || index < 0 || index >= count)
            throw new ArgumentOutOfRangeException(nameof(index), $"slice {index}/{count}: need 0 <= i < k");
        return cells.Where((_, position) => position % count == index).ToList();
    }

    /// <summary>What this invocation runs: its shard of the grid (a worker process of it claims cells as it goes).</summary>
    public static IReadOnlyList<Cell> Assigned(ImbalancedOptions options) => Slice(Cells(options), options.Shard.Index, options.Shard.Count);

    /// <summary>Parses "i/k".</summary>
    public static (int Index, int Count) ParseSlice(string text, string option)
    {
        string[] parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i) &&
            int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k >= 1 && i < k)
            return (i, k);
        throw new ArgumentException($"{option}: '{text}' is not i/k with 0 <= i < k (e.g. 0/4).");
    }

    /// <summary>Parses integer lists: "0 4 8", "0,4,8", "0-9" and mixtures.</summary>
    public static IReadOnlyList<int> ParseIntegers(IEnumerable<string> tokens, string option)
    {
        var values = new List<int>();
        foreach (string token in tokens.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            string[] range = token.Split('-');
            if (range.Length == 1 && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int single)) values.Add(single);
            else if (range.Length == 2 && int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out int from) &&
                     int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out int to) && from <= to)
                values.AddRange(Enumerable.Range(from, to - from + 1));
            else throw new ArgumentException($"{option}: '{token}' is not a number or a range like 0-9.");
        }
        if (values.Count == 0) throw new ArgumentException($"{option}: give at least one value.");
        return values.Distinct().ToList();
    }
}
