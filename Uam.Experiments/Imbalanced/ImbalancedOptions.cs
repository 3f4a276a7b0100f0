using System.Globalization;

namespace Uam.Experiments.Imbalanced;

/// <summary>Everything that defines an imbalanced study: the grid (models, normalizers, n, seeds) and the
/// protocol shared by its cells.</summary>
internal sealed record ImbalancedOptions
{
    public required string Dataset { get; init; }
    public required string DataDirectory { get; init; }
    public required IReadOnlyList<string> Models { get; init; }
    public required IReadOnlyList<string> Normalizers { get; init; }
    public required IReadOnlyList<int> DownSampled { get; init; }
    public required IReadOnlyList<int> Seeds { get; init; }
    public double KeepProbability { get; init; } = 0.01;
    public int Epochs { get; init; } = 1;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 0.01;
    public double Momentum { get; init; } = 0.9;
    public bool Faithful { get; init; }
    public int ValidationSize { get; init; } = 5000;
    /// <summary>Validate every this many steps; 0: at the end of each epoch only.</summary>
    public int ValidateEvery { get; init; }
    public required string OutputDirectory { get; init; }
    public (int Index, int Count) Shard { get; init; } = (0, 1);
    public int Jobs { get; init; } = 1;
    public (int Index, int Count) Job { get; init; } = (0, 1);
    public int Threads { get; init; } = 1;
    public bool Plots { get; init; } = true;

    /// <summary>The protocol part of a cell's key: runs with other settings are other runs.</summary>
    public string ProtocolKey => string.Create(CultureInfo.InvariantCulture,
        $"{Dataset}|p={KeepProbability:R}|epochs={Epochs}|batch={BatchSize}|lr={LearningRate:R}|momentum={Momentum:R}|" +
        $"faithful={Faithful}|validation={ValidationSize}|validate-every={ValidateEvery}");
}
