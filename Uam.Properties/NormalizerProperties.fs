/// The MDL invariants of the regularity normalizer, stated as properties of an implementation: the
/// runtime's fused kernel and composite reference must satisfy them, and deliberately broken mutants must not
/// (MutationTests.fs).
module Uam.Properties.NormalizerProperties

open System
open System.IO
open FsCheck
open FsCheck.FSharp
open Uam.Properties.NormalizerScenarios

let private close tolerance (expected: float) (actual: float) = abs (expected - actual) <= tolerance * max 1.0 (abs expected)

let private allClose tolerance (expected: float[]) (actual: float[]) =
    expected.Length = actual.Length && Array.forall2 (close tolerance) expected actual

/// How closely a slot's values and gradients must match double-precision references. Float64 slots: to rounding.
/// Float32 slots, the fused kernel's float32 accuracy: its moments are float partial sums over blocks of 512
/// elements (σ to about 512·ε ≈ 3e-5 relative, an error that z²/2 doubles far from the mean) and its densities use a
/// 2-ulp exp, so S and COMP carry an absolute error of about 1e-6·max(1, |COMP|), which l = COMP − S inherits.
/// Values are compared at 1e-4 of max(1, |COMP|, |value|), statistics at 1e-4 of the data's scale, gradients at
/// 2e-3 of max(1, largest gradient), times max(1, z²/10⁴) for points z standard deviations from the mean (the
/// backward pass sums terms of order z² that cancel).
let tolerances (s: Scenario) =
    match s.Precision with
    | Double -> {| Values = 1e-9; Statistics = 1e-10; Gradient = 1e-5; GradientFloor = 1e-6 |}
    | Single -> {| Values = 1e-4; Statistics = 1e-4; Gradient = 2e-3; GradientFloor = 1.0 |}

/// The scale statistics are compared at: the largest magnitude of the data for float32 (whose sums round at that
/// scale), 1 for float64.
let private dataScale (s: Scenario) (values: float[]) =
    if s.Precision = Single && values.Length > 0 then values |> Array.map abs |> Array.max |> max 1.0 else 1.0

let private closeAt (tolerance: float) (scale: float) (expected: float) (actual: float) =
    abs (expected - actual) <= tolerance * max scale (max 1.0 (abs expected))

let private logSumExp (values: float seq) =
    let v = Array.ofSeq values
    let m = Array.max v
    m + log (v |> Array.sumBy (fun x -> exp (x - m)))

/// Every call of a scenario through a fresh slot.
let observe (implementation: Implementation) (s: Scenario) =
    use slot = implementation.Create s
    s.Calls |> List.map (callSpec s slot)

/// COMP never decreases across training calls, for every variant and any batch sequence; inference calls
/// change neither COMP nor the statistics.
let compNeverDecreases (implementation: Implementation) =
    Prop.forAll scenarios (fun s ->
        let observations = observe implementation s
        let mutable previous: Observation option = None
        let mutable ok = true
        for c, o in List.zip s.Calls observations do
            match previous with
            | None -> ok <- ok && Array.forall (fun v -> v >= -1e-12) o.Comp
            | Some p when c.Training -> ok <- ok && Array.forall2 (fun before after -> after >= before - 1e-12) p.Comp o.Comp
            | Some p -> ok <- ok && p.Comp = o.Comp && p.Mean = o.Mean && p.Std = o.Std && p.Count = o.Count
            if c.Training then previous <- Some o
            elif previous.IsNone then previous <- Some o
        ok)

/// Rows cut, in their order, into batches of 1 to 4 rows.
let private splitIntoBatches (random: Random) (rows: float[] list) =
    let rec split (remaining: float[] list) =
        match remaining with
        | [] -> []
        | _ ->
            let size = min remaining.Length (random.Next(1, 5))
            (List.take size remaining |> List.toArray) :: split (List.skip size remaining)
    split rows

/// The statistics a slot with exact pooling holds after seeing `values` (σ floored; one element has variance 0).
let private exactGaussian (floor: float) (values: float[]) =
    let mean = Array.average values
    let var = if values.Length > 1 then (values |> Array.sumBy (fun v -> (v - mean) * (v - mean))) / float (values.Length - 1) else 0.0
    mean, max (sqrt var) floor

/// The mass a training call adds to COMP, from docs/normalizers.md's formulas: log-sum-exp of the call's log-densities under the
/// Gaussian of everything seen so far (per group, log-mean under size normalization; one shared COMP sums its groups).
let private massOf (s: Scenario) (mean: float, sigma: float) (x: float[][]) =
    let lp = x |> Array.map (Array.map (fun v -> -(v - mean) * (v - mean) / (2.0 * sigma * sigma) - log sigma - 0.5 * log (2.0 * Math.PI)))
    let rows, cols = x.Length, x.[0].Length
    let normalized (size: int) (group: float[]) = logSumExp group - (if s.SizeNormalized then log (float size) else 0.0)
    match s.Axis with
    | Oracle.Whole -> [| normalized (rows * cols) (Array.concat lp) |]
    | Oracle.PerFeature -> Array.init cols (fun c -> normalized rows (Array.init rows (fun r -> lp.[r].[c])))
    | Oracle.PerSample -> [| lp |> Array.map (normalized cols) |> logSumExp |]

/// Incremental = batch: two slots trained on the same rows split into batches differently end with the same
/// statistics (those of all the rows), and each one's COMP is the log-sum-exp of the prior mass 0 and the masses of
/// its own calls, computed here from the rows alone.
let compIsTheLogSumExpOfEverythingSeen (implementation: Implementation) =
    let cases =
        scenario
        |> Gen.map (fun s -> { s with Pooling = Oracle.Exact; StdFloor = max s.StdFloor 1e-5; PerRowComp = false
                                      Calls = s.Calls |> List.map (fun c -> { c with Training = true }) })
    Prop.forAll (withSeed cases) (fun (s, seed) ->
        let rows = s.Calls |> List.collect (fun c -> batch s c |> List.ofArray)
        let random = Random(seed)
        // Another split of the same rows, in the same order, into batches of 1 to 4 rows.
        let original = s.Calls |> List.map (fun c -> batch s c)
        let resplit = splitIntoBatches random rows
        let train (batches: float[][] list) =
            use slot = implementation.Create s
            let observations = batches |> List.map (fun x -> slot.Call(x, true, None))
            // The expected COMP: every call's mass under the Gaussian of all rows seen up to and including it.
            let masses =
                batches
                |> List.scan (fun (seen: float[][]) x -> Array.append seen x) [||]
                |> List.tail
                |> List.map2 (fun x seen -> massOf s (exactGaussian s.StdFloor (Array.concat seen)) x) batches
            let expected = Array.init masses.Head.Length (fun i -> logSumExp (0.0 :: (masses |> List.map (fun m -> m.[i]))))
            List.last observations, expected
        let t = tolerances s
        let (a, expectedA), (b, expectedB) = train original, train resplit
        let mean, std = exactGaussian 0.0 (Array.concat rows)
        let scale = dataScale s (Array.concat rows)
        let compScale = Array.concat [ expectedA; expectedB; [| 1.0 |] ] |> Array.map abs |> Array.max
        Array.forall2 (closeAt t.Values compScale) expectedA a.Comp && Array.forall2 (closeAt t.Values compScale) expectedB b.Comp
        && a.Count = b.Count && closeAt t.Statistics scale a.Mean b.Mean && closeAt (100.0 * t.Statistics) scale a.Std b.Std
        && closeAt t.Statistics scale mean a.Mean && closeAt (100.0 * t.Statistics) scale std a.Std)

/// Training code lengths are ≥ 0 (l = softplus(COMP_prev − S)), and every output, code length and gradient
/// is finite for finite input. (The original's per-row COMP pairs COMP[j] with feature j, which can make a
/// training code length negative: only finiteness is claimed there.)
let codeLengthsAreNonNegativeAndFinite (implementation: Implementation) =
    Prop.forAll scenarios (fun s ->
        List.zip s.Calls (observe implementation s)
        |> List.forall (fun (c, o) ->
            let finite = Array.forall Double.IsFinite
            (not c.Training || s.PerRowComp || Array.forall (fun l -> l >= -1e-12) o.CodeLengths)
            && finite o.CodeLengths && finite o.Comp && Array.forall finite o.Output && Array.forall finite o.Gradient))

let private statistics (values: float[]) =
    let mean = Array.average values
    mean, sqrt ((values |> Array.sumBy (fun v -> (v - mean) * (v - mean))) / float (values.Length - 1)), int64 values.Length

/// Exact pooling: after training calls, the running statistics are those of all elements seen, for any split
/// of the same rows into batches and any order of the rows.
let exactStatisticsMatchTheConcatenatedData (implementation: Implementation) =
    let exactTraining =
        scenario
        |> Gen.map (fun s -> { s with Pooling = Oracle.Exact; StdFloor = max s.StdFloor 1e-5; PerRowComp = false
                                      Calls = s.Calls |> List.map (fun c -> { c with Training = true }) })
    Prop.forAll (withSeed exactTraining) (fun (s, seed) ->
        let t = tolerances s
        let rows = s.Calls |> List.collect (fun c -> batch s c |> List.ofArray)
        let all = rows |> List.toArray |> Array.concat
        let mean, std, count = statistics all
        let scale = dataScale s all
        let agrees (o: Observation) = closeAt t.Statistics scale mean o.Mean && closeAt (100.0 * t.Statistics) scale std o.Std && o.Count = count
        let direct = observe implementation s |> List.last
        // The same rows in another order and another split.
        let random = Random(seed)
        let shuffled = rows |> List.sortBy (fun _ -> random.Next())
        use slot = implementation.Create s
        let resplit = splitIntoBatches random shuffled |> List.map (fun x -> slot.Call(x, true, None)) |> List.last
        count < 2L || (agrees direct && agrees resplit))

/// Paper pooling follows its own formula: μ = (μ0·n0 + m·n)/(n0 + n), σ² = ((n0−1)σ0² + (n−1)s²)/(n0 + n − 2).
let paperStatisticsFollowTheirFormula (implementation: Implementation) =
    let paperTraining = scenario |> Gen.map (fun s -> { s with Pooling = Oracle.Paper; Calls = s.Calls |> List.map (fun c -> { c with Training = true }) })
    Prop.forAll (Arb.fromGenShrink (paperTraining, shrink)) (fun s ->
        let t = tolerances s
        let mutable state = None
        List.zip s.Calls (observe implementation s)
        |> List.forall (fun (c, o) ->
            let values = batch s c |> Array.concat
            let m, sb, n = statistics values
            let n = float n
            let sb = if Double.IsNaN sb then 0.0 else sb
            let mu, sigma, count =
                match state with
                | None -> m, sb, n
                | Some (mu0, sigma0, n0) when n0 + n - 2.0 > 0.0 ->
                    (mu0 * n0 + m * n) / (n0 + n), sqrt (((n0 - 1.0) * sigma0 * sigma0 + (n - 1.0) * sb * sb) / (n0 + n - 2.0)), n0 + n
                | Some (mu0, _, n0) -> (mu0 * n0 + m * n) / (n0 + n), 0.0, n0 + n
            state <- Some(mu, sigma, count)
            let scale = dataScale s (s.Calls |> List.collect (fun c -> batch s c |> List.ofArray) |> Array.concat)
            closeAt t.Statistics scale mu o.Mean && closeAt (100.0 * t.Statistics) scale sigma o.Std && int64 count = o.Count))

/// The implementation's outputs, code lengths, COMP and statistics agree with the oracle, and its gradients with
/// the oracle's central differences, for every variant, option, preset, precision and mode (tolerances above).
let agreesWithTheOracleOn (cases: Gen<Scenario>) (implementation: Implementation) =
    Prop.forAll (Arb.fromGenShrink (cases, shrink)) (fun s ->
        let t = tolerances s
        let config = NormalizerScenarios.config s
        let mutable state = Oracle.empty config s.Columns
        let mutable seen = 1.0
        List.zip s.Calls (observe implementation s)
        |> List.forall (fun (c, o) ->
            let x = batch s c
            let prior = logPrior s c
            let expected = Oracle.call config c.Training state x prior
            let reference = Oracle.gradient config c.Training state x prior (weights x)
            let gradient = reference.Values
            state <- expected.State
            // Far from the mean the gradient is a difference of terms of order z²: a float32 kernel loses that factor.
            let largestZ = x |> Array.concat |> Array.map (fun v -> abs (v - expected.Mu) / expected.Sigma) |> Array.max
            let conditioning = if s.Precision = Single then max 1.0 (largestZ * largestZ / 1e4) else 1.0
            let scale = (gradient |> Array.concat |> Array.map abs |> Array.max |> max t.GradientFloor) * conditioning
            let compScale = Array.append expected.Comp [| 1.0 |] |> Array.map abs |> Array.max
            seen <- max seen (dataScale s (Array.concat x))
            let statsScale = seen
            let gradientClose =
                Array.forall2 (Array.forall2 (fun e a -> abs (e - a) <= t.Gradient * scale + reference.Bound)) gradient o.Gradient
            let outputScale = expected.Output |> Array.concat |> Array.map abs |> Array.max |> max 1.0
            let checks =
                [ "lengths", (expected.CodeLengths.Length = o.CodeLengths.Length && expected.Comp.Length = o.Comp.Length)
                  "output", Array.forall2 (fun e a -> abs (e - a) <= t.Values * outputScale * compScale) (Array.concat expected.Output) (Array.concat o.Output)
                  "code lengths", Array.forall2 (closeAt t.Values compScale) expected.CodeLengths o.CodeLengths
                  "comp", Array.forall2 (closeAt t.Values compScale) expected.Comp o.Comp
                  "mean", closeAt t.Values statsScale expected.State.Mean o.Mean
                  "std", closeAt t.Values statsScale expected.State.Std o.Std
                  "count", (expected.State.Count = o.Count)
                  "gradient", gradientClose ]
            match checks |> List.tryFind (snd >> not) with
            | Some (what, _) ->
                if Environment.GetEnvironmentVariable "UAM_PROPERTY_VERBOSE" = "1" then
                    printfn "oracle disagrees on %s (rows=%d, training=%b)\nl %A vs %A\ncomp %A vs %A\nstats %.17g %.17g vs %.17g %.17g\nout %A vs %A\ngrad %A vs %A" what x.Length c.Training expected.CodeLengths o.CodeLengths expected.Comp o.Comp expected.State.Mean expected.State.Std o.Mean o.Std (Array.truncate 3 expected.Output) (Array.truncate 3 o.Output) (Array.truncate 3 gradient) (Array.truncate 3 o.Gradient)
                false
            | None -> true))


/// The oracle agreement over every kind of scenario.
let agreesWithTheOracle (implementation: Implementation) = agreesWithTheOracleOn scenario implementation

/// Saliency normalization with a uniform prior (s = 1) computes exactly what RN computes.
let saliencyWithAUniformPriorIsRN (implementation: Implementation) =
    let wholeLayer = scenario |> Gen.map (fun s -> { s with Axis = Oracle.Whole; Saliency = false })
    Prop.forAll (Arb.fromGenShrink (wholeLayer, shrink)) (fun s ->
        use rn = implementation.Create s
        use sn = implementation.Create { s with Saliency = true }
        s.Calls
        |> List.forall (fun c ->
            let x = batch s c
            let a = rn.Call(x, c.Training, None)
            let b = sn.Call(x, c.Training, Some(Array.zeroCreate x.Length))
            a.Output = b.Output && a.Comp = b.Comp))

/// A permutation of 0 .. n−1 from a seed (Fisher–Yates), never the identity when n > 1.
let permutation (seed: int) (n: int) =
    let random = Random(seed)
    let order = Array.init n id
    for i in n - 1 .. -1 .. 1 do
        let j = random.Next(i + 1)
        let t = order.[i]
        order.[i] <- order.[j]
        order.[j] <- t
    if n > 1 && order = Array.init n id then
        let t = order.[0]
        order.[0] <- order.[1]
        order.[1] <- t
    order

/// Permuting the samples of a batch permutes RN, RLN and per-sample outputs (from the same history). (Not for the
/// original's per-row COMP, which ties COMP to row positions.)
let permutingSamplesPermutesOutputs (implementation: Implementation) =
    let cases =
        scenario
        |> Gen.map (fun s ->
            let last = List.last s.Calls
            { s with Saliency = false; PerRowComp = false
                     Calls = List.take (s.Calls.Length - 1) s.Calls @ [ { last with Rows = max 2 last.Rows } ] })
    Prop.forAll (withSeed cases) (fun (s, seed) ->
        let t = tolerances s
        let last = List.last s.Calls
        let x = batch s last
        let order = permutation seed x.Length
        let permuted = order |> Array.map (fun i -> x.[i])
        let run (input: float[][]) =
            use slot = implementation.Create s
            for c in List.take (s.Calls.Length - 1) s.Calls do callSpec s slot c |> ignore
            slot.Call(input, last.Training, None)
        let a, b = run x, run permuted
        order <> Array.init x.Length id
        && (order |> Array.mapi (fun k i -> allClose t.Values a.Output.[i] b.Output.[k]) |> Array.forall id))

/// Saving after some calls, loading into a new slot and continuing gives exactly what uninterrupted calls give.
/// Every case saves after at least one call and continues with at least one.
let saveLoadAndContinueEqualsUninterrupted (implementation: Implementation) =
    let atLeastTwoCalls = scenario |> Gen.filter (fun s -> s.Calls.Length >= 2)
    let cases = gen {
        let! s = atLeastTwoCalls
        let! at = Gen.choose (1, s.Calls.Length - 1)
        return s, at }
    let shrinkCase (s, at) = shrink s |> Seq.filter (fun s' -> s'.Calls.Length >= 2) |> Seq.map (fun s' -> s', min at (s'.Calls.Length - 1))
    Prop.forAll (Arb.fromGenShrink (cases, shrinkCase)) (fun (s, at) ->
        let straight = observe implementation s
        let path = Path.Combine(Path.GetTempPath(), $"uam-property-{Guid.NewGuid():N}.safetensors")
        try
            using (implementation.Create s) (fun first ->
                for c in List.take at s.Calls do callSpec s first c |> ignore
                first.Save path)
            use resumed = implementation.Create s
            resumed.Load path
            let continued = List.skip at s.Calls |> List.map (callSpec s resumed)
            not continued.IsEmpty && continued = List.skip at straight
        finally
            File.Delete path)

/// Under size normalization an inference call's code lengths do not depend on the evaluation batch size: a
/// batch and the same batch twice over get the same code lengths. (The original's sums fail this by log 2:
/// see `The faithful sums depend on the evaluation batch size` in NormalizerSuites.fs.)
let inferenceDoesNotDependOnTheEvaluationBatchSize (implementation: Implementation) (normalized: bool) =
    let cases =
        scenario
        |> Gen.map (fun s -> { s with SizeNormalized = normalized; Saliency = false; PerRowComp = false
                                      Calls = { s.Calls.Head with Training = true } :: s.Calls.Tail })
    Prop.forAll (Arb.fromGenShrink (cases, shrink)) (fun s ->
        let t = tolerances s
        use slot = implementation.Create s
        for c in s.Calls do if c.Training then callSpec s slot c |> ignore
        let x = batch s (List.last s.Calls)
        let once = slot.Call(x, false, None)
        let twice = slot.Call(Array.append x x, false, None)
        let expected = if s.Axis = Oracle.PerSample then Array.append once.CodeLengths once.CodeLengths else once.CodeLengths
        allClose (t.Values / 10.0) expected twice.CodeLengths)
