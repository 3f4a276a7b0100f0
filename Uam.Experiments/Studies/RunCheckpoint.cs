using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Uam.Runtime;

namespace Uam.Experiments.Studies;

/// <summary>A run's state in the middle of training, so that a run killed after hours continues where its last checkpoint
/// left it and ends with exactly the results of an uninterrupted run: the model's parameters and buffers (the regularity
/// slots' statistics and COMP among them), the optimiser's moments and step counts, the random generators' states, and
/// the task's own progress as JSON (curves so far, the iteration). One safetensors file, written atomically; its
/// <c>identity</c> (the study's protocol and the run) must match on restore, so that a file of another run is never
/// loaded silently.</summary>
internal static class RunCheckpoint
{
    private const string IdentityKey = "uam.checkpoint.identity", ProgressKey = "uam.checkpoint.progress";
    private const string ModelPrefix = "model.", OptimizerPrefix = "optimizer.", GeneratorPrefix = "generator.";

    /// <summary>checkpoints/&lt;run&gt;-&lt;8 hex digits of the protocol&gt;.safetensors: runs of other protocols in the same
    /// directory keep their own files.</summary>
    public static string PathOf(string outputDirectory, string runName, string protocol)
    {
        string digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(protocol)))[..8];
        return Path.Combine(outputDirectory, "checkpoints", $"{runName}-{digest}.safetensors");
    }

    /// <summary>Writes the checkpoint; <paramref name="progress"/> (the task's curves so far) goes in as JSON.</summary>
    public static void Save<TProgress>(string path, string identity, nn.Module model, optim.Optimizer optimizer,
        IReadOnlyDictionary<string, Generator> generators, TProgress progress)
    {
        var entries = new List<KeyValuePair<string, Tensor>>();
        var owned = new List<Tensor>();
        try
        {
            foreach (var (name, tensor) in model.StateDict()) entries.Add(new(ModelPrefix + name, tensor));
            using var optimizerState = optimizer.StateDict();
            foreach (var (name, tensor) in optimizerState) entries.Add(new(OptimizerPrefix + name, tensor));
            foreach (var (name, generator) in generators)
            {
                Tensor state = generator.GetState();
                owned.Add(state);
                entries.Add(new(GeneratorPrefix + name, state));
            }
            SafeTensorsFile.Write(path, entries,
                new Dictionary<string, string> { [IdentityKey] = identity, [ProgressKey] = JsonSerializer.Serialize(progress, StudyRecord.Json) });
        }
        finally
        {
            foreach (Tensor tensor in owned) tensor.Dispose();
        }
    }

    /// <summary>Restores a checkpoint into the given model, optimiser and generators and returns the task's progress; null
    /// when there is no file. A file of another run, or one that does not fit the model, is an error naming the file.</summary>
    public static TProgress? TryRestore<TProgress>(string path, string identity, nn.Module model, optim.Optimizer optimizer,
        IReadOnlyDictionary<string, Generator> generators) where TProgress : class
    {
        if (!File.Exists(path)) return null;
        using StateDict all = StateDict.Load(path);
        if (!all.Metadata.TryGetValue(IdentityKey, out string? saved) || saved != identity)
            throw new InvalidDataException($"{path}: this checkpoint belongs to another run ('{saved ?? "no identity"}', expected '{identity}'); move it away to start afresh.");
        if (!all.Metadata.TryGetValue(ProgressKey, out string? progress))
            throw new InvalidDataException($"{path}: the checkpoint has no progress record.");
        StateDict Part(string prefix)
        {
            var part = new StateDict(ownsTensors: false);
            foreach (var (name, tensor) in all)
                if (name.StartsWith(prefix, StringComparison.Ordinal)) part.Add(name[prefix.Length..], tensor);
            return part;
        }
        try
        {
            model.LoadStateDict(Part(ModelPrefix));
            optimizer.LoadStateDict(Part(OptimizerPrefix));
            foreach (var (name, generator) in generators)
                generator.SetState(all.TryGetValue(GeneratorPrefix + name, out Tensor? state)
                    ? state : throw new InvalidDataException($"{path}: the checkpoint has no state of the generator '{name}'."));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: the checkpoint does not fit this run's model: {e.Message}", e);
        }
        return JsonSerializer.Deserialize<TProgress>(progress, StudyRecord.Json)
               ?? throw new InvalidDataException($"{path}: the checkpoint's progress record is empty.");
    }
}
