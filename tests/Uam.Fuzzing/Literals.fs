/// The literal arguments the generator draws: mostly ordinary values (so calls get deep into valid state),
/// sometimes the hostile ones that find bugs (0-sized, negative, huge and overflowing sizes; NaN and ±∞).
module Uam.Fuzzing.Literals

open System
open FsCheck.FSharp
open Uam.Fuzzing.Commands
open Uam.Fuzzing.Model

/// Sizes and counts that overflow a product, a bounds check or an allocation. Every one of them is far beyond any
/// machine, so a call that accepts one must fail cleanly (the worker also caps its data segment).
let hugeValues = [ Int64.MaxValue; Int64.MinValue; 1L <<< 40; 1L <<< 62; 3037000500L; int64 Int32.MaxValue + 1L ]

let private hostileInt = Gen.elements hugeValues

/// A dimension index: in range for ranks up to 4 most of the time, else just out of range or huge.
let dim = Gen.frequency [ 30, Gen.choose (-2, 3) |> Gen.map int64; 2, Gen.elements [ -5L; 4L; 5L ]; 1, hostileInt ] |> Gen.map Int

/// A size or a count: 0-4 most of the time, sometimes negative or huge.
let sizeValue = Gen.frequency [ 40, Gen.choose (0, 4) |> Gen.map int64; 1, Gen.elements [ -1L; -2L ]; 1, hostileInt ]

let size = sizeValue |> Gen.map Int

/// A positive count for module sizes (features, channels): 1-4, sometimes 0, negative or huge.
let features = Gen.frequency [ 60, Gen.choose (1, 4) |> Gen.map int64; 1, Gen.constant 0L; 1, Gen.constant -1L; 1, hostileInt ] |> Gen.map Int

/// An index into something small: -3..4, sometimes huge.
let index = Gen.frequency [ 30, Gen.choose (-2, 3) |> Gen.map int64; 1, hostileInt ] |> Gen.map Int

/// A position in a short list (parameters, buffers, state-dict entries): 0-3.
let small = Gen.choose (0, 3) |> Gen.map (int64 >> Int)

/// A shape of rank 0-4 with sizes 1-4, sometimes 0, sometimes a hostile size.
let shapeValues =
    Gen.frequency [ 1, Gen.constant 0; 3, Gen.constant 1; 4, Gen.constant 2; 2, Gen.constant 3; 1, Gen.constant 4 ]
    |> Gen.bind (fun rank -> Gen.listOfLength rank (Gen.frequency [ 80, Gen.choose (1, 4) |> Gen.map int64; 8, Gen.constant 0L; 1, Gen.constant -1L; 1, hostileInt ]))

let shape = shapeValues |> Gen.map Longs

/// A target shape for Reshape/View/Expand: like `shape`, with -1 (infer) more often.
let targetShape =
    shapeValues
    |> Gen.bind (fun s -> Gen.frequency [ 3, Gen.constant s; 1, Gen.constant (if s.IsEmpty then [ -1L ] else -1L :: s.Tail) ])
    |> Gen.map Longs

/// A list of dimensions (a permutation, dims to reduce or flip): mostly in range, sometimes repeated or out of range.
let dims = Gen.choose (0, 4) |> Gen.bind (fun n -> Gen.listOfLength n (Gen.frequency [ 10, Gen.choose (-2, 3) |> Gen.map int64; 1, Gen.elements [ -5L; 4L; Int64.MaxValue ] ])) |> Gen.map Longs

/// An ordinary number, sometimes NaN, ±∞, huge or tiny.
let number =
    Gen.frequency
        [ 12, Gen.choose (-3000, 3000) |> Gen.map (fun i -> float i / 1000.0)
          1, Gen.elements [ Double.NaN; Double.PositiveInfinity; Double.NegativeInfinity; 1e30; -1e30; Double.MaxValue; 5e-324; -0.0; 0.0 ] ]
    |> Gen.map Float

/// A probability: in [0, 1] mostly, sometimes outside or NaN.
let probability =
    Gen.frequency [ 12, Gen.choose (0, 10) |> Gen.map (fun i -> float i / 10.0); 1, Gen.elements [ -0.5; 1.5; Double.NaN ] ] |> Gen.map Float

/// A hyperparameter (learning rate, epsilon, momentum): small and positive mostly.
let rate =
    Gen.frequency [ 12, Gen.elements [ 0.001; 0.01; 0.1; 0.5; 0.9; 0.0 ]; 1, Gen.elements [ -0.1; Double.NaN; Double.PositiveInfinity; 1e30 ] ]
    |> Gen.map Float

let boolean = Gen.elements [ true; false ] |> Gen.map Bool

/// A scalar type: the float types most often.
let dtype =
    Gen.frequency
        [ 8, Gen.constant "Float32"; 3, Gen.constant "Float64"; 3, Gen.constant "Int64"; 1, Gen.constant "Int32"
          1, Gen.constant "Bool"; 1, Gen.constant "UInt8"; 1, Gen.constant "Int8"; 1, Gen.constant "Int16"
          1, Gen.constant "Float16"; 1, Gen.constant "BFloat16" ]
    |> Gen.map Name

/// A float scalar type (for random tensors).
let floatType = Gen.frequency [ 6, Gen.constant "Float32"; 2, Gen.constant "Float64"; 1, Gen.constant "Float16"; 1, Gen.constant "Int64" ] |> Gen.map Name

/// One of the given names.
let oneOf (names: string list) = Gen.elements names |> Gen.map Name

/// A seed for a generator: small mostly, sometimes the extremes.
let seed = Gen.frequency [ 5, Gen.choose (0, 100) |> Gen.map int64; 1, Gen.elements [ -1L; Int64.MaxValue ] ] |> Gen.map Int

// ---- literals that know the shape of the first tensor argument, or the features of the module ----------------

/// A dimension of the first tensor's known rank most of the time (negative ones included), else as `dim`.
let dimFor (context: Context) =
    match context.Shape with
    | Some shape when not shape.IsEmpty ->
        let rank = shape.Length
        Gen.frequency [ 6, Gen.choose (-rank, rank - 1) |> Gen.map (int64 >> Int); 1, dim ]
    | _ -> dim

/// Dimensions of the first tensor: a permutation of them, a subset, or as `dims`.
let dimsFor (context: Context) =
    match context.Shape with
    | Some shape when not shape.IsEmpty ->
        let all = [ 0L .. int64 shape.Length - 1L ]
        Gen.frequency
            [ 3, Gen.shuffle all |> Gen.map (List.ofArray >> Longs)
              2, Gen.subListOf all |> Gen.map Longs
              1, dims ]
    | _ -> dims

/// A shape with the first tensor's element count (the shape reversed, flattened, -1-inferred), or as `targetShape`.
let targetShapeFor (context: Context) =
    match context.Shape with
    | Some shape ->
        let count = List.fold (*) 1L shape
        Gen.frequency
            [ 2, Gen.constant (Longs(List.rev shape))
              2, Gen.constant (Longs [ count ])
              2, Gen.constant (Longs(-1L :: (if shape.IsEmpty then [] else [ 1L ])))
              2, Gen.constant (Longs(1L :: shape))
              2, targetShape ]
    | None -> targetShape

/// The input features of the module (a forward with a fresh input then mostly matches), or as `features`.
let featuresFor (context: Context) =
    match context.Features with
    | Some f -> Gen.frequency [ 8, Gen.constant (Int f); 1, features ]
    | None -> features

/// A batch size: 1-4 mostly, sometimes 0.
let batch = Gen.frequency [ 10, Gen.choose (1, 4) |> Gen.map int64; 1, Gen.constant 0L ] |> Gen.map Int
