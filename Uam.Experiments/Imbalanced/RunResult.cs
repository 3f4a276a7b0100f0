using System.Text.Json.Serialization;

namespace Uam.Experiments.Imbalanced;

/// <summary>A validation measurement during training.</summary>
internal sealed record ValidationPoint(
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("loss")] double Loss,
    [property: JsonPropertyName("accuracy")] double Accuracy);

/// <summary>One finished run, as one line of results.jsonl.</summary>
internal sealed record RunResult(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("normalizer")] string Normalizer,
    [property: JsonPropertyName("n_down")] int DownSampledClasses,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("down_sampled")] int[] DownSampled,
    [property: JsonPropertyName("training_images")] int TrainingImages,
    [property: JsonPropertyName("training_steps")] int TrainingSteps,
    [property: JsonPropertyName("class_counts")] int[] ClassCounts,
    [property: JsonPropertyName("test_error")] double TestError,
    [property: JsonPropertyName("test_nll")] double TestNll,
    [property: JsonPropertyName("class_accuracy")] double[] ClassAccuracy,
    [property: JsonPropertyName("confusion")] long[][] Confusion,
    [property: JsonPropertyName("validation")] ValidationPoint[] Validation,
    [property: JsonPropertyName("final_code_lengths")] Dictionary<string, double> FinalCodeLengths,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("finished")] DateTimeOffset Finished)
{
    /// <summary>Mean test accuracy over the down-sampled classes (NaN when none is).</summary>
    [JsonIgnore]
    public double RareClassAccuracy => DownSampled.Length == 0 ? double.NaN : DownSampled.Average(c => ClassAccuracy[c]);
}
