/// The parent side: FsCheck draws programs and shrinks failing ones; each program runs in a worker process, so a
/// native crash kills the worker, not the campaign. A death, a hang (no answer within the timeout) and every
/// failure the worker reports fail the property; the report gives the seed and the shrunk program as C#.
module Uam.Fuzzing.Campaign

open System
open System.Diagnostics
open System.IO
open System.Text
open FsCheck
open FsCheck.FSharp
open Uam.Fuzzing.Commands

/// What running one program in a worker gave.
type Verdict =
    | Passed of calls: int * skipped: int * threw: int
    | Failed of kind: string * message: string

/// One worker process; restarted after it dies or hangs.
type WorkerProcess(timeout: TimeSpan) =
    let mutable proc: Process = null
    let errors = StringBuilder()
    let directory = Path.Combine(Path.GetTempPath(), $"uam-fuzz-{Environment.ProcessId}-{Guid.NewGuid():N}")
    let mutable starts = 0

    let start () =
        let dll = typeof<WorkerProcess>.Assembly.Location
        let info = ProcessStartInfo("dotnet", $"\"{dll}\" --worker \"{directory}\"")
        info.RedirectStandardInput <- true
        info.RedirectStandardOutput <- true
        info.RedirectStandardError <- true
        info.UseShellExecute <- false
        let p = new Process(StartInfo = info)
        lock errors (fun () -> errors.Clear() |> ignore)
        p.ErrorDataReceived.Add(fun e ->
            if not (isNull e.Data) then
                lock errors (fun () -> if errors.Length < 4000 then errors.AppendLine(e.Data) |> ignore))
        if not (p.Start()) then failwith "could not start the fuzz worker"
        p.BeginErrorReadLine()
        proc <- p
        starts <- starts + 1

    let stop () =
        if not (isNull proc) then
            (try
                if not proc.HasExited then proc.Kill true
                proc.WaitForExit 5000 |> ignore
             with _ -> ())
            proc.Dispose()
            proc <- null

    /// How many worker processes were started (1 + restarts after deaths and hangs).
    member _.Starts = starts

    /// Runs `program`; the verdict says how it ended.
    member _.Run(program: Program) : Verdict =
        if isNull proc || proc.HasExited then (stop (); start ())
        proc.StandardInput.WriteLine(encode program)
        proc.StandardInput.Flush()
        let answer = proc.StandardOutput.ReadLineAsync()
        // The timeout also covers a fresh worker's start (loading libtorch, the JIT): seconds, not tens of them.
        if not (answer.Wait timeout) then
            stop ()
            Failed("hang", $"no answer within {timeout.TotalSeconds:F0} s")
        else
            match answer.Result with
            | null ->
                proc.WaitForExit 5000 |> ignore
                let code = if proc.HasExited then proc.ExitCode else -1
                let tail = lock errors (fun () -> errors.ToString().Trim())
                stop ()
                let signal = if code > 128 then $" (signal {code - 128})" else ""   // the shell's convention: 128 + the signal
                Failed("death", $"the worker process died with exit code {code}{signal}. {tail}")
            | line when line.StartsWith "OK " ->
                let parts = line.Split ' '
                Passed(int parts[1], int parts[2], int parts[3])
            | line ->
                let parts = line.Split(' ', 5)
                let text = if parts.Length = 5 then parts[4] else line
                let kind = match text.IndexOf ':' with -1 -> "failure" | i -> text.Substring(0, i)
                Failed(kind, text)

    interface IDisposable with
        member _.Dispose() =
            stop ()
            try Directory.Delete(directory, true) with _ -> ()

/// A failure found by the campaign.
type Finding = { Seed: uint64; Kind: string; Message: string; Program: Program; CSharp: string }

/// What a campaign did.
type Report =
    { Programs: int
      Calls: int64
      Skipped: int64
      Threw: int64
      Seeds: uint64 list
      WorkerStarts: int
      Findings: Finding list
      Elapsed: TimeSpan }

    member r.Summary =
        let seeds = match r.Seeds with [] -> "none" | s -> $"{List.head s}..{List.last s}"
        $"{r.Programs} programs, {r.Calls} calls ({r.Threw} threw a clear exception, {r.Skipped} skipped), seeds {seeds}, "
        + $"{r.WorkerStarts} worker processes, {r.Findings.Length} failures, {r.Elapsed.TotalMinutes:F1} min"

/// How long and how hard to fuzz.
type Settings =
    { BaseSeed: uint64
      /// Programs drawn per seed (one FsCheck run each).
      ProgramsPerSeed: int
      /// Stop starting new seeds after this long (at least one seed runs)...
      Budget: TimeSpan
      /// ...or after this many seeds (CI: a fixed amount of work, the same on every machine).
      MaxSeeds: int
      MaxLength: int
      Timeout: TimeSpan
      /// Stop at the first failure (the tests) or go on with the next seed (long runs collect every failure).
      StopAtFirstFailure: bool
      Log: string -> unit }

/// Runs seed after seed of programs drawn by `arbitrary` until the budget is spent (or, when asked, until a failure is found).
let runWith (arbitrary: Arbitrary<Program>) (settings: Settings) : Report =
    let clock = Stopwatch.StartNew()
    use worker = new WorkerProcess(settings.Timeout)
    let mutable programs, calls, skipped, threw = 0, 0L, 0L, 0L
    let mutable seeds = []
    let mutable findings = []
    let mutable lastFailure = ("", "")
    let property (program: Program) =
        programs <- programs + 1
        match worker.Run program with
        | Passed(c, s, t) ->
            calls <- calls + int64 c
            skipped <- skipped + int64 s
            threw <- threw + int64 t
            true
        | Failed(kind, message) ->
            lastFailure <- (kind, message)
            false
    let mutable seed = settings.BaseSeed
    let withinBudget () = seeds.IsEmpty || (clock.Elapsed < settings.Budget && seeds.Length < settings.MaxSeeds)
    while (findings.IsEmpty || not settings.StopAtFirstFailure) && withinBudget () do
        seeds <- seeds @ [ seed ]
        let config =
            Config.Quick
                .WithMaxTest(settings.ProgramsPerSeed)
                .WithEndSize(settings.MaxLength)
                .WithReplay(Some { Rnd = Rnd(seed, 0x9E3779B97F4A7C15UL); Size = None })
        match Uam.Shared.FsCheckOutcome.check config (Prop.forAll arbitrary property) with
        | TestResult.Failed(_, _, shrunk, _, _, _, _) ->
            let program = shrunk |> List.head :?> Program
            // Run the shrunk program once more, alone in a fresh worker, for its own message.
            use fresh = new WorkerProcess(settings.Timeout)
            let kind, message =
                match fresh.Run program with
                | Failed(k, m) -> k, m
                | Passed _ -> fst lastFailure, snd lastFailure + " (not reproduced alone in a fresh worker: state left by earlier programs)"
            let header = $"fuzz failure ({kind}) with UAM_FUZZ_SEED={seed}: {message}"
            findings <- findings @ [ { Seed = seed; Kind = kind; Message = message; Program = program; CSharp = CSharp.render header program } ]
            settings.Log header
        | _ -> ()
        settings.Log $"seed {seed}: {programs} programs, {calls} calls so far, {clock.Elapsed.TotalMinutes:F1} min"
        seed <- seed + 1UL
    { Programs = programs
      Calls = calls
      Skipped = skipped
      Threw = threw
      Seeds = seeds
      WorkerStarts = worker.Starts
      Findings = findings
      Elapsed = clock.Elapsed }

/// Runs the campaign on the generator's programs.
let run (settings: Settings) = runWith (Generation.arbitrary settings.MaxLength) settings
