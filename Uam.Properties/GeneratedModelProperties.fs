/// A model produced by the source generator from a random declaration computes the same function as the
/// stack composed by hand from the runtime's modules on the same weights (ties Uam.Generators to the runtime).
module Uam.Properties.GeneratedModelProperties

open System
open System.IO
open System.Reflection
open System.Runtime.Loader
open Microsoft.CodeAnalysis
open Microsoft.CodeAnalysis.CSharp
open FsCheck
open FsCheck.FSharp
open Xunit
open Uam.Runtime

/// The normalizations a dense layer can take (SN needs a prior and is covered by the normalizer suites).
let private kinds = [ Kind.None; Kind.RN; Kind.RLN; Kind.RBN; Kind.Probe; Kind.LNThenRN; Kind.RNThenLN; Kind.BN; Kind.LN; Kind.WN ]

type Layer = { Size: int; Activation: Activation; Normalize: Kind option }

type Declaration = { Input: int; Default: Kind; Hidden: Layer list; Output: int }

let private declaration =
    gen {
        let! input = Gen.choose (1, 6)
        let! defaultKind = Gen.elements kinds
        let! count = Gen.choose (0, 3)
        let! hidden =
            Gen.listOfLength count (gen {
                let! size = Gen.choose (1, 6)
                let! activation = Gen.elements [ Activation.None; Activation.ReLU; Activation.Tanh; Activation.Sigmoid ]
                let! over = Gen.frequency [ 2, Gen.constant None; 1, Gen.elements kinds |> Gen.map Some ]
                return { Size = size; Activation = activation; Normalize = over } })
        let! output = Gen.choose (1, 4)
        return { Input = input; Default = defaultKind; Hidden = hidden; Output = output }
    }

let private shrinkDeclaration (d: Declaration) =
    seq {
        for i in 0 .. d.Hidden.Length - 1 do yield { d with Hidden = List.removeAt i d.Hidden }
        if d.Default <> Kind.None then yield { d with Default = Kind.None }
        for i in 0 .. d.Hidden.Length - 1 do
            let l = d.Hidden.[i]
            if l.Normalize.IsSome then yield { d with Hidden = List.updateAt i { l with Normalize = None } d.Hidden }
            if l.Size > 1 then yield { d with Hidden = List.updateAt i { l with Size = l.Size - 1 } d.Hidden }
    }

let source (d: Declaration) =
    let layer (l: Layer) =
        let over = match l.Normalize with Some k -> $", Normalize = Kind.{k}" | None -> ""
        $"[Dense({l.Size}, Activation.{l.Activation}{over})]"
    String.concat "\n" [
        yield "using Uam.Runtime;"
        yield "namespace Random;"
        yield $"[Model({d.Input})]"
        yield $"[Normalize(Kind.{d.Default})]"
        for l in d.Hidden do yield layer l
        yield $"[Dense({d.Output}, Activation.LogSoftmax)]"
        yield "public partial class Net;" ]

let private references =
    lazy (
        (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") :?> string).Split(Path.PathSeparator)
        |> Array.map (fun p -> MetadataReference.CreateFromFile p :> MetadataReference)
        |> Array.append [| MetadataReference.CreateFromFile(typeof<Tensor>.Assembly.Location) |])

/// Generates and compiles the declaration in memory; returns its assembly loaded in a collectible context.
let compile (text: string) : AssemblyLoadContext * Assembly =
    let tree = CSharpSyntaxTree.ParseText(text, CSharpParseOptions(LanguageVersion.Latest))
    let compilation =
        CSharpCompilation.Create($"Random{Guid.NewGuid():N}", [ tree ], references.Value,
                                 CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions = NullableContextOptions.Enable))
    let driver = CSharpGeneratorDriver.Create(Uam.Generators.ModelGenerator().AsSourceGenerator())
    let mutable output: Compilation = null
    let mutable diagnostics = Unchecked.defaultof<_>
    driver.RunGeneratorsAndUpdateCompilation(compilation, &output, &diagnostics) |> ignore
    let problems = Seq.append diagnostics (output.GetDiagnostics()) |> Seq.filter (fun d -> d.Severity = DiagnosticSeverity.Error) |> Seq.toList
    if not problems.IsEmpty then failwithf "the declaration did not compile:\n%s\n%A" text problems
    use stream = new MemoryStream()
    let emitted = output.Emit(stream)
    if not emitted.Success then failwithf "emit failed: %A" emitted.Diagnostics
    stream.Position <- 0L
    let context = AssemblyLoadContext($"random-model-{Guid.NewGuid():N}", isCollectible = true)
    context, context.LoadFromStream(stream)

let private normalizer (kind: Kind) (features: int64) : nn.Module<Tensor, Tensor> option =
    let options = RegularityOptions.Default
    match kind with
    | Kind.RN -> Some(new nn.RegularityNorm(RegularityVariant.WholeLayer, features, options))
    | Kind.RLN -> Some(new nn.RegularityNorm(RegularityVariant.PerFeature, features, options))
    | Kind.RBN -> Some(new nn.RegularityNorm(RegularityVariant.PerSample, features, options))
    | Kind.Probe -> Some(new nn.RegularityNorm(RegularityVariant.WholeLayer, features, options.AsProbe()))
    | Kind.LNThenRN -> Some(new nn.RegularityLayerNorm(features, RegularityOrder.LayerNormFirst))
    | Kind.RNThenLN -> Some(new nn.RegularityLayerNorm(features, RegularityOrder.RegularityFirst))
    | Kind.BN -> Some(new nn.BatchNorm1d(features))
    | Kind.LN -> Some(new nn.LayerNorm(features))
    | _ -> None

let private activation (a: Activation) : nn.Module<Tensor, Tensor> option =
    match a with
    | Activation.ReLU -> Some(new nn.ReLU())
    | Activation.Tanh -> Some(new nn.Tanh())
    | Activation.Sigmoid -> Some(new nn.Sigmoid())
    | Activation.LogSoftmax -> Some(new nn.LogSoftmax(1L))
    | _ -> None

/// The same stack from runtime modules: each dense layer, its normalizer, its activation.
let byHand (d: Declaration) : nn.Sequential =
    let layers = ResizeArray<nn.Module<Tensor, Tensor>>()
    let mutable inputs = int64 d.Input
    // The class default covers the hidden layers, and the output layer's weights under WN (it only reparameterises them).
    let output = if d.Default = Kind.WN then Kind.WN else Kind.None
    let all = [ for l in d.Hidden -> l, (l.Normalize |> Option.defaultValue d.Default) ] @ [ { Size = d.Output; Activation = Activation.LogSoftmax; Normalize = None }, output ]
    for l, kind in all do
        let size = int64 l.Size
        layers.Add(if kind = Kind.WN then new nn.WeightNormLinear(inputs, size) :> nn.Module<Tensor, Tensor> else new nn.Linear(inputs, size))
        normalizer kind size |> Option.iter layers.Add
        activation l.Activation |> Option.iter layers.Add
        inputs <- size
    new nn.Sequential(layers.ToArray())

/// The generated model (made by `create` from the compiled type) against the hand-composed stack of `d`.
let private matches (d: Declaration) (create: Type -> Generator -> obj) (net: Type) =
    use generator = new Generator(1UL)
    use generated = create net generator :?> nn.Module<Tensor, Tensor>
    use hand = byHand d
    let theirs, ours = generated.StateDict() |> Seq.toList, hand.StateDict() |> Seq.toList
    let sameLayout = theirs.Length = ours.Length && List.forall2 (fun (a: Collections.Generic.KeyValuePair<string, Tensor>) (b: Collections.Generic.KeyValuePair<string, Tensor>) -> a.Value.Shape = b.Value.Shape) theirs ours
    if sameLayout then
        use _ = torch.NoGrad()
        for a, b in List.zip ours theirs do a.Value.CopyInPlace(b.Value) |> ignore
    let outputs (model: nn.Module<Tensor, Tensor>) =
        [ for call in 0 .. 3 ->
            if call = 3 then model.Eval() |> ignore
            use x = torch.Randn(ReadOnlySpan [| 5L; int64 d.Input |], new Generator(uint64 (10 + call)))
            use y = model.Forward(x)
            y.ToArray<float32>() ]
    sameLayout && outputs generated = outputs hand

/// The declared default, and every other kind chosen at construction from the same declaration: each computes the
/// function of the hand-composed stack with that kind on the layers that follow the class default.
let private sameFunction (d: Declaration) =
    let context, assembly = compile (source d)
    try
        let net = assembly.GetType("Random.Net")
        let declared = matches d (fun t g -> Activator.CreateInstance(t, [| box g; null |])) net
        let constructed =
            kinds |> List.forall (fun kind ->
                matches { d with Default = kind } (fun t g -> Activator.CreateInstance(t, [| box kind; null; box g |])) net)
        declared && constructed
    finally
        context.Unload()

[<Fact>]
let ``A generated model computes the same function as its hand-composed stack`` () =
    Prop.forAll (Arb.fromGenShrink (declaration, shrinkDeclaration)) sameFunction
    |> Generators.check "generated = hand-composed" 30
