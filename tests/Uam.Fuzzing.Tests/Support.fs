/// What the fuzzer's tests share: settings for short campaigns, and programs written by hand.
module Uam.Fuzzing.Tests.Support

open System
open Uam.Fuzzing
open Uam.Fuzzing.Commands

/// Settings of a short campaign (one seed unless told otherwise).
let settings (log: string -> unit) =
    { Campaign.BaseSeed = 1UL
      Campaign.ProgramsPerSeed = 100
      Campaign.Budget = TimeSpan.FromMinutes 10.0
      Campaign.MaxSeeds = 1
      Campaign.MaxLength = 40
      Campaign.Timeout = TimeSpan.FromSeconds 30.0
      Campaign.StopAtFirstFailure = true
      Campaign.Log = log }

/// A command by hand: `call 3 "Randn" [ Longs [ 2L ]; Name "Float32" ]` makes v3.
let call target op args = { Target = Some target; Op = op; Args = args }

/// A command whose result is not kept.
let act op args = { Target = None; Op = op; Args = args }

/// Runs `program` in a fresh worker process.
let verdict (timeoutSeconds: float) (program: Program) =
    use worker = new Campaign.WorkerProcess(TimeSpan.FromSeconds timeoutSeconds)
    worker.Run program
