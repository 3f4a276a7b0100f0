using Uam.Runtime;
using Xunit;
using F = Uam.Runtime.nn.functional;

namespace Uam.Runtime.Tests.Normalizers;

/// <summary>Normalizers inside a trained model: checkpoints resume exactly, memory stays flat.</summary>
public class RegularityTrainingTests
{
    private static nn.Sequential Model(RegularityVariant variant) =>
        new(new nn.Linear(12, 16, generator: new Generator(3)), new nn.RegularityNorm(variant, 16), new nn.ReLU(),
            new nn.Linear(16, 3, generator: new Generator(4)));

    private static Tensor[] Batches(int count)
    {
        using var gen = new Generator(9);
        return Enumerable.Range(0, count).Select(_ => torch.Randn([10, 12], gen).DetachFromDisposeScope()).ToArray();
    }

    private static Tensor Labels(int i) => torch.FromArray(Enumerable.Range(0, 10).Select(j => (long)((i + j) % 3)).ToArray());

    private static double Step(nn.Sequential model, optim.Optimizer optimizer, Tensor x, int i)
    {
        using var scope = torch.NewDisposeScope();
        optimizer.ZeroGrad();
        Tensor loss = F.CrossEntropy(model.Forward(x), Labels(i));
        loss.Backward();
        optimizer.Step();
        return loss.ToDouble();
    }

    [Theory]
    [InlineData(RegularityVariant.RN)]
    [InlineData(RegularityVariant.RLN)]
    [InlineData(RegularityVariant.RBN)]
    public void A_checkpointed_model_continues_exactly_like_an_uninterrupted_one(RegularityVariant variant)
    {
        int threads = torch.NumThreads;
        torch.NumThreads = 1;
        string directory = Directory.CreateTempSubdirectory("uam-checkpoint-").FullName;
        Tensor[] batches = Batches(6);
        try
        {
            double[] straight;
            using (var model = Model(variant))
            using (var sgd = new optim.SGD(model.Parameters(), 0.05, momentum: 0.9))
                straight = batches.Select((x, i) => Step(model, sgd, x, i)).ToArray();

            using (var model = Model(variant))
            using (var sgd = new optim.SGD(model.Parameters(), 0.05, momentum: 0.9))
            {
                for (int i = 0; i < 3; i++) Step(model, sgd, batches[i], i);
                model.Save(Path.Combine(directory, "model.safetensors"));
                using var state = sgd.StateDict();
                state.Save(Path.Combine(directory, "optimizer.safetensors"));
            }
            using var resumed = Model(variant);
            resumed.Load(Path.Combine(directory, "model.safetensors"));
            using var resumedSgd = new optim.SGD(resumed.Parameters(), 0.05, momentum: 0.9);
            using (var state = StateDict.Load(Path.Combine(directory, "optimizer.safetensors"))) resumedSgd.LoadStateDict(state);
            for (int i = 3; i < 6; i++) Assert.Equal(straight[i], Step(resumed, resumedSgd, batches[i], i));
        }
        finally
        {
            torch.NumThreads = threads;
            foreach (var b in batches) b.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Training_with_normalizers_keeps_the_live_tensor_count_flat()
    {
        using var model = Model(RegularityVariant.SN);
        var slot = (nn.RegularityNorm)model.Layers[1];
        using var sgd = new optim.SGD(model.Parameters(), 0.05, momentum: 0.9);
        Tensor[] batches = Batches(1);
        void Train(int i)
        {
            using var scope = torch.NewDisposeScope();
            Tensor y = Labels(i);
            slot.Prior = SaliencyPrior.FromLabels(y);
            sgd.ZeroGrad();
            F.CrossEntropy(model.Forward(batches[0]), y).Backward();
            sgd.Step();
            slot.Prior = null;
        }
        Train(0);
        long baseline = TestSupport.SettledLiveTensorCount();
        for (int i = 1; i < 200; i++) Train(i);
        Assert.Equal(baseline, TestSupport.SettledLiveTensorCount());
        batches[0].Dispose();
    }
}
