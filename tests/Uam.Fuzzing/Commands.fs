/// The fuzzer's programs: sequences of public API calls over numbered variables, with a one-line text form
/// (what travels to the worker process) and a C# form (what a failure prints, ready to paste into a test).
module Uam.Fuzzing.Commands

open System
open System.Globalization

/// One argument of a call: a variable, or a literal.
type Arg =
    /// A variable made by an earlier command (tensor, module, optimizer, generator, state dict or file).
    | Var of int
    | Int of int64
    | Float of float
    | Bool of bool
    /// A shape or a list of dimensions.
    | Longs of int64 list
    /// A name from a fixed set (a scalar type, a variant, an option preset, a damage kind).
    | Name of string

/// One call: the operation (an entry of the catalog), its arguments, and the variable that receives its
/// result, if any. Commands whose variables no longer exist (after shrinking removed their maker) are skipped.
type Command = { Target: int option; Op: string; Args: Arg list }

/// A program: the commands, run in order in one fresh worker state.
type Program = Command list

let private invariant = CultureInfo.InvariantCulture

let private formatFloat (value: float) = value.ToString("R", invariant)

let private encodeArg arg =
    match arg with
    | Var v -> $"v{v}"
    | Int i -> $"i{i}"
    | Float f -> "f" + formatFloat f
    | Bool b -> if b then "bt" else "bf"
    | Longs values -> "l" + String.Join(",", values)
    | Name name -> "n" + name

let private decodeArg (token: string) =
    let body = token.Substring 1
    match token[0] with
    | 'v' -> Var(int body)
    | 'i' -> Int(Int64.Parse(body, invariant))
    | 'f' -> Float(Double.Parse(body, invariant))
    | 'b' -> Bool(body = "t")
    | 'l' -> Longs(if body = "" then [] else body.Split ',' |> Seq.map (fun s -> Int64.Parse(s, invariant)) |> List.ofSeq)
    | 'n' -> Name body
    | c -> failwith $"fuzz program: unknown argument token '{token}' (kind '{c}')"

/// `v3 = Reshape v1 l2,-1` per command, commands joined by " ; ": one line per program.
let encode (program: Program) =
    program
    |> List.map (fun c ->
        let target = match c.Target with Some t -> $"v{t}" | None -> "_"
        String.Join(" ", target :: "=" :: c.Op :: List.map encodeArg c.Args))
    |> fun lines -> String.Join(" ; ", lines)

/// The inverse of `encode`.
let decode (line: string) : Program =
    if String.IsNullOrWhiteSpace line then []
    else
        line.Split(" ; ")
        |> Seq.map (fun text ->
            match text.Split(' ', StringSplitOptions.RemoveEmptyEntries) |> List.ofArray with
            | target :: "=" :: op :: args ->
                { Target = (if target = "_" then None else Some(int (target.Substring 1)))
                  Op = op
                  Args = List.map decodeArg args }
            | _ -> failwith $"fuzz program: cannot read the command '{text}'")
        |> List.ofSeq

/// The C# literal for an argument.
let rec renderArg arg =
    match arg with
    | Var v -> $"v{v}"
    | Int i when i = Int64.MaxValue -> "long.MaxValue"
    | Int i when i = Int64.MinValue -> "long.MinValue"
    | Int i -> string i
    | Float f when Double.IsNaN f -> "double.NaN"
    | Float f when Double.IsPositiveInfinity f -> "double.PositiveInfinity"
    | Float f when Double.IsNegativeInfinity f -> "double.NegativeInfinity"
    | Float f when f = Double.MaxValue -> "double.MaxValue"
    | Float f -> formatFloat f
    | Bool b -> if b then "true" else "false"
    | Longs values -> "[" + String.Join(", ", values |> List.map (fun v -> renderArg (Int v))) + "]"
    | Name name -> name
