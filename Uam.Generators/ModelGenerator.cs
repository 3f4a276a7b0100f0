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
                    predicate: static (node, _) => node is ClassDeclarationSyntax,
                    transform: static (context, cancellation) => ModelParser.Parse(context, cancellation))
                .WithTrackingName(TrackingNames.Models);

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
