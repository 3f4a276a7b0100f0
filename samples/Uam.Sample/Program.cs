// A user of the Uam.Runtime package: declare a model with attributes, train it with RN, read the probe.
using Uam.Runtime;
using F = Uam.Runtime.nn.functional;

using var generator = new Generator(seed: 1);
using var model = new TwoBlobs(generator);
var traces = model.EnableProbes();
using var optimizer = new optim.SGD(model.Parameters(), 0.05, momentum: 0.9);

// Two Gaussian blobs in 20 dimensions.
using var labels = torch.RandInt(0, 2, [256], generator);
using var centres = torch.Randn([2, 20], generator);
using var noise = torch.Randn([256, 20], generator);
using var x = centres.IndexSelect(0, labels) + noise;

double first = 0, last = 0;
for (int step = 0; step < 60; step++)
{
    using var scope = torch.NewDisposeScope();
    var loss = F.NllLoss(model.Forward(x), labels);
    optimizer.ZeroGrad();
    loss.Backward();
    optimizer.Step();
    if (step == 0) first = loss.ToDouble();
    last = loss.ToDouble();
}

Console.WriteLine(model);
Console.WriteLine($"loss {first:F3} → {last:F3}; code length of fc1 at the last step {traces[0].Records[^1].CodeLengthMean:F2}");
bool classified = last < first / 2;

// A hand-written, DRAW-shaped module whose normalization points are generated hooks, with the kind chosen at
// construction: it learns to redraw the blobs in 4 glimpses, and the probe reads each glimpse's code length.
bool drawn = true;
foreach (Kind kind in new[] { Kind.RN, Kind.LN })
{
    using var core = new DrawCore(20, kind, new Generator(seed: 2));
    var glimpses = core.EnableProbes();
    using var adam = new optim.Adam(core.Parameters(), 1e-2);
    double start = 0, end = 0;
    for (int step = 0; step < 80; step++)
    {
        using var scope = torch.NewDisposeScope();
        var loss = F.MseLoss(core.Forward(x), x);
        adam.ZeroGrad();
        loss.Backward();
        adam.Step();
        if (step == 0) start = loss.ToDouble();
        end = loss.ToDouble();
    }
    string probes = glimpses.Count == 0 ? "no regularity slots"
        : string.Join(", ", glimpses.Select(t => $"{t.Name} {t.Records[^1].CodeLengthMean:F2}"));
    Console.WriteLine($"DrawCore({kind}): reconstruction error {start:F3} → {end:F3}; {probes}");
    drawn &= end < start / 2 && glimpses.Count == (kind == Kind.RN ? 2 * DrawCore.Glimpses : 0);
}
return classified && drawn ? 0 : 1;

[Model(20)]
[Normalize(Kind.RN)]
[Dense(32, Activation.ReLU)]
[Dense(2, Activation.LogSoftmax)]
internal partial class TwoBlobs;
