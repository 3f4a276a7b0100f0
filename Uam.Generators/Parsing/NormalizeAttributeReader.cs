using System;
using Microsoft.CodeAnalysis;
using Uam.Generators.Model;

namespace Uam.Generators.Parsing
{
    /// <summary>Reads <c>[Normalize]</c>'s options, for models and for hooked modules alike.</summary>
    internal static class NormalizeAttributeReader
    {
        /// <summary>The options as written; an invalid value is passed to <paramref name="invalid"/> and left out.</summary>
        public static NormalizerOptionsSpec ReadOptions(AttributeData normalize, Action<string> invalid)
        {
            int? Enum(string name, string[] names)
            {
                if (!(Named(normalize, name) is int value)) return null;
                if (value >= 0 && value < names.Length) return value;
                invalid($"[Normalize]: {value} is not a valid {name}");
                return null;
            }
            double? floor = Named(normalize, "StdFloor") is double f ? f : (double?)null;
            if (floor is double d && !(d >= 0 && !double.IsInfinity(d)))
            {
                invalid($"[Normalize]: StdFloor must be a finite value >= 0, not {d}");
                floor = null;
            }
            return new NormalizerOptionsSpec(Named(normalize, "Faithful") is bool b && b,
                Enum("Pooling", RuntimeContract.VariancePooling), Enum("Gradient", RuntimeContract.GradientPolicy),
                Enum("Scale", RuntimeContract.EvaluationScale), floor, Enum("Implementation", RuntimeContract.Implementation));
        }

        public static object? Named(AttributeData attribute, string name)
        {
            foreach (var pair in attribute.NamedArguments)
                if (pair.Key == name) return pair.Value.Value;
            return null;
        }
    }
}
