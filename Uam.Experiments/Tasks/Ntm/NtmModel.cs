using Uam.Runtime;

namespace Uam.Experiments.Tasks.Ntm;

/// <summary>A Neural Turing Machine (Graves, Wayne and Danihelka 2014) for the copy task: an LSTM controller reading the
/// input and the previous read vector, one write head and one read head on an N × M memory, and a linear output from the
/// controller's state and the new read. The controller's hidden state goes through one normalizer slot (the generator's
/// hook; plain, LN or RN), shared by every step, before the heads see it. Two RN probes (hooks of their own kind) record
/// the code length of the read and the write weighting at every step without changing them: the UAM probe of what the
/// heads attend to.</summary>
[Normalize(Kind.RN)]
internal sealed partial class NtmModel : nn.Module
{
    public NtmModel(int inputs, int outputs, int controller, int rows, int width, Kind kind, RegularityOptions options, Generator generator)
    {
        (Inputs, Outputs, ControllerSize, Rows, Width) = (inputs, outputs, controller, rows, width);
        Controller = RegisterModule("controller", new nn.LSTMCell(inputs + width, controller, generator: generator));
        ReadHead = RegisterModule("read_head", new nn.NtmHead(controller, width, generator: generator));
        WriteHead = RegisterModule("write_head", new nn.NtmHead(controller, width, write: true, generator: generator));
        Output = RegisterModule("output", new nn.Linear(controller + width, outputs, generator: generator));
        InitializeHooks(kind, options);
    }

    public int Inputs { get; }
    public int Outputs { get; }

    /// <summary>The controller's state size: the hook's features.</summary>
    public int ControllerSize { get; }

    /// <summary>N and M.</summary>
    public int Rows { get; }
    public int Width { get; }

    public nn.LSTMCell Controller { get; }
    public nn.NtmHead ReadHead { get; }
    public nn.NtmHead WriteHead { get; }
    public nn.Linear Output { get; }

    [Hook(FeaturesFrom = nameof(ControllerSize))]
    private partial Tensor ControllerState(Tensor h);

    [Hook(Kind.Probe)]
    private partial Tensor ReadAddressing(Tensor weights);

    [Hook(Kind.Probe)]
    private partial Tensor WriteAddressing(Tensor weights);

    /// <summary>Runs the machine over inputs [B, T, inputs]: the output logits [B, T, outputs] and, per step, the read and
    /// write weightings [B, N] (for pictures). The memory starts at 1e−6 everywhere, both weightings on row 0, the read
    /// vector at zero.</summary>
    public (Tensor Logits, IReadOnlyList<(Tensor Read, Tensor Write)> Weightings) Forward(Tensor inputs)
    {
        if (inputs.Dim != 3 || inputs.ShapeView[2] != Inputs)
            throw new ArgumentException($"NtmModel: the inputs must be [batch, steps, {Inputs}], not {Checks(inputs)}.", nameof(inputs));
        long batch = inputs.ShapeView[0], steps = inputs.ShapeView[1];
        Tensor memory = torch.Full([batch, Rows, Width], 1e-6, inputs.DType);
        Tensor start = torch.Cat([torch.Ones([batch, 1], inputs.DType), torch.Zeros([batch, Rows - 1], inputs.DType)], 1);
        Tensor readWeights = start, writeWeights = start;
        Tensor read = torch.Zeros([batch, Width], inputs.DType);
        (Tensor H, Tensor C) state = (torch.Zeros([batch, ControllerSize], inputs.DType), torch.Zeros([batch, ControllerSize], inputs.DType));
        var logits = new List<Tensor>();
        var weightings = new List<(Tensor, Tensor)>();
        for (int t = 0; t < steps; t++)
        {
            state = Controller.Forward(torch.Cat([inputs.Select(1, t), read], 1), state);
            Tensor h = ControllerState(state.H);
            state = (h, state.C);
            var write = WriteHead.Address(h, memory, writeWeights);
            writeWeights = WriteAddressing(write.Weights);
            memory = nn.functional.NtmWrite(memory, writeWeights, write.Erase!, write.Add!);
            readWeights = ReadAddressing(ReadHead.Address(h, memory, readWeights).Weights);
            read = nn.functional.NtmRead(memory, readWeights);
            logits.Add(Output.Forward(torch.Cat([h, read], 1)));
            weightings.Add((readWeights, writeWeights));
        }
        return (torch.Stack(logits, 1), weightings);
    }

    private static string Checks(Tensor t) => "[" + string.Join(",", t.Shape) + "]";
}
