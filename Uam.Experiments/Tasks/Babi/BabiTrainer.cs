using Uam.Environments.Random;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.Babi;

/// <summary>How a GGNN is trained and tested on one fold (uam-reference §2.6; docs/babi.md).</summary>
/// <param name="Faithful">The original's protocol: every training call starts from a fresh RN state, RN is not applied at
/// test, the test split is cut to the training size, a new Adam per outer epoch, accuracy the mean of per-batch
/// accuracies, task 19 read after steps 1 and 2. Otherwise: the state carried, the slots in inference at test on the
/// whole test split, one Adam, accuracy per example, task 19 read as a sequence.</param>
internal sealed record BabiSettings(BabiTask Task, int TrainingStories, bool Faithful, int BatchSize = 10, double LearningRate = 1e-3,
    int Hidden = 10, int Steps = 5)
{
    public GraphShape Shape => GraphShape.For(Task) with { Hidden = Hidden, Steps = Steps };

    public GraphReadout Readout => Task == BabiTask.PathFinding && !Faithful ? GraphReadout.Sequence : GraphReadout.AfterStep;

    public RegularityOptions Regularity => Faithful ? RegularityOptions.Faithful : RegularityOptions.Default;
}

/// <summary>A test of one network: accuracy (the protocol's), and for task 19 the share of questions whose whole path is
/// right.</summary>
internal readonly record struct BabiScore(double Accuracy, double WholeAnswer);

/// <summary>One fold's network: epochs of shuffled batches with cross-entropy (a task 19 question is two predictions, one
/// per path step) and Adam, and tests, under the original's protocol or the improved one.</summary>
internal sealed class BabiTrainer : IDisposable
{
    private readonly IReadOnlyList<BabiExample> _train, _test;
    private readonly Generator _initial;
    private readonly int _seed;
    private optim.Adam _optimizer;
    private int _epoch;

    public BabiTrainer(BabiSettings settings, Kind kind, BabiFold fold, int seed)
    {
        if (fold.Task != settings.Task) throw new ArgumentException($"bAbI: a task {(int)fold.Task} fold for a task {(int)settings.Task} network.", nameof(fold));
        (Settings, Kind, _seed) = (settings, kind, seed);
        _train = BabiExample.Of(fold.Train, settings.TrainingStories);
        // The original reads the test split with the training size too (its first stories only).
        _test = BabiExample.Of(fold.Test, settings.Faithful ? Math.Min(settings.TrainingStories, fold.Test.Stories.Count) : fold.Test.Stories.Count);
        _initial = new Generator((ulong)seed);
        Model = new GatedGraphNetwork(settings.Shape with { Nodes = fold.Train.Nodes.Count, EdgeTypes = fold.Train.EdgeTypes.Count },
            kind, settings.Regularity, settings.Readout, _initial);
        _optimizer = NewOptimizer();
    }

    public BabiSettings Settings { get; }

    public Kind Kind { get; }

    public GatedGraphNetwork Model { get; }

    public int TrainingExamples => _train.Count;

    public int TestExamples => _test.Count;

    /// <summary>The optimiser of the current outer epoch (a new one per epoch under the faithful protocol).</summary>
    public optim.Adam Optimizer => _optimizer;

    private optim.Adam NewOptimizer() => new(Model.Parameters(), Settings.LearningRate);

    /// <summary>One epoch over the training examples in an order drawn from (seed, epoch); returns the mean loss per batch.</summary>
    public double TrainEpoch()
    {
        if (Settings.Faithful)
        {
            // A new optimiser per outer epoch, and RN's state lost between calls (flaw: the helper that keeps it is never called).
            _optimizer.Dispose();
            _optimizer = NewOptimizer();
            foreach (var (_, slot) in Model.RegularitySlots()) slot.Reset();
        }
        Model.Train();
        int[] order = Order(_train.Count, _seed, _epoch++);
        double loss = 0;
        int batches = 0;
        for (int start = 0; start < order.Length; start += Settings.BatchSize)
        {
            using var scope = torch.NewDisposeScope();
            var rows = order.AsSpan(start, Math.Min(Settings.BatchSize, order.Length - start)).ToArray().Select(i => _train[i]).ToList();
            var (annotation, adjacency, targets) = Batch(rows);
            Tensor logits = Model.Forward(annotation, adjacency);
            Tensor value = nn.functional.CrossEntropy(logits.View(-1, logits.Size(2)), targets.View(-1));
            _optimizer.ZeroGrad();
            value.Backward();
            _optimizer.Step();
            loss += value.ToDouble();
            batches++;
        }
        return loss / batches;
    }

    /// <summary>Tests on the protocol's test examples in batches of the training size, in file order.</summary>
    public BabiScore Test()
    {
        bool faithful = Settings.Faithful;
        if (faithful)
        {
            // The original passes "is training" as "apply RN": at test RN is not applied (its fresh state would be reset
            // before the next training call anyway); LayerNorm is.
            Model.Train();
            foreach (var (_, slot) in Model.RegularitySlots()) slot.Bypass = true;
        }
        else Model.Eval();
        try
        {
            using var noGrad = torch.NoGrad();
            double batchAccuracies = 0;
            int batches = 0, correct = 0, predictions = 0, whole = 0;
            for (int start = 0; start < _test.Count; start += Settings.BatchSize)
            {
                using var scope = torch.NewDisposeScope();
                var rows = _test.Skip(start).Take(Settings.BatchSize).ToList();
                var (annotation, adjacency, targets) = Batch(rows);
                Tensor hits = Model.Forward(annotation, adjacency).ArgMax(2).Eq(targets);   // [B, outputs]
                int batchCorrect = (int)hits.Sum().Item<long>();
                batchAccuracies += (double)batchCorrect / hits.NumElements;
                batches++;
                correct += batchCorrect;
                predictions += (int)hits.NumElements;
                whole += (int)hits.Sum(1).Eq(hits.Size(1)).Sum().Item<long>();
            }
            return new BabiScore(faithful ? batchAccuracies / batches : (double)correct / predictions, (double)whole / _test.Count);
        }
        finally
        {
            foreach (var (_, slot) in Model.RegularitySlots()) slot.Bypass = false;
            Model.Train();
        }
    }

    /// <summary>An epoch's order: a Fisher–Yates permutation from (seed, epoch).</summary>
    public static int[] Order(int count, int seed, int epoch)
    {
        int[] order = Enumerable.Range(0, count).ToArray();
        var random = ReferenceRandom.FromKey([(uint)seed, (uint)epoch, 0xBAB1u]);
        for (int i = count - 1; i > 0; i--)
        {
            int j = random.Integer(0, i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>Examples as tensors: annotations [B, nodes, 2], adjacencies [B, nodes, 2·E·nodes], targets [B, outputs].</summary>
    public (Tensor Annotation, Tensor Adjacency, Tensor Targets) Batch(IReadOnlyList<BabiExample> rows)
    {
        var shape = Model.Shape;
        int columns = 2 * shape.EdgeTypes * shape.Nodes;
        return (torch.FromArray(rows.SelectMany(r => r.Annotation).ToArray(), [rows.Count, shape.Nodes, shape.Annotation]),
            torch.FromArray(rows.SelectMany(r => r.Adjacency).ToArray(), [rows.Count, shape.Nodes, columns]),
            torch.FromArray(rows.SelectMany(r => r.Targets.Select(t => (long)t)).ToArray(), [rows.Count, shape.Outputs]));
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        Model.Dispose();
        _initial.Dispose();
    }
}
