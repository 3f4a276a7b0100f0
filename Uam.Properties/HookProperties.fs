/// A hand-written module whose normalization points are generated hooks computes the same function, state and gradients
/// as the same module wired by hand with the runtime's normalizers, for random kinds, options and batch sizes.
module Uam.Properties.HookProperties

open System
open FsCheck
open FsCheck.FSharp
open Xunit
open Uam.Runtime

let private features = 6
let private steps = 3

/// A recurrent cell whose state goes through a hook shared by the steps (told the step), a hook per step on its
/// output, and a plain hook on the head's output; kind and options are chosen at construction (InitializeHooks).
let private source = $"""
using Uam.Runtime;
namespace Random;
[Normalize(Kind.RN)]
public partial class Core : nn.Module<Tensor, Tensor>
{{
    public Core(Kind kind, RegularityOptions options, Generator generator)
    {{
        Cell = RegisterModule("cell", new nn.RNNCell({features}, {features}, generator: generator));
        Head = RegisterModule("head", new nn.Linear({features}, {features}, generator: generator));
        InitializeHooks(kind, options);
    }}
    public nn.RNNCell Cell {{ get; }}
    public nn.Linear Head {{ get; }}
    [Hook(Features = {features})] private partial Tensor State(Tensor h, int step);
    [Hook(Features = {features}, Steps = {steps})] private partial Tensor Output(Tensor h, int step);
    [Hook(Features = {features})] private partial Tensor Top(Tensor y);
    public override Tensor Forward(Tensor x)
    {{
        using var scope = torch.NewDisposeScope();
        Tensor? h = null;
        Tensor sum = torch.ZerosLike(x);
        for (int t = 0; t < {steps}; t++)
        {{
            h = State(Cell.Forward(x, h), t);
            sum = sum + Output(h, t);
        }}
        return scope.MoveToOuter(Top(Head.Forward(sum)));
    }}
}}
"""

let private compiled = lazy (GeneratedModelProperties.compile source)

type Case = { Kind: Kind; Options: RegularityOptions; Rows: int }

let private kinds = [ Kind.None; Kind.RN; Kind.RLN; Kind.RBN; Kind.Probe; Kind.LNThenRN; Kind.RNThenLN; Kind.LN ]

let private case =
    gen {
        let! kind = Gen.elements kinds
        let! perRow = Gen.elements [ false; true ]
        let! pooling = Gen.elements [ VariancePooling.Exact; VariancePooling.Paper ]
        let! scale = Gen.elements [ EvaluationScale.SizeNormalized; EvaluationScale.Sums ]
        let! floor = Gen.elements [ 0.0; 1e-5 ]
        let! gradient = Gen.elements [ GradientPolicy.CurrentBatch; GradientPolicy.ConstantGain ]
        let! recurrence = Gen.elements [ RecurrentSlotSharing.EveryStep; RecurrentSlotSharing.OriginalFirstStepKept ]
        let! implementation = Gen.elements [ RegularityImplementation.Fused; RegularityImplementation.Composite ]
        let options =
            RegularityOptions(Pooling = pooling, Scale = scale, StdFloor = floor, Gradient = gradient, Recurrence = recurrence,
                              PerSampleCompPerRow = perRow, Implementation = implementation)
        let! rows = Gen.choose (2, 9)
        // The original's per-row COMP pairs row j with feature j: it needs as many rows as features.
        let rows = if kind = Kind.RBN && options.PerSampleCompPerRow then features else rows
        return { Kind = kind; Options = options; Rows = rows }
    }

let private normalizer (kind: Kind) (options: RegularityOptions) : nn.Module<Tensor, Tensor> option =
    let f = int64 features
    match kind with
    | Kind.RN -> Some(new nn.RegularityNorm(RegularityVariant.RN, f, options))
    | Kind.RLN -> Some(new nn.RegularityNorm(RegularityVariant.RLN, f, options))
    | Kind.RBN -> Some(new nn.RegularityNorm(RegularityVariant.RBN, f, options))
    | Kind.Probe -> Some(new nn.RegularityNorm(RegularityVariant.RN, f, options.AsProbe()))
    | Kind.LNThenRN -> Some(new nn.RegularityLayerNorm(f, RegularityOrder.LayerNormFirst, RegularityVariant.RN, options))
    | Kind.RNThenLN -> Some(new nn.RegularityLayerNorm(f, RegularityOrder.RegularityFirst, RegularityVariant.RN, options))
    | Kind.LN -> Some(new nn.LayerNorm(f))
    | _ -> None

/// The same module wired by hand: the slots created directly and called as the hooks are documented to call them.
type private HandCore(kind: Kind, options: RegularityOptions) =
    inherit nn.Module<Tensor, Tensor>()
    let mutable cell = Unchecked.defaultof<nn.RNNCell>
    let mutable head = Unchecked.defaultof<nn.Linear>
    let mutable state: nn.Module<Tensor, Tensor> option = None
    let output: nn.Module<Tensor, Tensor> option[] = Array.create steps None
    let mutable top: nn.Module<Tensor, Tensor> option = None
    let apply (m: nn.Module<Tensor, Tensor> option) (x: Tensor) = match m with Some m -> m.Forward(x) | None -> x
    let applyStep (m: nn.Module<Tensor, Tensor> option) (x: Tensor) (t: int) =
        match m with
        | Some(:? nn.RegularityNorm as slot) -> slot.ForwardStep(x, t)
        | Some(:? nn.RegularityLayerNorm as both) -> both.ForwardStep(x, t)
        | Some m -> m.Forward(x)
        | None -> x

    /// Registers the modules (in a member, not the constructor: F# allows no use of the object before it is built).
    member this.Init() =
        cell <- this.RegisterModule("cell", new nn.RNNCell(int64 features, int64 features))
        head <- this.RegisterModule("head", new nn.Linear(int64 features, int64 features))
        state <- (match normalizer kind options with Some m -> Some(this.RegisterModule("state", m)) | None -> None)
        for t in 0 .. steps - 1 do
            output.[t] <- (match normalizer kind options with Some m -> Some(this.RegisterModule($"output{t}", m)) | None -> None)
        top <- (match normalizer kind options with Some m -> Some(this.RegisterModule("top", m)) | None -> None)
        this

    override _.Forward(x: Tensor) =
        use scope = torch.NewDisposeScope()
        let mutable h: Tensor = null
        let mutable sum = torch.ZerosLike(x)
        for t in 0 .. steps - 1 do
            h <- applyStep state (cell.Forward(x, h)) t
            sum <- sum + apply output.[t] h
        scope.MoveToOuter(apply top (head.Forward(sum)))

let private floats (t: Tensor) =
    use d = t.To(ScalarType.Float64)
    d.ToArray<float>()

let private sameModule (c: Case) =
    let _, assembly = compiled.Value
    use generator = new Generator(3UL)
    use generated = Activator.CreateInstance(assembly.GetType("Random.Core"), [| box c.Kind; box c.Options; box generator |]) :?> nn.Module<Tensor, Tensor>
    use hand = (new HandCore(c.Kind, c.Options)).Init()
    do
        use _ = torch.NoGrad()
        for (_, mine), (_, theirs) in Seq.zip (hand.NamedParameters()) (generated.NamedParameters()) do mine.CopyInPlace(theirs) |> ignore
    let mutable same = true
    for call in 0 .. 3 do
        if call = 3 then
            generated.Eval() |> ignore
            hand.Eval() |> ignore
        use scope = torch.NewDisposeScope()
        let x = torch.Randn(ReadOnlySpan [| int64 c.Rows; int64 features |], new Generator(uint64 (50 + call)))
        let ours, theirs = generated.Forward(x), hand.Forward(x)
        same <- same && floats ours = floats theirs
        if call < 3 then
            generated.ZeroGrad()
            hand.ZeroGrad()
            (ours.Square().Sum()).Backward()
            (theirs.Square().Sum()).Backward()
            for (_, a), (_, b) in Seq.zip (generated.NamedParameters()) (hand.NamedParameters()) do
                same <- same && floats a.Grad = floats b.Grad
    // The state: the generated slots are named after the hooks ("state", "output0..2", "top"), as the hand ones are.
    let names (m: nn.Module) = m.StateDict() |> Seq.map (fun p -> p.Key) |> Seq.toList
    same <- same && names generated = names hand
    for a, b in Seq.zip (generated.StateDict()) (hand.StateDict()) do
        same <- same && floats a.Value = floats b.Value
    same

[<Fact>]
let ``Generated hooks equal the slots wired by hand in function, state and gradients`` () =
    Prop.forAll (Arb.fromGen case) sameModule |> Generators.check "hooks = hand-wired slots" 40
