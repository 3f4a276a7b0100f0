/// A failure prints its program as C#: that C# must compile against the library as it is, for any program.
module Uam.Fuzzing.Tests.CSharpTests

open System
open System.IO
open System.Linq
open FsCheck
open FsCheck.FSharp
open Microsoft.CodeAnalysis
open Microsoft.CodeAnalysis.CSharp
open Xunit
open Uam.Fuzzing

/// The printed program inside a compilable file: the prelude the comments describe, and the body in a method.
let private compilationUnit (rendered: string) =
    $"""using System; using System.Collections.Generic; using System.IO; using System.Linq; using System.Threading; using Uam.Runtime;
static class Repro
{{
    static readonly List<Tensor> leaked = new();
    static void Run(Action call) {{ try {{ call(); }} catch (Exception e) {{ Console.WriteLine(e.Message); }} }}
    public static void Main()
    {{
{rendered}
    }}
}}
static class FuzzFiles {{ public static void Damage(string path, string kind, long position) {{ }} }}
static class FuzzTraces {{ public static void Write(nn.RegularityNorm slot, Tensor input, string path) {{ }} }}
static class FuzzScopes
{{
    public static Tensor NoGrad(Func<Tensor> call) {{ using (torch.NoGrad()) return call(); }}
    public static Tensor Scoped(Func<Tensor> call) {{ using (torch.NewDisposeScope()) return call(); }}
}}
{Catalog.presetsSource}
"""

let private references =
    let trusted = (AppContext.GetData "TRUSTED_PLATFORM_ASSEMBLIES" :?> string).Split(Path.PathSeparator)
    [ yield! trusted |> Seq.map (fun p -> MetadataReference.CreateFromFile p :> MetadataReference)
      yield MetadataReference.CreateFromFile(typeof<Uam.Runtime.Tensor>.Assembly.Location) ]

let private errors (source: string) =
    let compilation =
        CSharpCompilation.Create(
            "Repro", [ CSharpSyntaxTree.ParseText(source, CSharpParseOptions(LanguageVersion.Latest)) ], references,
            CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions = NullableContextOptions.Enable))
    compilation.GetDiagnostics() |> Seq.filter (fun d -> d.Severity = DiagnosticSeverity.Error) |> List.ofSeq

[<Fact>]
let ``every operation's C# form compiles`` () =
    // One program per operation of the catalog, with arguments the generator would draw.
    let programs = Gen.sampleWithSeed (Rnd(3UL, 5UL)) 60 600 (Generation.program 60)
    let covered = programs |> Seq.collect (List.map (fun c -> c.Op)) |> Set.ofSeq
    let missing = Catalog.all |> List.filter (fun o -> o.Weight > 0 && not (covered.Contains o.Name)) |> List.map (fun o -> o.Name)
    Assert.True(missing.IsEmpty, $"the sample misses {missing}")
    for program in programs do
        let source = compilationUnit (CSharp.render "test" program)
        match errors source with
        | [] -> ()
        | first :: _ ->
            let line = source.Split('\n')[first.Location.GetLineSpan().StartLinePosition.Line]
            failwith $"{first}\nin: {line.Trim()}\n\n{source}"

[<Fact>]
let ``a C# form that does not compile is caught`` () =
    // The check above is only as good as this: a wrong method name must be an error.
    let source = compilationUnit "Tensor v0 = null!;\nRun(() => { v0 = torch.Zeroes([2]); });"
    Assert.NotEmpty(errors source)
