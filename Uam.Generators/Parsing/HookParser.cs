using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Uam.Generators.Diagnostics;
using Uam.Generators.Model;
using K = Uam.Generators.Parsing.RuntimeContract.Kind;

namespace Uam.Generators.Parsing
{
    /// <summary>Reads one <c>[Hook]</c> method into a <see cref="HookDeclaration"/>, and groups a class's hooks into a
    /// <see cref="HookedModuleSpec"/>. Never throws on bad input: every misuse is a diagnostic (UAM018–UAM022).</summary>
    internal static class HookParser
    {
        public static HookDeclaration Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellation)
        {
            var method = (IMethodSymbol)context.TargetSymbol;
            var syntax = (MethodDeclarationSyntax)context.TargetNode;
            INamedTypeSymbol type = method.ContainingType;
            var diagnostics = new List<DiagnosticInfo>();
            var location = new LocationInfo(syntax.SyntaxTree.FilePath, syntax.Identifier.Span, syntax.SyntaxTree.GetLineSpan(syntax.Identifier.Span).Span);
            void Report(DiagnosticDescriptor descriptor, params string[] arguments) =>
                diagnostics.Add(new DiagnosticInfo(descriptor.Id, location, arguments.ToEquatableArray()));

            // The class: a partial, non-nested, non-generic nn.Module without [Model].
            var typeSyntax = syntax.Parent as TypeDeclarationSyntax;
            if (typeSyntax is null || !(typeSyntax is ClassDeclarationSyntax) || !typeSyntax.Modifiers.Any(SyntaxKind.PartialKeyword))
                Report(DiagnosticDescriptors.HookNotPartial, method.Name, $"is in '{type.Name}', which is not a partial class: declare 'partial class {type.Name}'");
            if (type.ContainingType is not null)
                Report(DiagnosticDescriptors.HookNotPartial, method.Name, $"is in the nested class '{type.Name}'; declare hooked modules at namespace level");
            if (type.TypeParameters.Length > 0)
                Report(DiagnosticDescriptors.HookNotPartial, method.Name, $"is in the generic class '{type.Name}'; hooked modules take no type parameters");
            if (!DerivesFromModule(type))
                Report(DiagnosticDescriptors.HookNotPartial, method.Name, $"is in '{type.Name}', which does not derive from nn.Module (the slots are registered as its submodules)");
            if (type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == RuntimeContract.ModelAttribute))
                Report(DiagnosticDescriptors.HookNotPartial, method.Name, $"is in the [Model] class '{type.Name}'; a [Model] stack gets its normalizers from its layers");

            // The method: a partial declaration without a body, an instance method.
            if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || syntax.Body is not null || syntax.ExpressionBody is not null)
                Report(DiagnosticDescriptors.HookNotPartial, method.Name, "must be a partial method without a body (e.g. 'private partial Tensor " + method.Name + "(Tensor x);'): the generator writes its body");
            if (method.IsStatic)
                Report(DiagnosticDescriptors.HookNotPartial, method.Name, "is static; a hook uses its module's slots, so it is an instance method");
            string accessibility = string.Join(" ", syntax.Modifiers.Where(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.PrivateKeyword) ||
                m.IsKind(SyntaxKind.ProtectedKeyword) || m.IsKind(SyntaxKind.InternalKeyword)).Select(m => m.Text));
            if (accessibility.Length == 0 && syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
                Report(DiagnosticDescriptors.HookSignature, method.Name, "has no accessibility; a partial method that returns a value needs one (e.g. 'private partial')");

            // The signature: Tensor (Tensor x[, int step][, Tensor? prior]).
            AttributeData attribute = context.Attributes[0];
            int features = NormalizeAttributeReader.Named(attribute, "Features") is int f ? f : 0;
            int steps = NormalizeAttributeReader.Named(attribute, "Steps") is int s ? s : 0;
            int rank = NormalizeAttributeReader.Named(attribute, "Rank") is int r ? r : 0;
            string name = NormalizeAttributeReader.Named(attribute, "Name") as string ?? SnakeCase(method.Name);
            string? featuresFrom = NormalizeAttributeReader.Named(attribute, "FeaturesFrom") as string;
            string? stepsFrom = NormalizeAttributeReader.Named(attribute, "StepsFrom") as string;
            bool hasKind = attribute.ConstructorArguments.Length == 1;
            int kind = hasKind && attribute.ConstructorArguments[0].Value is int k ? k : K.None;
            string? stepParameter = null, priorParameter = null, input = "x";
            bool priorNullable = false;
            var parameters = method.Parameters;
            if (method.ReturnType.ToDisplayString() != RuntimeContract.Tensor)
                Report(DiagnosticDescriptors.HookSignature, method.Name, $"returns {method.ReturnType.ToDisplayString()}, not Tensor");
            if (method.TypeParameters.Length > 0) Report(DiagnosticDescriptors.HookSignature, method.Name, "is generic");
            if (parameters.Length == 0 || !IsTensor(parameters[0].Type) || parameters[0].NullableAnnotation == NullableAnnotation.Annotated)
                Report(DiagnosticDescriptors.HookSignature, method.Name, "does not take the tensor to normalize (a Tensor) first");
            else input = parameters[0].Name;
            for (int i = 1; i < parameters.Length; i++)
            {
                IParameterSymbol p = parameters[i];
                if (p.RefKind != RefKind.None || p.IsParams)
                    Report(DiagnosticDescriptors.HookSignature, method.Name, $"takes '{p.Name}' by reference or as params");
                else if (p.Type.SpecialType == SpecialType.System_Int32 && stepParameter is null && priorParameter is null) stepParameter = p.Name;
                else if (IsTensor(p.Type) && priorParameter is null && i == parameters.Length - 1)
                {
                    priorParameter = p.Name;
                    priorNullable = p.NullableAnnotation == NullableAnnotation.Annotated;
                }
                else Report(DiagnosticDescriptors.HookSignature, method.Name, $"takes '{p.Name}' ({p.Type.ToDisplayString()}), which is not 'int step' or a last 'Tensor? prior'");
            }
            if (steps < 0) Report(DiagnosticDescriptors.HookSignature, method.Name, $"has Steps = {steps}; give a positive number of steps, or 0 for one slot");
            if (steps > 0 && stepParameter is null)
                Report(DiagnosticDescriptors.HookSignature, method.Name, $"has Steps = {steps} but no 'int step' parameter to choose the step's slot");
            if (features < 0) Report(DiagnosticDescriptors.HookSignature, method.Name, $"has Features = {features}; give a positive number, or 0 when unknown");
            foreach (var (option, member, constant) in new[] { ("FeaturesFrom", featuresFrom, features), ("StepsFrom", stepsFrom, steps) })
            {
                if (member is null) continue;
                if (constant != 0) Report(DiagnosticDescriptors.HookSignature, method.Name, $"sets both {option} and {option.Substring(0, option.Length - 4)}; give one");
                else if (!IsIntMember(type, member))
                    Report(DiagnosticDescriptors.HookSignature, method.Name, $"has {option} = \"{member}\", which is not an int property or field of '{type.Name}'");
            }
            if (stepsFrom is not null && stepParameter is null)
                Report(DiagnosticDescriptors.HookSignature, method.Name, $"has StepsFrom = \"{stepsFrom}\" but no 'int step' parameter to choose the step's slot");
            if (rank < 0) Report(DiagnosticDescriptors.HookSignature, method.Name, $"has Rank = {rank}; give the tensor's rank, or 0 when unknown");
            if (!Naming.IsValid(name))
                Report(DiagnosticDescriptors.HookDuplicateName, method.Name, method.Name, type.Name, name);

            // The kind: its own, checked here; the class default is checked with the class (every hook that follows it).
            AttributeData? normalize = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == RuntimeContract.NormalizeAttribute);
            int defaultKind = normalize?.ConstructorArguments.FirstOrDefault().Value is int d ? d : K.RN;
            var options = normalize is null ? NormalizerOptionsSpec.Default
                : NormalizeAttributeReader.ReadOptions(normalize, message => Report(DiagnosticDescriptors.HookSignature, method.Name, message));
            if (hasKind)
            {
                if (kind < 0 || kind >= K.Names.Length) Report(DiagnosticDescriptors.HookUnknownKind, method.Name, $"(Kind){kind}");
                else if (Unsupported(kind, rank, stepParameter is not null, featuresFrom is not null ? 1 : features, priorParameter is not null) is string problem)
                    Report(DiagnosticDescriptors.HookKindUnsupported, method.Name, K.Names[kind], problem);
            }
            var hook = new HookSpec(method.Name, name, accessibility, input, stepParameter, priorParameter, priorNullable, !hasKind, kind, features, steps, rank,
                featuresFrom, stepsFrom, location);
            string ns = type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString();
            return new HookDeclaration(ns, type.Name, defaultKind, options, hook, diagnostics.ToEquatableArray());
        }

        /// <summary>Why a kind cannot normalize what a hook hooks, or null when it can.</summary>
        public static string? Unsupported(int kind, int rank, bool takesStep, int features, bool takesPrior)
        {
            if (kind == K.None) return null;
            if (kind == K.WN) return "weight normalization changes a layer's weights; a hook normalizes an activation";
            if (rank >= 3 && kind != K.RN && kind != K.Probe)
                return $"a rank-{rank} tensor takes only whole-layer RN or a probe (the other kinds need [batch, features] activations)";
            if (takesStep && kind == K.BN) return "batch normalization of a recurrent state is not supported";
            if (features == 0 && (kind == K.RLN || kind == K.BN || kind == K.LN || kind == K.LNThenRN || kind == K.RNThenLN))
                return "it needs the number of features: set Features on [Hook]";
            if (kind == K.SN && !takesPrior) return "saliency normalization needs the prior: add a last 'Tensor? prior' parameter";
            return null;
        }

        /// <summary>Groups the hooks of each class, in source order, and checks what concerns the class as a whole: two
        /// hooks with one name, and the class default against every hook that follows it.</summary>
        public static IEnumerable<HookedModuleSpec> Group(System.Collections.Immutable.ImmutableArray<HookDeclaration> declarations)
        {
            foreach (var group in declarations.GroupBy(d => (d.Namespace, d.ClassName)))
            {
                var first = group.First();
                var diagnostics = group.SelectMany(d => d.Diagnostics).ToList();
                var hooks = group.Select(d => d.Hook!).Where(h => h is not null).ToList();
                var seen = new Dictionary<string, HookSpec>();
                foreach (HookSpec hook in hooks)
                {
                    if (seen.TryGetValue(hook.Name, out HookSpec? other))
                        diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.HookDuplicateName.Id, hook.Location,
                            new[] { other.Method, hook.Method, first.ClassName, hook.Name }.ToEquatableArray()));
                    else seen[hook.Name] = hook;
                }
                foreach (HookSpec hook in hooks.Where(h => h.FollowsDefault))
                {
                    if (first.DefaultKind < 0 || first.DefaultKind >= K.Names.Length)
                        diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.HookUnknownKind.Id, hook.Location,
                            new[] { hook.Method, $"(Kind){first.DefaultKind}" }.ToEquatableArray()));
                    else if (Unsupported(first.DefaultKind, hook.Rank, hook.StepParameter is not null, hook.FeaturesKnown ? Math.Max(1, hook.Features) : 0, hook.PriorParameter is not null) is string problem)
                        diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.HookKindUnsupported.Id, hook.Location,
                            new[] { hook.Method, K.Names[first.DefaultKind] + " (the class default)", problem }.ToEquatableArray()));
                }
                bool errors = diagnostics.Any(d => DiagnosticDescriptors.ById[d.Id].DefaultSeverity == DiagnosticSeverity.Error);
                string hint = (first.Namespace.Length == 0 ? "" : first.Namespace + ".") + first.ClassName + ".Hooks.g.cs";
                yield return new HookedModuleSpec(first.Namespace, first.ClassName, hint, first.DefaultKind, first.Options,
                    hooks.ToEquatableArray(), diagnostics.ToEquatableArray(), errors);
            }
        }

        /// <summary>Whether the type (or a base) has an instance int property or field of that name.</summary>
        private static bool IsIntMember(INamedTypeSymbol type, string name)
        {
            for (INamedTypeSymbol? t = type; t is not null; t = t.BaseType)
                foreach (ISymbol member in t.GetMembers(name))
                    if (!member.IsStatic && (member is IPropertySymbol { Type.SpecialType: SpecialType.System_Int32 } || member is IFieldSymbol { Type.SpecialType: SpecialType.System_Int32 }))
                        return true;
            return false;
        }

        private static bool IsTensor(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString() == RuntimeContract.Tensor;

        private static bool DerivesFromModule(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? t = type.BaseType; t is not null; t = t.BaseType)
                if (t.OriginalDefinition.ToDisplayString() == RuntimeContract.Module) return true;
            return false;
        }

        /// <summary>"DecoderState" → "decoder_state".</summary>
        public static string SnakeCase(string name)
        {
            var text = new StringBuilder();
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                    text.Append('_');
                text.Append(char.ToLowerInvariant(c));
            }
            return text.ToString();
        }
    }
}
