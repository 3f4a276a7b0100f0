using System.Globalization;
using System.Text;

namespace Uam.Experiments.Studies;

/// <summary>One run of a grid: a value for each axis, in the grid's axis order.</summary>
internal sealed class RunPoint(IReadOnlyList<KeyValuePair<string, string>> values) : IEquatable<RunPoint>
{
    public IReadOnlyList<KeyValuePair<string, string>> Values { get; } = values;

    public string this[string axis] =>
        Values.FirstOrDefault(v => v.Key == axis).Value ?? throw new KeyNotFoundException($"the grid has no axis '{axis}'");

    public int Integer(string axis) => int.Parse(this[axis], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public int Seed => Integer(Axis.Seed);

    /// <summary>The run's identity among a task's records: the task, every axis as name=value, and the protocol
    /// (everything else that changes results), e.g. "imbalanced|model=ffnn|normalizer=RN|n=3|seed=1|…".</summary>
    public string Key(string task, string protocol) =>
        string.Join('|', [task, .. Values.Select(v => $"{v.Key}={v.Value}"), protocol]);

    /// <summary>A file-name-safe name from the axis values, e.g. "ffnn-LN_RN-n3-s1" with a task's own naming.</summary>
    public string FileName(Func<KeyValuePair<string, string>, string>? part = null)
    {
        var name = new StringBuilder();
        foreach (var value in Values)
        {
            if (name.Length > 0) name.Append('-');
            foreach (char c in part?.Invoke(value) ?? value.Value) name.Append(char.IsLetterOrDigit(c) || c is '.' or '=' ? c : '_');
        }
        return name.ToString();
    }

    public bool Equals(RunPoint? other) => other is not null && Values.SequenceEqual(other.Values);

    public override bool Equals(object? obj) => Equals(obj as RunPoint);

    public override int GetHashCode() => Values.Aggregate(0, (h, v) => HashCode.Combine(h, v.Key, v.Value));

    public override string ToString() => string.Join(", ", Values.Select(v => $"{v.Key}={v.Value}"));
}
