namespace Uam.Runtime;

/// <summary>A state dict that does not fit the module it is loaded into; lists every problem at once.</summary>
public sealed class StateDictMismatchException : ArgumentException
{
    internal StateDictMismatchException(string module, string? path, IReadOnlyList<string> missing,
        IReadOnlyList<string> unexpected, IReadOnlyList<string> mismatched)
        : base(Describe(module, path, missing, unexpected, mismatched), "source")
    {
        MissingKeys = missing;
        UnexpectedKeys = unexpected;
        Mismatches = mismatched;
    }

    /// <summary>Entries the module has but the source lacks.</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>Entries the source has but the module lacks.</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; }

    /// <summary>Entries present in both with a different dtype or shape.</summary>
    public IReadOnlyList<string> Mismatches { get; }

    private static string Describe(string module, string? path, IReadOnlyList<string> missing,
        IReadOnlyList<string> unexpected, IReadOnlyList<string> mismatched)
    {
        var problems = new List<string>();
        problems.AddRange(mismatched);
        if (missing.Count > 0) problems.Add("missing: " + string.Join(", ", missing.Select(k => $"'{k}'")));
        if (unexpected.Count > 0) problems.Add("unexpected: " + string.Join(", ", unexpected.Select(k => $"'{k}'")));
        string source = path is null ? "the state dict" : $"'{path}'";
        return $"Cannot load {source} into {module}: {string.Join("; ", problems)}.";
    }
}
