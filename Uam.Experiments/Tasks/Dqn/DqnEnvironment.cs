using Uam.Environments.Api;
using Uam.Environments.Box2D;
using Uam.Environments.ClassicControl;
using Uam.Experiments.Models;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Dqn;

/// <summary>An environment <c>uam dqn</c> trains on, and what differs between them: the registered environment (with its
/// time limit), the paper's Q-network for it, and the original's per-episode step cut (docs/dqn.md).</summary>
internal sealed record DqnEnvironment(
    string Name, string Id, Func<IEnvironment<double[], int>> Make, Func<Kind, RegularityOptions, Generator, nn.Module<Tensor, Tensor>> Network,
    int FaithfulStepCut)
{
    /// <summary>CartPole-v1 (500 steps); the original's loop allows 1,000, so the environment's limit ends episodes.</summary>
    public static readonly DqnEnvironment CartPole = new("cartpole", "CartPole-v1", () => Environments.ClassicControl.CartPole.Make("CartPole-v1"),
        (kind, options, generator) => new CartPoleQNetwork(kind, options, generator), 1000);

    /// <summary>LunarLander-v2 (1,000 steps); the original's loop cuts every episode at 100 steps.</summary>
    public static readonly DqnEnvironment LunarLander = new("lunarlander", "LunarLander-v2", () => Environments.Box2D.LunarLander.Make(),
        (kind, options, generator) => new LunarLanderQNetwork(kind, options, generator), 100);

    public static readonly IReadOnlyList<DqnEnvironment> All = [CartPole, LunarLander];

    public static DqnEnvironment Of(string name) =>
        All.FirstOrDefault(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"--env: '{name}' is not one of {string.Join(", ", All.Select(e => e.Name))}.");

    /// <summary>The most steps of an episode in the training loop: the original's cut under the faithful protocol (its
    /// last transition stored as not terminal), else 1,000 (the environments' own limits end episodes first).</summary>
    public int StepCut(bool faithful) => faithful ? FaithfulStepCut : 1000;
}
