/// What the generator knows while it writes a program (the kinds of the variables made so far) and how each
/// operation of the catalog is described: its arguments, its result, its C# form and how the worker runs it.
module Uam.Fuzzing.Model

open System
open FsCheck
open FsCheck.FSharp
open Uam.Runtime
open Uam.Fuzzing.Commands

/// The kind of a variable. Modules carry a role: "layer" (tensor → tensor), "rn" (a regularity slot, also a
/// layer), "cell" (RNN and GRU cells: input and hidden state), "lstm" (input and (h, c)).
type Kind =
    | TensorKind
    | ModuleKind of role: string
    | OptimizerKind
    | GeneratorKind
    | StateDictKind
    | FileKind

/// The generator's state: the variables made so far (newest first), the shapes it knows (tensors made from a
/// literal shape and what keeps their shape) and the input features of the modules it made.
type State = { Variables: (int * Kind) list; Shapes: Map<int, int64 list>; Features: Map<int, int64>; Next: int }

/// What a derived literal may look at: the known shape of the command's first tensor argument and the input
/// features of its first module argument.
type Context = { Shape: int64 list option; Features: int64 option }

/// A command references a variable the program no longer makes (shrinking removed its maker): the worker skips it.
exception SkipCommand

/// The worker's view of one command: its literal arguments and the live objects its variables name.
type Env(args: Arg array, resolve: int -> obj, directory: string) =
    member _.Count = args.Length
    member _.Arg k = args[k]
    member _.Object k =
        match args[k] with
        | Var v -> resolve v
        | other -> failwith $"argument {k} is {other}, not a variable"
    member e.Tensor k : Tensor = e.Object k :?> Tensor
    member e.Module k : nn.Module = e.Object k :?> nn.Module
    member e.Layer k : nn.Module<Tensor, Tensor> = e.Object k :?> nn.Module<Tensor, Tensor>
    member e.Optimizer k : optim.Optimizer = e.Object k :?> optim.Optimizer
    member e.Generator k : Generator = e.Object k :?> Generator
    member e.StateDict k : StateDict = e.Object k :?> StateDict
    member e.File k : string = e.Object k :?> string
    member _.Int k = match args[k] with Int i -> i | other -> failwith $"argument {k} is {other}, not an integer"
    member _.Float k = match args[k] with Float f -> f | other -> failwith $"argument {k} is {other}, not a number"
    member _.Bool k = match args[k] with Bool b -> b | other -> failwith $"argument {k} is {other}, not a boolean"
    member _.Longs k = match args[k] with Longs l -> Array.ofList l | other -> failwith $"argument {k} is {other}, not a list"
    member _.Name k = match args[k] with Name n -> n | other -> failwith $"argument {k} is {other}, not a name"
    member e.Span k = ReadOnlySpan<int64>(e.Longs k)
    /// A scalar type named by argument k (rendered `ScalarType.X`).
    member e.DType k : ScalarType = Enum.Parse<ScalarType>(e.Name k)
    /// The worker's scratch directory (files live there).
    member _.Directory = directory

/// How an argument is chosen: a variable of a kind, or a literal from a generator.
type ArgSpec =
    | ATensor
    | AModule of roles: string list
    | AOptimizer
    | AGenerator
    | AStateDict
    | AFile
    | ALiteral of Gen<Arg>
    /// A literal drawn knowing the context (dimensions in range of the first tensor's rank, a module's features).
    | AShaped of (Context -> Gen<Arg>)
    /// A tensor of the first tensor argument's shape when one is known (so element-wise calls mostly match).
    | ATensorLike

/// One entry of the catalog.
type Op =
    { Name: string
      Args: ArgSpec list
      /// The kind of the variable the result goes to (None: the call returns nothing worth keeping).
      Result: Kind option
      /// The C# form, {k} standing for argument k.
      Template: string
      /// How often the generator picks it, relative to the others.
      Weight: int
      /// Whether a finite result is owed when every input (tensor arguments and the parameters and buffers of
      /// module arguments) is finite and moderate (|x| ≤ 1e3): the op cannot make ±∞ or NaN from those.
      Finite: Env -> bool
      /// Runs the call; returns the result object (a Tensor, a Module, ...) or null.
      Run: Env -> obj }

let never (_: Env) = false
let always (_: Env) = true
