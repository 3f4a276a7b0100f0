/// The child process: runs programs read from stdin, one per line, and answers one line each. It judges what
/// only it can see (an unclear exception, a non-finite result from finite input, native tensors left alive); the
/// parent judges what it cannot report itself (its own death or a hang).
module Uam.Fuzzing.Worker

open System
open System.Collections.Generic
open System.IO
open System.Runtime.InteropServices
open Uam.Runtime
open Uam.Fuzzing.Commands
open Uam.Fuzzing.Model

/// What one program did: calls made, calls skipped (variables gone), calls that threw a clear exception, and the
/// failure found, if any ("kind: message", naming the command).
type Outcome = { Calls: int; Skipped: int; Threw: int; Failure: string option }

[<Struct; StructLayout(LayoutKind.Sequential)>]
type private RLimit = { Current: uint64; Maximum: uint64 }

[<DllImport("libc", SetLastError = true)>]
extern int private setrlimit(int resource, RLimit& limit)

/// Caps the data segment (malloc and libtorch's allocations; not the GC's reservations) so that a call which
/// accepts a huge size fails at once with an out-of-memory exception instead of filling gigabytes (which would
/// look like a hang). Legitimate fuzz tensors are tiny (sizes 0-4, rank ≤ 4): 1 GiB is far above them.
let capDataSegment (bytes: uint64) =
    let mutable limit = { Current = bytes; Maximum = bytes }
    if setrlimit (2 (* RLIMIT_DATA *), &limit) <> 0 then failwith $"setrlimit(RLIMIT_DATA) failed: errno {Marshal.GetLastPInvokeError()}"

/// Exceptions that name no operation or arguments: a call must never end in one of these.
let private unclear (e: exn) =
    match e with
    | :? NullReferenceException | :? IndexOutOfRangeException | :? AccessViolationException | :? InvalidCastException
    | :? DivideByZeroException | :? OverflowException | :? StackOverflowException -> true
    | _ -> e.Message.Contains "INTERNAL ASSERT" || e.Message.Contains "Sequence contains" || e.Message.Contains "please report a bug"

let private floating (t: Tensor) = t.DType = ScalarType.Float32 || t.DType = ScalarType.Float64

/// Whether `t` is alive, finite and moderate (|x| ≤ 1e3 everywhere): an input on which the finite ops owe a finite result.
let private moderate (t: Tensor) =
    try
        if t.IsDisposed then false
        elif t.DType = ScalarType.Bool || t.NumElements = 0L then true
        else
            use d = t.Detach()
            use f = d.To(ScalarType.Float64)
            use a = f.Abs()
            use m = a.Max()
            m.ToDouble() <= 1e3
    with _ -> false

let private hasNonFinite (t: Tensor) =
    try
        if t.IsDisposed || not (floating t) || t.NumElements = 0L then false
        else
            use d = t.Detach()
            use f = d.IsFinite()
            use n = f.Sum()
            n.ToDouble() <> float t.NumElements
    with _ -> false

/// The tensors a call reads: its tensor arguments and the parameters and buffers of its module arguments.
let private inputs (env: Env) =
    [ for k in 0 .. env.Count - 1 do
          match env.Arg k with
          | Var _ ->
              match env.Object k with
              | :? Tensor as t -> yield t
              | :? nn.Module as m ->
                  yield! m.Parameters()
                  yield! m.NamedBuffers() |> Seq.map (fun struct (_, b) -> b)
              | _ -> ()
          | _ -> () ]

/// Per operation: calls that returned, threw a clear exception, or were skipped (`--coverage` prints it).
let coverage = Dictionary<string, int[]>()

let private count (op: string) (column: int) =
    match coverage.TryGetValue op with
    | true, row -> row[column] <- row[column] + 1
    | _ -> let row = Array.zeroCreate 3 in row[column] <- 1; coverage[op] <- row

let private describe (index: int) (c: Command) = $"command {index} ({c.Op})"

/// Runs `program` in a fresh variable set and reports what happened. Every object it made is disposed at the end,
/// and the native tensor count must come back to where it started.
let private runOnce (directory: string) (program: Program) =
    let variables = Dictionary<int, obj>()
    let made = List<obj>()
    let resolve v =
        match variables.TryGetValue v with
        | true, o when obj.ReferenceEquals(o, Catalog.nullTensor) -> null
        | true, o -> o
        | _ -> raise SkipCommand
    let mutable calls, skipped, threw = 0, 0, 0
    let mutable failure = None
    torch.ManualSeed 0UL
    torch.NumThreads <- 1
    torch.UseDeterministicAlgorithms false
    for file in Directory.EnumerateFiles directory do File.Delete file
    let baseline = torch.LiveTensorCount
    program
    |> List.iteri (fun index c ->
        if failure.IsNone then
            let op = Catalog.byName[c.Op]
            let env = Env(Array.ofList c.Args, resolve, directory)
            try
                calls <- calls + 1
                let owed = op.Finite env && (inputs env |> List.forall moderate)
                let result = op.Run env
                count c.Op 0
                if not (isNull result) then
                    made.Add result
                    c.Target |> Option.iter (fun t -> variables[t] <- result)
                match result with
                | :? Tensor as t when owed && hasNonFinite t ->
                    failure <- Some $"non-finite: {describe index c} returned a non-finite value from finite, moderate inputs"
                | _ -> ()
            with
            | SkipCommand -> calls <- calls - 1; skipped <- skipped + 1; count c.Op 2
            | :? NullReferenceException when (op.Template.StartsWith "{0}." || op.Template.StartsWith "{0}[") && isNull (env.Object 0) ->
                threw <- threw + 1; count c.Op 1   // `v.Method()` on a null v: C# itself throws before the call
            | e when unclear e -> failure <- Some $"unclear exception: {describe index c} threw {e.GetType().FullName}: {e.Message}"
            | _ -> threw <- threw + 1; count c.Op 1)
    // Optimizers and state dicts first (they hold tensors of modules), then everything else, newest first.
    let order = made |> Seq.rev |> Seq.sortBy (function :? optim.Optimizer -> 0 | :? StateDict -> 1 | _ -> 2) |> List.ofSeq
    for o in order do
        try
            match o with
            | :? IDisposable as d -> d.Dispose()
            | _ -> ()
        with e -> if failure.IsNone then failure <- Some $"dispose: disposing a {o.GetType().Name} threw {e.GetType().Name}: {e.Message}"
    { Calls = calls; Skipped = skipped; Threw = threw; Failure = failure }, torch.LiveTensorCount - baseline

/// Runs `program`; a program that leaves native tensors alive is run once more, and a leak is reported only when
/// the second run leaves tensors too (a first-use cache is not a leak).
let run (directory: string) (program: Program) : Outcome =
    let outcome, leaked = runOnce directory program
    if outcome.Failure.IsSome || leaked <= 0L then outcome
    else
        let again, leakedAgain = runOnce directory program
        if again.Failure.IsNone && leakedAgain > 0L then
            { again with Failure = Some $"leak: {leakedAgain} native tensors still alive after every object the program made was disposed" }
        else again

/// The worker's main loop: one program per stdin line, one answer per stdout line.
let serve (directory: string) =
    capDataSegment (1UL <<< 30)
    torch.NumThreads <- 1
    Directory.CreateDirectory directory |> ignore
    let output = Console.Out
    let mutable line = Console.In.ReadLine()
    while not (isNull line) do
        let answer =
            try
                let o = run directory (decode line)
                match o.Failure with
                | None -> $"OK {o.Calls} {o.Skipped} {o.Threw}"
                | Some f -> $"FAIL {o.Calls} {o.Skipped} {o.Threw} " + f.Replace('\n', ' ').Replace('\r', ' ')
            with e -> $"FAIL 0 0 0 worker: {e.GetType().Name}: {e.Message}".Replace('\n', ' ')
        output.WriteLine answer
        output.Flush()
        line <- Console.In.ReadLine()
