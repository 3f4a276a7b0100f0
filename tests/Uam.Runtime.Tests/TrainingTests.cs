using Uam.Runtime;
using Xunit;
using F = Uam.Runtime.nn.functional;

namespace Uam.Runtime.Tests;

/// <summary>End-to-end: a seed fixes initialisation, data order and results, and training lowers the loss.</summary>
public class TrainingTests
{
    // Two Gaussian blobs per class in 8 dimensions: learnable, not trivially.
    private static (Tensor X, Tensor Y) Data(Generator gen)
    {
        using var scope = torch.NewDisposeScope();
        Tensor y = torch.RandInt(0, 3, [240], gen);
        Tensor centres = torch.Randn([3, 8], gen) * 2;
        Tensor x = centres.IndexSelect(0, y) + torch.Randn([240, 8], gen);
        return (scope.MoveToOuter(x).DetachFromDisposeScope(), scope.MoveToOuter(y).DetachFromDisposeScope());
    }

    private static double[] Train(ulong seed, int epochs)
    {
        using var gen = new Generator(seed);
        var (x, y) = Data(gen);
        using (x) using (y)
        using (var model = new nn.Sequential(new nn.Linear(8, 32, generator: gen), new nn.ReLU(), new nn.Dropout(0.1, gen), new nn.Linear(32, 3, generator: gen)))
        using (var sgd = new optim.SGD(model.Parameters(), 0.05, momentum: 0.9))
        {
            var losses = new List<double>();
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                using var order = torch.RandPerm(240, gen);
                long[] permutation = order.ToArray<long>();
                double total = 0;
                for (int start = 0; start < 240; start += 40)
                {
                    using var scope = torch.NewDisposeScope();
                    Tensor index = torch.FromArray(permutation[start..(start + 40)]);
                    Tensor loss = F.CrossEntropy(model.Forward(x.IndexSelect(0, index)), y.IndexSelect(0, index));
                    sgd.ZeroGrad();
                    loss.Backward();
                    sgd.Step();
                    total += loss.ToDouble();
                }
                losses.Add(total / 6);
            }
            return losses.ToArray();
        }
    }

    [Fact]
    public void The_same_seed_reproduces_training_exactly_and_the_loss_falls()
    {
        int threads = torch.NumThreads;
        torch.NumThreads = 1;   // parallel reductions may round differently with other thread counts
        try
        {
            double[] first = Train(5, 8);
            double[] second = Train(5, 8);
            double[] other = Train(6, 8);
            Assert.Equal(first, second);
            Assert.NotEqual(first, other);
            Assert.True(first[^1] < 0.5 * first[0], $"loss went from {first[0]} to {first[^1]}");
        }
        finally
        {
            torch.NumThreads = threads;
        }
    }
}
