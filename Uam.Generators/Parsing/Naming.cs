using System.Linq;
using System.Text.RegularExpressions;

namespace Uam.Generators.Parsing
{
    /// <summary>How state-dict names become C# member names.</summary>
    internal static class Naming
    {
        /// <summary>"fc1_norm" → "Fc1Norm".</summary>
        public static string Property(string name) =>
            string.Concat(name.Split('_').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));

        private static readonly Regex ValidName = new Regex("^[A-Za-z][A-Za-z0-9_]*$");

        /// <summary>Whether a layer's or a hook's name can be a state-dict name and a member name: a letter, then letters,
        /// digits or '_'.</summary>
        public static bool IsValid(string name) => ValidName.IsMatch(name);

        /// <summary>The state-dict name of a layer's normalizer.</summary>
        public static string Normalizer(string layer) => layer + "_norm";
    }
}
