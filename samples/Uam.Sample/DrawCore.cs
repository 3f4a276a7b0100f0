using Uam.Runtime;

/// <summary>A DRAW-shaped core written by hand (two LSTM cells over T glimpses, a canvas written step by step) whose
/// normalization points are declared as hooks: the generator adds one slot per glimpse for each cell's hidden state,
/// names them for the state dict and lists them for the UAM probe; the kind is chosen when the core is constructed.</summary>
[Normalize(Kind.RN)]
internal sealed partial class DrawCore : nn.Module<Tensor, Tensor>
{
    public const int Glimpses = 4, Hidden = 16;

    public DrawCore(int features, Kind kind, Generator generator)
    {
        Encoder = RegisterModule("encoder", new nn.LSTMCell(2 * features, Hidden, generator: generator));
        Decoder = RegisterModule("decoder", new nn.LSTMCell(Hidden, Hidden, generator: generator));
        Write = RegisterModule("write", new nn.Linear(Hidden, features, generator: generator));
        InitializeHooks(kind);
    }

    public nn.LSTMCell Encoder { get; }
    public nn.LSTMCell Decoder { get; }
    public nn.Linear Write { get; }

    [Hook(Features = Hidden, Steps = Glimpses)] private partial Tensor EncoderState(Tensor h, int glimpse);
    [Hook(Features = Hidden, Steps = Glimpses)] private partial Tensor DecoderState(Tensor h, int glimpse);

    /// <summary>The canvas after the last glimpse: each glimpse reads the image and the error left, and writes.</summary>
    public override Tensor Forward(Tensor image)
    {
        using var scope = torch.NewDisposeScope();
        (Tensor H, Tensor C)? encoder = null, decoder = null;
        Tensor canvas = torch.ZerosLike(image);
        for (int t = 0; t < Glimpses; t++)
        {
            var e = Encoder.Forward(torch.Cat([image, image - canvas], 1), encoder);
            encoder = (EncoderState(e.H, t), e.C);
            var d = Decoder.Forward(encoder.Value.H, decoder);
            decoder = (DecoderState(d.H, t), d.C);
            canvas = canvas + Write.Forward(decoder.Value.H);
        }
        return scope.MoveToOuter(canvas);
    }
}
