using Uam.Environments.Api;
using Uam.Environments.ClassicControl;
using Xunit;

namespace Uam.Environments.Tests;

public class VectorEnvironmentTests
{
    [Fact]
    public void Copies_can_be_reset_with_seeds_of_their_own()
    {
        var vector = new SyncVectorEnvironment<double[], int>(Enumerable.Range(0, 3).Select(_ => (IEnvironment<double[], int>)new CartPole()));
        var first = vector.Reset([5UL, 10_005UL, 20_005UL]);
        for (int i = 0; i < 3; i++) Assert.Equal(new CartPole().Reset((ulong)(5 + 10_000 * i)), first[i]);
        Assert.Throws<ArgumentException>(() => vector.Reset([1UL, 2UL]));
    }

    [Fact]
    public void Copies_are_seeded_seed_plus_index_and_reset_when_they_end()
    {
        var vector = new SyncVectorEnvironment<double[], int>(Enumerable.Range(0, 3).Select(_ => (IEnvironment<double[], int>)new CartPole()));
        var first = vector.Reset(10);
        for (int i = 0; i < 3; i++) Assert.Equal(new CartPole().Reset((ulong)(10 + i)), first[i]);

        // Always push right: each copy falls within a few dozen steps and is reset at once.
        var solo = new CartPole();
        solo.Reset(11);
        int soloSteps = 0;
        while (!solo.Step(1).Terminated) soloSteps++;
        double[] soloNext = solo.Reset();
        for (int t = 0; t <= soloSteps; t++)
        {
            VectorStep<double[]> step = vector.Step([1, 1, 1]);
            if (t < soloSteps) continue;
            Assert.True(step.Terminated[1]);
            Assert.NotNull(step.FinalObservations[1]);
            Assert.Equal(soloNext, step.Observations[1]);   // the next episode's first observation, from the copy's own stream
        }
        Assert.Throws<ArgumentException>(() => vector.Step([1, 1]));
    }
}
