namespace Uam.Runtime;

/// <summary>The regularity normalizer written as tensor operations and differentiated by autograd: the
/// readable statement of docs/normalizers.md ("One call", with every option) that the fused kernel
/// is tested against. Step numbers refer to that page's steps.</summary>
internal static class RegularityComposite
{
    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>One call. With <paramref name="ranks"/> (training calls of a data-parallel job) the batch is the union of
    /// every rank's <paramref name="x"/>: steps 1 and 4 reduce over the ranks (<see cref="RegularityAcrossRanks"/>).</summary>
    public static RegularityResult Forward(Tensor x, Tensor? logPrior, Tensor compBefore, RegularityState history, RegularityCall call,
        ProcessGroup? ranks = null)
    {
        RegularityOptions o = call.Options;
        using var scope = torch.NewDisposeScope();
        double floor = o.StdFloor;
        if (ranks is not null && call.OriginalPerRowComp)
            throw new NotSupportedException(
                "RegularityNorm (PerSample, the original's per-row COMP): COMP belongs to the row positions of one process's batch and " +
                "its update pairs rows with features, so it cannot be split over ranks. Use the shared-COMP semantics (PerSampleCompPerRow = false).");

        // 1. Batch statistics (differentiable). A one-element batch has no unbiased variance: 0 under a
        // floor (a constant, so no infinite gradient flows from its square root), NaN without one.
        long n = x.NumElements;
        Tensor batchMean, batchVar;
        if (ranks is not null) (batchMean, batchVar, n) = RegularityAcrossRanks.Moments(x, ranks, floor);
        else (batchMean, batchVar) = (x.Mean(), n > 1 ? x.Var() : torch.Full([], floor > 0 ? 0.0 : double.NaN, x.DType));

        // 2. The Gaussian of this call: pooled with the (constant) history when training, the history alone
        // in inference, the batch alone when there is no history.
        Tensor mu, variance;
        if (call.Training && !history.IsEmpty)
        {
            double n0 = history.Count, mu0 = history.Mean, v0 = history.Std * history.Std;
            mu = (batchMean * n + mu0 * n0) / (n0 + n);
            double betweenWeight = RegularityTestSwitches.Mutant == RegularityMutant.ExactPoolingDropsMeans ? 0 : n0 * n / (n0 + n);
            variance = o.Pooling == VariancePooling.Exact
                ? (batchVar * (n - 1) + (n0 - 1) * v0 + (batchMean - mu0).Square() * betweenWeight) / (n0 + n - 1)
                : n0 + n - 2 > 0
                    ? (batchVar * (n - 1) + (n0 - 1) * v0) / (n0 + n - 2)
                    : torch.Full([], floor > 0 ? 0.0 : double.NaN, x.DType);   // two single elements: 0/0, a zero variance under a floor
        }
        else if (history.IsEmpty)
        {
            if (!call.Training && !o.AllowInferenceWithoutHistory) throw NoHistory();
            (mu, variance) = (batchMean, batchVar);
        }
        else
        {
            (mu, variance) = (torch.Scalar(history.Mean, x.DType), torch.Scalar(history.Std * history.Std, x.DType));
        }
        Tensor sigmaRaw = variance.Sqrt();
        // max(σ, floor), taken on the variance so that a clamped σ carries no gradient (and no 0·∞).
        Tensor sigma = floor > 0 ? variance.Clamp(min: floor * floor).Sqrt() : sigmaRaw;

        // 3. Log-densities of every element under N(μ, σ²).
        Tensor logDensity = ((x - mu) / sigma).Square() * -0.5 - sigma.Log() - HalfLogTwoPi;

        // 4. Log-sum-exp over the variant's axis (log-mean under size normalization).
        bool normalize = o.Scale == EvaluationScale.SizeNormalized;
        if (normalize) logDensity = logDensity - Math.Log(GroupSize(x, call.Layout, n));
        Tensor s = (call.Layout, ranks) switch
        {
            (RegularityLayout.All, null) => logDensity.LogSumExp(),
            (RegularityLayout.All, _) => RegularityAcrossRanks.LogSumExp(logDensity, ranks, dim: null),
            (RegularityLayout.PerColumn, null) => logDensity.LogSumExp(0),
            (RegularityLayout.PerColumn, _) => RegularityAcrossRanks.LogSumExp(logDensity, ranks, dim: 0),
            _ => logDensity.LogSumExp(1),   // a row's group lies on its rank
        };

        // 5. COMP: log-add the call's mass when training, frozen in inference; the history is a constant.
        Tensor before = history.IsEmpty ? torch.ZerosLike(call.SharedComp ? s.Sum() : s) : compBefore.To(x.DType);
        // One shared COMP takes the sum of the groups' masses (log-sum-exp of the per-group S), so that
        // COMP_new ≥ mass ≥ S_a and every training code length is ≥ 0.
        Tensor mass = !call.SharedComp || call.Layout == RegularityLayout.All ? s
            : ranks is null ? s.LogSumExp()
            : RegularityAcrossRanks.LogSumExp(s, ranks, dim: null);
        Tensor comp = !call.Training ? before
            : call.OriginalPerRowComp && !history.IsEmpty ? OriginalPerRowUpdate(before, logDensity, s)
            : torch.Stack([before, mass]).LogSumExp(0);

        // 6. Code lengths l = COMP − S, and the multiplier (minus log s for saliency).
        Tensor codeLength = (RegularityTestSwitches.Mutant == RegularityMutant.CodeLengthFromCompBefore && call.Training ? before : comp) - s;
        Tensor multiplier = call.Layout == RegularityLayout.PerRow ? codeLength.Unsqueeze(1) : codeLength;
        if (logPrior is not null) multiplier = multiplier - logPrior;
        if (o.Gradient == GradientPolicy.ConstantGain) multiplier = multiplier.Detach();

        // 7. y = multiplier · x, or x itself for a probe.
        if (RegularityTestSwitches.Mutant == RegularityMutant.NegatedOutput) multiplier = -multiplier;
        Tensor y = o.Apply ? x * multiplier : x.Alias();

        var state = call.Training
            ? new RegularityState(mu.ToDouble(), sigmaRaw.ToDouble(), history.Count + n)
            : history;
        using (torch.NoGrad())
        {
            Tensor codeLengths = codeLength.Detach().To(ScalarType.Float64);
            Tensor compAfter = comp.Detach().To(ScalarType.Float64);
            return new RegularityResult(scope.MoveToOuter(y), scope.MoveToOuter(codeLengths), scope.MoveToOuter(compAfter), state);
        }
    }

    /// <summary>The original's per-sample COMP update after its first batch (docs/normalizers.md, closed forms), both branches as written:
    /// when max(COMP_prev) exceeds the largest log-density, COMP_new[b] = COMP_prev[b] + log(1 + Σ_j exp(lp[b,j] − COMP_prev[j])),
    /// which pairs COMP_prev[j] with <em>feature</em> j (PyTorch broadcasting of [B,F] − [B]; defined only when F equals
    /// the stored row count, or either is 1); otherwise COMP_new[b] = logaddexp(COMP_prev[b], S_b).</summary>
    private static Tensor OriginalPerRowUpdate(Tensor before, Tensor logDensity, Tensor s)
    {
        double largestDensity = logDensity.Max().ToDouble(), largestComp = before.Max().ToDouble();
        if (!(largestComp > largestDensity)) return torch.Stack([before, s]).LogSumExp(0);
        long rows = before.Size(0), features = logDensity.Size(1);
        if (features != rows && features != 1 && rows != 1)
            throw new ArgumentException(
                $"RegularityNorm (PerSample, the original's per-row COMP): its update pairs COMP[j] with feature j, so it needs as many " +
                $"features as rows (the original fails here too), but COMP has {rows} entries and the input {features} features. " +
                "Use the shared-COMP semantics (PerSampleCompPerRow = false).", "input");
        return before + (logDensity - before).Exp().Sum(1).Log1p();
    }

    /// <summary>How many elements a group of the layout holds in a batch of <paramref name="elements"/> elements shaped as
    /// <paramref name="x"/> (more than x's own across ranks).</summary>
    internal static long GroupSize(Tensor x, RegularityLayout layout, long elements) => layout switch
    {
        RegularityLayout.All => elements,
        RegularityLayout.PerColumn => elements / x.Size(1),
        _ => x.Size(1),
    };

    internal static InvalidOperationException NoHistory() => new(
        "RegularityNorm: inference before any training call — the slot has no statistics and no COMP yet. " +
        "Train on at least one batch first (or set RegularityOptions.AllowInferenceWithoutHistory, the original's behaviour).");
}
