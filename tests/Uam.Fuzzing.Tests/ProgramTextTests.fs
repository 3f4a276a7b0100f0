/// The text form that carries programs to the worker reads back to the same program.
module Uam.Fuzzing.Tests.ProgramTextTests

open System
open FsCheck
open FsCheck.FSharp
open Xunit
open Uam.Fuzzing
open Uam.Fuzzing.Commands
open Uam.Fuzzing.Tests.Support

[<Fact>]
let ``generated programs survive the round trip through their text form`` () =
    // Compared as text again, because NaN arguments are not equal to themselves.
    let property (program: Program) =
        let text = encode program
        let back = decode text
        back.Length = program.Length && encode back = text
        && List.forall2 (fun (a: Command) (b: Command) -> a.Op = b.Op && a.Target = b.Target && a.Args.Length = b.Args.Length) program back
    Check.One(Config.QuickThrowOnFailure.WithMaxTest(300).WithReplay(Some { Rnd = Rnd(7UL, 11UL); Size = None }),
              Prop.forAll (Generation.arbitrary 40) property)

[<Fact>]
let ``every kind of literal, the extremes included, reads back exactly`` () =
    let program =
        [ call 0 "Full" [ Longs [ 0L; -1L; Int64.MaxValue; Int64.MinValue ]; Float Double.NaN; Name "Float16" ]
          act "ClampInPlace" [ Var 0; Float Double.NegativeInfinity; Float 5e-324 ]
          act "Train" [ Var 12; Bool false ]
          call 1 "Scalar" [ Float -0.0; Name "Int64" ]
          call 2 "Zeros" [ Longs []; Name "Bool" ] ]
    let back = decode (encode program)
    Assert.Equal<int64 list>([ 0L; -1L; Int64.MaxValue; Int64.MinValue ], (match back[0].Args[0] with Longs l -> l | _ -> []))
    Assert.True(match back[0].Args[1] with Float f -> Double.IsNaN f | _ -> false)
    Assert.Equal(Float Double.NegativeInfinity, back[1].Args[1])
    Assert.Equal(Float 5e-324, back[1].Args[2])
    Assert.Equal(Var 12, back[2].Args[0])
    Assert.Equal(Bool false, back[2].Args[1])
    Assert.True(match back[3].Args[0] with Float f -> f = 0.0 && Double.IsNegative f | _ -> false)
    Assert.Equal(Longs [], back[4].Args[0])
    Assert.Equal(None, back[1].Target)
    Assert.Equal(Some 2, back[4].Target)
