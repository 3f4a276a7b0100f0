using System.Globalization;

namespace Uam.Experiments.Tasks.Sdm;

/// <summary>One learned softmax scale of a Query-Key-Normalised Transformer: its language pair (block), module and β.</summary>
internal sealed record LearnedBeta(string Block, string Module, double Beta);

/// <summary>The reader of <c>KeyQuery_Norm_Learnt_Betas.txt</c> (spec §3.4, data README): comment lines, then five printed
/// Python lists of <c>('name', tensor(value, device='cuda:0'))</c>, the last four after a language-pair line. It keeps what
/// the original's parser drops (the block and the module) and refuses anything else with the file and line.</summary>
internal static class QueryKeyNormBetas
{
    /// <summary>The first block has no label; Henry et al.'s fifth pair suggests en-vi (unconfirmed, quirk 12).</summary>
    public const string Unlabelled = "unlabelled (en-vi?)";

    public static string DefaultPath => Path.Combine("..", "shared", "data", "sdm", "KeyQuery_Norm_Learnt_Betas.txt");

    public static IReadOnlyList<LearnedBeta> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The Query-Key-Norm β file '{path}' does not exist.", path);
        var betas = new List<LearnedBeta>();
        string? label = null, block = null;
        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            string where = $"{path}:{i + 1}";
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (!line.Contains("tensor(", StringComparison.Ordinal))
            {
                if (block is not null) throw new FormatException($"{where}: a label line '{line}' inside a block (a block ends with ')]').");
                label = line;
                continue;
            }
            if (line.StartsWith('[')) block = label ?? Unlabelled;
            if (block is null) throw new FormatException($"{where}: an entry before any block opened with '['.");
            int open = line.IndexOf('\''), close = open < 0 ? -1 : line.IndexOf('\'', open + 1);
            if (close < 0) throw new FormatException($"{where}: no quoted parameter name in '{line}'.");
            string afterTensor = line[(line.LastIndexOf("tensor(", StringComparison.Ordinal) + "tensor(".Length)..];
            int comma = afterTensor.IndexOf(',');
            if (comma < 0 || !double.TryParse(afterTensor[..comma], NumberStyles.Float, CultureInfo.InvariantCulture, out double beta))
                throw new FormatException($"{where}: no number after 'tensor(' in '{line}'.");
            betas.Add(new LearnedBeta(block, line[(open + 1)..close], beta));
            if (line.EndsWith(")]", StringComparison.Ordinal)) (block, label) = (null, null);
        }
        if (block is not null) throw new FormatException($"{path}: the last block never closes with ')]'.");
        return betas;
    }
}
