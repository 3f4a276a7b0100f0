using System.Globalization;
using Uam.Runtime;

namespace Uam.Experiments.Distributed;

/// <summary>Where a process stands in a data-parallel job, as torchrun's environment variables say: RANK, LOCAL_RANK,
/// WORLD_SIZE, MASTER_ADDR, MASTER_PORT (set by <c>uam launch</c>, by hand, or from a Slurm step's variables, see
/// docs/parallel.md), and UAM_DIST_TIMEOUT (seconds that bound the rendezvous and every collective).</summary>
internal sealed record RankEnvironment(int Rank, int LocalRank, int WorldSize, string MasterAddress, int MasterPort, TimeSpan Timeout)
{
    public const string RankVariable = "RANK", LocalRankVariable = "LOCAL_RANK", WorldSizeVariable = "WORLD_SIZE",
        MasterAddressVariable = "MASTER_ADDR", MasterPortVariable = "MASTER_PORT", TimeoutVariable = "UAM_DIST_TIMEOUT";

    /// <summary>torchrun's default rendezvous port.</summary>
    public const int DefaultPort = 29500;

    /// <summary>The default bound on the rendezvous and on every collective: long enough for a rank that writes a run's
    /// results while the others wait at the next collective, short enough that a dead rank stops the job.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The variables a launched rank gets.</summary>
    public IReadOnlyDictionary<string, string> Variables() => new Dictionary<string, string>
    {
        [RankVariable] = Rank.ToString(CultureInfo.InvariantCulture),
        [LocalRankVariable] = LocalRank.ToString(CultureInfo.InvariantCulture),
        [WorldSizeVariable] = WorldSize.ToString(CultureInfo.InvariantCulture),
        [MasterAddressVariable] = MasterAddress,
        [MasterPortVariable] = MasterPort.ToString(CultureInfo.InvariantCulture),
        [TimeoutVariable] = Timeout.TotalSeconds.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>This process's place in a job of <paramref name="worldSize"/> ranks (a command's <c>--world-size</c>),
    /// read from <paramref name="variables"/> (default: the process environment). Every missing or inconsistent variable
    /// is a clear error: a rank that joined the wrong job would wait for peers that never come.</summary>
    public static RankEnvironment ForWorldSize(int worldSize, Func<string, string?>? variables = null)
    {
        variables ??= Environment.GetEnvironmentVariable;
        if (worldSize < 2) throw new ArgumentOutOfRangeException(nameof(worldSize), worldSize, "--world-size: a data-parallel job has at least 2 ranks.");
        string? Get(string name) => variables(name) is { Length: > 0 } value ? value : null;
        if (Get(RankVariable) is null || Get(WorldSizeVariable) is null)
            throw new ArgumentException(
                $"--world-size {worldSize}: this process is not a rank of a job ({RankVariable} and {WorldSizeVariable} are not set). Start it with " +
                $"`uam launch --nproc {worldSize} -- <command>`, or set {RankVariable}, {WorldSizeVariable}, {MasterAddressVariable} and " +
                $"{MasterPortVariable} for each process (docs/parallel.md has a Slurm example).");
        int Number(string name, int min, int max)
        {
            string text = Get(name)!;
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
                throw new ArgumentException($"{name}={text}: expected an integer in {min}…{max}.");
            return value;
        }
        int environmentWorld = Number(WorldSizeVariable, 1, 65535);
        if (environmentWorld != worldSize)
            throw new ArgumentException(
                $"--world-size {worldSize} but {WorldSizeVariable}={environmentWorld}: the command and the launcher disagree on the number of ranks.");
        int rank = Number(RankVariable, 0, worldSize - 1);
        int localRank = Get(LocalRankVariable) is null ? rank : Number(LocalRankVariable, 0, worldSize - 1);
        int port = Get(MasterPortVariable) is null ? DefaultPort : Number(MasterPortVariable, 1, 65535);
        TimeSpan timeout = DefaultTimeout;
        if (Get(TimeoutVariable) is { } seconds)
        {
            if (!double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) || !(s > 0) || double.IsInfinity(s))
                throw new ArgumentException($"{TimeoutVariable}={seconds}: expected a positive number of seconds.");
            timeout = TimeSpan.FromSeconds(s);
        }
        return new RankEnvironment(rank, localRank, worldSize, Get(MasterAddressVariable) ?? "127.0.0.1", port, timeout);
    }

    /// <summary>Joins the job's process group (rendezvous at MASTER_ADDR:MASTER_PORT, served by rank 0).</summary>
    public ProcessGroup Join() => new(MasterAddress, MasterPort, Rank, WorldSize, Timeout);
}
