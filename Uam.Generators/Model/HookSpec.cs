namespace Uam.Generators.Model
{
    /// <summary>One <c>[Hook]</c> partial method after parsing.</summary>
    /// <param name="Accessibility">The method's accessibility keywords as written ("private", "protected internal").</param>
    /// <param name="FollowsDefault">No kind of its own: the class default, or the kind given at construction.</param>
    /// <param name="StepParameter">The name of the <c>int step</c> parameter, or null.</param>
    /// <param name="PriorParameter">The name of the prior parameter, or null.</param>
    /// <param name="FeaturesFrom">The module's int member that gives the features when the hooks are created, or null.</param>
    /// <param name="StepsFrom">The module's int member that gives the number of per-step slots, or null.</param>
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
        string? FeaturesFrom,
        string? StepsFrom,
        LocationInfo? Location)
    {
        /// <summary>One slot per step, their number fixed at compile time or read at construction.</summary>
        public bool SlotPerStep => Steps > 0 || StepsFrom is not null;

        /// <summary>The features are known (a constant or a member), so kinds that need them can be checked as served.</summary>
        public bool FeaturesKnown => Features > 0 || FeaturesFrom is not null;
    }

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
