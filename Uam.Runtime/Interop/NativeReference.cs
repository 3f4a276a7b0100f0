namespace Uam.Runtime.Interop;

/// <summary>libtorch's own C++ frontend, driven inside the shim (reference.cpp): the reference that tests
/// compare our optimizers with, and the C++ side of the binding benchmark.</summary>
internal static class NativeReference
{
    public enum Optimizer { Sgd = 0, Adam = 1, RmsProp = 2 }

    /// <summary>Runs torch::optim for <paramref name="steps"/> steps on Σ tanh(p)·w + ½·curvature·Σ p² (float64).</summary>
    public static Tensor OptimizerRun(Optimizer kind, double[] options, Tensor initial, Tensor weights, double curvature, int steps) =>
        Tensor.Wrap(Native.nt_reference_optimizer_run((int)kind, options, options.Length, initial.HandleOf(), weights.HandleOf(), curvature, steps, out var r), r);

    /// <summary>Seconds for <paramref name="iterations"/> additions a + b in a C++ loop, each wrapped in and freed from a handle.</summary>
    public static double AddLoopSeconds(Tensor a, Tensor b, long iterations)
    {
        NativeErrors.Check(Native.nt_bench_add_loop(a.HandleOf(), b.HandleOf(), iterations, out double seconds));
        return seconds;
    }

    /// <summary>Trains an MLP (linear+relu layers, log-softmax, NLL) for <paramref name="steps"/> steps with
    /// torch::optim::SGD from C++, updating the given weights and biases in place.</summary>
    public static (double Seconds, double LastLoss) MlpTrain(Tensor input, Tensor target, IReadOnlyList<Tensor> weights,
        IReadOnlyList<Tensor> biases, double learningRate, double momentum, int steps)
    {
        if (weights.Count != biases.Count) throw new ArgumentException("one bias per weight");
        using var w = new HandleArray(weights);
        using var b = new HandleArray(biases);
        NativeErrors.Check(Native.nt_bench_mlp_train(input.HandleOf(), target.HandleOf(), w.Pointers, b.Pointers, weights.Count,
            learningRate, momentum, steps, out double seconds, out double loss));
        return (seconds, loss);
    }

    /// <summary>Runs <paramref name="steps"/> DQN learning steps (TD target from the target network, MSE, Adam, soft update)
    /// from C++ on the given batch, updating the local and target parameters (weight, bias per layer) in place.</summary>
    public static unsafe (double Seconds, double LastLoss) DqnLearn(float[] states, long[] actions, float[] rewards, float[] nextStates,
        int[] dones, int features, IReadOnlyList<Tensor> local, IReadOnlyList<Tensor> target, double gamma, double tau, double learningRate, int steps)
    {
        int batch = rewards.Length;
        if (states.Length != batch * features || nextStates.Length != batch * features || actions.Length != batch || dones.Length != batch)
            throw new ArgumentException($"the batch arrays do not hold {batch} transitions of {features} features");
        if (local.Count != target.Count || local.Count % 2 != 0) throw new ArgumentException("local and target need a weight and a bias per layer each");
        using var l = new HandleArray(local);
        using var t = new HandleArray(target);
        fixed (float* s = states, r = rewards, n = nextStates)
        fixed (long* a = actions)
        fixed (int* d = dones)
        {
            NativeErrors.Check(Native.nt_bench_dqn_learn(s, a, r, n, d, batch, features, l.Pointers, t.Pointers, local.Count / 2, gamma, tau,
                learningRate, steps, out double seconds, out double loss));
            return (seconds, loss);
        }
    }

    /// <summary>Runs <paramref name="steps"/> DRAW training steps (the paper's filterbank, no normalizer; Adam created per call,
    /// gradients clipped to <paramref name="clipNorm"/>) from C++ on the given images, with ε from <paramref name="noise"/>,
    /// updating the 18 parameter tensors (the binding's order) in place. <paramref name="shape"/>: T, width, height, read N,
    /// write N.</summary>
    public static (double Seconds, double LastLoss) DrawTrain(Tensor images, IReadOnlyList<Tensor> parameters, Generator noise,
        (int Glimpses, int Width, int Height, int ReadPatch, int WritePatch) shape, double learningRate, double beta1, double beta2, double clipNorm, int steps)
    {
        using var p = new HandleArray(parameters);
        int[] dims = [shape.Glimpses, shape.Width, shape.Height, shape.ReadPatch, shape.WritePatch];
        NativeErrors.Check(Native.nt_bench_draw_train(images.HandleOf(), p.Pointers, parameters.Count, noise.Handle, dims, learningRate, beta1, beta2,
            clipNorm, steps, out double seconds, out double loss));
        return (seconds, loss);
    }
}
