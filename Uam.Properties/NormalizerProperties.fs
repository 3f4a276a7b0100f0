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

let private logSumExp (values: float seq) =
    let v = Array.ofSeq values
    let m = Array.max v
    m + log (v |> Array.sumBy (fun x -> exp (x - m)))

/// Every call of a scenario through a fresh slot.
let observe (implementation: Implementation) (s: Scenario) =
    use slot = implementation.Create s
    s.Calls |> List.map (callSpec s slot)

/// The mass a training call added to COMP, read off what the slot reports (S = COMP − l per group; one
/// shared COMP takes the log-sum-exp of its groups' S).
let private masses (s: Scenario) (o: Observation) =
    let perGroup = Array.init o.CodeLengths.Length (fun i -> o.Comp.[if o.Comp.Length = 1 then 0 else i] - o.CodeLengths.[i])
    if o.Comp.Length = 1 then [| logSumExp perGroup |] else perGroup

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

/// Incremental = batch: COMP after k training calls is the log-sum-exp of the prior mass (0) and every mass
/// the calls added, however that list is split into chunks before combining.
let compIsTheLogSumExpOfEverythingSeen (implementation: Implementation) =
    Prop.forAll scenarios (fun s ->
        let observations = observe implementation s
        let training = List.zip s.Calls observations |> List.filter (fun (c, _) -> c.Training) |> List.map snd
        let final = (List.last training).Comp
        let perCall = training |> List.map (masses s)
        let chunked (split: int) (values: float list) =
            let chunks = values |> List.chunkBySize (max 1 split) |> List.map logSumExp
            logSumExp (0.0 :: chunks)
        final
        |> Array.mapi (fun i comp ->
            let values = perCall |> List.map (fun m -> m.[i])
            [ 1; 2; 3 ] |> List.forall (fun split -> close 1e-10 comp (chunked split values)))
        |> Array.forall id)

/// Training code lengths are ≥ 0 (l = softplus(COMP_prev − S)), and every output, code length and gradient
/// is finite for finite input.
let codeLengthsAreNonNegativeAndFinite (implementation: Implementation) =
    Prop.forAll scenarios (fun s ->
        List.zip s.Calls (observe implementation s)
        |> List.forall (fun (c, o) ->
            let finite = Array.forall Double.IsFinite
            (not c.Training || Array.forall (fun l -> l >= -1e-12) o.CodeLengths)
            && finite o.CodeLengths && finite o.Comp && Array.forall finite o.Output && Array.forall finite o.Gradient))

let private statistics (values: float[]) =
    let mean = Array.average values
    mean, sqrt ((values |> Array.sumBy (fun v -> (v - mean) * (v - mean))) / float (values.Length - 1)), int64 values.Length

/// Exact pooling: after training calls, the running statistics are those of all elements seen, for any split
/// of the same rows into batches and any order of the rows.
let exactStatisticsMatchTheConcatenatedData (implementation: Implementation) =
    let exactTraining = scenario |> Gen.map (fun s -> { s with Pooling = Oracle.Exact; Calls = s.Calls |> List.map (fun c -> { c with Training = true }) })
    let cases = gen {
        let! s = exactTraining
        let! seed = Gen.choose (0, 10000)
        return s, seed }
    Prop.forAll (Arb.fromGen cases) (fun (s, seed) ->
        let rows = s.Calls |> List.collect (fun c -> batch s c |> List.ofArray)
        let all = rows |> List.toArray |> Array.concat
        let mean, std, count = statistics all
        let agrees (o: Observation) = close 1e-10 mean o.Mean && close 1e-8 std o.Std && o.Count = count
        let direct = observe implementation s |> List.last
        // The same rows in another order and another split.
        let random = Random(seed)
        let shuffled = rows |> List.sortBy (fun _ -> random.Next())
        let rec split (remaining: float[] list) =
            match remaining with
            | [] -> []
            | _ ->
                let size = min remaining.Length (random.Next(1, 5))
                (List.take size remaining |> List.toArray) :: split (List.skip size remaining)
        use slot = implementation.Create s
        let resplit = split shuffled |> List.map (fun x -> slot.Call(x, true, None)) |> List.last
        count < 2L || (agrees direct && agrees resplit))

/// Paper pooling follows its own formula: μ = (μ0·n0 + m·n)/(n0 + n), σ² = ((n0−1)σ0² + (n−1)s²)/(n0 + n − 2).
let paperStatisticsFollowTheirFormula (implementation: Implementation) =
    let paperTraining = scenario |> Gen.map (fun s -> { s with Pooling = Oracle.Paper; Calls = s.Calls |> List.map (fun c -> { c with Training = true }) })
    Prop.forAll (Arb.fromGenShrink (paperTraining, shrink)) (fun s ->
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
            close 1e-10 mu o.Mean && close 1e-8 sigma o.Std && int64 count = o.Count))

/// The implementation's outputs, code lengths, COMP and statistics agree with the oracle (1e-9), and its
/// gradients with the oracle's central differences (1e-5), for every variant, option and mode.
let agreesWithTheOracle (implementation: Implementation) =
    Prop.forAll scenarios (fun s ->
        let config = NormalizerScenarios.config s
        let mutable state = Oracle.empty config s.Columns
        List.zip s.Calls (observe implementation s)
        |> List.forall (fun (c, o) ->
            let x = batch s c
            let prior = logPrior s c
            let expected = Oracle.call config c.Training state x prior
            let gradient = Oracle.gradient config c.Training state x prior (weights x)
            state <- expected.State
            let scale = gradient |> Array.concat |> Array.map abs |> Array.max |> max 1e-6
            let gradientClose =
                Array.forall2 (Array.forall2 (fun e a -> abs (e - a) <= 1e-5 * scale)) gradient o.Gradient
            allClose 1e-9 (Array.concat expected.Output) (Array.concat o.Output)
            && allClose 1e-9 expected.CodeLengths o.CodeLengths
            && allClose 1e-9 expected.State.Comp o.Comp
            && close 1e-9 expected.State.Mean o.Mean
            && close 1e-9 expected.State.Std o.Std
            && expected.State.Count = o.Count
            && gradientClose))

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

/// Permuting the samples of a batch permutes RN, RLN and per-sample outputs (from the same history).
let permutingSamplesPermutesOutputs (implementation: Implementation) =
    let cases = gen {
        let! s = scenario |> Gen.map (fun s -> { s with Saliency = false })
        let! seed = Gen.choose (0, 10000)
        return s, seed }
    Prop.forAll (Arb.fromGen cases) (fun (s, seed) ->
        let last = List.last s.Calls
        let x = batch s last
        let order = Array.init x.Length id |> Array.sortBy (fun _ -> Random(seed).Next())
        let permuted = order |> Array.map (fun i -> x.[i])
        let run (input: float[][]) =
            use slot = implementation.Create s
            for c in List.take (s.Calls.Length - 1) s.Calls do callSpec s slot c |> ignore
            slot.Call(input, last.Training, None)
        let a, b = run x, run permuted
        order |> Array.mapi (fun k i -> allClose 1e-12 a.Output.[i] b.Output.[k]) |> Array.forall id)

/// Saving after some calls, loading into a new slot and continuing gives exactly what uninterrupted calls give.
let saveLoadAndContinueEqualsUninterrupted (implementation: Implementation) =
    let cases = gen {
        let! s = scenario
        let! at = Gen.choose (1, max 1 s.Calls.Length)
        return s, at }
    Prop.forAll (Arb.fromGen cases) (fun (s, at) ->
        let straight = observe implementation s
        let path = Path.Combine(Path.GetTempPath(), $"uam-property-{Guid.NewGuid():N}.safetensors")
        try
            using (implementation.Create s) (fun first ->
                for c in List.take at s.Calls do callSpec s first c |> ignore
                first.Save path)
            use resumed = implementation.Create s
            resumed.Load path
            let continued = List.skip at s.Calls |> List.map (callSpec s resumed)
            continued = List.skip at straight
        finally
            File.Delete path)

/// Under size normalization an inference call's code lengths do not depend on the evaluation batch size: a
/// batch and the same batch twice over get the same code lengths. (The original's sums fail this by log 2:
/// see `The faithful sums depend on the evaluation batch size` in NormalizerSuites.fs.)
let inferenceDoesNotDependOnTheEvaluationBatchSize (implementation: Implementation) (normalized: bool) =
    let cases = scenario |> Gen.map (fun s -> { s with SizeNormalized = normalized; Saliency = false })
    Prop.forAll (Arb.fromGenShrink (cases, shrink)) (fun s ->
        use slot = implementation.Create s
        for c in s.Calls do if c.Training then callSpec s slot c |> ignore
        let x = batch s (List.last s.Calls)
        let once = slot.Call(x, false, None)
        let twice = slot.Call(Array.append x x, false, None)
        let expected = if s.Axis = Oracle.PerSample then Array.append once.CodeLengths once.CodeLengths else once.CodeLengths
        allClose 1e-10 expected twice.CodeLengths)
