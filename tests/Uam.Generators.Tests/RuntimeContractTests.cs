using Uam.Generators.Parsing;
using Uam.Runtime;
using Xunit;

namespace Uam.Generators.Tests;

/// <summary>The generator's mirror of the runtime's names and enum values matches the runtime.</summary>
public class RuntimeContractTests
{
    private static void Same<TEnum>(string[] mirror) where TEnum : struct, Enum =>
        Assert.Equal(Enum.GetValues<TEnum>().Distinct().OrderBy(v => Convert.ToInt32(v)).Select(v => v.ToString()), mirror);

    [Fact]
    public void Enum_members_and_values_match()
    {
        Same<Kind>(RuntimeContract.Kind.Names);
        Same<Activation>(RuntimeContract.Activation.Names);
        Same<CellKind>(RuntimeContract.Cell.Names);
        Same<VariancePooling>(RuntimeContract.VariancePooling);
        Same<GradientPolicy>(RuntimeContract.GradientPolicy);
        Same<EvaluationScale>(RuntimeContract.EvaluationScale);
        Same<RegularityImplementation>(RuntimeContract.Implementation);
        Assert.Equal((int)PriorSource.Labels, RuntimeContract.Prior.Labels);
        Assert.Equal((int)PriorSource.Tensor, RuntimeContract.Prior.Tensor);
    }

    [Fact]
    public void Attribute_names_match()
    {
        Assert.Equal(RuntimeContract.ModelAttribute, typeof(ModelAttribute).FullName);
        Assert.Equal(RuntimeContract.NormalizeAttribute, typeof(NormalizeAttribute).FullName);
        Assert.Equal(RuntimeContract.LayerAttribute, typeof(LayerAttribute).FullName);
        Assert.Equal(RuntimeContract.DenseAttribute, typeof(DenseAttribute).FullName);
        Assert.Equal(RuntimeContract.RecurrentAttribute, typeof(RecurrentAttribute).FullName);
        Assert.Equal(RuntimeContract.Conv2dAttribute, typeof(Conv2dAttribute).FullName);
        Assert.Equal(RuntimeContract.MaxPool2dAttribute, typeof(MaxPool2dAttribute).FullName);
        Assert.Equal(RuntimeContract.FlattenAttribute, typeof(FlattenAttribute).FullName);
        Assert.Equal(RuntimeContract.EmbeddingAttribute, typeof(EmbeddingAttribute).FullName);
        Assert.Equal(RuntimeContract.DropoutAttribute, typeof(DropoutAttribute).FullName);
    }
}
