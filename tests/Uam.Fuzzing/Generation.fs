/// Programs as a state machine: each command is drawn from the operations whose variable arguments exist, its
/// variables from those made so far (the newest most often, so chains of calls go deep), and its result becomes a
/// new variable. Shrinking removes commands; commands left without their variables are skipped by the worker.
module Uam.Fuzzing.Generation

open FsCheck
open FsCheck.FSharp
open Uam.Fuzzing.Commands
open Uam.Fuzzing.Model

let private accepts spec kind =
    match spec, kind with
    | (ATensor | ATensorLike), TensorKind | AOptimizer, OptimizerKind | AGenerator, GeneratorKind | AStateDict, StateDictKind
    | AFile, FileKind -> true
    | AModule roles, ModuleKind role -> roles.IsEmpty || List.contains role roles
    | _ -> false

let private candidates (state: State) spec = state.Variables |> List.filter (snd >> accepts spec) |> List.map fst

let private isLiteral spec = match spec with ALiteral _ | AShaped _ -> true | _ -> false

let private applicable state (op: Op) =
    op.Weight > 0 && op.Args |> List.forall (fun spec -> isLiteral spec || not (candidates state spec).IsEmpty)

/// One of the four newest of `all` most of the time, any of them otherwise.
let private recent all = Gen.frequency [ 4, Gen.elements (List.truncate 4 all); 1, Gen.elements all ] |> Gen.map Var

/// The context the arguments drawn so far give: the first tensor's known shape, the first module's features.
let private contextOf (state: State) (drawn: Arg list) =
    let variables = drawn |> List.choose (function Var v -> Some v | _ -> None)
    let kindOf v = state.Variables |> List.tryFind (fst >> (=) v) |> Option.map snd
    let firstTensor = variables |> List.tryFind (fun v -> kindOf v = Some TensorKind)
    let firstModule = variables |> List.tryFind (fun v -> match kindOf v with Some(ModuleKind _) -> true | _ -> false)
    { Shape = firstTensor |> Option.bind state.Shapes.TryFind
      Features = firstModule |> Option.bind state.Features.TryFind }

let private argument state (drawn: Arg list) spec =
    match spec with
    | ALiteral g -> g
    | AShaped derive -> derive (contextOf state drawn)
    | ATensorLike ->
        let all = candidates state spec
        match (contextOf state drawn).Shape with
        | Some shape ->
            let alike = all |> List.filter (fun v -> state.Shapes.TryFind v = Some shape)
            if alike.IsEmpty then recent all else Gen.frequency [ 3, recent alike; 1, recent all ]
        | None -> recent all
    | ATensor ->
        // Tensors of known shape were made from ordinary literals (or kept such a shape): they mostly exist, where a
        // result of an earlier call may have failed (its later uses are then skipped).
        let all = candidates state spec
        let known = all |> List.filter state.Shapes.ContainsKey
        if known.IsEmpty then recent all else Gen.frequency [ 3, recent known; 1, recent all ]
    | _ -> recent (candidates state spec)

/// Ops whose result has the shape of their first tensor argument.
let private shapePreserving =
    set [ "Clone"; "Contiguous"; "Alias"; "Detach"; "To"; "ZerosLike"; "OnesLike"; "Neg"; "Abs"; "Exp"; "Log"; "Log1p"; "Sqrt"; "Rsqrt"
          "Square"; "Reciprocal"; "Sign"; "Floor"; "Sin"; "Cos"; "Erf"; "Relu"; "Tanh"; "Sigmoid"; "LogSigmoid"; "LogicalNot"; "IsNaN"
          "IsFinite"; "Softplus"; "LeakyRelu"; "Clamp"; "AddScalar"; "MulScalar"; "DivScalar"; "PowScalar"; "GtScalar"; "Softmax"
          "LogSoftmax"; "CumSum"; "MaskedFill"; "Grad"; "Dropout"; "RetainGrad"; "Bernoulli" ]

/// The shape of a command's result when the generator can tell (sizes 0-4 only: anything hostile may have failed).
let private resultShape (state: State) (c: Command) =
    let ordinary (shape: int64 list) = if shape |> List.forall (fun d -> d >= 0L && d <= 4L) then Some shape else None
    match c.Op, c.Args with
    | ("Zeros" | "Ones" | "Empty" | "Full" | "Randn" | "Rand"), Longs shape :: _ -> ordinary shape
    | "RandInt", [ _; _; Longs shape ] -> ordinary shape
    | "RandnWith", Longs shape :: _ -> ordinary shape
    // Full reductions of any tensor are 0-D (and rarely fail): losses to call Backward on.
    | ("Sum" | "Max" | "Mean" | "Var" | "ArgMax"), [ Var _ ] -> Some []
    | ("MseLoss" | "CrossEntropy" | "NllLoss"), Var v :: _ when state.Shapes.ContainsKey v -> Some []
    | op, Var v :: _ when shapePreserving.Contains op -> state.Shapes.TryFind v
    | _ -> None

let private featuresFirst =
    set [ "NewLinear"; "NewLayerNorm"; "NewBatchNorm1d"; "NewWeightNormLinear"; "NewRNNCell"; "NewGRUCell"; "NewLSTMCell"
          "NewRegularityLayerNorm"; "NewSequential" ]

/// The input features of a module a command makes, when it says them.
let private moduleFeatures (c: Command) =
    match c.Op, c.Args with
    | "NewRegularityNormFeatures", [ _; Int f; _ ] -> Some f
    | op, Int f :: _ when featuresFirst.Contains op -> Some f
    | _ -> None

/// One command drawn in `state`, and the state after it.
let command (state: State) : Gen<Command * State> =
    let ops = Catalog.all |> List.filter (applicable state)
    let rec draw drawn specs =
        match specs with
        | [] -> Gen.constant (List.rev drawn)
        | spec :: rest -> argument state (List.rev drawn) spec |> Gen.bind (fun a -> draw (a :: drawn) rest)
    gen {
        let! op = Gen.frequency (ops |> List.map (fun o -> o.Weight, Gen.constant o))
        let! args = draw [] op.Args
        match op.Result with
        | Some kind ->
            let command = { Target = Some state.Next; Op = op.Name; Args = args }
            let shapes = match resultShape state command with Some s -> state.Shapes.Add(state.Next, s) | None -> state.Shapes
            let features = match moduleFeatures command with Some f -> state.Features.Add(state.Next, f) | None -> state.Features
            return command, { Variables = (state.Next, kind) :: state.Variables; Shapes = shapes; Features = features; Next = state.Next + 1 }
        | None -> return { Target = None; Op = op.Name; Args = args }, state
    }

/// A program of `length` commands from an empty state.
let programOfLength length : Gen<Program> =
    let rec loop n state acc =
        if n = 0 then Gen.constant (List.rev acc)
        else command state |> Gen.bind (fun (c, next) -> loop (n - 1) next (c :: acc))
    loop length { Variables = []; Shapes = Map.empty; Features = Map.empty; Next = 0 } []

/// Programs of 1 to `maxLength` commands (long ones reach deep state; shrinking finds the short failing core).
let program maxLength : Gen<Program> = Gen.choose (1, maxLength) |> Gen.bind programOfLength

/// Shorter programs: halves, quarters, ..., single commands removed (later commands whose variables go away are
/// skipped when run, so every candidate is a valid program).
let shrink (program: Program) : seq<Program> =
    let n = List.length program
    seq {
        let mutable chunk = n / 2
        while chunk >= 1 do
            for start in 0 .. chunk .. n - chunk do
                yield (List.take start program) @ (List.skip (start + chunk) program)
            chunk <- chunk / 2
    }

/// FsCheck's view of programs.
let arbitrary maxLength = Arb.fromGenShrink (program maxLength, shrink)
