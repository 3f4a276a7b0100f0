namespace Uam.Experiments.Tasks.MiniGridPpo;

/// <summary>The experience of one collection, flattened as torch-ac flattens it: frame t of environment p is row
/// p·T + t. <see cref="Masks"/>[row] is 0 when that frame starts a new episode; <see cref="Memories"/> holds the
/// memory before the frame (not yet masked), and the PPO update writes the memories it recomputes back into it.</summary>
internal sealed class Rollout
{
    public Rollout(int processes, int framesPerProcess, bool memory)
    {
        (Processes, FramesPerProcess) = (processes, framesPerProcess);
        int n = processes * framesPerProcess;
        Views = new float[n * MiniGridViews.Elements];
        Memories = memory ? new float[n * ActorCritic.MemorySize] : null;
        Masks = new float[n];
        Actions = new long[n];
        Values = new float[n];
        Rewards = new float[n];
        LogProbabilities = new float[n];
        Advantages = new float[n];
        Returns = new float[n];
    }

    public int Processes { get; }

    public int FramesPerProcess { get; }

    public int Frames => Processes * FramesPerProcess;

    public float[] Views { get; }

    public float[]? Memories { get; }

    public float[] Masks { get; }

    public long[] Actions { get; }

    public float[] Values { get; }

    public float[] Rewards { get; }

    public float[] LogProbabilities { get; }

    /// <summary>GAE advantages (<see cref="MiniGridPpo.Advantages.Gae"/>).</summary>
    public float[] Advantages { get; }

    /// <summary>Advantage plus value: the critic's targets.</summary>
    public float[] Returns { get; }

    public int Row(int process, int frame) => process * FramesPerProcess + frame;
}

/// <summary>An episode that ended during a collection: its return and length.</summary>
internal readonly record struct FinishedEpisode(double Return, int Frames);
