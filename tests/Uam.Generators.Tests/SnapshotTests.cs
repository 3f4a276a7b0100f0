using System.Runtime.CompilerServices;
using Xunit;

namespace Uam.Generators.Tests;

/// <summary>The generated source of representative declarations, compared with reviewed snapshot files in
/// Snapshots/. A difference writes Snapshots/NAME.received.cs next to the snapshot for review; accept it by
/// renaming it to NAME.g.cs.</summary>
public class SnapshotTests
{
    public static TheoryData<string, string> Declarations => new()
    {
        { "ImbalancedMnistNet", """
            [Model(784)]
            [Normalize(Kind.RN)]
            [Dense(1000, Activation.ReLU)]
            [Dense(1000, Activation.ReLU)]
            [Dense(10, Activation.LogSoftmax)]
            public partial class ImbalancedMnistNet;
            """ },
        { "MnistRnnProbe", """
            [Model(784)]
            [Normalize(Kind.Probe)]
            [Recurrent(100, 5)]
            [Dense(10, Activation.LogSoftmax)]
            public partial class MnistRnnProbe;
            """ },
        { "QNetworkLnRn", """
            [Model(8)]
            [Normalize(Kind.LNThenRN, Faithful = true, Gradient = GradientPolicy.ConstantGain)]
            [Dense(64, Activation.ReLU)]
            [Dense(64, Activation.ReLU)]
            [Dense(4)]
            internal sealed partial class QNetworkLnRn;
            """ },
        { "SaliencyNet", """
            [Model(784, NormalizeInput = true)]
            [Normalize(Kind.SN, Prior = PriorSource.Labels, StdFloor = 0.001)]
            [Dense(100, Activation.ReLU)]
            [Dense(10, Activation.LogSoftmax)]
            public partial class SaliencyNet;
            """ },
        { "ConvNet", """
            [Model(3, 7, 7)]
            [Normalize(Kind.RN, Implementation = RegularityImplementation.Composite)]
            [Conv2d(16, 2, Activation.ReLU)]
            [MaxPool2d(2)]
            [Conv2d(32, 2, Activation.ReLU, Padding = 1)]
            [Flatten]
            [Dense(64, Activation.Tanh, Normalize = Kind.RLN)]
            [Dense(7)]
            public partial class ConvNet;
            """ },
        { "SequenceNet", """
            [Model]
            [Normalize(Kind.RNThenLN)]
            [Embedding(50, 8)]
            [Recurrent(16, 3, CellKind.LSTM, SlotPerStep = true, Normalize = Kind.RBN)]
            [Dropout(0.25)]
            [Dense(16, Activation.ReLU, Name = "hidden")]
            [Dense(4)]
            public partial class SequenceNet;
            """ },
        { "BaselineNets", """
            [Model(20)]
            [Normalize(Kind.BN)]
            [Dense(32, Activation.ReLU)]
            [Dense(32, Activation.ReLU, Normalize = Kind.WN)]
            [Dense(32, Activation.Sigmoid, Normalize = Kind.LN)]
            [Dense(2, Activation.Softmax, Bias = false)]
            public partial class BaselineNets;
            """ },
    };

    [Theory]
    [MemberData(nameof(Declarations))]
    public void Generated_source_matches_its_reviewed_snapshot_and_compiles(string name, string declaration)
    {
        var (diagnostics, errors, sources) = GeneratorHarness.Run(GeneratorHarness.Usings + "namespace Demo.Models;\n" + declaration);
        Assert.Empty(diagnostics);
        Assert.Empty(errors);
        var source = Assert.Single(sources);
        Assert.Equal($"Demo.Models.{name}.g.cs", source.HintName);
        string actual = source.SourceText.ToString();
        string snapshot = Path.Combine(SnapshotDirectory(), name + ".g.cs");
        string received = Path.Combine(SnapshotDirectory(), name + ".received.cs");
        if (File.Exists(snapshot) && File.ReadAllText(snapshot) == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail($"The generated source of {name} differs from {snapshot} (or there is none). Review {received} and rename it to accept it.");
    }

    private static string SnapshotDirectory([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "Snapshots");
}
