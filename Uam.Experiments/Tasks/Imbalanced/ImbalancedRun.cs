using System.Text.Json.Serialization;

namespace Uam.Experiments.Tasks.Imbalanced;

/// <summary>A validation measurement during training.</summary>
internal sealed record ValidationPoint(
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("loss")] double Loss,
    [property: JsonPropertyName("accuracy")] double Accuracy);

/// <summary>The payload of one finished run of the imbalanced study (the envelope holds key, seed, protocol and timings).</summary>
internal sealed record ImbalancedRun(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("normalizer")] string Normalizer,
    [property: JsonPropertyName("n_down")] int DownSampledClasses,
    [property: JsonPropertyName("down_sampled")] int[] DownSampled,
    [property: JsonPropertyName("training_images")] int TrainingImages,
    [property: JsonPropertyName("training_steps")] int TrainingSteps,
    [property: JsonPropertyName("class_counts")] int[] ClassCounts,
    [property: JsonPropertyName("test_error")] double TestError,
    [property: JsonPropertyName("test_nll")] double TestNll,
    [property: JsonPropertyName("class_accuracy")] double[] ClassAccuracy,
    [property: JsonPropertyName("confusion")] long[][] Confusion,
    [property: JsonPropertyName("validation")] ValidationPoint[] Validation,
    [property: JsonPropertyName("final_code_lengths")] Dictionary<string, double> FinalCodeLengths)
{
    /// <summary>Mean test accuracy over the down-sampled classes (NaN when none is).</summary>
    [JsonIgnore]
    public double RareClassAccuracy => DownSampled.Length == 0 ? double.NaN : DownSampled.Average(c => ClassAccuracy[c]);
}
