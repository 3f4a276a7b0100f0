using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Uam.Generators.Diagnostics
{
    /// <summary>Every diagnostic the model generator reports (listed in AnalyzerReleases.Unshipped.md and
    /// documented in docs/diagnostics.md).</summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "Uam.Models";
        // Relative to the repository root: the reference lives with the code it documents.
        private const string Help = "docs/diagnostics.md#";

        private static DiagnosticDescriptor Error(string id, string title, string message) =>
            new DiagnosticDescriptor(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Help + id.ToLowerInvariant());

        public static readonly DiagnosticDescriptor NotPartial = Error("UAM001",
            "Model class must be partial", "The model class '{0}' must be declared partial so that its layers can be generated");

        public static readonly DiagnosticDescriptor Nested = Error("UAM002",
            "Nested model classes are not supported", "The model class '{0}' is nested in '{1}'; declare models at namespace level");

        public static readonly DiagnosticDescriptor Generic = Error("UAM003",
            "Generic model classes are not supported", "The model class '{0}' is generic; models must not have type parameters");

        public static readonly DiagnosticDescriptor UnknownKind = Error("UAM004",
            "Unknown normalizer kind", "{0} is not a normalizer kind (Uam.Runtime.Kind has no member with value {1})");

        public static readonly DiagnosticDescriptor UnsupportedKind = Error("UAM005",
            "Normalizer kind not supported here", "Normalization {0} is not supported on the {1} layer '{2}': {3}");

        public static readonly DiagnosticDescriptor ShapesDoNotChain = Error("UAM006",
            "Layer sizes do not chain", "The {0} layer '{1}' cannot follow an activation of shape {2}: {3}");

        public static readonly DiagnosticDescriptor OutputNormalized = new DiagnosticDescriptor("UAM007",
            "Normalization on the output layer", "The output layer '{0}' is normalized with {1}; the paper leaves the output (logits) unnormalized",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Help + "uam007");

        public static readonly DiagnosticDescriptor DuplicateName = Error("UAM008",
            "Duplicate name", "The name '{0}' is used twice in model '{1}' ({2})");

        public static readonly DiagnosticDescriptor UnsupportedLayer = Error("UAM009",
            "Unsupported layer", "{0}");

        public static readonly DiagnosticDescriptor SaliencyWithoutPrior = Error("UAM010",
            "Saliency normalization without a prior source",
            "Model '{0}' uses saliency normalization (SN) but declares no prior: set Prior = PriorSource.Labels or PriorSource.Tensor on [Normalize]");

        public static readonly DiagnosticDescriptor MissingInput = Error("UAM011",
            "Model has no input or no layers", "Model '{0}' {1}");

        public static readonly DiagnosticDescriptor HasBaseClass = Error("UAM012",
            "Model class already has a base class", "The model class '{0}' derives from '{1}'; generated models derive from nn.Module<Tensor, Tensor>");

        public static readonly DiagnosticDescriptor InvalidArgument = Error("UAM013",
            "Invalid layer argument", "{0}");

        public static readonly DiagnosticDescriptor WithoutModel = Error("UAM014",
            "Model attribute missing", "'{0}' has [{1}] but no [Model(...)]: nothing is generated for it; add [Model] with the input shape");

        public static readonly DiagnosticDescriptor RecordModel = Error("UAM015",
            "Models cannot be records", "The model '{0}' is a record; declare it as a partial class (a module has identity, not value equality)");

        public static readonly DiagnosticDescriptor StaticModel = Error("UAM016",
            "Models cannot be static", "The model class '{0}' is static; a model is instantiated, so remove 'static'");

        public static readonly DiagnosticDescriptor AbstractModel = Error("UAM017",
            "Models cannot be abstract", "The model class '{0}' is abstract; the generated constructor and forward pass make a concrete model, so remove 'abstract'");

        public static readonly DiagnosticDescriptor HookNotPartial = Error("UAM018",
            "Hook must be a partial method of a partial module", "The hook '{0}' {1}");

        public static readonly DiagnosticDescriptor HookSignature = Error("UAM019",
            "Hook has the wrong signature", "The hook '{0}' {1}; a hook is 'Tensor Name(Tensor x)', with an optional 'int step' and a last optional 'Tensor? prior'");

        public static readonly DiagnosticDescriptor HookUnknownKind = Error("UAM020",
            "Unknown hook kind", "The hook '{0}' has kind {1}, which is not a Uam.Runtime.Kind");

        public static readonly DiagnosticDescriptor HookDuplicateName = Error("UAM021",
            "Duplicate hook name", "The hooks '{0}' and '{1}' of '{2}' both take the state-dict name '{3}'; give one another Name");

        public static readonly DiagnosticDescriptor HookKindUnsupported = Error("UAM022",
            "Hook kind cannot take the hooked tensor", "The hook '{0}' cannot use {1}: {2}");

        public static readonly IReadOnlyDictionary<string, DiagnosticDescriptor> ById = new[]
        {
            NotPartial, Nested, Generic, UnknownKind, UnsupportedKind, ShapesDoNotChain, OutputNormalized, DuplicateName,
            UnsupportedLayer, SaliencyWithoutPrior, MissingInput, HasBaseClass, InvalidArgument, WithoutModel, RecordModel, StaticModel,
            AbstractModel, HookNotPartial, HookSignature, HookUnknownKind, HookDuplicateName, HookKindUnsupported,
        }.ToDictionary(d => d.Id);
    }
}
