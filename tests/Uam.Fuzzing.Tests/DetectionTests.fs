/// The oracle: each kind of failure the fuzzer exists to find is seen as one (a process death, a hang, a native
/// tensor leak, a non-finite result from finite input, an exception that names nothing), and clean outcomes are not.
module Uam.Fuzzing.Tests.DetectionTests

open Xunit
open Uam.Fuzzing
open Uam.Fuzzing.Commands
open Uam.Fuzzing.Tests.Support

let private moderate = call 0 "Randn" [ Longs [ 2L; 3L ]; Name "Float32" ]

let private kindOf verdict =
    match verdict with
    | Campaign.Failed(kind, message) -> kind, message
    | Campaign.Passed(calls, skipped, threw) -> "passed", $"{calls} calls, {skipped} skipped, {threw} threw"

[<Fact>]
let ``a worker that dies is a death, with its exit status`` () =
    let kind, message = kindOf (verdict 30.0 [ moderate; act "AbortForTest" [] ])
    Assert.Equal("death", kind)
    Assert.Contains("exit code", message)

[<Fact>]
let ``a worker that does not answer within the timeout is a hang`` () =
    let kind, _ = kindOf (verdict 8.0 [ moderate; act "HangForTest" [] ])
    Assert.Equal("hang", kind)

[<Fact>]
let ``native tensors left alive after the program are a leak`` () =
    let kind, message = kindOf (verdict 30.0 [ moderate; act "LeakForTest" [] ])
    Assert.Equal("leak", kind)
    Assert.Contains("1 native tensors", message)

[<Fact>]
let ``a non-finite result from finite, moderate input is a failure of an op that owes a finite one`` () =
    let kind, message = kindOf (verdict 30.0 [ moderate; call 1 "NonFiniteForTest" [ Var 0 ] ])
    Assert.Equal("non-finite", kind)
    Assert.Contains("NonFiniteForTest", message)

[<Fact>]
let ``the same result from non-finite input is no failure`` () =
    let poisoned = call 0 "Full" [ Longs [ 2L ]; Float nan; Name "Float32" ]
    Assert.Equal(Campaign.Passed(2, 0, 0), verdict 30.0 [ poisoned; call 1 "NonFiniteForTest" [ Var 0 ] ])

[<Fact>]
let ``an exception that names nothing is a failure`` () =
    let kind, message = kindOf (verdict 30.0 [ act "UnclearForTest" [] ])
    Assert.Equal("unclear exception", kind)
    Assert.Contains("NullReferenceException", message)

[<Fact>]
let ``a clear exception is counted, commands without their variables are skipped, and neither fails`` () =
    let program =
        [ moderate
          call 1 "Reshape" [ Var 0; Longs [ 7L ] ]        // 6 elements into 7: a clear ArgumentException
          call 2 "Tanh" [ Var 1 ]                         // v1 was never made: skipped
          call 3 "Relu" [ Var 0 ] ]
    Assert.Equal(Campaign.Passed(3, 1, 1), verdict 30.0 program)
