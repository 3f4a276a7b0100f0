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

/// A slot configuration and the calls made to it (the first call trains: inference needs a history).
type Scenario =
    { Axis: Oracle.Axis
      Saliency: bool
      Pooling: Oracle.Pooling
      SizeNormalized: bool
      StdFloor: float
      ConstantGain: bool
      Columns: int
      Calls: CallSpec list }

let config (s: Scenario) : Oracle.Config =
    { Axis = s.Axis; Pooling = s.Pooling; SizeNormalized = s.SizeNormalized; StdFloor = s.StdFloor; ConstantGain = s.ConstantGain }

/// The values of a call's batch.
let batch (s: Scenario) (c: CallSpec) : float[][] =
    let random = Random(c.Seed)
    let normal () = sqrt (-2.0 * log (1.0 - random.NextDouble())) * cos (2.0 * Math.PI * random.NextDouble())
    let scale = match c.Pattern with Large -> 1e3 | Tiny -> 1e-3 | _ -> 1.0
    let values = Array.init c.Rows (fun _ -> Array.init s.Columns (fun _ -> scale * normal () + 0.5 * float c.Shift))
    match c.Pattern with
    | ConstantColumn -> values |> Array.iter (fun row -> row.[0] <- 0.25 * float c.Shift)
    | Outlier -> values.[0].[0] <- values.[0].[0] + 40.0
    | _ -> ()
    values

/// The saliency prior of a call: the in-batch frequency of labels drawn from 3 classes (log s per row).
let logPrior (s: Scenario) (c: CallSpec) : float[] option =
    if not s.Saliency || not c.Training then None
    else
        let random = Random(c.Seed + 7)
        let labels = Array.init c.Rows (fun _ -> random.Next 3)
        Some(labels |> Array.map (fun y -> log (float (labels |> Array.filter ((=) y) |> Array.length) / float c.Rows)))

let private callSpecOf training =
    gen {
        let! rows = Gen.choose (1, 6)
        let! pattern = Gen.frequency [ 6, Gen.constant Normal; 1, Gen.constant ConstantColumn; 1, Gen.constant Large; 1, Gen.constant Tiny; 1, Gen.constant Outlier ]
        let! shift = Gen.choose (-3, 3)
        let! seed = Gen.choose (0, 100000)
        let! train = if training then Gen.constant true else Gen.frequency [ 3, Gen.constant true; 1, Gen.constant false ]
        return { Rows = rows; Training = train; Pattern = pattern; Shift = shift; Seed = seed }
    }

let scenario : Gen<Scenario> =
    gen {
        let! axis, saliency = Gen.elements [ Oracle.Whole, false; Oracle.PerFeature, false; Oracle.PerSample, false; Oracle.Whole, true ]
        let! pooling = Gen.elements [ Oracle.Exact; Oracle.Paper ]
        let! normalized = Gen.elements [ true; false ]
        let! floor = Gen.elements [ 1e-5; 1e-3 ]
        let! constantGain = Gen.frequency [ 4, Gen.constant false; 1, Gen.constant true ]
        let! columns = Gen.choose (1, 5)
        let! count = Gen.choose (1, 5)
        let! first = callSpecOf true
        let! rest = Gen.listOfLength (count - 1) (callSpecOf false)
        return { Axis = axis; Saliency = saliency; Pooling = pooling; SizeNormalized = normalized; StdFloor = floor
                 ConstantGain = constantGain; Columns = columns; Calls = first :: rest }
    }

/// Simpler scenarios first: fewer calls, fewer columns and rows, plain values.
let shrink (s: Scenario) : Scenario seq =
    seq {
        for i in 1 .. s.Calls.Length - 1 do
            yield { s with Calls = s.Calls |> List.removeAt i }
        if s.Columns > 1 then yield { s with Columns = s.Columns - 1 }
        if s.ConstantGain then yield { s with ConstantGain = false }
        for i in 0 .. s.Calls.Length - 1 do
            let c = s.Calls.[i]
            if c.Rows > 1 then yield { s with Calls = s.Calls |> List.updateAt i { c with Rows = c.Rows - 1 } }
            if c.Pattern <> Normal then yield { s with Calls = s.Calls |> List.updateAt i { c with Pattern = Normal } }
            if c.Shift <> 0 then yield { s with Calls = s.Calls |> List.updateAt i { c with Shift = 0 } }
    }

let scenarios = Arb.fromGenShrink (scenario, shrink)

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

let private toTensor (x: float[][]) = torch.FromArray(Array.concat x, ReadOnlySpan [| int64 x.Length; int64 x.[0].Length |])

let private rowsOf (columns: int) (values: float[]) = Array.chunkBySize columns values

/// The runtime's nn.RegularityNorm in float64. A mutant can swap the variance pooling, change the mode a
/// call runs in, or corrupt the output.
type RuntimeSlot(s: Scenario, implementation: RegularityImplementation, swapPooling: bool,
                 mutateMode: bool -> RegularityMode, mutateOutput: float[][] -> float[][]) =
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
            Implementation = implementation)
    let slot = new nn.RegularityNorm(variant, (if variant = RegularityVariant.PerFeature then Nullable(int64 s.Columns) else Nullable()), options,
                                     Trace = RegularityTrace("slot"))

    interface Slot with
        member _.Call(x, training, logPrior) =
            use scope = torch.NewDisposeScope()
            slot.ModeOverride <- Nullable(mutateMode training)
            let input = (toTensor x).SetRequiresGrad()
            let prior = logPrior |> Option.map (fun p -> torch.FromArray(p |> Array.map exp, ReadOnlySpan [| int64 p.Length |]))
            let y = slot.Forward(input, Option.toObj prior)
            let w = toTensor (weights x)
            (y * w).Sum().Backward()
            let record = slot.Trace.Records.[slot.Trace.Records.Count - 1]
            { Output = y.ToArray<float>() |> rowsOf x.[0].Length |> mutateOutput
              Gradient = input.Grad.ToArray<float>() |> rowsOf x.[0].Length
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
      Create = fun s -> new RuntimeSlot(s, implementation, false, trainOrInfer, id) :> Slot }

/// Mutants: the runtime with one deliberate bug each, which the properties must catch.
module Mutants =
    /// Inference calls still learn (COMP and statistics updated in inference mode).
    let learnsInInference =
        { Name = "mutant: learns in inference"
          Create = fun s -> new RuntimeSlot(s, RegularityImplementation.Fused, false, (fun _ -> RegularityMode.Train), id) :> Slot }

    /// The variance is pooled with the wrong formula (paper pooling where exact is asked for, and vice versa).
    let poolsWrongly =
        { Name = "mutant: pools the variance wrongly"
          Create = fun s -> new RuntimeSlot(s, RegularityImplementation.Fused, true, trainOrInfer, id) :> Slot }

    /// The output is scaled by the wrong sign.
    let flipsTheSign =
        { Name = "mutant: flips the output's sign"
          Create = fun s -> new RuntimeSlot(s, RegularityImplementation.Fused, false, trainOrInfer, Array.map (Array.map (fun v -> -v))) :> Slot }
