using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Uam.Generators.Diagnostics;
using Uam.Generators.Emitting;
using Uam.Generators.Model;
using Uam.Generators.Parsing;

namespace Uam.Generators
{
    /// <summary>Turns <c>[Model]</c> partial classes into normalized layer stacks (see Uam.Runtime's
    /// <c>ModelAttribute</c>). One pipeline: attribute → equatable <see cref="ModelSpec"/> → source and
    /// diagnostics; no symbol, syntax node or compilation is cached between steps.</summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ModelGenerator : IIncrementalGenerator
    {
        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<ModelSpec> models = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    RuntimeContract.ModelAttribute,
                    // Records and static or abstract classes are accepted here so that they get a diagnostic.
                    predicate: static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                    transform: static (context, cancellation) => ModelParser.Parse(context, cancellation))
                .WithTrackingName(TrackingNames.Models);

            // [Normalize] or a layer attribute without [Model]: a syntax provider rather than ForAttributeWithMetadataName,
            // because the question is an attribute's absence, for any LayerAttribute subclass.
            IncrementalValuesProvider<DiagnosticInfo> orphans = context.SyntaxProvider
                .CreateSyntaxProvider(
                    predicate: static (node, _) => OrphanAttributeFinder.MayCarryAttributes(node),
                    transform: static (context, cancellation) => OrphanAttributeFinder.Find(context, cancellation))
                .Where(static d => d is not null)
                .Select(static (d, _) => d!)
                .WithTrackingName(TrackingNames.AttributesWithoutModel);
            context.RegisterSourceOutput(orphans, static (output, diagnostic) =>
                output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ById[diagnostic.Id], diagnostic.Location?.ToLocation(),
                    System.Linq.Enumerable.ToArray<object>(diagnostic.Arguments))));

            // Hooks in hand-written modules: one declaration per [Hook] method, grouped by class.
            IncrementalValuesProvider<HookDeclaration> hooks = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    RuntimeContract.HookAttribute,
                    predicate: static (node, _) => node is MethodDeclarationSyntax,
                    transform: static (context, cancellation) => HookParser.Parse(context, cancellation))
                .WithTrackingName(TrackingNames.Hooks);
            IncrementalValuesProvider<HookedModuleSpec> hooked = hooks.Collect()
                .SelectMany(static (declarations, _) => HookParser.Group(declarations))
                .WithTrackingName(TrackingNames.HookedModules);
            context.RegisterSourceOutput(hooked, static (output, module) =>
            {
                foreach (DiagnosticInfo diagnostic in module.Diagnostics)
                    output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ById[diagnostic.Id], diagnostic.Location?.ToLocation(),
                        System.Linq.Enumerable.ToArray<object>(diagnostic.Arguments)));
                if (!module.HasErrors) output.AddSource(module.HintName, HookEmitter.Emit(module));
            });

            context.RegisterSourceOutput(models, static (output, model) =>
            {
                foreach (DiagnosticInfo diagnostic in model.Diagnostics)
                    output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ById[diagnostic.Id], diagnostic.Location?.ToLocation(),
                        System.Linq.Enumerable.ToArray<object>(diagnostic.Arguments)));
                if (!model.HasErrors) output.AddSource(model.HintName, ModelEmitter.Emit(model));
            });
        }
    }
}
