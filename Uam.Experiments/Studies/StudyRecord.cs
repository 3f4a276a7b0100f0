using System.Text.Json;
using System.Text.Json.Serialization;

namespace Uam.Experiments.Studies;

/// <summary>One finished run, as one line of results.jsonl: the envelope every task shares (what ran, where, when,
/// from which commit and command) around the task's own payload.</summary>
internal sealed record StudyRecord(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("axes")] IReadOnlyDictionary<string, string> Axes,
    [property: JsonPropertyName("started")] DateTimeOffset Started,
    [property: JsonPropertyName("finished")] DateTimeOffset Finished,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("machine")] MachineInfo Machine,
    [property: JsonPropertyName("commit")] string Commit,
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("payload")] JsonElement Payload)
{
    /// <summary>How records and payloads are written: NaN and infinities kept as named literals (a code length can be
    /// NaN for a slot that never trained; a run must not fail over it).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The payload as the task's record type.</summary>
    public T PayloadAs<T>() => Payload.Deserialize<T>(Json) ?? throw new JsonException($"{Key}: the payload is null");

    public static JsonElement ToPayload<T>(T payload) => JsonSerializer.SerializeToElement(payload, Json);
}
