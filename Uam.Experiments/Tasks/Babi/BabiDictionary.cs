using System.Globalization;

namespace Uam.Experiments.Tasks.Babi;

/// <summary>One of a fold's four dictionaries (<c>edge_types</c>, <c>node_ids</c>, <c>question_types</c>, <c>labels</c>):
/// <c>symbol=id</c> per line, ids 1…n, each id and each symbol once, in any line order (../shared/data/babi/README.md).</summary>
internal sealed class BabiDictionary
{
    private BabiDictionary(string path, IReadOnlyDictionary<string, int> ids) => (Path, Ids) = (path, ids);

    /// <summary>The file it was read from (for error messages).</summary>
    public string Path { get; }

    /// <summary>Symbol → id (1-based).</summary>
    public IReadOnlyDictionary<string, int> Ids { get; }

    /// <summary>The number of symbols: the ids are 1…Count.</summary>
    public int Count => Ids.Count;

    /// <summary>The symbol of an id (1-based).</summary>
    public string SymbolOf(int id) => Ids.Single(e => e.Value == id).Key;

    public static BabiDictionary Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"bAbI: the dictionary '{path}' is missing.", path);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineOfId = new Dictionary<int, int>();
        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            int number = i + 1;
            int equals = line.LastIndexOf('=');
            if (equals <= 0 || !int.TryParse(line.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int id) || id < 1)
                throw new InvalidDataException($"{path}:{number}: expected 'symbol=id' with a positive integer id, not '{line}'.");
            string symbol = line[..equals];
            if (ids.ContainsKey(symbol)) throw new InvalidDataException($"{path}:{number}: the symbol '{symbol}' appears twice.");
            if (lineOfId.TryGetValue(id, out int earlier)) throw new InvalidDataException($"{path}:{number}: the id {id} is taken already (line {earlier}).");
            ids[symbol] = id;
            lineOfId[id] = number;
        }
        if (ids.Count == 0) throw new InvalidDataException($"{path}: the dictionary is empty.");
        int missing = Enumerable.Range(1, ids.Count).FirstOrDefault(id => !lineOfId.ContainsKey(id));
        if (missing != 0) throw new InvalidDataException($"{path}: the ids must be 1…{ids.Count}, but {missing} is missing (the largest is {lineOfId.Keys.Max()}).");
        return new BabiDictionary(path, ids);
    }

    /// <summary>Whether two dictionaries map the same symbols to the same ids.</summary>
    public bool SameAs(BabiDictionary other) => Count == other.Count && Ids.All(e => other.Ids.TryGetValue(e.Key, out int id) && id == e.Value);
}
