using System.Globalization;

namespace Uam.Experiments.Cli;

/// <summary>Parsing of the list and slice arguments every study command takes.</summary>
internal static class Lists
{
    /// <summary>Parses "i/k" with 0 &lt;= i &lt; k.</summary>
    public static (int Index, int Count) ParseSlice(string text, string option)
    {
        string[] parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i) &&
            int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k >= 1 && i < k)
            return (i, k);
        throw new ArgumentException($"{option}: '{text}' is not i/k with 0 <= i < k (e.g. 0/4).");
    }

    /// <summary>Parses integer lists: "0 4 8", "0,4,8", "0-9" and mixtures, without repeats, in the order given.</summary>
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
