using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Uam.Generators.Tests;

/// <summary>An edit elsewhere re-uses the cached model and its output: the pipeline model is equatable
/// and holds no symbols.</summary>
public class IncrementalityTests
{
    private const string Model = GeneratorHarness.Usings + """
        namespace Demo;
        [Model(8)]
        [Normalize(Kind.RLN)]
        [Dense(6, Activation.ReLU)]
        [Dense(2)]
        public partial class Net;
        """;

    [Fact]
    public void An_unrelated_edit_reuses_the_cached_model()
    {
        var compilation = GeneratorHarness.Compile(Model, "namespace Demo; public static class Other { public static int Value => 1; }");
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var other = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(other,
            CSharpSyntaxTree.ParseText("namespace Demo; public static class Other { public static int Value => 2; }", (CSharpParseOptions)other.Options, other.FilePath));
        driver = driver.RunGenerators(edited);
        var result = driver.GetRunResult().Results.Single();
        var steps = result.TrackedSteps[TrackingNames.Models];
        Assert.NotEmpty(steps);
        Assert.All(steps.SelectMany(s => s.Outputs), o => Assert.True(
            o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step output was {o.Reason}"));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Editing_the_model_regenerates_it()
    {
        var compilation = GeneratorHarness.Compile(Model);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree,
            CSharpSyntaxTree.ParseText(Model.Replace("[Dense(6,", "[Dense(7,"), (CSharpParseOptions)tree.Options, tree.FilePath));
        driver = driver.RunGenerators(edited);
        var result = driver.GetRunResult().Results.Single();
        Assert.Contains(result.TrackedSteps[TrackingNames.Models].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("global::Uam.Runtime.KindModules.Dense(normalization, 8, 7, true, generator)", result.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void The_pipeline_model_holds_no_roslyn_objects()
    {
        // Symbols, syntax nodes or compilations in the cached model would defeat caching and leak memory.
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Compilation), typeof(SemanticModel), typeof(Location) };
        var seen = new HashSet<Type>();
        void Walk(Type type)
        {
            if (!seen.Add(type) || type.IsPrimitive || type == typeof(string)) return;
            Assert.DoesNotContain(forbidden, f => f.IsAssignableFrom(type));
            foreach (var property in type.GetProperties()) Walk(property.PropertyType);
            foreach (var argument in type.GetGenericArguments()) Walk(argument);
        }
        Walk(typeof(Uam.Generators.Model.ModelSpec));
        Assert.Contains(typeof(Uam.Generators.Model.LayerSpec), seen);
    }
}
