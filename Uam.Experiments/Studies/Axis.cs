namespace Uam.Experiments.Studies;

/// <summary>One named dimension of a study's grid (normalizer, seed, n, environment, fold, …) with its values in
/// the order the runs should take them.</summary>
internal sealed record Axis(string Name, IReadOnlyList<string> Values)
{
    /// <summary>The axis every study has: each seed fixes data order, initialisation and environment.</summary>
    public const string Seed = "seed";

    public static Axis Of<T>(string name, IEnumerable<T> values) where T : notnull =>
        new(name, values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!).Distinct().ToList());
}
