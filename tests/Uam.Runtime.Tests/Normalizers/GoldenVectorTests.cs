using System.Text.Json;
using Uam.Runtime;
using Xunit;
using static Uam.Runtime.Tests.Normalizers.SharedReference;
using static Uam.Runtime.Tests.TestSupport;

namespace Uam.Runtime.Tests.Normalizers;

/// <summary>Every case of shared/reference/uam-golden-vectors.json, in float64, through both implementations
/// with the faithful options (the golden values follow the original's formulas).</summary>
public class GoldenVectorTests
{
    private const double Tolerance = 1e-10;
    private static readonly JsonElement Golden = GoldenVectors();

    public static TheoryData<RegularityImplementation> Implementations => new(RegularityImplementation.Fused, RegularityImplementation.Composite);

    private static Tensor Input(string name)
    {
        JsonElement matrix = Golden.GetProperty("inputs").GetProperty(name);
        return torch.FromArray(Flat(matrix), ShapeOf(matrix)).SetRequiresGrad();
    }

    private static Tensor? Labels(string name) =>
        Golden.GetProperty("inputs").GetProperty("labels").TryGetProperty(name, out JsonElement labels)
            ? torch.FromArray(labels.EnumerateArray().Select(v => v.GetInt64()).ToArray())
            : null;

    private static void AssertCall(JsonElement expected, Tensor output, RegularityRecord record, string what)
    {
        Assert.True(Math.Abs(expected.GetProperty("mu").GetDouble() - record.Mean) < Tolerance, $"{what}: mu {record.Mean}");
        Assert.True(Math.Abs(expected.GetProperty("sigma").GetDouble() - record.Std) < Tolerance, $"{what}: sigma {record.Std}");
        Assert.Equal(expected.GetProperty("count").GetInt64(), record.Count);
        double[] l = Flat(expected.GetProperty("l"));
        double[] comp = Flat(expected.GetProperty("COMP_new"));
        double[] s = Flat(expected.GetProperty("S"));
        for (int i = 0; i < l.Length; i++)
        {
            Assert.True(Math.Abs(l[i] - record.CodeLengths[i]) < Tolerance, $"{what}: l[{i}] {record.CodeLengths[i]:R} vs {l[i]:R}");
            double myComp = record.Comp[record.Comp.Length == 1 ? 0 : i];
            Assert.True(Math.Abs(comp[Math.Min(i, comp.Length - 1)] - myComp) < Tolerance, $"{what}: COMP[{i}] {myComp:R}");
            Assert.True(Math.Abs(s[Math.Min(i, s.Length - 1)] - (myComp - record.CodeLengths[i])) < Tolerance, $"{what}: S[{i}]");
        }
        Close(Flat(expected.GetProperty("Y")), output, Tolerance);
    }

    private static void RunTrace(string key, RegularityVariant variant, RegularityImplementation implementation)
    {
        using var slot = new nn.RegularityNorm(variant, 4, RegularityOptions.Faithful with { Implementation = implementation })
        {
            Trace = new RegularityTrace(key),
        };
        JsonElement trace = Golden.GetProperty(key);
        string[] calls = ["X1", "X2", "X3"];
        for (int i = 0; i < calls.Length; i++)
        {
            using var x = Input(calls[i]);
            using var labels = variant == RegularityVariant.Saliency ? Labels(calls[i]) : null;
            using var prior = labels is null ? null : SaliencyPrior.FromLabels(labels, ScalarType.Float64);
            JsonElement expected = trace.GetProperty("train")[i];
            if (prior is not null) Close(Flat(expected.GetProperty("s_row")), prior, 1e-15);
            using var y = slot.Forward(x, prior);
            AssertCall(expected, y, slot.Trace!.Records[^1], $"{key} {calls[i]}");
            Assert.True(Math.Abs(Flat(expected.GetProperty("COMP_prev"))[0] - (i == 0 ? 0 : slot.Trace.Records[^2].Comp[0])) < Tolerance);
        }
        slot.Eval();
        using var test = Input("XT");
        using var testOutput = slot.Forward(test);
        AssertCall(trace.GetProperty("test"), testOutput, slot.Trace!.Records[^1], $"{key} XT");
        Assert.Equal(RegularityMode.Inference, slot.Trace.Records[^1].Mode);
        Assert.Equal(32, slot.Count);   // inference leaves the state alone
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Whole_layer_RN_reproduces_the_golden_trace(RegularityImplementation implementation) =>
        RunTrace("rn", RegularityVariant.RN, implementation);

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Per_feature_RLN_reproduces_the_golden_trace(RegularityImplementation implementation) =>
        RunTrace("rln", RegularityVariant.RLN, implementation);

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Saliency_SN_reproduces_the_golden_trace(RegularityImplementation implementation) =>
        RunTrace("sn", RegularityVariant.SN, implementation);

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Per_sample_first_call_reproduces_the_original(RegularityImplementation implementation)
    {
        using var slot = new nn.RegularityNorm(RegularityVariant.RBN, 4, RegularityOptions.Faithful with { Implementation = implementation })
        {
            Trace = new RegularityTrace("rbn"),
        };
        using var x = Input("X1");
        using var y = slot.Forward(x);
        AssertCall(Golden.GetProperty("rbn_first_batch"), y, slot.Trace!.Records[0], "rbn X1");
    }

    [Fact]
    public void Saliency_without_labels_is_RN_with_the_same_state()
    {
        using var sn = new nn.RegularityNorm(RegularityVariant.SN, options: RegularityOptions.Faithful);
        using var rn = new nn.RegularityNorm(RegularityVariant.RN, options: RegularityOptions.Faithful);
        foreach (string name in new[] { "X1", "X2", "XT" })
        {
            using var x = Input(name);
            using var a = sn.Forward(x);
            using var b = rn.Forward(x);
            Assert.Equal(b.ToArray<double>(), a.ToArray<double>());
        }
    }
}
