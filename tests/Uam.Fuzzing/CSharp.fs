/// A program as C# a developer can paste into a test: every variable declared up front with its type, every call
/// wrapped so that a clean exception is printed and the next call runs, exactly as the worker ran it.
module Uam.Fuzzing.CSharp

open System
open System.Text
open Uam.Fuzzing.Commands
open Uam.Fuzzing.Model

let private typeOf kind =
    match kind with
    | TensorKind -> "Tensor"
    | ModuleKind "rn" -> "nn.RegularityNorm"
    | ModuleKind "lstm" -> "nn.LSTMCell"
    | ModuleKind "cell" -> "nn.RecurrentCell"
    | ModuleKind _ -> "nn.Module<Tensor, Tensor>"
    | OptimizerKind -> "optim.Optimizer"
    | GeneratorKind -> "Generator"
    | StateDictKind -> "StateDict"
    | FileKind -> "string"

let private prelude =
    """// using System; using System.IO; using System.Linq; using Uam.Runtime;
// static void Run(Action call) { try { call(); } catch (Exception e) { Console.WriteLine($"{e.GetType().Name}: {e.Message}"); } }
// FuzzFiles.Damage, FuzzTraces.Write: tests/Uam.Fuzzing/Catalog.fs (`damage`, "TraceAndWrite"); FuzzScopes.NoGrad/Scoped: the call inside torch.NoGrad() or a
// dispose scope (tests/Uam.Fuzzing.Tests/CSharpTests.fs). Presets:
"""

/// The C# form of `program`, headed by the seed that found it.
let render (header: string) (program: Program) =
    let text = StringBuilder()
    text.AppendLine($"// {header}") |> ignore
    text.Append(prelude) |> ignore
    for line in Catalog.presetsSource.Split('\n') do text.AppendLine("// " + line) |> ignore
    text.AppendLine("var directory = Directory.CreateTempSubdirectory().FullName;") |> ignore
    for c in program do
        match c.Target, Catalog.byName[c.Op].Result with
        | Some t, Some kind -> text.AppendLine($"{typeOf kind} v{t} = null!;") |> ignore
        | _ -> ()
    for c in program do
        let op = Catalog.byName[c.Op]
        let expression = String.Format(op.Template, c.Args |> List.map (renderArg >> box) |> Array.ofList)
        let statement = match c.Target with Some t -> $"v{t} = {expression};" | None -> $"{expression};"
        text.AppendLine($"Run(() => {{ {statement} }});") |> ignore
    text.ToString()
