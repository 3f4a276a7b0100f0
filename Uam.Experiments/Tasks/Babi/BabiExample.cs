namespace Uam.Experiments.Tasks.Babi;

/// <summary>One question of a story as the GGNN reads it (../shared/data/babi/README.md, "How one question becomes a
/// training example"): the node annotations [nodes, 2] (column 0 marks the first queried node, column 1 the second), the
/// story's dense adjacency [nodes, 2·edge types·nodes] and the targets (0-based classes: one for task 18, one per path step
/// for task 19). Arrays are row-major.</summary>
internal sealed record BabiExample(float[] Annotation, float[] Adjacency, int[] Targets)
{
    /// <summary>Annotation columns: the two queried nodes.</summary>
    public const int AnnotationSize = 2;

    /// <summary>Every question of the first <paramref name="stories"/> stories of a split, in file order (the stories'
    /// questions share their adjacency).</summary>
    public static IReadOnlyList<BabiExample> Of(BabiSplit split, int stories)
    {
        if (stories < 1 || stories > split.Stories.Count)
            throw new ArgumentOutOfRangeException(nameof(stories), stories, $"bAbI: between 1 and the split's {split.Stories.Count} stories.");
        int nodes = split.Nodes.Count, edgeTypes = split.EdgeTypes.Count;
        var examples = new List<BabiExample>();
        foreach (var story in split.Stories.Take(stories))
        {
            float[] adjacency = BabiAdjacency.Dense(story.Edges, nodes, edgeTypes);
            foreach (var question in story.Questions)
            {
                var annotation = new float[nodes * AnnotationSize];
                annotation[(question.First - 1) * AnnotationSize] = 1;
                annotation[(question.Second - 1) * AnnotationSize + 1] = 1;
                examples.Add(new BabiExample(annotation, adjacency, question.Answer.Select(a => a - 1).ToArray()));
            }
        }
        return examples;
    }
}
