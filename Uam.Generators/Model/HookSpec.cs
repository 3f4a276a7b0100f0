namespace Uam.Generators.Model
{
    /// <summary>One <c>[Hook]</c> partial method after parsing.</summary>
    /// <param name="Accessibility">The method's accessibility keywords as written ("private", "protected internal").</param>
    /// <param name="FollowsDefault">No kind of its own: the class default, or the kind given at construction.</param>
    /// <param name="StepParameter">The name of the <c>int step</c> parameter, or null.</param>
    /// <param name="PriorParameter">The name of the prior parameter, or null.</param>
    internal sealed record HookSpec(
        string Method,
        string Name,
        string Accessibility,
        string InputParameter,
        string? StepParameter,
        string? PriorParameter,
        bool PriorNullable,
        bool FollowsDefault,
        int Kind,
        int Features,
        int Steps,
        int Rank,
        LocationInfo? Location);

    /// <summary>A hand-written module with hooks: the class, its defaults and every hook, plus the diagnostics found.</summary>
    internal sealed record HookedModuleSpec(
        string Namespace,
        string ClassName,
        string HintName,
        int DefaultKind,
        NormalizerOptionsSpec Options,
        EquatableArray<HookSpec> Hooks,
        EquatableArray<DiagnosticInfo> Diagnostics,
        bool HasErrors);

    /// <summary>What one hook's transform yields: the class's facts (the same for every hook of the class) and the hook.</summary>
    internal sealed record HookDeclaration(
        string Namespace,
        string ClassName,
        int DefaultKind,
        NormalizerOptionsSpec Options,
        HookSpec? Hook,
        EquatableArray<DiagnosticInfo> Diagnostics);
}
