namespace Uam.Runtime.Memory;

/// <summary>The iterated read (spec §2.0): the whole batch reads again while any query changed, up to a step limit.</summary>
/// <param name="MaxSteps">The cap on reads (100 in the convergence experiments, 10 in the projection tests).</param>
/// <param name="Tolerance">ε: a continuous query changed when some element moved by more than ε (0.05).</param>
/// <param name="RenormaliseContinuous">Whether continuous queries are L2-normalised after each read.</param>
/// <param name="CompareUnnormalised">Quirk 6: compare the new, un-normalised read with the previous normalised query (as
/// the original); false compares the two normalised queries.</param>
public sealed record ConvergenceOptions(int MaxSteps = 100, double Tolerance = 0.05, bool RenormaliseContinuous = true, bool CompareUnnormalised = false);

/// <summary>The converged queries [b, n_p], how many reads the batch took, and after which read each query last changed
/// (0: the first read returned it unchanged).</summary>
public sealed record ConvergenceResult(Tensor Queries, int Steps, int[] LastChange) : IDisposable
{
    /// <inheritdoc/>
    public void Dispose() => Queries.Dispose();
}

/// <summary>Runs the convergence loop.</summary>
public static class Convergence
{
    /// <summary>Reads <paramref name="queries"/> [b, n] repeatedly until no query changes. With
    /// <paramref name="project"/> (the learned projection of §3.2) each read addresses the memory with the normalised
    /// projection of the current query, and a query with nothing in reach keeps its un-projected value.</summary>
    public static ConvergenceResult Run(IAssociativeMemory memory, Tensor queries, ConvergenceOptions options, Func<Tensor, Tensor>? project = null)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxSteps < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaxSteps, "Convergence: at least one step.");
        bool binary = memory.Algorithm.IsBinary();
        var lastChange = new int[queries.Size(0)];
        Tensor current = queries.To(ScalarType.Float32);
        int step = 0;
        bool changed = true;
        while (changed && step < options.MaxSteps)
        {
            using var scope = torch.NewDisposeScope();
            step++;
            Tensor address = project is null ? current : PatternMemory.Normalised(project(current));
            Tensor read = memory.Read(address, current);
            Tensor next = !binary && options.RenormaliseContinuous ? PatternMemory.Normalised(read) : read;
            Tensor moved = binary ? read.Ne(current) : ((options.CompareUnnormalised ? read : next) - current).Abs().Gt(options.Tolerance);
            float[] rowsMoved = moved.To(ScalarType.Float32).Sum(1).ToArray<float>();
            for (int i = 0; i < rowsMoved.Length; i++) if (rowsMoved[i] > 0) lastChange[i] = step;
            changed = rowsMoved.Any(m => m > 0);
            Tensor kept = scope.MoveToOuter(next);
            if (!ReferenceEquals(current, queries)) current.Dispose();
            current = kept;
        }
        if (ReferenceEquals(current, queries)) current = queries.Clone();
        return new ConvergenceResult(current, step, lastChange);
    }
}
