using Uam.Experiments.Tasks.Babi;
using Uam.Runtime;
using Uam.Tests;
using Xunit;

namespace Uam.Experiments.Tests;

/// <summary>Training and testing a GGNN on a fold under the two protocols: what is tested, how accuracy is counted, what
/// happens to RN's state and to the optimiser, determinism, and learning.</summary>
public sealed class BabiTrainerTests
{
    private static readonly Lazy<BabiFold> Size = new(() => BabiFold.Load(SharedFolder.PathOf("data/babi"), 1, BabiTask.SizeReasoning));
    private static readonly Lazy<BabiFold> Path = new(() => BabiFold.Load(SharedFolder.PathOf("data/babi"), 1, BabiTask.PathFinding));

    private static long Step(optim.Adam optimizer)
    {
        using var state = optimizer.StateDict();
        return state["optim.0.step"].Item<long>();
    }

    [Fact]
    public void The_faithful_protocol_tests_the_first_training_size_stories_and_the_default_the_whole_split()
    {
        using var faithful = new BabiTrainer(new BabiSettings(BabiTask.SizeReasoning, 100, Faithful: true), Kind.RN, Size.Value, 1);
        using var improved = new BabiTrainer(new BabiSettings(BabiTask.SizeReasoning, 100, Faithful: false), Kind.RN, Size.Value, 1);
        Assert.Equal((250, 259), (faithful.TrainingExamples, faithful.TestExamples));   // the data README's fold-1 counts
        Assert.Equal((250, Size.Value.Test.Questions), (improved.TrainingExamples, improved.TestExamples));
    }

    [Fact]
    public void Faithful_training_calls_start_from_a_fresh_RN_state_and_a_new_optimiser_and_the_default_carries_both()
    {
        using var faithful = new BabiTrainer(new BabiSettings(BabiTask.SizeReasoning, 50, Faithful: true), Kind.RN, Size.Value, 2);
        using var improved = new BabiTrainer(new BabiSettings(BabiTask.SizeReasoning, 50, Faithful: false), Kind.RN, Size.Value, 2);
        int batches = (faithful.TrainingExamples + 9) / 10;
        for (int epoch = 0; epoch < 2; epoch++)
        {
            faithful.TrainEpoch();
            improved.TrainEpoch();
        }
        var (_, slot) = faithful.Model.RegularitySlots().First();
        long elementsPerEpoch = faithful.TrainingExamples * 6L * 10;   // nodes × hidden per example, one call per batch
        Assert.Equal(elementsPerEpoch, slot.Count);
        Assert.Equal(2 * elementsPerEpoch, improved.Model.RegularitySlots().First().Slot.Count);
        Assert.Equal(batches, Step(faithful.Optimizer));
        Assert.Equal(2 * batches, Step(improved.Optimizer));
    }

    [Fact]
    public void Testing_changes_no_slot_and_the_faithful_test_runs_without_RN()
    {
        using var faithful = new BabiTrainer(new BabiSettings(BabiTask.PathFinding, 100, Faithful: true), Kind.RN, Path.Value, 3);
        faithful.TrainEpoch();
        var before = faithful.Model.RegularitySlots().Select(s => (s.Slot.Count, s.Slot.RunningMean)).ToList();
        BabiScore score = faithful.Test();
        Assert.Equal(before, faithful.Model.RegularitySlots().Select(s => (s.Slot.Count, s.Slot.RunningMean)).ToList());

        // Without RN applied the network is its plain twin: the same weights in a model without slots score the same.
        using var plain = new BabiTrainer(new BabiSettings(BabiTask.PathFinding, 100, Faithful: true), Kind.None, Path.Value, 3);
        plain.Model.LoadStateDict(Without(faithful.Model));
        Assert.Equal(score, plain.Test());
    }

    private static StateDict Without(nn.Module model)
    {
        var dict = new StateDict();
        foreach (var (name, tensor) in model.StateDict())
            if (!name.Contains("_state", StringComparison.Ordinal)) dict.Add(name, tensor);
        return dict;
    }

    [Fact]
    public void Faithful_accuracy_is_the_mean_of_per_batch_accuracies_and_the_default_counts_examples()
    {
        // 259 test questions in batches of 10: the last batch (9) weighs as much as a full one under the original's count.
        using var trainer = new BabiTrainer(new BabiSettings(BabiTask.SizeReasoning, 100, Faithful: true), Kind.None, Size.Value, 4);
        trainer.TrainEpoch();
        var examples = BabiExample.Of(Size.Value.Test, 100);
        var perBatch = new List<(int Correct, int Count)>();
        trainer.Model.Train();
        for (int start = 0; start < examples.Count; start += 10)
        {
            var rows = examples.Skip(start).Take(10).ToList();
            var (annotation, adjacency, targets) = trainer.Batch(rows);
            using var noGrad = torch.NoGrad();
            long[] predicted = trainer.Model.Forward(annotation, adjacency).ArgMax(2).Flatten().ToArray<long>();
            long[] expected = targets.Flatten().ToArray<long>();
            perBatch.Add((predicted.Zip(expected).Count(p => p.First == p.Second), rows.Count));
        }
        double meanOfBatches = perBatch.Average(b => (double)b.Correct / b.Count);
        double perExample = (double)perBatch.Sum(b => b.Correct) / perBatch.Sum(b => b.Count);
        BabiScore score = trainer.Test();
        Assert.Equal(meanOfBatches, score.Accuracy, 12);
        Assert.NotEqual(perExample, score.Accuracy);
        Assert.Equal(perExample, score.WholeAnswer, 12);   // one prediction per question: the whole answer is the answer
    }

    [Fact]
    public void A_seed_fixes_the_run_and_the_default_network_learns_path_finding_steps_and_size_reasoning()
    {
        BabiScore Run(BabiTask task, BabiFold fold, int seed, int epochs)
        {
            using var trainer = new BabiTrainer(new BabiSettings(task, 100, Faithful: false), Kind.None, fold, seed);
            for (int e = 0; e < epochs; e++) trainer.TrainEpoch();
            return trainer.Test();
        }
        Assert.Equal(Run(BabiTask.SizeReasoning, Size.Value, 5, 2), Run(BabiTask.SizeReasoning, Size.Value, 5, 2));
        BabiScore size = Run(BabiTask.SizeReasoning, Size.Value, 5, 10);
        Assert.True(size.Accuracy > 0.6, $"task 18 accuracy {size.Accuracy}");
        BabiScore path = Run(BabiTask.PathFinding, Path.Value, 5, 10);
        Assert.True(path.Accuracy > 0.3, $"task 19 per-step accuracy {path.Accuracy}");   // chance: 0.25
        Assert.True(path.WholeAnswer <= path.Accuracy);
    }
}

/// <summary>The bAbI study: its grid of networks, records, resumption and report.</summary>
public sealed class BabiStudyTests
{
    [Fact]
    public void A_study_trains_a_network_per_fold_records_each_outer_epoch_and_reports_mean_and_std_over_folds()
    {
        using var output = new TemporaryDirectory("uam-babi-study-");
        var options = new BabiOptions(SharedFolder.PathOf("data/babi"), [18, 19], [20], [1, 2], 2, ["nn", "rn"], Faithful: false,
            new Uam.Experiments.Cli.StudyOptions([1], output.Path, 1, default, 1, false, null));
        var study = new BabiStudy(options);
        Assert.Equal(0, Uam.Experiments.Studies.StudyRunner.Run(study, new Spectre.Console.Testing.TestConsole(), CancellationToken.None));
        var results = Uam.Experiments.Studies.StudyTasks.ReadResults(output.Path, BabiCommand.TaskName, study.Protocol);
        var runs = results.Runs<BabiRun>();
        Assert.Equal(8, runs.Count);
        var run = runs.Single(r => r.Run is { Task: 19, Normalizer: "rn", Fold: 2 }).Run;
        Assert.Equal(2, run.Accuracy.Length);
        Assert.Equal(20, run.TrainingExamples);   // task 19: one question per story
        Assert.Equal(1000, run.TestExamples);
        var point = new Uam.Experiments.Studies.RunPoint([new("seed", "1"), new("task", "19"), new("size", "20"), new("normalizer", "rn"), new("fold", "2")]);
        Assert.Equal("t19-n20-rn-f2-s1", study.RunName(point));

        var report = BabiReport.Build(results);
        var table = (Uam.Experiments.Reporting.ReportTable)report.Blocks[0];
        var row = table.Rows.Single(r => r.Label == "task 18, 20 stories, rn");
        var folds = runs.Where(r => r.Run is { Task: 18, Normalizer: "rn" }).Select(r => 100 * r.Run.Accuracy[1]).ToList();
        double mean = folds.Average(), std = Math.Sqrt(folds.Sum(v => (v - mean) * (v - mean)) / folds.Count);
        Assert.Equal(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{mean:F2} ± {std:F2}"), row.Cells[0].Text);
        Assert.Equal("", row.Cells[1].Text);   // whole answers: task 19 only
        Assert.NotEqual("", table.Rows.Single(r => r.Label == "task 19, 20 stories, nn").Cells[1].Text);

        // A second invocation finds every run done.
        var console = new Spectre.Console.Testing.TestConsole();
        Assert.Equal(0, Uam.Experiments.Studies.StudyRunner.Run(study, console, CancellationToken.None));
        Assert.Contains("8 already in", console.Output);
    }
}
