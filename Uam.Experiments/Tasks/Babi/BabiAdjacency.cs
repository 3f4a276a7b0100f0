namespace Uam.Experiments.Tasks.Babi;

/// <summary>A story's graph as the GGNN's message passing reads it.</summary>
internal static class BabiAdjacency
{
    /// <summary>The dense adjacency [nodes, 2·E·nodes] of edges (s, e, t), ids 1-based: the incoming block sets
    /// [t−1, (e−1)·nodes + s−1] and the outgoing block [s−1, (e−1+E)·nodes + t−1], so that row v of the incoming half,
    /// block e, lists the sources of v's incoming edges of type e, and the outgoing half the targets of its outgoing ones.</summary>
    public static float[] Dense(IEnumerable<BabiEdge> edges, int nodes, int edgeTypes)
    {
        int columns = 2 * edgeTypes * nodes;
        var adjacency = new float[nodes * columns];
        foreach (var (s, e, t) in edges)
        {
            if (s < 1 || s > nodes || t < 1 || t > nodes || e < 1 || e > edgeTypes)
                throw new ArgumentOutOfRangeException(nameof(edges), $"bAbI: the edge ({s}, {e}, {t}) is outside {nodes} nodes and {edgeTypes} edge types.");
            adjacency[(t - 1) * columns + (e - 1) * nodes + (s - 1)] = 1;
            adjacency[(s - 1) * columns + (e - 1 + edgeTypes) * nodes + (t - 1)] = 1;
        }
        return adjacency;
    }
}
