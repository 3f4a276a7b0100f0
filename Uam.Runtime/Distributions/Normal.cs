namespace Uam.Runtime;

/// <summary>The normal distribution N(mean, std²), with densities that carry gradients to mean and std.</summary>
public sealed class Normal
{
    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>A distribution with (broadcastable) <paramref name="mean"/> and positive <paramref name="std"/>;
    /// the tensors stay owned by the caller.</summary>
    public Normal(Tensor mean, Tensor std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        Checks.FloatingPoint(nameof(Normal), nameof(mean), mean);
        Checks.FloatingPoint(nameof(Normal), nameof(std), std);
        Checks.Broadcastable(nameof(Normal), mean, std);
        Mean = mean;
        Std = std;
    }

    /// <summary>The mean.</summary>
    public Tensor Mean { get; }

    /// <summary>The standard deviation.</summary>
    public Tensor Std { get; }

    /// <summary>log p(x) = −(x−μ)²/(2σ²) − log σ − ½ log 2π, elementwise.</summary>
    public Tensor LogProb(Tensor value)
    {
        Checks.NotNull(nameof(LogProb), nameof(value), value);
        using var scope = torch.NewDisposeScope();
        Tensor z = (value - Mean) / Std;
        Tensor result = z.Square().Mul(-0.5) - Std.Log() - HalfLogTwoPi;
        return scope.MoveToOuter(result);
    }

    /// <summary>Differential entropy ½ + ½ log 2π + log σ, elementwise.</summary>
    public Tensor Entropy()
    {
        using Tensor logStd = Std.Log();
        return logStd + (0.5 + HalfLogTwoPi);
    }

    /// <summary>A reparameterised sample μ + σ·ε (gradients flow to μ and σ).</summary>
    public Tensor RSample(Generator? generator = null)
    {
        using var scope = torch.NewDisposeScope();
        Tensor epsilon = torch.Randn(Checks.BroadcastShape(Mean, Std), generator, Mean.DType, Mean.Device);
        return scope.MoveToOuter(Mean + Std * epsilon);
    }

    /// <summary>A sample without gradient.</summary>
    public Tensor Sample(Generator? generator = null)
    {
        using var noGrad = torch.NoGrad();
        using Tensor sample = RSample(generator);
        return sample.Detach();
    }
}
