using System.Globalization;

namespace Uam.Experiments.Tasks.Babi;

/// <summary>The two bAbI tasks of the paper: 18 (size reasoning: is a smaller than b? two labels) and 19 (path finding:
/// the two directions from a to b, four labels each).</summary>
internal enum BabiTask
{
    SizeReasoning = 18,
    PathFinding = 19,
}

/// <summary>An edge <c>source type target</c> of a story's graph, ids 1-based as in the file.</summary>
internal readonly record struct BabiEdge(int Source, int Type, int Target);

/// <summary>A question: its type, the two queried nodes and the answer's label ids (one for task 18, the two steps of the
/// path for task 19), 1-based as in the file.</summary>
internal sealed record BabiQuestion(int Type, int First, int Second, IReadOnlyList<int> Answer);

/// <summary>A story: a graph and the questions asked about it; <see cref="Line"/> is its first line in the file.</summary>
internal sealed record BabiStory(IReadOnlyList<BabiEdge> Edges, IReadOnlyList<BabiQuestion> Questions, int Line);

/// <summary>One split (train or test) of a fold: its stories and its four dictionaries.</summary>
internal sealed record BabiSplit(BabiTask Task, IReadOnlyList<BabiStory> Stories, BabiDictionary EdgeTypes, BabiDictionary Nodes,
    BabiDictionary QuestionTypes, BabiDictionary Labels)
{
    public int Questions => Stories.Sum(s => s.Questions.Count);

    /// <summary>Reads processed_&lt;fold&gt;/&lt;split&gt;/&lt;task&gt;_*.txt under <paramref name="root"/>, validating every line against
    /// the dictionaries; errors name the file and the line.</summary>
    public static BabiSplit Load(string root, int fold, string split, BabiTask task)
    {
        string directory = Path.Combine(root, $"processed_{fold.ToString(CultureInfo.InvariantCulture)}", split);
        string File(string kind) => Path.Combine(directory, $"{(int)task}_{kind}.txt");
        var edgeTypes = BabiDictionary.Load(File("edge_types"));
        var nodes = BabiDictionary.Load(File("node_ids"));
        var questionTypes = BabiDictionary.Load(File("question_types"));
        var labels = BabiDictionary.Load(File("labels"));
        var stories = ReadGraphs(File("graphs"), task, edgeTypes.Count, nodes.Count, questionTypes.Count, labels.Count);
        return new BabiSplit(task, stories, edgeTypes, nodes, questionTypes, labels);
    }

    /// <summary>Stories are blocks of edge lines (<c>s e t</c>) and question lines (<c>? q a b …</c>) ended by an empty line;
    /// a last block without its empty line is kept. Every id is checked against its dictionary's size.</summary>
    public static IReadOnlyList<BabiStory> ReadGraphs(string path, BabiTask task, int edgeTypes, int nodes, int questionTypes, int labels)
    {
        if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"bAbI: the graph file '{path}' is missing.", path);
        int answers = task == BabiTask.SizeReasoning ? 1 : 2;
        var stories = new List<BabiStory>();
        var edges = new List<BabiEdge>();
        var questions = new List<BabiQuestion>();
        int start = 0, number = 0;
        void Close()
        {
            if (edges.Count == 0 && questions.Count == 0) return;
            if (questions.Count == 0) throw new InvalidDataException($"{path}:{start}: the story that starts here asks no question.");
            if (edges.Count == 0) throw new InvalidDataException($"{path}:{start}: the story that starts here has no edge.");
            stories.Add(new BabiStory(edges.ToArray(), questions.ToArray(), start));
            edges.Clear();
            questions.Clear();
        }
        int Id(string token, int count, string what, string line)
        {
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int id))
                throw new InvalidDataException($"{path}:{number}: '{token}' is not an id in '{line}'.");
            if (id < 1 || id > count)
                throw new InvalidDataException($"{path}:{number}: {what} {id} is outside 1…{count} (its dictionary's size) in '{line}'.");
            return id;
        }
        foreach (string raw in System.IO.File.ReadLines(path))
        {
            number++;
            string line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                Close();
                continue;
            }
            if (edges.Count == 0 && questions.Count == 0) start = number;
            string[] tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (tokens[0] == "?")
            {
                if (tokens.Length != 4 + answers)
                    throw new InvalidDataException($"{path}:{number}: a task {(int)task} question is '? type a b' and {answers} answer id{(answers > 1 ? "s" : "")}, not '{line}'.");
                var answer = tokens.Skip(4).Select(t => Id(t, labels, "label", line)).ToArray();
                questions.Add(new BabiQuestion(Id(tokens[1], questionTypes, "question type", line), Id(tokens[2], nodes, "node", line),
                    Id(tokens[3], nodes, "node", line), answer));
            }
            else
            {
                if (questions.Count > 0)
                    throw new InvalidDataException($"{path}:{number}: an edge after the story's questions (a missing empty line?): '{line}'.");
                if (tokens.Length != 3) throw new InvalidDataException($"{path}:{number}: an edge is 'source type target', not '{line}'.");
                edges.Add(new BabiEdge(Id(tokens[0], nodes, "node", line), Id(tokens[1], edgeTypes, "edge type", line), Id(tokens[2], nodes, "node", line)));
            }
        }
        Close();
        if (stories.Count == 0) throw new InvalidDataException($"{path}: the file holds no story.");
        return stories;
    }
}

/// <summary>A fold of the data: the training and test splits of one task, whose dictionaries must agree (the ids are
/// per fold, shared by its two splits).</summary>
internal sealed record BabiFold(int Fold, BabiTask Task, BabiSplit Train, BabiSplit Test)
{
    public const int Folds = 10;

    public static BabiFold Load(string root, int fold, BabiTask task)
    {
        if (fold < 1 || fold > Folds) throw new ArgumentOutOfRangeException(nameof(fold), fold, $"bAbI folds are 1…{Folds}.");
        if (!Enum.IsDefined(task)) throw new ArgumentOutOfRangeException(nameof(task), task, "bAbI: task 18 or 19.");
        var train = BabiSplit.Load(root, fold, "train", task);
        var test = BabiSplit.Load(root, fold, "test", task);
        foreach (var (a, b) in new[] { (train.EdgeTypes, test.EdgeTypes), (train.Nodes, test.Nodes), (train.QuestionTypes, test.QuestionTypes), (train.Labels, test.Labels) })
            if (!a.SameAs(b))
                throw new InvalidDataException($"bAbI fold {fold}: '{a.Path}' and '{b.Path}' disagree: the training and test splits of a fold must share their dictionaries.");
        return new BabiFold(fold, task, train, test);
    }
}
