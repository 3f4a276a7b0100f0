using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Uam.Generators.Tests;

/// <summary>Every misuse gets its diagnostic at the right place: the source marks the expected span with
/// {| and |}. The generator never throws and never emits code that fails to compile without saying why.</summary>
public class DiagnosticTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "UAM001", "[Model(4)] [Dense(2)] public class {|Net|};" },
        { "UAM002", "public static partial class Outer { [Model(4)] [Dense(2)] public partial class {|Net|}; }" },
        { "UAM003", "[Model(4)] [Dense(2)] public partial class {|Net|}<T>;" },
        { "UAM004", "[Model(4)] [Normalize(Kind.RN)] [{|Dense(3, Normalize = (Kind)42)|}] [Dense(2)] public partial class Net;" },
        { "UAM005", "[Model(1, 6, 6)] [Normalize(Kind.RN)] [{|Conv2d(4, 3, Normalize = Kind.RLN)|}] [Flatten] [Dense(2)] public partial class Net;" },
        { "UAM006", "[Model(1, 6, 6)] [{|Dense(8)|}] public partial class Net;" },
        { "UAM007", "[Model(4)] [Dense(3)] [{|Dense(2, Normalize = Kind.RN)|}] public partial class Net;" },
        { "UAM008", "[Model(4)] [Dense(3, Name = \"head\")] [Dense(2, Name = \"head\")] public partial class {|Net|};" },
        { "UAM009", "public sealed class CustomAttribute : LayerAttribute; [Model(4)] [{|Custom|}] [Dense(2)] public partial class Net;" },
        { "UAM010", "[Model(4)] [{|Normalize(Kind.SN)|}] [Dense(3)] [Dense(2)] public partial class Net;" },
        { "UAM011", "[Model] [Dense(2)] public partial class {|Net|};" },
        { "UAM012", "public class Base; [Model(4)] [Dense(2)] public partial class {|Net|} : Base;" },
        { "UAM013", "[Model(4)] [{|Dropout(1.5)|}] [Dense(2)] public partial class Net;" },
        { "UAM014", "[{|Normalize(Kind.RN)|}] public partial class Net;" },
        { "UAM014", "[{|Dense(3, Activation.ReLU)|}] [Dense(2)] public partial class Net;" },
        { "UAM014", "public sealed class CustomAttribute : LayerAttribute; [{|Custom|}] public partial record Net;" },
        { "UAM015", "[Model(4)] [Dense(2)] public partial record {|Net|};" },
        { "UAM016", "[Model(4)] [Dense(2)] public static partial class {|Net|};" },
        { "UAM017", "[Model(4)] [Dense(2)] public abstract partial class {|Net|};" },
        { "UAM018", Hooked("[Hook] private Tensor {|State|}(Tensor x) => x;") },
        { "UAM018", "public partial class Plain { [Hook] private partial Tensor {|State|}(Tensor x); }" },
        { "UAM019", Hooked("[Hook] private partial Tensor {|State|}(Tensor x, float scale);") },
        { "UAM019", Hooked("[Hook(Steps = 3)] private partial Tensor {|State|}(Tensor x);") },
        { "UAM019", Hooked("[Hook(StepsFrom = \"Missing\")] private partial Tensor {|State|}(Tensor x, int step);") },
        { "UAM019", Hooked("public int N => 3; [Hook(StepsFrom = nameof(N))] private partial Tensor {|State|}(Tensor x);") },
        { "UAM019", Hooked("public string N => \"3\"; [Hook(FeaturesFrom = nameof(N))] private partial Tensor {|State|}(Tensor x);") },
        { "UAM019", Hooked("public int N => 3; [Hook(Features = 3, FeaturesFrom = nameof(N))] private partial Tensor {|State|}(Tensor x);") },
        { "UAM020", Hooked("[Hook((Kind)42)] private partial Tensor {|State|}(Tensor x);") },
        { "UAM021", Hooked("[Hook(Name = \"state\")] private partial Tensor First(Tensor x); [Hook(Name = \"state\")] private partial Tensor {|Second|}(Tensor x);") },
        { "UAM022", Hooked("[Hook(Kind.RLN, Features = 8, Rank = 4)] private partial Tensor {|State|}(Tensor x);") },
        { "UAM022", Hooked("[Hook(Kind.BN)] private partial Tensor {|State|}(Tensor x);") },
        { "UAM022", "[Normalize(Kind.SN)] " + Hooked("[Hook] private partial Tensor {|State|}(Tensor x);") },
    };

    /// <summary>A hand-written module holding <paramref name="members"/>.</summary>
    private static string Hooked(string members) =>
        "public partial class Core : nn.Module<Tensor, Tensor> { " + members + " public override Tensor Forward(Tensor x) => x; }";

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_misuse_is_reported_at_its_location(string id, string marked)
    {
        string source = GeneratorHarness.Usings + "namespace Demo;\n" + marked;
        int start = source.IndexOf("{|", StringComparison.Ordinal);
        int end = source.IndexOf("|}", StringComparison.Ordinal) - 2;
        source = source.Replace("{|", "").Replace("|}", "");
        var (diagnostics, errors, sources) = GeneratorHarness.Run(source);
        Diagnostic diagnostic = Assert.Single(diagnostics, d => d.Id == id);
        Assert.Equal(new TextSpan(start, end - start), diagnostic.Location.SourceSpan);
        Assert.Equal("docs/diagnostics.md#" + id.ToLowerInvariant(), diagnostic.Descriptor.HelpLinkUri);
        if (diagnostic.Severity == DiagnosticSeverity.Error)
            Assert.Empty(sources);   // no code for a broken declaration: the diagnostic says why
        else
        {
            Assert.Single(sources);
            Assert.Empty(errors);    // a warning still yields code that compiles
        }
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.GetMessage()));
    }

    [Fact]
    public void Messages_name_the_offending_symbols()
    {
        var (diagnostics, _, _) = GeneratorHarness.Run(GeneratorHarness.Usings +
            "[Model(1, 6, 6)] [Conv2d(4, 3)] [Dense(8)] public partial class Net;");
        Assert.Equal("The Dense layer 'fc1' cannot follow an activation of shape [batch, 4, 4, 4]: add [Flatten] before a dense layer",
            Assert.Single(diagnostics).GetMessage());
        (diagnostics, _, _) = GeneratorHarness.Run(GeneratorHarness.Usings +
            "[Model(1, 4, 4)] [Conv2d(4, 5)] [Flatten] [Dense(2)] public partial class Net;");
        Assert.Contains("the 5x5 kernel is larger than the padded 4x4 input", Assert.Single(diagnostics).GetMessage());
    }

    [Fact]
    public void Broken_declarations_never_crash_the_generator()
    {
        string[] broken =
        [
            "[Model(4)] public partial class Net;",
            "[Model(-3)] [Dense(0)] [Dense(-1)] public partial class Net;",
            "[Model(4)] [Recurrent(0, 0, (CellKind)9)] [Embedding(3, 2)] [MaxPool2d(2)] [Dense(2, (Activation)77)] public partial class Net;",
            "[Model(4)] [Normalize((Kind)99, Pooling = (VariancePooling)5, StdFloor = -2)] [Dense(2)] public partial class Net;",
            "[Model(4)] [Dense(3, Name = \"9bad\")] [Dense(2)] public partial class Net;",
            "[Model(4)] [Dense(3, Name = \"Forward\")] [Dense(2)] public partial class Net { }",
            "[Model] public partial class Net;",
            "[Model(2, 2)] [Dense(2)] public partial class Net;",
        ];
        foreach (string declaration in broken)
        {
            var (diagnostics, errors, sources) = GeneratorHarness.Run(GeneratorHarness.Usings + declaration);
            Assert.True(diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) || errors.Any(), declaration);
            if (sources.Length > 0) Assert.Empty(errors);
        }
    }
}
