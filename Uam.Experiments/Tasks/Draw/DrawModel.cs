using Uam.Runtime;

namespace Uam.Experiments.Tasks.Draw;

/// <summary>The sizes of a DRAW model (uam-reference §2.5): glimpses T, the image, the read and write patches, the latent
/// and the two LSTM states.</summary>
internal sealed record DrawShape(int Glimpses, int Width, int Height, int ReadPatch, int WritePatch, int Latent, int Encoder, int Decoder)
{
    /// <summary>The paper's MNIST configuration (the original's config.py): T = 5, 28 × 28, N = 5, z = 10, states of 10.</summary>
    public static DrawShape Faithful { get; } = new(5, 28, 28, 5, 5, 10, 10, 10);

    /// <summary>The improved default, after the DRAW paper: T = 10 glimpses, 5 × 5 read and write patches, LSTM states of 256
    /// and a latent of 100 per glimpse (the DRAW paper's MNIST model reads 2 × 2 over 64 glimpses).</summary>
    public static DrawShape Paper { get; } = new(10, 28, 28, 5, 5, 100, 256, 256);

    public int Pixels => Width * Height;
}

/// <summary>One glimpse's record: the posterior's mean and log standard deviation [B, z], the read and write windows, and
/// the canvas's logits after the glimpse [B, pixels] (the last three for the pictures of the glimpses).</summary>
internal sealed record DrawGlimpse(Tensor Mean, Tensor LogStd, nn.AttentionWindow Read, nn.AttentionWindow Write, Tensor Canvas);

/// <summary>DRAW with selective attention (Gregor et al. 2015; the original's draw_model.py): for t = 0…T−1, the error image
/// x̂ = x − sigmoid(c), a read of x and x̂ through a window from the previous decoder state, the encoder LSTM on the read and
/// that state, the posterior N(μ, σ²) and a reparameterised z, the decoder LSTM on z, and a write through a window from the
/// new decoder state added to the canvas c. The encoder's and decoder's hidden outputs go through one normalizer slot per
/// glimpse each (2·T slots, the generator's hooks), and the normalized states are the recurrent states of the next glimpse
/// (the cells' memories are untouched), as in the original.</summary>
[Normalize(Kind.RN)]
internal sealed partial class DrawModel : nn.Module
{
    public DrawModel(DrawShape shape, Kind kind, RegularityOptions options, nn.FilterbankVariant filterbank, Generator generator)
    {
        Shape = shape;
        (Glimpses, EncoderSize, DecoderSize) = (shape.Glimpses, shape.Encoder, shape.Decoder);
        ReadBank = new nn.DrawFilterbank(shape.Width, shape.Height, shape.ReadPatch, filterbank);
        WriteBank = new nn.DrawFilterbank(shape.Width, shape.Height, shape.WritePatch, filterbank);
        int read = 2 * shape.ReadPatch * shape.ReadPatch;
        EncoderCell = RegisterModule("encoder", new nn.LSTMCell(read + shape.Decoder, shape.Encoder, generator: generator));
        Mean = RegisterModule("mu", new nn.Linear(shape.Encoder, shape.Latent, generator: generator));
        LogStd = RegisterModule("log_sigma", new nn.Linear(shape.Encoder, shape.Latent, generator: generator));
        DecoderCell = RegisterModule("decoder", new nn.LSTMCell(shape.Latent, shape.Decoder, generator: generator));
        ReadWindow = RegisterModule("read_window", new nn.Linear(shape.Decoder, 5, generator: generator));
        WriteWindow = RegisterModule("write_window", new nn.Linear(shape.Decoder, 5, generator: generator));
        WritePatch = RegisterModule("write", new nn.Linear(shape.Decoder, shape.WritePatch * shape.WritePatch, generator: generator));
        InitializeHooks(kind, options);
    }

    public DrawShape Shape { get; }

    /// <summary>T: the hooks' number of per-glimpse slots.</summary>
    public int Glimpses { get; }

    /// <summary>The encoder state's size: the encoder hook's features.</summary>
    public int EncoderSize { get; }

    /// <summary>The decoder state's size: the decoder hook's features.</summary>
    public int DecoderSize { get; }

    public nn.DrawFilterbank ReadBank { get; }
    public nn.DrawFilterbank WriteBank { get; }
    public nn.LSTMCell EncoderCell { get; }
    public nn.Linear Mean { get; }
    public nn.Linear LogStd { get; }
    public nn.LSTMCell DecoderCell { get; }
    public nn.Linear ReadWindow { get; }
    public nn.Linear WriteWindow { get; }
    public nn.Linear WritePatch { get; }

    [Hook(FeaturesFrom = nameof(EncoderSize), StepsFrom = nameof(Glimpses))]
    private partial Tensor EncoderState(Tensor h, int glimpse, Tensor? prior);

    [Hook(FeaturesFrom = nameof(DecoderSize), StepsFrom = nameof(Glimpses))]
    private partial Tensor DecoderState(Tensor h, int glimpse, Tensor? prior);

    /// <summary>The final canvas's logits [B, pixels] and each glimpse's posterior and windows, for images [B, pixels] in
    /// [0, 1]; ε for the reparameterisation is drawn from <paramref name="noise"/>. <paramref name="prior"/> is saliency
    /// normalization's per-row prior (SN only; null otherwise).</summary>
    public (Tensor Canvas, IReadOnlyList<DrawGlimpse> Glimpses) Forward(Tensor images, Generator noise, Tensor? prior = null)
    {
        if (images.Dim != 2 || images.Size(1) != Shape.Pixels)
            throw new ArgumentException($"DrawModel: the images must be [batch, {Shape.Pixels}], not [{string.Join(", ", images.Shape)}]", nameof(images));
        long batch = images.Size(0);
        Tensor x = images.View(batch, Shape.Height, Shape.Width);
        Tensor canvas = torch.Zeros([batch, Shape.Height, Shape.Width], images.DType);
        Tensor hDecoder = torch.Zeros([batch, Shape.Decoder], images.DType), cDecoder = torch.Zeros([batch, Shape.Decoder], images.DType);
        Tensor hEncoder = torch.Zeros([batch, Shape.Encoder], images.DType), cEncoder = torch.Zeros([batch, Shape.Encoder], images.DType);
        var glimpses = new List<DrawGlimpse>(Glimpses);
        for (int t = 0; t < Glimpses; t++)
        {
            Tensor error = x - canvas.Sigmoid();
            nn.AttentionWindow read = ReadBank.Window(ReadWindow.Forward(hDecoder));
            Tensor patches = torch.Cat([ReadBank.Read(x, read).Flatten(1), ReadBank.Read(error, read).Flatten(1)], 1);
            (hEncoder, cEncoder) = EncoderCell.Forward(torch.Cat([patches, hDecoder], 1), (hEncoder, cEncoder));
            hEncoder = EncoderState(hEncoder, t, prior);
            Tensor mean = Mean.Forward(hEncoder), logStd = LogStd.Forward(hEncoder);
            Tensor z = mean + logStd.Exp() * torch.Randn(mean.ShapeView, noise, mean.DType);
            (hDecoder, cDecoder) = DecoderCell.Forward(z, (hDecoder, cDecoder));
            hDecoder = DecoderState(hDecoder, t, prior);
            nn.AttentionWindow write = WriteBank.Window(WriteWindow.Forward(hDecoder));
            Tensor patch = WritePatch.Forward(hDecoder).View(batch, Shape.WritePatch, Shape.WritePatch);
            canvas = canvas + WriteBank.Write(patch, write);
            glimpses.Add(new DrawGlimpse(mean, logStd, read, write, canvas.View(batch, Shape.Pixels)));
        }
        return (canvas.View(batch, Shape.Pixels), glimpses);
    }

    /// <summary>Generation from the prior: T steps of the decoder from z ~ N(0, I) drawn from <paramref name="noise"/>, each
    /// writing to the canvas; the canvas's probabilities sigmoid(c_t) [count, pixels] after every glimpse and each write
    /// window. Only the decoder's slots run (the encoder has no input); <paramref name="prior"/> as in <see cref="Forward"/>.</summary>
    public (IReadOnlyList<Tensor> Canvases, IReadOnlyList<nn.AttentionWindow> Writes) Generate(int count, Generator noise, Tensor? prior = null)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "DrawModel.Generate: at least one sample");
        Tensor canvas = torch.Zeros([count, Shape.Height, Shape.Width]);
        Tensor h = torch.Zeros([count, Shape.Decoder]), c = torch.Zeros([count, Shape.Decoder]);
        var canvases = new List<Tensor>(Glimpses);
        var writes = new List<nn.AttentionWindow>(Glimpses);
        for (int t = 0; t < Glimpses; t++)
        {
            Tensor z = torch.Randn([count, Shape.Latent], noise);
            (h, c) = DecoderCell.Forward(z, (h, c));
            h = DecoderState(h, t, prior);
            nn.AttentionWindow write = WriteBank.Window(WriteWindow.Forward(h));
            canvas = canvas + WriteBank.Write(WritePatch.Forward(h).View(count, Shape.WritePatch, Shape.WritePatch), write);
            canvases.Add(canvas.Sigmoid().View(count, Shape.Pixels));
            writes.Add(write);
        }
        return (canvases, writes);
    }
}
