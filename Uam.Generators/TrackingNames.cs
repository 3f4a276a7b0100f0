namespace Uam.Generators
{
    /// <summary>Names of the tracked pipeline steps (tests assert these are cached after unrelated edits).</summary>
    internal static class TrackingNames
    {
        public const string Models = "Models";
        public const string AttributesWithoutModel = "AttributesWithoutModel";
        public const string Hooks = "Hooks";
        public const string HookedModules = "HookedModules";
    }
}
