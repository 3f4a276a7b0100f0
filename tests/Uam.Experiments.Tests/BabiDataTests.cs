using Uam.Experiments.Tasks.Babi;
using Uam.Tests;
using Xunit;

namespace Uam.Experiments.Tests;

/// <summary>The bAbI reader on the real files (counts per fold) and on broken copies (errors that name the file and line),
/// the dictionaries, and the dense adjacency of a hand-written story.</summary>
public sealed class BabiDataTests
{
    private static string Root => SharedFolder.PathOf("data/babi");

    // Questions in the first 100 stories per fold (the data README's table): task 18 train and test.
    private static readonly int[] Train18 = [250, 236, 278, 273, 270, 258, 257, 242, 245, 221];
    private static readonly int[] Test18 = [259, 249, 255, 261, 269, 248, 272, 258, 274, 238];

    [Fact]
    public void Every_fold_of_the_real_files_has_1000_stories_per_split_and_the_READMEs_counts()
    {
        for (int fold = 1; fold <= BabiFold.Folds; fold++)
        {
            var size = BabiFold.Load(Root, fold, BabiTask.SizeReasoning);
            Assert.Equal(1000, size.Train.Stories.Count);
            Assert.Equal(1000, size.Test.Stories.Count);
            Assert.Equal((1, 6, 1, 2), (size.Train.EdgeTypes.Count, size.Train.Nodes.Count, size.Train.QuestionTypes.Count, size.Train.Labels.Count));
            Assert.Equal(Train18[fold - 1], BabiExample.Of(size.Train, 100).Count);
            Assert.Equal(Test18[fold - 1], BabiExample.Of(size.Test, 100).Count);
            Assert.InRange(size.Train.Questions, 2504, 2624);
            Assert.All(size.Train.Stories, s => Assert.InRange(s.Edges.Count, 4, 9));

            var path = BabiFold.Load(Root, fold, BabiTask.PathFinding);
            Assert.Equal((4, 6, 1, 4), (path.Train.EdgeTypes.Count, path.Train.Nodes.Count, path.Train.QuestionTypes.Count, path.Train.Labels.Count));
            Assert.Equal(1000, path.Test.Stories.Count);
            Assert.All(path.Train.Stories, s => Assert.Equal((4, 1), (s.Edges.Count, s.Questions.Count)));
            Assert.Equal(1000, path.Test.Questions);
        }
        // Fold 1's first training story of task 18 (the file's first lines), and its first example.
        var first = BabiSplit.Load(Root, 1, "train", BabiTask.SizeReasoning).Stories[0];
        Assert.Equal([new BabiEdge(1, 1, 2), new BabiEdge(3, 1, 4), new BabiEdge(5, 1, 2)], first.Edges.Take(3));
        Assert.Equal(4, first.Questions.Count);
        Assert.Equal((1, 2, 3), (first.Questions[0].Type, first.Questions[0].First, first.Questions[0].Second));
        Assert.Equal([1], first.Questions[0].Answer);
    }

    [Fact]
    public void The_adjacency_of_a_small_story_has_the_incoming_and_outgoing_blocks_per_edge_type()
    {
        // 3 nodes, 2 edge types: 1 -a-> 2 and 3 -b-> 1. Columns: in-a (0-2), in-b (3-5), out-a (6-8), out-b (9-11).
        float[] a = BabiAdjacency.Dense([new BabiEdge(1, 1, 2), new BabiEdge(3, 2, 1)], 3, 2);
        var expected = new float[3 * 12];
        expected[1 * 12 + 0] = 1;   // node 2 receives from node 1 by type a
        expected[0 * 12 + 6 + 1] = 1;   // node 1 sends to node 2 by type a
        expected[0 * 12 + 3 + 2] = 1;   // node 1 receives from node 3 by type b
        expected[2 * 12 + 9 + 0] = 1;   // node 3 sends to node 1 by type b
        Assert.Equal(expected, a);
        Assert.Throws<ArgumentOutOfRangeException>(() => BabiAdjacency.Dense([new BabiEdge(4, 1, 1)], 3, 2));
    }

    [Fact]
    public void A_question_becomes_one_hot_annotations_of_its_two_nodes_and_zero_based_targets()
    {
        var split = BabiSplit.Load(Root, 1, "train", BabiTask.PathFinding);
        var story = split.Stories[0];
        var example = BabiExample.Of(split, 1).Single();
        var question = story.Questions[0];
        var annotation = new float[6 * 2];
        annotation[(question.First - 1) * 2] = 1;
        annotation[(question.Second - 1) * 2 + 1] = 1;
        Assert.Equal(annotation, example.Annotation);
        Assert.Equal(question.Answer.Select(x => x - 1), example.Targets);
        Assert.Equal(6 * 2 * 4 * 6, example.Adjacency.Length);
        Assert.Equal(2 * story.Edges.Distinct().Count(), example.Adjacency.Sum());
    }

    private static string BrokenCopy(TemporaryDirectory directory, string file, Func<string, string> change)
    {
        foreach (string split in new[] { "train", "test" })
        {
            string target = Path.Combine(directory.Path, "processed_1", split);
            Directory.CreateDirectory(target);
            foreach (string source in Directory.GetFiles(Path.Combine(Root, "processed_1", split), "18_*.txt"))
                File.Copy(source, Path.Combine(target, Path.GetFileName(source)));
        }
        string path = Path.Combine(directory.Path, "processed_1", file);
        File.WriteAllText(path, change(File.ReadAllText(path)));
        return path;
    }

    [Theory]
    [InlineData("train/18_graphs.txt", "1 1 2\n", "1 1 7\n", ":1: node 7 is outside 1…6")]
    [InlineData("train/18_graphs.txt", "3 1 4\n", "3 4\n", ":2: an edge is 'source type target'")]
    [InlineData("train/18_graphs.txt", "? 1 2 3 1\n", "? 1 2 3\n", ":9: a task 18 question is")]
    [InlineData("train/18_graphs.txt", "? 1 2 3 1\n", "? 1 2 3 3\n", ":9: label 3 is outside 1…2")]
    [InlineData("train/18_graphs.txt", "5 1 2\n", "5 x 2\n", ":3: 'x' is not an id")]
    [InlineData("train/18_graphs.txt", "? 1 1 4 2\n\n", "? 1 1 4 2\n", ":13: an edge after the story's questions")]
    [InlineData("train/18_node_ids.txt", "=1\n", "=7\n", "the ids must be 1…6, but 1 is missing")]
    [InlineData("train/18_labels.txt", "true=1", "true=2", ":2: the id 2 is taken already (line 1)")]
    [InlineData("train/18_labels.txt", "true=1", "true", ":2: expected 'symbol=id'")]
    public void A_broken_file_is_refused_with_its_path_and_line(string file, string find, string replace, string message)
    {
        using var directory = new TemporaryDirectory("uam-babi-");
        string path = BrokenCopy(directory, file, text =>
        {
            int at = text.IndexOf(find, StringComparison.Ordinal);
            Assert.True(at >= 0, $"'{find}' is not in {file}");
            return text[..at] + replace + text[(at + find.Length)..];
        });
        var error = Assert.Throws<InvalidDataException>(() => BabiFold.Load(directory.Path, 1, BabiTask.SizeReasoning));
        Assert.Contains(path, error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_fold_whose_splits_disagree_or_that_lacks_a_file_is_refused()
    {
        using var directory = new TemporaryDirectory("uam-babi-");
        string test = BrokenCopy(directory, "test/18_labels.txt", text => text.Replace("true=1", "true=X").Replace("false=2", "false=1").Replace("true=X", "true=2"));
        var error = Assert.Throws<InvalidDataException>(() => BabiFold.Load(directory.Path, 1, BabiTask.SizeReasoning));
        Assert.Contains(test, error.Message);
        Assert.Contains(Path.Combine(directory.Path, "processed_1", "train", "18_labels.txt"), error.Message);
        Assert.Contains("disagree", error.Message);

        File.Delete(Path.Combine(directory.Path, "processed_1", "train", "18_question_types.txt"));
        Assert.Contains("18_question_types.txt' is missing", Assert.Throws<FileNotFoundException>(() => BabiFold.Load(directory.Path, 1, BabiTask.SizeReasoning)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => BabiFold.Load(directory.Path, 11, BabiTask.SizeReasoning));
    }
}
