namespace Uam.Experiments.Tasks.MiniGridPpo;

/// <summary>The policy-gradient algorithm of a run.</summary>
internal enum PolicyAlgorithm
{
    /// <summary>Proximal policy optimisation with the clipped ratio and the clipped value loss (Adam).</summary>
    Ppo,
    /// <summary>Advantage actor-critic: one gradient step per rollout (RMSprop).</summary>
    A2c,
}

/// <summary>The hyper-parameters of torch-ac as the original's <c>scripts/train.py</c> sets them (uam-reference §2.4).</summary>
internal sealed record PpoSettings
{
    public PolicyAlgorithm Algorithm { get; init; } = PolicyAlgorithm.Ppo;

    /// <summary>Parallel environments; environment i is seeded with seed + 10,000·i.</summary>
    public int Processes { get; init; } = 16;

    /// <summary>Frames each environment adds to a rollout: 128 for PPO, 8 for A2C (<see cref="For"/>).</summary>
    public int FramesPerProcess { get; init; } = 128;

    public double Discount { get; init; } = 0.99;

    public double GaeLambda { get; init; } = 0.95;

    public double EntropyCoefficient { get; init; } = 0.01;

    public double ValueLossCoefficient { get; init; } = 0.5;

    public double MaxGradNorm { get; init; } = 0.5;

    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Adam's and RMSprop's ε.</summary>
    public double OptimizerEps { get; init; } = 1e-8;

    /// <summary>RMSprop's α (A2C).</summary>
    public double RmsAlpha { get; init; } = 0.99;

    /// <summary>ε of the clipped ratio and of the clipped value loss (PPO).</summary>
    public double ClipEps { get; init; } = 0.2;

    /// <summary>Passes over each rollout (PPO).</summary>
    public int Epochs { get; init; } = 4;

    /// <summary>Frames per minibatch (PPO; A2C uses the whole rollout).</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Steps of backpropagation through time; more than 1 gives the model its LSTM memory.</summary>
    public int Recurrence { get; init; } = 1;

    public bool UsesMemory => Recurrence > 1;

    public int FramesPerUpdate => Processes * FramesPerProcess;

    /// <summary>The defaults of an algorithm with a recurrence.</summary>
    public static PpoSettings For(PolicyAlgorithm algorithm, int recurrence) => new()
    {
        Algorithm = algorithm,
        FramesPerProcess = algorithm == PolicyAlgorithm.Ppo ? 128 : 8,
        Recurrence = recurrence,
    };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the setting that cannot work.</summary>
    public PpoSettings Validated()
    {
        if (Processes < 1) throw new ArgumentException($"processes must be at least 1, not {Processes}");
        if (Recurrence < 1) throw new ArgumentException($"--recurrence must be at least 1, not {Recurrence}");
        if (FramesPerProcess % Recurrence != 0)
            throw new ArgumentException($"--recurrence {Recurrence} must divide the frames per process ({FramesPerProcess})");
        if (Algorithm == PolicyAlgorithm.Ppo && (BatchSize % Recurrence != 0 || BatchSize < Recurrence))
            throw new ArgumentException($"--recurrence {Recurrence} must divide the minibatch size ({BatchSize})");
        if (Epochs < 1) throw new ArgumentException($"epochs must be at least 1, not {Epochs}");
        return this;
    }
}
