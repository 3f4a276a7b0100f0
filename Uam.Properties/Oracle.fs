/// The regularity normalizer's math in plain double-precision F# over arrays, written from
/// docs/normalizers.md with the library's options. It shares no code with the C#
/// runtime and is the readable statement the properties check the runtime against.
[<RequireQualifiedAccess>]
module Uam.Properties.Oracle

/// Over what densities are summed: one code length per layer, per feature (column) or per sample (row).
type Axis =
    | Whole
    | PerFeature
    | PerSample

/// Variance pooling (docs/normalizers.md, step 2 and the Pooling option).
type Pooling =
    | Exact
    | Paper

/// A slot's configuration.
type Config =
    { Axis: Axis
      Pooling: Pooling
      SizeNormalized: bool
      StdFloor: float
      /// Gradients treat the code length as a constant gain (D1 (b)).
      ConstantGain: bool
      /// Inference on a slot with no history uses the batch's own statistics and COMP = 0 (docs/normalizers.md, closed forms).
      AllowEmptyInference: bool
      /// Per-sample axis only: the original's COMP with one entry per row and its two-branch update (docs/normalizers.md, closed forms).
      PerRowComp: bool }

/// A slot's state: running mean, standard deviation and element count (0: no history) and COMP (one value
/// for the whole layer and per-sample axes, one per feature, or one per row for the original's per-row COMP).
type State =
    { Mean: float
      Std: float
      Count: int64
      Comp: float[] }

/// What one call returns.
type Result =
    { Output: float[][]
      CodeLengths: float[]
      /// COMP after the call: updated in training, the one used in inference (0 per row on an empty per-row slot).
      Comp: float[]
      State: State
      /// The mean and standard deviation (after the floor) the call used.
      Mu: float
      Sigma: float }

let empty (config: Config) (columns: int) =
    { Mean = 0.0; Std = 0.0; Count = 0L; Comp = Array.zeroCreate (if config.Axis = PerFeature then columns else 1) }

let private logSumExp (values: float seq) =
    let v = Array.ofSeq values
    let m = Array.max v
    if System.Double.IsNegativeInfinity m then m else m + log (v |> Array.sumBy (fun x -> exp (x - m)))

/// log(exp a + exp b), computed stably.
let logAddExp a b = logSumExp [ a; b ]

/// One call of a slot (docs/normalizers.md, "One call"): the Gaussian of the call, log-densities, their log-sum-exp per group,
/// COMP and the code lengths; the output is (l − log s)·x. `training` pools the batch into the statistics
/// and updates COMP; inference uses them unchanged.
let call (config: Config) (training: bool) (state: State) (x: float[][]) (logPrior: float[] option) : Result =
    if state.Count = 0L && not training && not config.AllowEmptyInference then
        invalidOp "inference before any training call"
    let rows, cols = x.Length, x.[0].Length
    let all = Array.concat x
    let n = float all.Length
    // 1. Batch statistics: mean and unbiased variance (0 for a single element under a floor).
    let m = Array.average all
    let m2 = all |> Array.sumBy (fun v -> (v - m) * (v - m))
    let vb = if all.Length > 1 then m2 / (n - 1.0) else 0.0
    // 2. The call's Gaussian.
    let mu, var =
        if state.Count = 0L then m, vb
        elif not training then state.Mean, state.Std * state.Std
        else
            let n0 = float state.Count
            let mu = (state.Mean * n0 + m * n) / (n0 + n)
            match config.Pooling with
            | Paper when n0 + n - 2.0 > 0.0 -> mu, ((n0 - 1.0) * state.Std * state.Std + (n - 1.0) * vb) / (n0 + n - 2.0)
            | Paper -> mu, 0.0   // two single elements: the within-group variances are both 0
            | Exact ->
                let d = state.Mean - m
                mu, ((n0 - 1.0) * state.Std * state.Std + m2 + n0 * n / (n0 + n) * d * d) / (n0 + n - 1.0)
    let sigmaRaw = sqrt var
    let sigma = max sigmaRaw config.StdFloor
    // 3. Log-densities.
    let lp = x |> Array.map (Array.map (fun v -> -(v - mu) * (v - mu) / (2.0 * sigma * sigma) - log sigma - 0.5 * log (2.0 * System.Math.PI)))
    // 4. Log-sum-exp per group (log-mean under size normalization: every density divided by the group's size).
    let groupSize = match config.Axis with Whole -> rows * cols | PerFeature -> rows | PerSample -> cols
    let lp = if config.SizeNormalized then lp |> Array.map (Array.map (fun v -> v - log (float groupSize))) else lp
    let groups =
        match config.Axis with
        | Whole -> [| Array.concat lp |]
        | PerFeature -> Array.init cols (fun c -> Array.init rows (fun r -> lp.[r].[c]))
        | PerSample -> lp
    let s = groups |> Array.map logSumExp
    // 5. COMP: one per feature, the original's one per row, or one shared value taking the sum of the groups' masses.
    let perRow = config.Axis = PerSample && config.PerRowComp
    let before = if state.Count = 0L then Array.zeroCreate (if perRow then rows else state.Comp.Length) else state.Comp
    let comp =
        if not training then before
        elif perRow && state.Count > 0L then
            // The original's two branches as written: the first pairs COMP[j] with feature j ([B,F] − [B] broadcasts
            // along the features; rows and features are equal here, or one of them is 1).
            let largest = lp |> Array.concat |> Array.max
            if Array.max before > largest then
                Array.init rows (fun b ->
                    let paired j = before.[if before.Length = 1 then 0 else j]
                    let terms =
                        if cols = 1 && before.Length > 1 then Array.init before.Length (fun j -> exp (lp.[b].[0] - before.[j]))
                        else Array.init cols (fun j -> exp (lp.[b].[j] - paired j))
                    before.[b] + log (1.0 + Array.sum terms))
            else Array.map2 logAddExp before s
        elif perRow || config.Axis = PerFeature then Array.map2 logAddExp before s
        else [| logAddExp before.[0] (logSumExp s) |]
    // 6. Code lengths and 7. the output.
    let l = s |> Array.mapi (fun i v -> (if comp.Length = 1 then comp.[0] else comp.[i]) - v)
    let multiplier r c =
        let group = match config.Axis with Whole -> 0 | PerFeature -> c | PerSample -> r
        l.[group] - (match logPrior with Some p -> p.[r] | None -> 0.0)
    let output = x |> Array.mapi (fun r row -> row |> Array.mapi (fun c v -> multiplier r c * v))
    let next = if training then { Mean = mu; Std = sigmaRaw; Count = state.Count + int64 all.Length; Comp = comp } else state
    { Output = output; CodeLengths = l; Comp = comp; State = next; Mu = mu; Sigma = sigma }

/// d(Σ weights·output)/dx: by central differences of `call` from the same state, or, when the code length is
/// a constant gain, the weights times the call's multipliers. `Bound` is the differences' own rounding error
/// (a few ε·max(|COMP|, |S|)·Σ|weights·x| / 2h), which a comparison must allow for: far from the mean (z large) the
/// step has to be small for the log-densities to stay nearly linear across it, and then rounding dominates.
let gradient (config: Config) (training: bool) (state: State) (x: float[][]) (logPrior: float[] option) (weights: float[][]) =
    let result = call config training state x logPrior
    let constantGain () =
        // y = m·x with m held fixed: dy/dx = m.
        let l = result.CodeLengths
        x |> Array.mapi (fun r row -> row |> Array.mapi (fun c _ ->
            let group = match config.Axis with Whole -> 0 | PerFeature -> c | PerSample -> r
            weights.[r].[c] * (l.[group] - (match logPrior with Some p -> p.[r] | None -> 0.0))))
    let objective (point: float[][]) =
        let y = (call config training state point logPrior).Output
        Array.map2 (Array.map2 (*)) y weights |> Array.sumBy Array.sum
    if config.ConstantGain then {| Values = constantGain (); Bound = 0.0 |} else
    // The log-densities curve on the scale of σ/z: a step small against it keeps the difference exact, and a step no
    // smaller than a few hundred ulps of x keeps the rounding bounded.
    let largestZ = x |> Array.concat |> Array.map (fun v -> abs (v - result.Mu) / result.Sigma) |> Array.max |> max 1.0
    // The objective's own rounding: l = COMP − S cancels, so its error is ε·max(|COMP|, |S|), times Σ|w·x|.
    let largestTerm =
        Array.append result.Comp (Array.init result.CodeLengths.Length (fun i -> result.Comp.[if result.Comp.Length = 1 then 0 else i] - result.CodeLengths.[i]))
        |> Array.map abs |> Array.fold max 1.0
    let magnitude = (Array.map2 (Array.map2 (fun v w -> abs (v * w))) x weights |> Array.sumBy Array.sum) * largestTerm
    let mutable bound = 0.0
    let values =
        x
        |> Array.mapi (fun r row ->
            row
            |> Array.mapi (fun c v ->
                let h = max (1e-4 * result.Sigma / largestZ) (4e-13 * max 1.0 (abs v))
                bound <- max bound (8.0 * 2.2e-16 * max magnitude 1e-300 / (2.0 * h))
                let at (point: float) = x |> Array.mapi (fun rr rw -> if rr <> r then rw else rw |> Array.mapi (fun cc vv -> if cc = c then point else vv))
                // The steps actually taken: v ± h rounds, and at h of a few hundred ulps that rounding matters.
                let above, below = v + h, v - h
                (objective (at above) - objective (at below)) / (above - below)))
    {| Values = values; Bound = bound |}
