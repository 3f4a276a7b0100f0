using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Uam.Generators.Diagnostics;
using Uam.Generators.Model;

namespace Uam.Generators.Parsing
{
    /// <summary>Finds a type that carries [Normalize] or a layer attribute but no [Model] (and, for [Normalize], no [Hook]
    /// method, whose default it gives): the natural mistake
    /// <c>[Normalize(Kind.RN)] partial class Net</c> would otherwise generate nothing and say nothing (UAM014).</summary>
    internal static class OrphanAttributeFinder
    {
        /// <summary>Cheap syntactic filter: a class or record with at least one attribute list.</summary>
        public static bool MayCarryAttributes(SyntaxNode node) =>
            node is ClassDeclarationSyntax { AttributeLists.Count: > 0 } or RecordDeclarationSyntax { AttributeLists.Count: > 0 };

        /// <summary>The diagnostic for one declaration, or null when it has [Model] or none of our attributes. Reported
        /// once per type (on its first declaration with such an attribute), at the first such attribute.</summary>
        public static DiagnosticInfo? Find(GeneratorSyntaxContext context, CancellationToken cancellation)
        {
            var declaration = (TypeDeclarationSyntax)context.Node;
            if (context.SemanticModel.GetDeclaredSymbol(declaration, cancellation) is not INamedTypeSymbol symbol) return null;
            var attributes = symbol.GetAttributes();
            if (attributes.Any(a => a.AttributeClass?.ToDisplayString() == RuntimeContract.ModelAttribute)) return null;
            // [Normalize] on a hand-written module with hooks gives the hooks' default kind and options.
            if (symbol.GetMembers().OfType<IMethodSymbol>().Any(m => m.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == RuntimeContract.HookAttribute)) &&
                attributes.All(a => !IsOurs(a.AttributeClass) || a.AttributeClass?.ToDisplayString() == RuntimeContract.NormalizeAttribute))
                return null;
            AttributeData? orphan = attributes
                .Where(a => IsOurs(a.AttributeClass) && a.ApplicationSyntaxReference is not null)
                .OrderBy(a => a.ApplicationSyntaxReference!.SyntaxTree.FilePath, System.StringComparer.Ordinal)
                .ThenBy(a => a.ApplicationSyntaxReference!.Span.Start)
                .FirstOrDefault();
            if (orphan is null || orphan.ApplicationSyntaxReference!.SyntaxTree != declaration.SyntaxTree ||
                !declaration.Span.Contains(orphan.ApplicationSyntaxReference.Span)) return null;
            string name = orphan.AttributeClass!.Name;
            if (name.EndsWith("Attribute", System.StringComparison.Ordinal)) name = name.Substring(0, name.Length - "Attribute".Length);
            return new DiagnosticInfo(DiagnosticDescriptors.WithoutModel.Id,
                LocationInfo.From(orphan.ApplicationSyntaxReference.GetSyntax(cancellation)),
                new[] { symbol.Name, name }.ToEquatableArray());
        }

        private static bool IsOurs(INamedTypeSymbol? attribute)
        {
            if (attribute is null) return false;
            if (attribute.ToDisplayString() == RuntimeContract.NormalizeAttribute) return true;
            for (INamedTypeSymbol? type = attribute; type is not null; type = type.BaseType)
                if (type.ToDisplayString() == RuntimeContract.LayerAttribute) return true;
            return false;
        }
    }
}
