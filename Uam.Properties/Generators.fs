/// Generators of the values the engine properties quantify over, and the runner that checks them.
[<RequireQualifiedAccess>]
module Uam.Properties.Generators

open System
open FsCheck
open FsCheck.FSharp
open Uam.Runtime

/// The environment variable that chooses another base seed (CI keeps the fixed one).
let seedVariable = "UAM_PROPERTY_SEED"

/// Base seed of every property run: fixed (20261122) unless UAM_PROPERTY_SEED names another, to explore. A failure
/// replays from it, and FsCheck prints the shrunk counterexample.
let baseSeed =
    match Environment.GetEnvironmentVariable seedVariable with
    | null | "" -> 20261122UL
    | text ->
        match UInt64.TryParse text with
        | true, seed -> seed
        | _ -> failwith $"{seedVariable}='{text}' is not an unsigned integer seed."

let private configure (config: Config) (name: string) (tests: int) =
    config.WithName($"{name} [{seedVariable}={baseSeed}]").WithMaxTest(tests).WithReplay(Some { Rnd = Rnd(baseSeed, 0x9E3779B97F4A7C15UL); Size = None })

/// Checks `property` on `tests` cases from the base seed; throws (failing the xunit Fact) with the
/// counterexample and the seed when it fails.
let check (name: string) (tests: int) (property: Property) =
    Check.One(configure Config.QuickThrowOnFailure name tests, property)

/// Checks `property` like `check`, but returns FsCheck's result instead of throwing.
let result (name: string) (tests: int) (property: Property) : TestResult =
    Uam.Shared.FsCheckOutcome.check (configure Config.Quick name tests) property

/// Whether the property was falsified by a case that returned false, as opposed to one that threw (a mutant "caught"
/// only because it crashes proves nothing about the property).
let falsifiedByAValue (result: TestResult) =
    match result with
    | TestResult.Failed(_, _, _, Outcome.Failed e, _, _, _) -> e.GetType() = typeof<Exception> && e.Message = "Expected true, got false."
    | _ -> false

/// Shapes of rank 0 to 4 with sizes 0 to 4 (zero-size and scalar tensors included).
let shape : Gen<int64[]> =
    gen {
        let! rank = Gen.choose (0, 4)
        let! sizes = Gen.arrayOfLength rank (Gen.choose (0, 4))
        return sizes |> Array.map int64
    }

/// Shapes with every size at least 1.
let nonEmptyShape : Gen<int64[]> =
    gen {
        let! rank = Gen.choose (1, 4)
        let! sizes = Gen.arrayOfLength rank (Gen.choose (1, 4))
        return sizes |> Array.map int64
    }

/// Every dtype the serializer stores.
let dtype : Gen<ScalarType> =
    Gen.elements [ ScalarType.UInt8; ScalarType.Int8; ScalarType.Int16; ScalarType.Int32; ScalarType.Int64
                   ScalarType.Float16; ScalarType.Float32; ScalarType.Float64; ScalarType.Bool; ScalarType.BFloat16 ]

let elementCount (shape: int64[]) = shape |> Array.fold (*) 1L |> int

/// Raw element bytes for a tensor of `dtype` and `shape` (booleans are 0 or 1).
let bytesFor (dtype: ScalarType) (shape: int64[]) : Gen<byte[]> =
    let n = elementCount shape * dtype.ElementSize()
    if dtype = ScalarType.Bool then Gen.arrayOfLength n (Gen.elements [ 0uy; 1uy ])
    else Gen.arrayOfLength n (Gen.choose (0, 255) |> Gen.map byte)

/// Doubles of moderate size (the numeric properties compare with managed arithmetic).
let value : Gen<float> = Gen.choose (-1000, 1000) |> Gen.map (fun i -> float i / 100.0)

/// `n` moderate doubles.
let values (n: int) : Gen<float[]> = Gen.arrayOfLength n value

/// A Float64 tensor from values and a shape.
let tensor (data: float[]) (shape: int64[]) : Tensor = torch.FromArray(data, ReadOnlySpan shape)

/// Row-major strides of a shape.
let strides (shape: int64[]) =
    let s = Array.create shape.Length 1L
    for i in shape.Length - 2 .. -1 .. 0 do
        s.[i] <- s.[i + 1] * shape.[i + 1]
    s

/// Equality within a relative tolerance.
let close (tolerance: float) (expected: float) (actual: float) =
    abs (expected - actual) <= tolerance * max 1.0 (abs expected)
