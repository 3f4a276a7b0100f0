using System.Linq;

namespace Uam.Generators.Parsing
{
    /// <summary>How state-dict names become C# member names.</summary>
    internal static class Naming
    {
        /// <summary>"fc1_norm" → "Fc1Norm".</summary>
        public static string Property(string name) =>
            string.Concat(name.Split('_').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));

        /// <summary>The state-dict name of a layer's normalizer.</summary>
        public static string Normalizer(string layer) => layer + "_norm";
    }
}
