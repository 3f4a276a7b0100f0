using Uam.Runtime;

namespace Uam.Experiments.Tasks.MiniGridPpo;

/// <summary>The terms of one recurrence step's loss: the total and its parts (means over the minibatch).</summary>
internal readonly record struct LossTerms(Tensor Loss, Tensor Policy, Tensor Value, Tensor Entropy);

/// <summary>torch-ac's PPO and A2C losses on a minibatch (uam-reference §2.4).</summary>
internal static class PolicyLosses
{
    /// <summary>The mean entropy of categorical distributions given by their log-probabilities [N, K].</summary>
    public static Tensor Entropy(Tensor logProbabilities) => (logProbabilities.Exp() * logProbabilities).Sum(1).Neg().Mean();

    /// <summary>log π(a) for each row's action [N].</summary>
    public static Tensor LogProbabilityOf(Tensor logProbabilities, Tensor actions) =>
        logProbabilities.Gather(1, actions.Unsqueeze(1)).Squeeze(1);

    /// <summary>PPO: −mean(min(r·A, clip(r, 1 − ε, 1 + ε)·A)) − c_H·H + c_V·mean(max((V − R)², (V_old + clip(V − V_old, ±ε) − R)²)),
    /// with r = exp(log π(a) − log π_old(a)); advantages are not normalised.</summary>
    public static LossTerms Ppo(Tensor logProbabilities, Tensor value, Tensor actions, Tensor oldLogProbability, Tensor oldValue,
        Tensor advantage, Tensor returns, PpoSettings settings)
    {
        Tensor entropy = Entropy(logProbabilities);
        Tensor ratio = (LogProbabilityOf(logProbabilities, actions) - oldLogProbability).Exp();
        Tensor surrogate = ratio * advantage;
        Tensor clipped = ratio.Clamp(1 - settings.ClipEps, 1 + settings.ClipEps) * advantage;
        Tensor policy = surrogate.Minimum(clipped).Mean().Neg();
        Tensor valueClipped = oldValue + (value - oldValue).Clamp(-settings.ClipEps, settings.ClipEps);
        Tensor valueLoss = (value - returns).Square().Maximum((valueClipped - returns).Square()).Mean();
        Tensor loss = policy - entropy * settings.EntropyCoefficient + valueLoss * settings.ValueLossCoefficient;
        return new LossTerms(loss, policy, valueLoss, entropy);
    }

    /// <summary>A2C: −mean(log π(a)·A) − c_H·H + c_V·mean((V − R)²).</summary>
    public static LossTerms A2c(Tensor logProbabilities, Tensor value, Tensor actions, Tensor advantage, Tensor returns, PpoSettings settings)
    {
        Tensor entropy = Entropy(logProbabilities);
        Tensor policy = (LogProbabilityOf(logProbabilities, actions) * advantage).Mean().Neg();
        Tensor valueLoss = (value - returns).Square().Mean();
        Tensor loss = policy - entropy * settings.EntropyCoefficient + valueLoss * settings.ValueLossCoefficient;
        return new LossTerms(loss, policy, valueLoss, entropy);
    }
}
