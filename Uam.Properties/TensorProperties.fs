/// Tensor operations agree with plain managed arithmetic on random shapes and values.
module Uam.Properties.TensorProperties

open System
open FsCheck
open FsCheck.FSharp
open Xunit
open Uam.Runtime

/// Two shapes that broadcast together, built from a common shape by setting some sizes to 1, with the
/// shape they broadcast to.
let private broadcastPair =
    gen {
        let! result = Generators.nonEmptyShape
        let! maskA = Gen.arrayOfLength result.Length (Gen.elements [ true; false ])
        let! maskB = Gen.arrayOfLength result.Length (Gen.elements [ true; false ])
        let! dropA = Gen.choose (0, result.Length - 1)
        let squash (mask: bool[]) = Array.mapi (fun i d -> if mask.[i] then 1L else d) result
        let a = (squash maskA).[dropA..]   // leading dimensions may be missing altogether
        let b = squash maskB
        let! va = Generators.values (Generators.elementCount a)
        let! vb = Generators.values (Generators.elementCount b)
        // numpy's rule: align trailing dimensions; each result size is the larger of the two
        let padded = Array.append (Array.create (b.Length - a.Length) 1L) a
        return Array.map2 max padded b, (a, va), (b, vb)
    }

/// Element of `data` (shaped `shape`) that broadcasts to `index` of the result.
let private broadcastAt (shape: int64[]) (data: float[]) (result: int64[]) (index: int64[]) =
    let offset = result.Length - shape.Length
    let strides = Generators.strides shape
    let mutable flat = 0L
    for d in 0 .. shape.Length - 1 do
        let i = if shape.[d] = 1L then 0L else index.[d + offset]
        flat <- flat + i * strides.[d]
    data.[int flat]

let private unravel (shape: int64[]) (flat: int) =
    let strides = Generators.strides shape
    Array.init shape.Length (fun d -> (int64 flat / strides.[d]) % shape.[d])

[<Fact>]
let ``Broadcast addition and multiplication equal the elementwise definition`` () =
    Prop.forAll (Arb.fromGen broadcastPair) (fun (result, (sa, va), (sb, vb)) ->
        use a = Generators.tensor va sa
        use b = Generators.tensor vb sb
        use sum = a + b
        use product = a * b
        let s = sum.ToArray<float>()
        let p = product.ToArray<float>()
        sum.Shape = result
        && Array.forall id (Array.init s.Length (fun i ->
            let index = unravel result i
            let x, y = broadcastAt sa va result index, broadcastAt sb vb result index
            Generators.close 1e-12 (x + y) s.[i] && Generators.close 1e-12 (x * y) p.[i])))
    |> Generators.check "broadcast arithmetic" 200

let private shapedValues =
    gen {
        let! shape = Generators.nonEmptyShape
        let! data = Generators.values (Generators.elementCount shape)
        let! dim = Gen.choose (0, shape.Length - 1)
        return shape, data, dim
    }

[<Fact>]
let ``Sum, mean, max and logsumexp over a dimension equal their definitions`` () =
    Prop.forAll (Arb.fromGen shapedValues) (fun (shape, data, dim) ->
        use t = Generators.tensor data shape
        use sum = t.Sum(int64 dim)
        use mean = t.Mean(int64 dim)
        use lse = t.LogSumExp(int64 dim)
        let maxValues, maxIndices = t.Max(int64 dim).ToTuple()
        use maxValues = maxValues
        use maxIndices = maxIndices
        let reducedShape = shape |> Array.removeAt dim
        let groups = Array.zeroCreate<float list> (Generators.elementCount reducedShape)
        for i in 0 .. data.Length - 1 do
            let index = unravel shape i |> Array.removeAt dim
            let flat = Array.fold2 (fun acc x s -> acc + x * s) 0L index (Generators.strides reducedShape) |> int
            groups.[flat] <- data.[i] :: (if isNull (box groups.[flat]) then [] else groups.[flat])
        let expectSum = groups |> Array.map List.sum
        let expectMax = groups |> Array.map List.max
        let expectLse = groups |> Array.map (fun g -> let m = List.max g in m + log (g |> List.sumBy (fun x -> exp (x - m))))
        let n = float shape.[dim]
        let all (expected: float[]) (actual: float[]) = Array.forall2 (Generators.close 1e-10) expected actual
        sum.Shape = reducedShape
        && all expectSum (sum.ToArray<float>())
        && all (expectSum |> Array.map (fun s -> s / n)) (mean.ToArray<float>())
        && all expectMax (maxValues.ToArray<float>())
        && all expectLse (lse.ToArray<float>()))
    |> Generators.check "reductions" 200

let private matrices =
    gen {
        let! n = Gen.choose (1, 5)
        let! k = Gen.choose (1, 5)
        let! m = Gen.choose (1, 5)
        let! a = Generators.values (n * k)
        let! b = Generators.values (k * m)
        return (n, k, m), a, b
    }

[<Fact>]
let ``Matrix product equals the triple loop`` () =
    Prop.forAll (Arb.fromGen matrices) (fun ((n, k, m), a, b) ->
        use ta = Generators.tensor a [| int64 n; int64 k |]
        use tb = Generators.tensor b [| int64 k; int64 m |]
        use product = ta.MatMul(tb)
        let actual = product.ToArray<float>()
        Array.forall id (Array.init (n * m) (fun idx ->
            let i, j = idx / m, idx % m
            let expected = Seq.sum (seq { for r in 0 .. k - 1 -> a.[i * k + r] * b.[r * m + j] })
            Generators.close 1e-12 expected actual.[idx])))
    |> Generators.check "matmul" 200

let private permutation =
    gen {
        let! shape = Generators.nonEmptyShape
        let! order = Gen.shuffle [| 0 .. shape.Length - 1 |]
        let! data = Generators.values (Generators.elementCount shape)
        return shape, order, data
    }

[<Fact>]
let ``Permuting by an order and then by its inverse restores the tensor`` () =
    Prop.forAll (Arb.fromGen permutation) (fun (shape, order, data) ->
        use t = Generators.tensor data shape
        use permuted = t.Permute(ReadOnlySpan(order |> Array.map int64))
        let inverse = Array.zeroCreate order.Length
        order |> Array.iteri (fun i o -> inverse.[o] <- int64 i)
        use back = permuted.Permute(ReadOnlySpan inverse)
        use contiguous = back.Contiguous()
        permuted.Shape = (order |> Array.map (fun o -> shape.[o])) && contiguous.ToArray<float>() = data)
    |> Generators.check "permute inverse" 200

[<Fact>]
let ``Softmax rows are positive and sum to one`` () =
    Prop.forAll (Arb.fromGen shapedValues) (fun (shape, data, dim) ->
        use t = Generators.tensor data shape
        use s = t.Softmax(int64 dim)
        use total = s.Sum(int64 dim)
        s.ToArray<float>() |> Array.forall (fun v -> v > 0.0)
        && total.ToArray<float>() |> Array.forall (Generators.close 1e-12 1.0))
    |> Generators.check "softmax" 200
