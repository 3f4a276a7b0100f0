/// The state-dict file format round-trips any tensors bit for bit.
module Uam.Properties.SerializationProperties

open System
open System.IO
open FsCheck
open FsCheck.FSharp
open Xunit
open Uam.Runtime

type private Entry = { Name: string; DType: ScalarType; Shape: int64[]; Bytes: byte[] }

let private entry index =
    gen {
        let! dtype = Generators.dtype
        let! shape = Generators.shape
        let! bytes = Generators.bytesFor dtype shape
        return { Name = $"layer{index}.p"; DType = dtype; Shape = shape; Bytes = bytes }
    }

let private entries =
    gen {
        let! count = Gen.choose (0, 6)
        let! items = [ 0 .. count - 1 ] |> List.map entry |> Gen.sequenceToList
        return items
    }

[<Fact>]
let ``Any tensors of any dtype and shape round-trip bit for bit through a state-dict file`` () =
    let directory = Directory.CreateTempSubdirectory("uam-properties-").FullName
    try
        Prop.forAll (Arb.fromGen entries) (fun items ->
            let path = Path.Combine(directory, "dict.safetensors")
            use dict = new StateDict(true)
            for e in items do
                dict.Add(e.Name, Tensor.FromBytes(ReadOnlySpan e.Bytes, ReadOnlySpan e.Shape, e.DType).DetachFromDisposeScope())
            dict.Save(path)
            use back = StateDict.Load(path)
            let sameKeys = List.ofSeq back.Keys = (items |> List.map _.Name)
            let sameTensors =
                items |> List.forall (fun e ->
                    let t = back.[e.Name]
                    let bytes = Array.zeroCreate (int t.ByteCount)
                    t.CopyBytesTo(Span bytes)
                    t.DType = e.DType && t.Shape = e.Shape && bytes = e.Bytes)
            sameKeys && sameTensors)
        |> Generators.check "state dict round trip" 150
    finally
        Directory.Delete(directory, true)
