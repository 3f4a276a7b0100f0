using System.Globalization;
using System.Text;

namespace Uam.Runtime;

/// <summary>The UAM probe of one slot: a record per call, written to CSV for plotting.</summary>
public sealed class RegularityTrace(string name)
{
    private readonly List<RegularityRecord> _records = [];

    /// <summary>The slot's name in the CSV files (e.g. "fc1").</summary>
    public string Name { get; } = name;

    /// <summary>The records so far, in call order.</summary>
    public IReadOnlyList<RegularityRecord> Records => _records;

    internal void Add(RegularityRecord record) => _records.Add(record);

    /// <summary>Forgets the records so far: a long run reads what it needs after each step and clears, so that its memory
    /// stays flat.</summary>
    public void Clear() => _records.Clear();

    /// <summary>Writes one summary row per call of every trace: slot, call, mode, elements, mean, std, count,
    /// code length mean/min/max, COMP mean and multiplier mean. Written atomically (temporary file, rename).</summary>
    public static void WriteSummaryCsv(string path, IEnumerable<RegularityTrace> traces)
    {
        var text = new StringBuilder("slot,call,mode,elements,mean,std,count,code_length_mean,code_length_min,code_length_max,comp_mean,multiplier_mean\n");
        foreach (var trace in traces)
            foreach (var r in trace.Records)
                text.AppendLine(string.Join(',', trace.Name, N(r.Call), r.Mode, N(r.Elements), N(r.Mean), N(r.Std), N(r.Count),
                    N(r.CodeLengthMean), N(r.CodeLengths.Min()), N(r.CodeLengths.Max()), N(r.CompMean), N(r.MultiplierMean)));
        WriteAtomically(path, text.ToString());
    }

    /// <summary>Writes the full vectors in long format: slot, call, index, code_length, comp (one row per
    /// feature or sample; COMP is repeated when it is one value).</summary>
    public static void WriteVectorsCsv(string path, IEnumerable<RegularityTrace> traces)
    {
        var text = new StringBuilder("slot,call,index,code_length,comp\n");
        foreach (var trace in traces)
            foreach (var r in trace.Records)
                for (int i = 0; i < r.CodeLengths.Length; i++)
                    text.AppendLine(string.Join(',', trace.Name, N(r.Call), N(i), N(r.CodeLengths[i]), N(r.Comp[r.Comp.Length == 1 ? 0 : i])));
        WriteAtomically(path, text.ToString());
    }

    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void WriteAtomically(string path, string content)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = full + $".{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, full, overwrite: true);
    }
}
