/// What the normalizer properties quantify over: a slot configuration and a sequence of calls. Batches
/// are built deterministically from small specs, so that a failing case shrinks to a readable one (fewer
/// calls, fewer rows, plainer values) and replays from its printout.
module Uam.Properties.NormalizerScenarios

open System
open FsCheck
open FsCheck.FSharp
open Uam.Runtime

/// How a batch's values look.
type Pattern =
    | Normal
    | ConstantColumn
    | Large
    | Tiny
    | Outlier

/// One call: its rows, mode, pattern, shift and the seed of its values; for saliency, the labels' seed.
type CallSpec =
    { Rows: int
      Training: bool
      Pattern: Pattern
      Shift: int
      Seed: int }

/// The dtype a slot computes in (the oracle always computes in double, on the same float32-rounded values).
type Precision =
    | Double
    | Single

/// A slot configuration and the calls made to it. The first call trains unless the slot may infer without history.
type Scenario =
    { Axis: Oracle.Axis
      Saliency: bool
      Pooling: Oracle.Pooling
      SizeNormalized: bool
      StdFloor: float
      ConstantGain: bool
      AllowEmptyInference: bool
      PerRowComp: bool
      Precision: Precision
      Columns: int
      Calls: CallSpec list }

let config (s: Scenario) : Oracle.Config =
    { Axis = s.Axis; Pooling = s.Pooling; SizeNormalized = s.SizeNormalized; StdFloor = s.StdFloor; ConstantGain = s.ConstantGain
      AllowEmptyInference = s.AllowEmptyInference; PerRowComp = s.PerRowComp }

/// Whether a scenario is the runtime's Faithful preset (paper pooling, sums, no floor, empty inference allowed, the
/// original's per-row COMP for the per-sample axis).
let isFaithful (s: Scenario) =
    s.Pooling = Oracle.Paper && not s.SizeNormalized && s.StdFloor = 0.0 && s.AllowEmptyInference && (s.PerRowComp = (s.Axis = Oracle.PerSample))

/// The values of a call's batch (rounded to float32 for a single-precision slot, so the oracle sees what the slot sees).
let batch (s: Scenario) (c: CallSpec) : float[][] =
    let random = Random(c.Seed)
    let normal () = sqrt (-2.0 * log (1.0 - random.NextDouble())) * cos (2.0 * Math.PI * random.NextDouble())
    let scale = match c.Pattern with Large -> 1e3 | Tiny -> 1e-3 | _ -> 1.0
    let values = Array.init c.Rows (fun _ -> Array.init s.Columns (fun _ -> scale * normal () + 0.5 * float c.Shift))
    match c.Pattern with
    | ConstantColumn -> values |> Array.iter (fun row -> row.[0] <- 0.25 * float c.Shift)
    | Outlier -> values.[0].[0] <- values.[0].[0] + 40.0
    | _ -> ()
    if s.Precision = Single then values |> Array.map (Array.map (fun v -> float (float32 v))) else values

/// The saliency prior of a call: the in-batch frequency of labels drawn from 3 classes (log s per row).
let logPrior (s: Scenario) (c: CallSpec) : float[] option =
    if not s.Saliency || not c.Training then None
    else
        let random = Random(c.Seed + 7)
        let labels = Array.init c.Rows (fun _ -> random.Next 3)
        Some(labels |> Array.map (fun y -> log (float (labels |> Array.filter ((=) y) |> Array.length) / float c.Rows)))

/// Rows of a call: mostly small batches, sometimes a few hundred rows.
let private rowsGen = Gen.frequency [ 9, Gen.choose (1, 6); 1, Gen.choose (50, 300) ]

let private callSpecOf (rows: Gen<int>) (patterns: (int * Gen<Pattern>) list) (train: Gen<bool>) =
    gen {
        let! rows = rows
        let! pattern = Gen.frequency patterns
        let! shift = Gen.choose (-3, 3)
        let! seed = Gen.choose (0, 100000)
        let! train = train
        return { Rows = rows; Training = train; Pattern = pattern; Shift = shift; Seed = seed }
    }

let private allPatterns = [ 6, Gen.constant Normal; 1, Gen.constant ConstantColumn; 1, Gen.constant Large; 1, Gen.constant Tiny; 1, Gen.constant Outlier ]

/// Without a σ floor (the Faithful preset) a constant batch or a one-element call gives σ = 0 or NaN, as in the
/// original: such calls are left out there.
let private degenerate (s: Scenario) (c: CallSpec) =
    s.StdFloor = 0.0 && (c.Rows * s.Columns < 2 || (c.Pattern = ConstantColumn && s.Columns = 1))

let scenario : Gen<Scenario> =
    gen {
        let! axis, saliency = Gen.elements [ Oracle.Whole, false; Oracle.PerFeature, false; Oracle.PerSample, false; Oracle.Whole, true ]
        let! faithful = Gen.frequency [ 3, Gen.constant false; 1, Gen.constant true ]
        let! pooling = if faithful then Gen.constant Oracle.Paper else Gen.elements [ Oracle.Exact; Oracle.Paper ]
        let! normalized = if faithful then Gen.constant false else Gen.elements [ true; false ]
        let! floor = if faithful then Gen.constant 0.0 else Gen.elements [ 1e-5; 1e-3 ]
        let! allowEmpty = if faithful then Gen.constant true else Gen.elements [ true; false ]
        let! perRow = if faithful then Gen.constant (axis = Oracle.PerSample) elif axis = Oracle.PerSample then Gen.elements [ true; false ] else Gen.constant false
        let! precision = Gen.frequency [ 3, Gen.constant Double; 1, Gen.constant Single ]
        let! constantGain = Gen.frequency [ 4, Gen.constant false; 1, Gen.constant true ]
        let! count = Gen.choose (1, 5)
        // The original's per-row COMP pairs COMP[j] with feature j: every call has R rows and R features.
        let! side = Gen.choose ((if floor = 0.0 then 2 else 1), 5)
        let! columns = if perRow then Gen.constant side else Gen.choose (1, 5)
        let rows = if perRow then Gen.constant side else rowsGen
        let! first = callSpecOf rows allPatterns (if allowEmpty then Gen.frequency [ 3, Gen.constant true; 1, Gen.constant false ] else Gen.constant true)
        let! rest = Gen.listOfLength (count - 1) (callSpecOf rows allPatterns (Gen.frequency [ 3, Gen.constant true; 1, Gen.constant false ]))
        let s = { Axis = axis; Saliency = saliency; Pooling = pooling; SizeNormalized = normalized; StdFloor = floor; ConstantGain = constantGain
                  AllowEmptyInference = allowEmpty; PerRowComp = perRow; Precision = precision; Columns = columns; Calls = first :: rest }
        let fix (c: CallSpec) =
            if degenerate s c then { c with Rows = max c.Rows 2; Pattern = (if c.Pattern = ConstantColumn then Normal else c.Pattern) } else c
        return { s with Calls = s.Calls |> List.map fix }
    }

/// Simpler scenarios first: fewer calls, fewer columns and rows, plain values, double precision, a training first
/// call. Every candidate keeps the scenario's invariants (per-row shapes, no degenerate call without a floor).
let shrink (s: Scenario) : Scenario seq =
    let valid (candidate: Scenario) =
        (candidate.AllowEmptyInference || candidate.Calls.Head.Training)
        && (not candidate.PerRowComp || candidate.Calls |> List.forall (fun c -> c.Rows = candidate.Columns))
        && candidate.Calls |> List.forall (degenerate candidate >> not)
    seq {
        for i in 1 .. s.Calls.Length - 1 do
            yield { s with Calls = s.Calls |> List.removeAt i }
        if s.Precision = Single then yield { s with Precision = Double }
        if s.ConstantGain then yield { s with ConstantGain = false }
        if not s.Calls.Head.Training then yield { s with Calls = { s.Calls.Head with Training = true } :: s.Calls.Tail }
        if s.PerRowComp then
            if s.Columns > 1 then yield { s with Columns = s.Columns - 1; Calls = s.Calls |> List.map (fun c -> { c with Rows = c.Rows - 1 }) }
        else
            if s.Columns > 1 then yield { s with Columns = s.Columns - 1 }
            for i in 0 .. s.Calls.Length - 1 do
                let c = s.Calls.[i]
                if c.Rows > 6 then yield { s with Calls = s.Calls |> List.updateAt i { c with Rows = c.Rows / 2 } }
                if c.Rows > 1 then yield { s with Calls = s.Calls |> List.updateAt i { c with Rows = c.Rows - 1 } }
        for i in 0 .. s.Calls.Length - 1 do
            let c = s.Calls.[i]
            if c.Pattern <> Normal then yield { s with Calls = s.Calls |> List.updateAt i { c with Pattern = Normal } }
            if c.Shift <> 0 then yield { s with Calls = s.Calls |> List.updateAt i { c with Shift = 0 } }
    }
    |> Seq.filter valid

let scenarios = Arb.fromGenShrink (scenario, shrink)

/// A scenario paired with a seed, shrinking the scenario and keeping the seed.
let withSeed (scenarios: Gen<Scenario>) : Arbitrary<Scenario * int> =
    let cases = gen {
        let! s = scenarios
        let! seed = Gen.choose (0, 10000)
        return s, seed }
    Arb.fromGenShrink (cases, fun (s, seed) -> shrink s |> Seq.map (fun s' -> s', seed))

/// What an implementation reports for one call.
type Observation =
    { Output: float[][]
      Gradient: float[][]
      CodeLengths: float[]
      Comp: float[]
      Mean: float
      Std: float
      Count: int64 }

/// A slot under test: created for a scenario, it answers calls (a batch, the mode, the saliency prior
/// as log s per row), and can save and load its state.
type Slot =
    inherit IDisposable
    abstract Call: x: float[][] * training: bool * logPrior: float[] option -> Observation
    abstract Save: string -> unit
    abstract Load: string -> unit

/// A call made from its spec.
let callSpec (s: Scenario) (slot: Slot) (c: CallSpec) = slot.Call(batch s c, c.Training, logPrior s c)

/// Something that makes slots: the runtime (fused or composite), or a mutant of it.
type Implementation = { Name: string; Create: Scenario -> Slot }

/// The fixed weighting of the output whose gradient every implementation reports.
let weights (x: float[][]) = x |> Array.mapi (fun r row -> row |> Array.mapi (fun c _ -> 1.0 + 0.5 * sin (float (3 * r + c))))

let private toTensor (precision: Precision) (x: float[][]) =
    let t = torch.FromArray(Array.concat x, ReadOnlySpan [| int64 x.Length; int64 x.[0].Length |])
    if precision = Single then t.To(ScalarType.Float32) else t

let private toDoubles (t: Tensor) = t.To(ScalarType.Float64).ToArray<float>()

let private rowsOf (columns: int) (values: float[]) = Array.chunkBySize columns values

/// The runtime's nn.RegularityNorm in the scenario's precision. A mutant can swap the variance pooling or change the
/// mode a call runs in; the math's own mutants are switched inside the runtime (RegularityTestSwitches).
type RuntimeSlot(s: Scenario, implementation: RegularityImplementation, swapPooling: bool, mutateMode: bool -> RegularityMode) =
    let variant =
        match s.Axis, s.Saliency with
        | _, true -> RegularityVariant.Saliency
        | Oracle.Whole, _ -> RegularityVariant.WholeLayer
        | Oracle.PerFeature, _ -> RegularityVariant.PerFeature
        | Oracle.PerSample, _ -> RegularityVariant.PerSample
    let paper = (s.Pooling = Oracle.Paper) <> swapPooling
    let options =
        RegularityOptions(
            Pooling = (if paper then VariancePooling.Paper else VariancePooling.Exact),
            Scale = (if s.SizeNormalized then EvaluationScale.SizeNormalized else EvaluationScale.Sums),
            StdFloor = s.StdFloor,
            Gradient = (if s.ConstantGain then GradientPolicy.ConstantGain else GradientPolicy.CurrentBatch),
            AllowInferenceWithoutHistory = s.AllowEmptyInference,
            PerSampleCompPerRow = s.PerRowComp,
            Implementation = implementation)
    let slot = new nn.RegularityNorm(variant, (if variant = RegularityVariant.PerFeature then Nullable(int64 s.Columns) else Nullable()), options,
                                     Trace = RegularityTrace("slot"))

    interface Slot with
        member _.Call(x, training, logPrior) =
            use scope = torch.NewDisposeScope()
            slot.ModeOverride <- Nullable(mutateMode training)
            let input = (toTensor s.Precision x).SetRequiresGrad()
            let prior = logPrior |> Option.map (fun p -> torch.FromArray(p |> Array.map exp, ReadOnlySpan [| int64 p.Length |]))
            let y = slot.Forward(input, Option.toObj prior)
            let w = toTensor s.Precision (weights x)
            (y * w).Sum().Backward()
            let record = slot.Trace.Records.[slot.Trace.Records.Count - 1]
            { Output = toDoubles y |> rowsOf x.[0].Length
              Gradient = toDoubles input.Grad |> rowsOf x.[0].Length
              CodeLengths = record.CodeLengths
              Comp = record.Comp
              Mean = record.Mean
              Std = record.Std
              Count = record.Count }
        member _.Save(path) = slot.Save(path)
        member _.Load(path) = slot.Load(path) |> ignore
        member _.Dispose() = slot.Dispose()

let private trainOrInfer training = if training then RegularityMode.Train else RegularityMode.Inference

let runtime implementation =
    { Name = $"runtime ({implementation})"
      Create = fun s -> new RuntimeSlot(s, implementation, false, trainOrInfer) :> Slot }

/// Mutants: the runtime with one deliberate bug each, which the properties must catch. The first two change what
/// the runtime is asked; the others change its math (RegularityTestSwitches, inside the fused kernel and the
/// composite path), switched on while the check runs.
module Mutants =
    /// Inference calls still learn (COMP and statistics updated in inference mode).
    let learnsInInference implementation =
        { Name = $"mutant: learns in inference ({implementation})"
          Create = fun s -> new RuntimeSlot(s, implementation, false, (fun _ -> RegularityMode.Train)) :> Slot }

    /// The variance is pooled with the wrong formula (paper pooling where exact is asked for, and vice versa).
    let poolsWrongly implementation =
        { Name = $"mutant: pools the variance wrongly ({implementation})"
          Create = fun s -> new RuntimeSlot(s, implementation, true, trainOrInfer) :> Slot }
