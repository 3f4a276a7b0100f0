using Uam.Runtime;

namespace Uam.Experiments.Tasks.Ram;

/// <summary>The recurrent attention model (Mnih, Heess, Graves and Kavukcuoglu 2014; sdm-attention-reference §5.3). Each of
/// <see cref="Glimpses"/> steps reads a retina of 3 patches of 12 × 12 (each twice as wide as the last) at the current
/// location: h_g = ReLU(W_g ρ), h_l = ReLU(W_l l), g = ReLU(W_hg h_g + W_hl h_l); the core is a ReLU RNN,
/// h_t = ReLU(W_h h_{t−1} + W_x g_t); the next location is drawn from N(tanh f_l(h_t), σ²I) (clamped to the image) and the class
/// read from f_a(h_T). The first location is uniform on the image. A baseline f_b(h_t) per step lowers REINFORCE's
/// variance; the location and baseline heads see h_t detached, so that only REINFORCE trains the policy and only the
/// squared error the baseline.</summary>
internal sealed class RecurrentAttentionModel : nn.Module, IImageClassifier
{
    public const int PatchSize = 12, Scales = 3, GlimpseFeatures = 128, Hidden = 256;

    public RecurrentAttentionModel(int glimpses, double sigma, int classes, Generator generator)
    {
        if (glimpses < 1) throw new ArgumentOutOfRangeException(nameof(glimpses), glimpses, "RAM: at least one glimpse.");
        if (!(sigma > 0)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "RAM: the policy's σ must be positive.");
        (Glimpses, Sigma) = (glimpses, sigma);
        Sensor = new nn.GlimpseSensor(PatchSize, Scales);
        What = RegisterModule("what", new nn.Linear(Scales * PatchSize * PatchSize, GlimpseFeatures, generator: generator));
        Where = RegisterModule("where", new nn.Linear(2, GlimpseFeatures, generator: generator));
        WhatOut = RegisterModule("what_out", new nn.Linear(GlimpseFeatures, Hidden, generator: generator));
        WhereOut = RegisterModule("where_out", new nn.Linear(GlimpseFeatures, Hidden, generator: generator));
        CoreInput = RegisterModule("core_input", new nn.Linear(Hidden, Hidden, generator: generator));
        CoreState = RegisterModule("core_state", new nn.Linear(Hidden, Hidden, generator: generator));
        Locator = RegisterModule("locator", new nn.Linear(Hidden, 2, generator: generator));
        Baseline = RegisterModule("baseline", new nn.Linear(Hidden, 1, generator: generator));
        Classifier = RegisterModule("classifier", new nn.Linear(Hidden, classes, generator: generator));
    }

    public int Glimpses { get; }

    /// <summary>The location policy's fixed standard deviation (image half-widths).</summary>
    public double Sigma { get; }

    public nn.GlimpseSensor Sensor { get; }
    public nn.Linear What { get; }
    public nn.Linear Where { get; }
    public nn.Linear WhatOut { get; }
    public nn.Linear WhereOut { get; }
    public nn.Linear CoreInput { get; }
    public nn.Linear CoreState { get; }
    public nn.Linear Locator { get; }
    public nn.Linear Baseline { get; }
    public nn.Linear Classifier { get; }

    /// <summary>One episode per image [B, H, W]: the class logits [B, classes], the log-probabilities of the sampled
    /// locations [B, T − 1], the baselines at those steps [B, T − 1], every location [B, 2] (x, y) glimpsed, and the
    /// policy's means. In training
    /// the locations are sampled; in evaluation each is the policy's mean. <paramref name="noise"/> draws the first
    /// location and the policy's noise.</summary>
    public RamEpisode Run(Tensor images, Generator noise)
    {
        if (images.Dim != 3) throw new ArgumentException($"RAM: the images must be [batch, height, width], not [{string.Join(",", images.Shape)}].", nameof(images));
        long batch = images.ShapeView[0];
        Tensor location = torch.Rand([batch, 2], noise).Mul(2).Sub(1);
        Tensor? hidden = null;
        var logProbabilities = new List<Tensor>();
        var baselines = new List<Tensor>();
        var locations = new List<Tensor> { location };
        var means = new List<Tensor>();
        for (int t = 0; t < Glimpses; t++)
        {
            Tensor retina = Sensor.Read(images, location).Reshape(batch, -1);
            Tensor g = WhatOut.Forward(What.Forward(retina).Relu()).Add(WhereOut.Forward(Where.Forward(location).Relu())).Relu();
            Tensor core = CoreInput.Forward(g);
            hidden = (hidden is null ? core : core.Add(CoreState.Forward(hidden))).Relu();
            if (t == Glimpses - 1) break;
            Tensor detached = hidden.Detach();
            // The mean is bounded by tanh (the spec's f_l is linear): a linear mean walks off the image, every sample is
            // clamped to its edge, and the clamped samples' vanishing log-probabilities times negative advantages give
            // REINFORCE a loss without a floor, which it follows instead of learning where to look. The score is that of
            // the sample actually drawn; only the glimpse clamps it to the image.
            Tensor mean = Locator.Forward(detached).Tanh();
            Tensor sample = IsTraining ? mean.Detach().Add(torch.Randn([batch, 2], noise).Mul(Sigma)) : mean.Detach();
            location = sample.Clamp(-1, 1);
            logProbabilities.Add(nn.functional.GaussianLogProbability(sample, mean, Sigma));
            baselines.Add(Baseline.Forward(detached).Squeeze(1));
            locations.Add(location);
            means.Add(mean.Detach());
        }
        Tensor logits = Classifier.Forward(hidden!);
        return new RamEpisode(logits,
            logProbabilities.Count == 0 ? torch.Zeros([batch, 0]) : torch.Stack(logProbabilities, 1),
            baselines.Count == 0 ? torch.Zeros([batch, 0]) : torch.Stack(baselines, 1), locations, means);
    }

    public Tensor Logits(Tensor images, Generator noise) => Run(images, noise).Logits;
}

/// <summary>What one RAM episode produced (see <see cref="RecurrentAttentionModel.Run"/>); <see cref="Means"/> are the
/// policy's means [B, 2] behind the sampled locations (Locations[t + 1] was drawn around Means[t]).</summary>
internal sealed record RamEpisode(Tensor Logits, Tensor LogProbabilities, Tensor Baselines, IReadOnlyList<Tensor> Locations, IReadOnlyList<Tensor> Means);
