namespace Uam.Experiments.Studies;

/// <summary>A study's runs: the product of named axes in a fixed order (the first axis outermost, so that with seed
/// first the early results cover every normalizer), optionally filtered (combinations a task does not declare).</summary>
internal sealed class StudyGrid
{
    public StudyGrid(IReadOnlyList<Axis> axes, Func<RunPoint, bool>? include = null)
    {
        if (axes.Count == 0) throw new ArgumentException("a grid needs at least one axis", nameof(axes));
        if (!axes.Any(a => a.Name == Axis.Seed)) throw new ArgumentException($"a grid needs a '{Axis.Seed}' axis", nameof(axes));
        if (axes.Select(a => a.Name).Distinct().Count() != axes.Count) throw new ArgumentException("axis names repeat", nameof(axes));
        if (axes.FirstOrDefault(a => a.Values.Count == 0) is { } empty) throw new ArgumentException($"axis '{empty.Name}' has no values", nameof(axes));
        Axes = axes;
        IEnumerable<IEnumerable<KeyValuePair<string, string>>> product = [[]];
        foreach (Axis axis in axes)
        {
            Axis current = axis;
            product = product.SelectMany(prefix => current.Values.Select(v => prefix.Append(new KeyValuePair<string, string>(current.Name, v))));
        }
        Points = product.Select(p => new RunPoint(p.ToList())).Where(p => include?.Invoke(p) ?? true).ToList();
    }

    public IReadOnlyList<Axis> Axes { get; }

    public IReadOnlyList<RunPoint> Points { get; }

    /// <summary>The runs whose position modulo <paramref name="count"/> is <paramref name="index"/>: k slices cover
    /// the grid exactly once, and each slice gets a share of every axis.</summary>
    public IReadOnlyList<RunPoint> Slice(int index, int count)
    {
        if (count < 1 || index < 0 || index >= count)
            throw new ArgumentOutOfRangeException(nameof(index), $"slice {index}/{count}: need 0 <= i < k");
        return Points.Where((_, position) => position % count == index).ToList();
    }
}
