/// The public API calls the fuzzer makes: tensors (creation, shape, math, reductions, autograd), the functional
/// layers and losses, modules (the regularity normalizers included), optimizers, generators, state dicts and files.
/// Each entry says how its arguments are drawn, what its result is, its C# form and how the worker runs it.
module Uam.Fuzzing.Catalog

open System
open System.IO
open System.Linq
open FsCheck.FSharp
open Uam.Runtime
open Uam.Fuzzing.Commands
open Uam.Fuzzing.Model

module L = Literals

let private sc (value: float) : Scalar = Scalar.op_Implicit value

let private op name args result template weight finite (run: Env -> obj) =
    { Name = name; Args = args; Result = result; Template = template; Weight = weight; Finite = finite; Run = run }

/// A call that returns a new tensor.
let private tensor name args template weight finite (run: Env -> Tensor) = op name args (Some TensorKind) template weight finite (run >> box)

/// A call whose result is not kept (in-place ops, reads, setters).
let private action name args template weight (run: Env -> unit) = op name args None template weight never (fun e -> run e; null)

let private lit g = ALiteral g

let private pair (a: int64) (b: int64) : Nullable<struct (int64 * int64)> = Nullable(struct (a, b))

// ---- creation -------------------------------------------------------------------------------------------

let private creation =
    [ tensor "Zeros" [ lit L.shape; lit L.dtype ] "torch.Zeros({0}, ScalarType.{1})" 3 never (fun e -> torch.Zeros(e.Span 0, e.DType 1))
      tensor "Ones" [ lit L.shape; lit L.dtype ] "torch.Ones({0}, ScalarType.{1})" 2 never (fun e -> torch.Ones(e.Span 0, e.DType 1))
      tensor "Empty" [ lit L.shape; lit L.dtype ] "torch.Empty({0}, ScalarType.{1})" 1 never (fun e -> torch.Empty(e.Span 0, e.DType 1))
      tensor "Full" [ lit L.shape; lit L.number; lit L.dtype ] "torch.Full({0}, {1}, ScalarType.{2})" 3 never (fun e ->
          torch.Full(e.Span 0, sc (e.Float 1), e.DType 2))
      tensor "Randn" [ lit L.shape; lit L.floatType ] "torch.Randn({0}, dtype: ScalarType.{1})" 8 never (fun e -> torch.Randn(e.Span 0, dtype = e.DType 1))
      tensor "Rand" [ lit L.shape; lit L.floatType ] "torch.Rand({0}, dtype: ScalarType.{1})" 3 never (fun e -> torch.Rand(e.Span 0, dtype = e.DType 1))
      tensor "RandInt" [ lit L.index; lit L.size; lit L.shape ] "torch.RandInt({0}, {1}, {2})" 3 never (fun e -> torch.RandInt(e.Int 0, e.Int 1, e.Span 2))
      tensor "RandPerm" [ lit L.size ] "torch.RandPerm({0})" 1 never (fun e -> torch.RandPerm(e.Int 0))
      tensor "Arange" [ lit L.number; lit L.number; lit L.number; lit L.dtype ] "torch.Arange({0}, {1}, {2}, ScalarType.{3})" 2 never (fun e ->
          torch.Arange(e.Float 0, e.Float 1, e.Float 2, e.DType 3))
      tensor "Linspace" [ lit L.number; lit L.number; lit L.size ] "torch.Linspace({0}, {1}, {2})" 1 never (fun e -> torch.Linspace(e.Float 0, e.Float 1, e.Int 2))
      tensor "Eye" [ lit L.size; lit L.size ] "torch.Eye({0}, {1})" 1 never (fun e -> torch.Eye(e.Int 0, Nullable(e.Int 1)))
      tensor "Scalar" [ lit L.number; lit L.dtype ] "torch.Scalar({0}, ScalarType.{1})" 2 never (fun e -> torch.Scalar(e.Float 0, e.DType 1))
      tensor "FromArray" [ lit L.size; lit L.shape; lit L.number ] "torch.FromArray(Enumerable.Repeat((float){2}, unchecked((int){0})).ToArray(), {1})" 2 never (fun e ->
          let n = e.Int 0
          if n < 0L || n > 4096L then raise SkipCommand   // the array itself is .NET's business
          torch.FromArray(Array.create (int n) (float32 (e.Float 2)), e.Span 1))
      tensor "ZerosLike" [ ATensor ] "torch.ZerosLike({0})" 1 always (fun e -> torch.ZerosLike(e.Tensor 0))
      tensor "OnesLike" [ ATensor ] "torch.OnesLike({0})" 1 always (fun e -> torch.OnesLike(e.Tensor 0)) ]

// ---- copies, conversions and shapes -----------------------------------------------------------------------

let private shapes =
    [ tensor "To" [ ATensor; lit L.dtype ] "{0}.To(ScalarType.{1})" 3 never (fun e -> e.Tensor(0).To(e.DType 1))
      tensor "Clone" [ ATensor ] "{0}.Clone()" 1 always (fun e -> e.Tensor(0).Clone())
      tensor "Contiguous" [ ATensor ] "{0}.Contiguous()" 1 always (fun e -> e.Tensor(0).Contiguous())
      tensor "Alias" [ ATensor ] "{0}.Alias()" 1 always (fun e -> e.Tensor(0).Alias())
      tensor "Reshape" [ ATensor; AShaped L.targetShapeFor ] "{0}.Reshape({1})" 4 always (fun e -> e.Tensor(0).Reshape(e.Span 1))
      tensor "View" [ ATensor; AShaped L.targetShapeFor ] "{0}.View({1})" 2 always (fun e -> e.Tensor(0).View(e.Span 1))
      tensor "Expand" [ ATensor; AShaped L.targetShapeFor ] "{0}.Expand({1})" 2 always (fun e -> e.Tensor(0).Expand(e.Span 1))
      tensor "Repeat" [ ATensor; lit L.shape ] "{0}.Repeat({1})" 2 always (fun e -> e.Tensor(0).Repeat(e.Span 1))
      tensor "Permute" [ ATensor; AShaped L.dimsFor ] "{0}.Permute({1})" 2 always (fun e -> e.Tensor(0).Permute(e.Span 1))
      tensor "Flip" [ ATensor; AShaped L.dimsFor ] "{0}.Flip({1})" 1 always (fun e -> e.Tensor(0).Flip(e.Span 1))
      tensor "Transpose" [ ATensor; AShaped L.dimFor; AShaped L.dimFor ] "{0}.Transpose({1}, {2})" 2 always (fun e -> e.Tensor(0).Transpose(e.Int 1, e.Int 2))
      tensor "T" [ ATensor ] "{0}.T()" 1 always (fun e -> e.Tensor(0).T())
      tensor "Flatten" [ ATensor; AShaped L.dimFor; AShaped L.dimFor ] "{0}.Flatten({1}, {2})" 2 always (fun e -> e.Tensor(0).Flatten(e.Int 1, e.Int 2))
      tensor "Squeeze" [ ATensor ] "{0}.Squeeze()" 1 always (fun e -> e.Tensor(0).Squeeze())
      tensor "SqueezeDim" [ ATensor; AShaped L.dimFor ] "{0}.Squeeze({1})" 1 always (fun e -> e.Tensor(0).Squeeze(e.Int 1))
      tensor "Unsqueeze" [ ATensor; AShaped L.dimFor ] "{0}.Unsqueeze({1})" 2 always (fun e -> e.Tensor(0).Unsqueeze(e.Int 1))
      tensor "Slice" [ ATensor; AShaped L.dimFor; lit L.index; lit L.index; lit L.size ] "{0}.Slice({1}, {2}, {3}, {4})" 2 always (fun e ->
          e.Tensor(0).Slice(e.Int 1, e.Int 2, e.Int 3, e.Int 4))
      tensor "Narrow" [ ATensor; AShaped L.dimFor; lit L.index; lit L.size ] "{0}.Narrow({1}, {2}, {3})" 2 always (fun e -> e.Tensor(0).Narrow(e.Int 1, e.Int 2, e.Int 3))
      tensor "Select" [ ATensor; AShaped L.dimFor; lit L.index ] "{0}.Select({1}, {2})" 2 always (fun e -> e.Tensor(0).Select(e.Int 1, e.Int 2))
      tensor "Index" [ ATensor; lit L.index ] "{0}[{1}]" 1 always (fun e -> e.Tensor(0).[e.Int 1])
      tensor "Split" [ ATensor; lit L.size; AShaped L.dimFor ] "{0}.Split({1}, {2})[0]" 1 always (fun e ->
          let parts = e.Tensor(0).Split(e.Int 1, e.Int 2)
          for p in parts |> Seq.skip 1 do p.Dispose()
          if parts.Length = 0 then raise SkipCommand else parts[0])
      tensor "IndexSelect" [ ATensor; AShaped L.dimFor; ATensor ] "{0}.IndexSelect({1}, {2})" 3 always (fun e -> e.Tensor(0).IndexSelect(e.Int 1, e.Tensor 2))
      tensor "Gather" [ ATensor; AShaped L.dimFor; ATensor ] "{0}.Gather({1}, {2})" 2 always (fun e -> e.Tensor(0).Gather(e.Int 1, e.Tensor 2))
      tensor "Scatter" [ ATensor; AShaped L.dimFor; ATensor; ATensor ] "{0}.Scatter({1}, {2}, {3})" 2 always (fun e -> e.Tensor(0).Scatter(e.Int 1, e.Tensor 2, e.Tensor 3))
      tensor "MaskedFill" [ ATensor; ATensor; lit L.number ] "{0}.MaskedFill({1}, {2})" 2 never (fun e -> e.Tensor(0).MaskedFill(e.Tensor 1, sc (e.Float 2)))
      tensor "OneHot" [ ATensor; lit L.size ] "{0}.OneHot({1})" 2 never (fun e -> e.Tensor(0).OneHot(e.Int 1))
      tensor "Cat" [ ATensor; ATensorLike; AShaped L.dimFor ] "torch.Cat([{0}, {1}], {2})" 2 always (fun e -> torch.Cat([| e.Tensor 0; e.Tensor 1 |], e.Int 2))
      tensor "Stack" [ ATensor; ATensorLike; AShaped L.dimFor ] "torch.Stack([{0}, {1}], {2})" 2 always (fun e -> torch.Stack([| e.Tensor 0; e.Tensor 1 |], e.Int 2))
      tensor "Where" [ ATensor; ATensorLike; ATensorLike ] "torch.Where({0}, {1}, {2})" 2 always (fun e -> torch.Where(e.Tensor 0, e.Tensor 1, e.Tensor 2)) ]

// ---- element-wise math ---------------------------------------------------------------------------------------

let private unary name finite (run: Tensor -> Tensor) = tensor name [ ATensor ] ("{0}." + name + "()") 1 (if finite then always else never) (fun e -> run (e.Tensor 0))

let private binary name finite (run: Tensor -> Tensor -> Tensor) =
    tensor name [ ATensor; ATensorLike ] ("{0}." + name + "({1})") 2 (if finite then always else never) (fun e -> run (e.Tensor 0) (e.Tensor 1))

let private withScalar name (run: Tensor -> Scalar -> Tensor) =
    tensor (name + "Scalar") [ ATensor; lit L.number ] ("{0}." + name + "({1})") 1 never (fun e -> run (e.Tensor 0) (sc (e.Float 1)))

let private math =
    [ unary "Neg" true (fun t -> t.Neg()); unary "Abs" true (fun t -> t.Abs()); unary "Exp" false (fun t -> t.Exp())
      unary "Log" false (fun t -> t.Log()); unary "Log1p" false (fun t -> t.Log1p()); unary "Sqrt" false (fun t -> t.Sqrt())
      unary "Rsqrt" false (fun t -> t.Rsqrt()); unary "Square" true (fun t -> t.Square()); unary "Reciprocal" false (fun t -> t.Reciprocal())
      unary "Sign" true (fun t -> t.Sign()); unary "Floor" true (fun t -> t.Floor()); unary "Sin" true (fun t -> t.Sin())
      unary "Cos" true (fun t -> t.Cos()); unary "Erf" true (fun t -> t.Erf()); unary "Relu" true (fun t -> t.Relu())
      unary "Tanh" true (fun t -> t.Tanh()); unary "Sigmoid" true (fun t -> t.Sigmoid()); unary "LogSigmoid" true (fun t -> t.LogSigmoid())
      unary "LogicalNot" false (fun t -> t.LogicalNot()); unary "IsNaN" false (fun t -> t.IsNaN()); unary "IsFinite" false (fun t -> t.IsFinite())
      tensor "Softplus" [ ATensor; lit L.number; lit L.number ] "{0}.Softplus({1}, {2})" 1 never (fun e -> e.Tensor(0).Softplus(e.Float 1, e.Float 2))
      tensor "LeakyRelu" [ ATensor; lit L.number ] "{0}.LeakyRelu({1})" 1 never (fun e -> e.Tensor(0).LeakyRelu(e.Float 1))
      tensor "Clamp" [ ATensor; lit L.number; lit L.number ] "{0}.Clamp({1}, {2})" 1 never (fun e -> e.Tensor(0).Clamp(Nullable(e.Float 1), Nullable(e.Float 2)))
      binary "Add" true (fun a b -> a.Add(b)); binary "Sub" true (fun a b -> a.Sub(b)); binary "Mul" true (fun a b -> a.Mul(b))
      binary "Div" false (fun a b -> a.Div(b)); binary "Pow" false (fun a b -> a.Pow(b)); binary "Maximum" true (fun a b -> a.Maximum(b))
      binary "Minimum" true (fun a b -> a.Minimum(b)); binary "Eq" false (fun a b -> a.Eq(b)); binary "Lt" false (fun a b -> a.Lt(b))
      binary "Ge" false (fun a b -> a.Ge(b)); binary "LogicalAnd" false (fun a b -> a.LogicalAnd(b)); binary "LogicalOr" false (fun a b -> a.LogicalOr(b))
      withScalar "Add" (fun a s -> a.Add(s)); withScalar "Mul" (fun a s -> a.Mul(s)); withScalar "Div" (fun a s -> a.Div(s))
      withScalar "Pow" (fun a s -> a.Pow(s)); withScalar "Gt" (fun a s -> a.Gt(s))
      tensor "MatMul" [ ATensor; ATensor ] "{0}.MatMul({1})" 2 always (fun e -> e.Tensor(0).MatMul(e.Tensor 1))
      tensor "Mm" [ ATensor; ATensor ] "{0}.Mm({1})" 1 always (fun e -> e.Tensor(0).Mm(e.Tensor 1))
      tensor "Bmm" [ ATensor; ATensor ] "{0}.Bmm({1})" 1 always (fun e -> e.Tensor(0).Bmm(e.Tensor 1)) ]

// ---- in place ------------------------------------------------------------------------------------------------

let private inPlace =
    [ action "AddInPlace" [ ATensor; ATensorLike ] "{0}.AddInPlace({1})" 2 (fun e -> e.Tensor(0).AddInPlace(e.Tensor 1) |> ignore)
      action "AddInPlaceScalar" [ ATensor; lit L.number ] "{0}.AddInPlace({1})" 1 (fun e -> e.Tensor(0).AddInPlace(sc (e.Float 1)) |> ignore)
      action "MulInPlace" [ ATensor; ATensorLike ] "{0}.MulInPlace({1})" 1 (fun e -> e.Tensor(0).MulInPlace(e.Tensor 1) |> ignore)
      action "MulInPlaceScalar" [ ATensor; lit L.number ] "{0}.MulInPlace({1})" 1 (fun e -> e.Tensor(0).MulInPlace(sc (e.Float 1)) |> ignore)
      action "DivInPlace" [ ATensor; ATensorLike ] "{0}.DivInPlace({1})" 1 (fun e -> e.Tensor(0).DivInPlace(e.Tensor 1) |> ignore)
      action "AddcmulInPlace" [ ATensor; ATensorLike; ATensorLike; lit L.number ] "{0}.AddcmulInPlace({1}, {2}, {3})" 1 (fun e ->
          e.Tensor(0).AddcmulInPlace(e.Tensor 1, e.Tensor 2, sc (e.Float 3)) |> ignore)
      action "AddcdivInPlace" [ ATensor; ATensorLike; ATensorLike; lit L.number ] "{0}.AddcdivInPlace({1}, {2}, {3})" 1 (fun e ->
          e.Tensor(0).AddcdivInPlace(e.Tensor 1, e.Tensor 2, sc (e.Float 3)) |> ignore)
      action "LerpInPlace" [ ATensor; ATensorLike; lit L.number ] "{0}.LerpInPlace({1}, {2})" 1 (fun e -> e.Tensor(0).LerpInPlace(e.Tensor 1, sc (e.Float 2)) |> ignore)
      action "ClampInPlace" [ ATensor; lit L.number; lit L.number ] "{0}.ClampInPlace({1}, {2})" 1 (fun e ->
          e.Tensor(0).ClampInPlace(Nullable(e.Float 1), Nullable(e.Float 2)) |> ignore)
      action "MaskedFillInPlace" [ ATensor; ATensor; lit L.number ] "{0}.MaskedFillInPlace({1}, {2})" 1 (fun e ->
          e.Tensor(0).MaskedFillInPlace(e.Tensor 1, sc (e.Float 2)) |> ignore)
      action "CopyInPlace" [ ATensor; ATensorLike ] "{0}.CopyInPlace({1})" 2 (fun e -> e.Tensor(0).CopyInPlace(e.Tensor 1) |> ignore)
      action "FillInPlace" [ ATensor; lit L.number ] "{0}.FillInPlace({1})" 1 (fun e -> e.Tensor(0).FillInPlace(sc (e.Float 1)) |> ignore)
      action "ZeroInPlace" [ ATensor ] "{0}.ZeroInPlace()" 1 (fun e -> e.Tensor(0).ZeroInPlace() |> ignore)
      action "UniformInPlace" [ ATensor; lit L.number; lit L.number ] "{0}.UniformInPlace({1}, {2})" 1 (fun e ->
          e.Tensor(0).UniformInPlace(e.Float 1, e.Float 2) |> ignore)
      action "NormalInPlace" [ ATensor; lit L.number; lit L.number ] "{0}.NormalInPlace({1}, {2})" 1 (fun e ->
          e.Tensor(0).NormalInPlace(e.Float 1, e.Float 2) |> ignore)
      action "BernoulliInPlace" [ ATensor; lit L.probability ] "{0}.BernoulliInPlace({1})" 1 (fun e -> e.Tensor(0).BernoulliInPlace(e.Float 1) |> ignore) ]

// ---- reductions and reads ----------------------------------------------------------------------------------

let private reductions =
    [ tensor "Sum" [ ATensor ] "{0}.Sum()" 2 always (fun e -> e.Tensor(0).Sum())
      tensor "SumDims" [ ATensor; AShaped L.dimsFor; lit L.boolean ] "{0}.Sum({1}, {2})" 2 always (fun e -> e.Tensor(0).Sum(e.Span 1, e.Bool 2))
      tensor "Mean" [ ATensor ] "{0}.Mean()" 1 never (fun e -> e.Tensor(0).Mean())
      tensor "MeanDims" [ ATensor; AShaped L.dimsFor; lit L.boolean ] "{0}.Mean({1}, {2})" 1 never (fun e -> e.Tensor(0).Mean(e.Span 1, e.Bool 2))
      tensor "LogSumExp" [ ATensor; AShaped L.dimsFor; lit L.boolean ] "{0}.LogSumExp({1}, {2})" 1 never (fun e -> e.Tensor(0).LogSumExp(e.Span 1, e.Bool 2))
      tensor "Max" [ ATensor ] "{0}.Max()" 1 always (fun e -> e.Tensor(0).Max())
      tensor "AMax" [ ATensor; AShaped L.dimsFor; lit L.boolean ] "{0}.AMax({1}, {2})" 1 always (fun e -> e.Tensor(0).AMax(e.Span 1, e.Bool 2))
      tensor "AMin" [ ATensor; AShaped L.dimsFor; lit L.boolean ] "{0}.AMin({1}, {2})" 1 always (fun e -> e.Tensor(0).AMin(e.Span 1, e.Bool 2))
      tensor "Std" [ ATensor; AShaped L.dimsFor; lit L.boolean; lit L.boolean ] "{0}.Std({1}, {2}, {3})" 1 never (fun e -> e.Tensor(0).Std(e.Span 1, e.Bool 2, e.Bool 3))
      tensor "Var" [ ATensor ] "{0}.Var()" 1 never (fun e -> e.Tensor(0).Var())
      tensor "Norm" [ ATensor; lit L.number; AShaped L.dimsFor ] "{0}.Norm({1}, {2})" 1 never (fun e -> e.Tensor(0).Norm(e.Float 1, e.Span 2))
      tensor "MaxDim" [ ATensor; AShaped L.dimFor; lit L.boolean ] "{0}.Max({1}, {2}).Values" 1 always (fun e ->
          let struct (values, indices) = e.Tensor(0).Max(e.Int 1, e.Bool 2)
          indices.Dispose()
          values)
      tensor "ArgMax" [ ATensor ] "{0}.ArgMax()" 1 never (fun e -> e.Tensor(0).ArgMax())
      tensor "ArgMaxDim" [ ATensor; AShaped L.dimFor; lit L.boolean ] "{0}.ArgMax({1}, {2})" 1 never (fun e -> e.Tensor(0).ArgMax(e.Int 1, e.Bool 2))
      tensor "CumSum" [ ATensor; AShaped L.dimFor ] "{0}.CumSum({1})" 1 always (fun e -> e.Tensor(0).CumSum(e.Int 1))
      tensor "Softmax" [ ATensor; AShaped L.dimFor ] "{0}.Softmax({1})" 2 always (fun e -> e.Tensor(0).Softmax(e.Int 1))
      tensor "LogSoftmax" [ ATensor; AShaped L.dimFor ] "{0}.LogSoftmax({1})" 2 always (fun e -> e.Tensor(0).LogSoftmax(e.Int 1))
      action "ItemFloat" [ ATensor ] "{0}.Item<float>()" 1 (fun e -> e.Tensor(0).Item<float32>() |> ignore)
      action "ItemLong" [ ATensor ] "{0}.Item<long>()" 1 (fun e -> e.Tensor(0).Item<int64>() |> ignore)
      action "ToDouble" [ ATensor ] "{0}.ToDouble()" 1 (fun e -> e.Tensor(0).ToDouble() |> ignore)
      action "ToArrayFloat" [ ATensor ] "{0}.ToArray<float>()" 1 (fun e -> e.Tensor(0).ToArray<float32>() |> ignore)
      action "ToDoubleArray" [ ATensor ] "{0}.ToDoubleArray()" 1 (fun e -> e.Tensor(0).ToDoubleArray() |> ignore)
      action "ItemInt" [ ATensor ] "{0}.Item<int>()" 1 (fun e -> e.Tensor(0).Item<int>() |> ignore)
      action "ItemBool" [ ATensor ] "{0}.Item<bool>()" 1 (fun e -> e.Tensor(0).Item<bool>() |> ignore)
      action "ToArrayLong" [ ATensor ] "{0}.ToArray<long>()" 1 (fun e -> e.Tensor(0).ToArray<int64>() |> ignore)
      action "CopyToSpan" [ ATensor; lit L.size ] "{0}.CopyTo(Enumerable.Repeat(0f, unchecked((int){1})).ToArray().AsSpan())" 1 (fun e ->
          let n = e.Int 1
          if n < 0L || n > 4096L then raise SkipCommand   // the array itself is .NET's business
          e.Tensor(0).CopyTo(Span<float32>(Array.zeroCreate<float32> (int n))))
      tensor "ToDevice" [ ATensor; lit (L.oneOf [ "cpu"; "cuda"; "cuda:1"; "mps"; "cpu:3" ]) ] "{0}.To(Device.Parse(\"{1}\"))" 1 never (fun e ->
          e.Tensor(0).To(Device.Parse(e.Name 1)))
      action "SetNumThreads" [ lit (Gen.frequency [ 6, Gen.choose (1, 3); 1, Gen.elements [ 0; -1; 100000; Int32.MaxValue ] ] |> Gen.map (int64 >> Int)) ]
          "torch.NumThreads = unchecked((int){0})" 1 (fun e -> torch.NumThreads <- int (e.Int 0))
      action "UseDeterministicAlgorithms" [ lit L.boolean ] "torch.UseDeterministicAlgorithms({0})" 1 (fun e -> torch.UseDeterministicAlgorithms(e.Bool 0))
      action "Size" [ ATensor; AShaped L.dimFor ] "{0}.Size(unchecked((int){1}))" 1 (fun e -> e.Tensor(0).Size(int (e.Int 1)) |> ignore)
      action "ToString" [ ATensor ] "{0}.ToString()" 1 (fun e -> e.Tensor(0).ToString() |> ignore)
      action "Dispose" [ ATensor ] "{0}.Dispose()" 3 (fun e -> e.Tensor(0).Dispose()) ]

// ---- autograd and random ---------------------------------------------------------------------------------------

let private autograd =
    [ action "SetRequiresGrad" [ ATensor; lit L.boolean ] "{0}.SetRequiresGrad({1})" 2 (fun e -> e.Tensor(0).SetRequiresGrad(e.Bool 1) |> ignore)
      action "Backward" [ ATensor ] "{0}.Backward()" 2 (fun e -> e.Tensor(0).Backward())
      action "BackwardWith" [ ATensor; ATensorLike; lit L.boolean ] "{0}.Backward({1}, retainGraph: {2})" 1 (fun e ->
          e.Tensor(0).Backward(e.Tensor 1, e.Bool 2))
      action "BackwardCreateGraph" [ ATensor ] "{0}.Backward(createGraph: true)" 1 (fun e -> e.Tensor(0).Backward(createGraph = true))
      tensor "Grad" [ ATensor ] "{0}.Grad" 2 never (fun e -> match e.Tensor(0).Grad with null -> raise SkipCommand | g -> g)
      action "SetGrad" [ ATensor; ATensorLike ] "{0}.SetGrad({1})" 1 (fun e -> e.Tensor(0).SetGrad(e.Tensor 1))
      action "ClearGrad" [ ATensor ] "{0}.SetGrad(null)" 1 (fun e -> e.Tensor(0).SetGrad(null))
      tensor "RetainGrad" [ ATensor ] "{0}.RetainGrad()" 1 never (fun e -> e.Tensor(0).RetainGrad())
      tensor "Detach" [ ATensor ] "{0}.Detach()" 1 always (fun e -> e.Tensor(0).Detach())
      tensor "Bernoulli" [ ATensor ] "torch.Bernoulli({0})" 1 never (fun e -> torch.Bernoulli(e.Tensor 0))
      tensor "Multinomial" [ ATensor; lit L.size; lit L.boolean ] "torch.Multinomial({0}, {1}, {2})" 1 never (fun e ->
          torch.Multinomial(e.Tensor 0, e.Int 1, e.Bool 2))
      op "NewGenerator" [ lit L.seed ] (Some GeneratorKind) "new Generator(unchecked((ulong){0}))" 1 never (fun e -> box (new Generator(uint64 (e.Int 0))))
      action "ManualSeed" [ AGenerator; lit L.seed ] "{0}.ManualSeed(unchecked((ulong){1}))" 1 (fun e -> e.Generator(0).ManualSeed(uint64 (e.Int 1)))
      tensor "GetState" [ AGenerator ] "{0}.GetState()" 1 never (fun e -> e.Generator(0).GetState())
      action "SetState" [ AGenerator; ATensor ] "{0}.SetState({1})" 1 (fun e -> e.Generator(0).SetState(e.Tensor 1))
      tensor "RandnWith" [ lit L.shape; AGenerator ] "torch.Randn({0}, {1})" 1 never (fun e -> torch.Randn(e.Span 0, e.Generator 1))
      tensor "DropoutWith" [ ATensor; lit L.probability; AGenerator ] "nn.functional.Dropout({0}, {1}, true, {2})" 1 never (fun e ->
          nn.functional.Dropout(e.Tensor 0, e.Float 1, true, e.Generator 2))
      action "DisposeGenerator" [ AGenerator ] "{0}.Dispose()" 1 (fun e -> e.Generator(0).Dispose()) ]

// ---- functional layers and losses -----------------------------------------------------------------------------

let private functional =
    [ tensor "Linear" [ ATensor; ATensor; ATensor ] "nn.functional.Linear({0}, {1}, {2})" 2 always (fun e -> nn.functional.Linear(e.Tensor 0, e.Tensor 1, e.Tensor 2))
      tensor "LinearNoBias" [ ATensor; ATensor ] "nn.functional.Linear({0}, {1})" 1 always (fun e -> nn.functional.Linear(e.Tensor 0, e.Tensor 1))
      tensor "Conv2d" [ ATensor; ATensor; lit L.size; lit L.size ] "nn.functional.Conv2d({0}, {1}, null, ({2}, {2}), ({3}, {3}))" 1 never (fun e ->
          nn.functional.Conv2d(e.Tensor 0, e.Tensor 1, null, pair (e.Int 2) (e.Int 2), pair (e.Int 3) (e.Int 3)))
      tensor "Conv2dFull" [ ATensor; ATensor; lit L.size; lit L.size; lit L.size; lit L.size ]
          "nn.functional.Conv2d({0}, {1}, null, ({2}, {2}), ({3}, {3}), ({4}, {4}), {5})" 1 never (fun e ->
          nn.functional.Conv2d(e.Tensor 0, e.Tensor 1, null, pair (e.Int 2) (e.Int 2), pair (e.Int 3) (e.Int 3), pair (e.Int 4) (e.Int 4), e.Int 5))
      tensor "MaxPool2dFull" [ ATensor; lit L.size; lit L.size; lit L.size; lit L.size; lit L.boolean ]
          "nn.functional.MaxPool2d({0}, ({1}, {1}), ({2}, {2}), ({3}, {3}), ({4}, {4}), {5})" 1 never (fun e ->
          nn.functional.MaxPool2d(e.Tensor 0, struct (e.Int 1, e.Int 1), pair (e.Int 2) (e.Int 2), pair (e.Int 3) (e.Int 3), pair (e.Int 4) (e.Int 4), e.Bool 5))
      tensor "MaxPool2d" [ ATensor; lit L.size; lit L.size ] "nn.functional.MaxPool2d({0}, ({1}, {1}), ({2}, {2}))" 1 never (fun e ->
          nn.functional.MaxPool2d(e.Tensor 0, struct (e.Int 1, e.Int 1), pair (e.Int 2) (e.Int 2)))
      tensor "Embedding" [ ATensor; ATensor; lit L.index ] "nn.functional.Embedding({0}, {1}, {2})" 1 never (fun e -> nn.functional.Embedding(e.Tensor 0, e.Tensor 1, e.Int 2))
      tensor "LayerNormF" [ ATensor; lit L.shape; lit L.rate ] "nn.functional.LayerNorm({0}, {1}, eps: {2})" 1 never (fun e ->
          nn.functional.LayerNorm(e.Tensor 0, e.Span 1, eps = e.Float 2))
      tensor "BatchNormF" [ ATensor; ATensor; ATensor; lit L.boolean ] "nn.functional.BatchNorm({0}, {1}, {2}, training: {3})" 1 never (fun e ->
          nn.functional.BatchNorm(e.Tensor 0, e.Tensor 1, e.Tensor 2, training = e.Bool 3))
      tensor "Dropout" [ ATensor; lit L.probability; lit L.boolean ] "nn.functional.Dropout({0}, {1}, {2})" 1 never (fun e ->
          nn.functional.Dropout(e.Tensor 0, e.Float 1, e.Bool 2))
      tensor "WeightNorm" [ ATensor; ATensor; AShaped L.dimFor ] "nn.functional.WeightNorm({0}, {1}, {2})" 2 never (fun e -> nn.functional.WeightNorm(e.Tensor 0, e.Tensor 1, e.Int 2))
      tensor "RnnTanhCell" [ ATensor; ATensor; ATensor; ATensor ] "nn.functional.RnnTanhCell({0}, {1}, {2}, {3}, null, null)" 1 never (fun e ->
          nn.functional.RnnTanhCell(e.Tensor 0, e.Tensor 1, e.Tensor 2, e.Tensor 3, null, null))
      tensor "GruCell" [ ATensor; ATensor; ATensor; ATensor ] "nn.functional.GruCell({0}, {1}, {2}, {3}, null, null)" 1 never (fun e ->
          nn.functional.GruCell(e.Tensor 0, e.Tensor 1, e.Tensor 2, e.Tensor 3, null, null))
      tensor "LstmCell" [ ATensor; ATensor; ATensor; ATensor; ATensor ] "nn.functional.LstmCell({0}, {1}, {2}, {3}, {4}, null, null).H" 1 never (fun e ->
          let struct (h, c) = nn.functional.LstmCell(e.Tensor 0, e.Tensor 1, e.Tensor 2, e.Tensor 3, e.Tensor 4, null, null)
          c.Dispose()
          h)
      tensor "NllLoss" [ ATensor; ATensor ] "nn.functional.NllLoss({0}, {1})" 1 never (fun e -> nn.functional.NllLoss(e.Tensor 0, e.Tensor 1))
      tensor "CrossEntropy" [ ATensor; ATensor ] "nn.functional.CrossEntropy({0}, {1})" 2 never (fun e -> nn.functional.CrossEntropy(e.Tensor 0, e.Tensor 1))
      tensor "MseLoss" [ ATensor; ATensorLike ] "nn.functional.MseLoss({0}, {1})" 2 never (fun e -> nn.functional.MseLoss(e.Tensor 0, e.Tensor 1))
      tensor "SmoothL1Loss" [ ATensor; ATensorLike; lit L.number ] "nn.functional.SmoothL1Loss({0}, {1}, beta: {2})" 1 never (fun e ->
          nn.functional.SmoothL1Loss(e.Tensor 0, e.Tensor 1, beta = e.Float 2))
      tensor "BinaryCrossEntropy" [ ATensor; ATensor ] "nn.functional.BinaryCrossEntropy({0}, {1})" 1 never (fun e -> nn.functional.BinaryCrossEntropy(e.Tensor 0, e.Tensor 1))
      tensor "BceWithLogits" [ ATensor; ATensor ] "nn.functional.BinaryCrossEntropyWithLogits({0}, {1})" 1 never (fun e ->
          nn.functional.BinaryCrossEntropyWithLogits(e.Tensor 0, e.Tensor 1))
      tensor "SaliencyPrior" [ ATensor ] "SaliencyPrior.FromLabels({0})" 1 never (fun e -> SaliencyPrior.FromLabels(e.Tensor 0))
      tensor "NormalLogProb" [ ATensor; ATensor; ATensor ] "new Normal({0}, {1}).LogProb({2})" 1 never (fun e -> Normal(e.Tensor 0, e.Tensor 1).LogProb(e.Tensor 2))
      tensor "NormalSample" [ ATensor; ATensor ] "new Normal({0}, {1}).Sample()" 1 never (fun e -> Normal(e.Tensor 0, e.Tensor 1).Sample())
      tensor "NormalRSample" [ ATensor; ATensor ] "new Normal({0}, {1}).RSample()" 1 never (fun e -> Normal(e.Tensor 0, e.Tensor 1).RSample())
      tensor "NormalEntropy" [ ATensor; ATensor ] "new Normal({0}, {1}).Entropy()" 1 never (fun e -> Normal(e.Tensor 0, e.Tensor 1).Entropy()) ]

// ---- modules -----------------------------------------------------------------------------------------------

/// Option presets of the regularity normalizers, by name (the printed C# defines the same `Presets`).
let private withImplementation (o: RegularityOptions) implementation nonFinite =
    RegularityOptions(
        Pooling = o.Pooling, Gradient = o.Gradient, Scale = o.Scale, StdFloor = o.StdFloor, Apply = o.Apply,
        AllowInferenceWithoutHistory = o.AllowInferenceWithoutHistory, PerSampleCompPerRow = o.PerSampleCompPerRow,
        Recurrence = o.Recurrence, NonFinite = nonFinite, Implementation = implementation)

let regularityPresets =
    dict
        [ "Default", RegularityOptions.Default
          "Faithful", RegularityOptions.Faithful
          "Composite", withImplementation RegularityOptions.Default RegularityImplementation.Composite NonFiniteTraining.Throw
          "FaithfulComposite", withImplementation RegularityOptions.Faithful RegularityImplementation.Composite NonFiniteTraining.Throw
          "Skip", withImplementation RegularityOptions.Default RegularityImplementation.Fused NonFiniteTraining.Skip ]

/// The C# definitions of the presets, for printed programs.
let presetsSource =
    """static class Presets
{
    public static readonly RegularityOptions Default = RegularityOptions.Default;
    public static readonly RegularityOptions Faithful = RegularityOptions.Faithful;
    public static readonly RegularityOptions Composite = RegularityOptions.Default with { Implementation = RegularityImplementation.Composite };
    public static readonly RegularityOptions FaithfulComposite = RegularityOptions.Faithful with { Implementation = RegularityImplementation.Composite };
    public static readonly RegularityOptions Skip = RegularityOptions.Default with { NonFinite = NonFiniteTraining.Skip };
}"""

let private variant = lit <| L.oneOf [ "WholeLayer"; "PerFeature"; "PerSample"; "Saliency" ]
let private preset = lit <| L.oneOf [ "Default"; "Faithful"; "Composite"; "FaithfulComposite"; "Skip" ]
let private module' name args role template weight (run: Env -> nn.Module) = op name args (Some(ModuleKind role)) template weight never (run >> box)
let private anyModule = AModule []
let private layer = AModule [ "layer"; "rn" ]

/// Whether a layer's output is owed finite on finite input: every layer here but weight norm (v/‖v‖ is 0/0 for
/// a zero row of v, which a program can make with FillInPlace) and regularity slots without a σ floor (the
/// original's flaw, kept by the Faithful options: σ = 0 on a constant batch).
let private owesFinite (m: nn.Module) =
    m.NamedModules()
    |> Seq.forall (fun struct (_, m) ->
        match m with
        | :? nn.WeightNormLinear -> false
        | :? nn.RegularityNorm as rn -> rn.Options.StdFloor > 0.0
        | _ -> true)

let private layerIsFinite (e: Env) = owesFinite (e.Module 0)

let private modules =
    [ module' "NewLinear" [ lit L.features; lit L.features; lit L.boolean ] "layer" "new nn.Linear({0}, {1}, {2})" 3 (fun e ->
          new nn.Linear(e.Int 0, e.Int 1, e.Bool 2))
      module' "NewConv2d" [ lit L.features; lit L.features; lit L.size; lit L.size; lit L.size ] "layer" "new nn.Conv2d({0}, {1}, {2}, {3}, {4})" 1 (fun e ->
          new nn.Conv2d(e.Int 0, e.Int 1, e.Int 2, e.Int 3, e.Int 4))
      module' "NewMaxPool2d" [ lit L.size ] "layer" "new nn.MaxPool2d({0})" 1 (fun e -> new nn.MaxPool2d(e.Int 0))
      module' "NewBatchNorm1d" [ lit L.features; lit L.rate ] "layer" "new nn.BatchNorm1d({0}, momentum: {1})" 1 (fun e ->
          new nn.BatchNorm1d(e.Int 0, momentum = e.Float 1))
      module' "NewLayerNorm" [ lit L.features ] "layer" "new nn.LayerNorm({0})" 1 (fun e -> new nn.LayerNorm(e.Int 0))
      module' "NewEmbedding" [ lit L.features; lit L.features ] "layer" "new nn.Embedding({0}, {1})" 1 (fun e -> new nn.Embedding(e.Int 0, e.Int 1))
      module' "NewEmbeddingPadded" [ lit L.features; lit L.features; lit L.index ] "layer" "new nn.Embedding({0}, {1}, {2})" 1 (fun e ->
          new nn.Embedding(e.Int 0, e.Int 1, Nullable(e.Int 2)))
      module' "NewWeightNormLinear" [ lit L.features; lit L.features ] "layer" "new nn.WeightNormLinear({0}, {1})" 1 (fun e ->
          new nn.WeightNormLinear(e.Int 0, e.Int 1))
      module' "NewDropout" [ lit L.probability ] "layer" "new nn.Dropout({0})" 1 (fun e -> new nn.Dropout(e.Float 0))
      module' "NewSoftmax" [ AShaped L.dimFor ] "layer" "new nn.Softmax({0})" 1 (fun e -> new nn.Softmax(e.Int 0))
      module' "NewRNNCell" [ lit L.features; lit L.features ] "cell" "new nn.RNNCell({0}, {1})" 1 (fun e -> new nn.RNNCell(e.Int 0, e.Int 1))
      module' "NewGRUCell" [ lit L.features; lit L.features ] "cell" "new nn.GRUCell({0}, {1})" 1 (fun e -> new nn.GRUCell(e.Int 0, e.Int 1))
      module' "NewLSTMCell" [ lit L.features; lit L.features ] "lstm" "new nn.LSTMCell({0}, {1})" 1 (fun e -> new nn.LSTMCell(e.Int 0, e.Int 1))
      module' "NewRegularityNorm" [ variant; preset ] "rn" "new nn.RegularityNorm(RegularityVariant.{0}, null, Presets.{1})" 3 (fun e ->
          new nn.RegularityNorm(Enum.Parse<RegularityVariant>(e.Name 0), Nullable(), regularityPresets[e.Name 1]))
      module' "NewRegularityNormFeatures" [ variant; lit L.features; preset ] "rn" "new nn.RegularityNorm(RegularityVariant.{0}, {1}, Presets.{2})" 3 (fun e ->
          new nn.RegularityNorm(Enum.Parse<RegularityVariant>(e.Name 0), Nullable(e.Int 1), regularityPresets[e.Name 2]))
      module' "NewRegularityLayerNorm" [ lit L.features; lit (L.oneOf [ "LayerNormFirst"; "RegularityFirst" ]); variant ] "layer"
          "new nn.RegularityLayerNorm({0}, RegularityOrder.{1}, RegularityVariant.{2})" 1 (fun e ->
          new nn.RegularityLayerNorm(e.Int 0, Enum.Parse<RegularityOrder>(e.Name 1), Enum.Parse<RegularityVariant>(e.Name 2)))
      module' "NewSequential" [ lit L.features; lit L.features; variant ] "layer"
          "new nn.Sequential(new nn.Linear({0}, {1}), new nn.ReLU(), new nn.RegularityNorm(RegularityVariant.{2}, {1}))" 2 (fun e ->
          new nn.Sequential(new nn.Linear(e.Int 0, e.Int 1), new nn.ReLU(), new nn.RegularityNorm(Enum.Parse<RegularityVariant>(e.Name 2), Nullable(e.Int 1))))
      op "Forward" [ layer; ATensor ] (Some TensorKind) "{0}.Forward({1})" 10 layerIsFinite (fun e -> box (e.Layer(0).Forward(e.Tensor 1)))
      op "ForwardFresh" [ layer; lit L.batch; AShaped L.featuresFor ] (Some TensorKind) "{0}.Forward(torch.Randn([{1}, {2}]))" 10 layerIsFinite (fun e ->
          use input = torch.Randn(ReadOnlySpan [| e.Int 1; e.Int 2 |])
          box (e.Layer(0).Forward(input)))
      action "ForwardBackward" [ layer; lit L.batch; AShaped L.featuresFor ] "{0}.Forward(torch.Randn([{1}, {2}])).Sum().Backward()" 6 (fun e ->
          // One training step's gradient: what optimizers then consume.
          use input = torch.Randn(ReadOnlySpan [| e.Int 1; e.Int 2 |])
          use output = e.Layer(0).Forward(input)
          use loss = output.Sum()
          loss.Backward())
      op "ForwardFreshImage" [ layer; lit L.batch; AShaped L.featuresFor; lit L.size; lit L.size ] (Some TensorKind)
          "{0}.Forward(torch.Randn([{1}, {2}, {3}, {4}]))" 2 layerIsFinite (fun e ->
          use input = torch.Randn(ReadOnlySpan [| e.Int 1; e.Int 2; e.Int 3; e.Int 4 |])
          box (e.Layer(0).Forward(input)))
      tensor "LstmForwardFresh" [ AModule [ "lstm" ]; lit L.batch; AShaped L.featuresFor ] "{0}.Forward(torch.Randn([{1}, {2}])).H" 2 always (fun e ->
          use input = torch.Randn(ReadOnlySpan [| e.Int 1; e.Int 2 |])
          let struct (h, c) = (e.Module 0 :?> nn.LSTMCell).Forward(input)
          c.Dispose()
          h)
      op "ForwardNoGrad" [ layer; ATensor ] (Some TensorKind) "FuzzScopes.NoGrad(() => {0}.Forward({1}))" 2 layerIsFinite (fun e ->
          use _ = torch.NoGrad()
          box (e.Layer(0).Forward(e.Tensor 1)))
      op "ForwardInScope" [ layer; ATensor ] (Some TensorKind) "FuzzScopes.Scoped(() => {0}.Forward({1}).Relu().MoveToOuterDisposeScope())" 2 layerIsFinite (fun e ->
          // The forward result belongs to the scope and is disposed with it; only the moved tensor survives.
          use scope = torch.NewDisposeScope()
          use y = e.Layer(0).Forward(e.Tensor 1)
          box (y.Relu().MoveToOuterDisposeScope()))
      tensor "CellForwardFresh" [ AModule [ "cell" ]; lit L.batch; AShaped L.featuresFor ] "((dynamic){0}).Forward(torch.Randn([{1}, {2}]))" 3 always (fun e ->
          use input = torch.Randn(ReadOnlySpan [| e.Int 1; e.Int 2 |])
          match e.Module 0 with
          | :? nn.RNNCell as c -> c.Forward(input)
          | :? nn.GRUCell as c -> c.Forward(input)
          | _ -> raise SkipCommand)
      tensor "CellForward" [ AModule [ "cell" ]; ATensor ] "((dynamic){0}).Forward({1})" 2 always (fun e ->
          match e.Module 0 with
          | :? nn.RNNCell as c -> c.Forward(e.Tensor 1)
          | :? nn.GRUCell as c -> c.Forward(e.Tensor 1)
          | _ -> raise SkipCommand)
      tensor "CellForwardHidden" [ AModule [ "cell" ]; ATensor; ATensor ] "((dynamic){0}).Forward({1}, {2})" 2 always (fun e ->
          match e.Module 0 with
          | :? nn.RNNCell as c -> c.Forward(e.Tensor 1, e.Tensor 2)
          | :? nn.GRUCell as c -> c.Forward(e.Tensor 1, e.Tensor 2)
          | _ -> raise SkipCommand)
      tensor "LstmForward" [ AModule [ "lstm" ]; ATensor; ATensor; ATensor ] "{0}.Forward({1}, ({2}, {3})).H" 2 always (fun e ->
          let struct (h, c) = (e.Module 0 :?> nn.LSTMCell).Forward(e.Tensor 1, Nullable<struct (Tensor * Tensor)>(struct (e.Tensor 2, e.Tensor 3)))
          c.Dispose()
          h)
      tensor "RegularityForwardPrior" [ AModule [ "rn" ]; ATensor; ATensor ] "{0}.Forward({1}, {2})" 3 layerIsFinite (fun e ->
          (e.Module 0 :?> nn.RegularityNorm).Forward(e.Tensor 1, e.Tensor 2))
      tensor "RegularityForwardStep" [ AModule [ "rn" ]; ATensor; lit L.index ] "{0}.ForwardStep({1}, unchecked((int){2}))" 2 layerIsFinite (fun e ->
          (e.Module 0 :?> nn.RegularityNorm).ForwardStep(e.Tensor 1, int (e.Int 2)))
      action "SetPrior" [ AModule [ "rn" ]; ATensor ] "{0}.Prior = {1}" 1 (fun e -> (e.Module 0 :?> nn.RegularityNorm).Prior <- e.Tensor 1)
      action "TraceAndWrite" [ AModule [ "rn" ]; ATensor; AFile ] "FuzzTraces.Write({0}, {1}, {2})" 1 (fun e ->
          // A probe trace over one forward pass, written as both CSV tables (the file variable names the directory).
          let rn = e.Module 0 :?> nn.RegularityNorm
          rn.Trace <- RegularityTrace("fuzz")
          try
              use y = rn.Forward(e.Tensor 1)
              RegularityTrace.WriteSummaryCsv(e.File 2 + ".summary.csv", [ rn.Trace ])
              RegularityTrace.WriteVectorsCsv(e.File 2 + ".vectors.csv", [ rn.Trace ])
          finally
              rn.Trace <- null)
      action "RegularityReset" [ AModule [ "rn" ] ] "{0}.Reset()" 1 (fun e -> (e.Module 0 :?> nn.RegularityNorm).Reset())
      tensor "RegularityComp" [ AModule [ "rn" ] ] "{0}.Comp()" 1 never (fun e -> (e.Module 0 :?> nn.RegularityNorm).Comp())
      action "RegularityStatistics" [ AModule [ "rn" ] ] "_ = ({0}.Count, {0}.RunningMean, {0}.RunningStd)" 1 (fun e ->
          let rn = e.Module 0 :?> nn.RegularityNorm
          (rn.Count, rn.RunningMean, rn.RunningStd) |> ignore)
      action "Train" [ anyModule; lit L.boolean ] "{0}.Train({1})" 2 (fun e -> e.Module(0).Train(e.Bool 1) |> ignore)
      action "ModuleToDType" [ anyModule; lit L.dtype ] "{0}.To(ScalarType.{1})" 1 (fun e -> e.Module(0).To(e.DType 1) |> ignore)
      action "ModuleZeroGrad" [ anyModule ] "{0}.ZeroGrad()" 1 (fun e -> e.Module(0).ZeroGrad())
      tensor "Parameter" [ anyModule; lit L.small ] "{0}.Parameters().ElementAt((int){1})" 3 never (fun e ->
          let parameters = e.Module(0).Parameters() |> Array.ofSeq
          let i = e.Int 1
          if i < 0L || i >= int64 parameters.Length then raise SkipCommand else parameters[int i])
      tensor "Buffer" [ anyModule; lit L.small ] "{0}.NamedBuffers().ElementAt((int){1}).Buffer" 2 never (fun e ->
          let buffers = e.Module(0).NamedBuffers() |> Seq.map (fun struct (_, b) -> b) |> Array.ofSeq
          let i = e.Int 1
          if i < 0L || i >= int64 buffers.Length then raise SkipCommand else buffers[int i])
      action "ModuleToString" [ anyModule ] "{0}.ToString()" 1 (fun e -> e.Module(0).ToString() |> ignore)
      op "ModuleStateDict" [ anyModule ] (Some StateDictKind) "{0}.StateDict()" 2 never (fun e -> box (e.Module(0).StateDict()))
      action "LoadStateDict" [ anyModule; AStateDict; lit L.boolean ] "{0}.LoadStateDict({1}, {2})" 2 (fun e ->
          e.Module(0).LoadStateDict(e.StateDict 1, e.Bool 2) |> ignore)
      action "DisposeModule" [ anyModule ] "{0}.Dispose()" 1 (fun e -> e.Module(0).Dispose()) ]

// ---- optimizers ---------------------------------------------------------------------------------------------

let private optimizer name args template (run: Env -> optim.Optimizer) = op name args (Some OptimizerKind) template 2 never (run >> box)

let private optimizers =
    [ optimizer "NewSGD" [ anyModule; lit L.rate; lit L.rate; lit L.boolean ] "new optim.SGD({0}.Parameters(), {1}, {2}, nesterov: {3})" (fun e ->
          new optim.SGD(e.Module(0).Parameters(), e.Float 1, e.Float 2, nesterov = e.Bool 3))
      optimizer "NewSGDOnTensors" [ ATensor; ATensor; lit L.rate ] "new optim.SGD([{0}, {1}], {2})" (fun e -> new optim.SGD([| e.Tensor 0; e.Tensor 1 |], e.Float 2))
      optimizer "NewAdam" [ anyModule; lit L.rate; lit L.rate; lit L.rate; lit L.rate; lit L.boolean ] "new optim.Adam({0}.Parameters(), {1}, {2}, {3}, {4}, amsgrad: {5})" (fun e ->
          new optim.Adam(e.Module(0).Parameters(), e.Float 1, e.Float 2, e.Float 3, e.Float 4, amsgrad = e.Bool 5))
      optimizer "NewRMSprop" [ anyModule; lit L.rate; lit L.rate; lit L.rate; lit L.boolean ] "new optim.RMSprop({0}.Parameters(), {1}, {2}, momentum: {3}, centered: {4})" (fun e ->
          new optim.RMSprop(e.Module(0).Parameters(), e.Float 1, e.Float 2, momentum = e.Float 3, centered = e.Bool 4))
      action "Step" [ AOptimizer ] "{0}.Step()" 5 (fun e -> e.Optimizer(0).Step())
      action "OptimizerZeroGrad" [ AOptimizer; lit L.boolean ] "{0}.ZeroGrad({1})" 2 (fun e -> e.Optimizer(0).ZeroGrad(e.Bool 1))
      action "SetLearningRate" [ AOptimizer; lit L.rate ] "{0}.LearningRate = {1}" 1 (fun e -> e.Optimizer(0).LearningRate <- e.Float 1)
      op "OptimizerStateDict" [ AOptimizer ] (Some StateDictKind) "{0}.StateDict()" 1 never (fun e -> box (e.Optimizer(0).StateDict()))
      action "OptimizerLoadStateDict" [ AOptimizer; AStateDict ] "{0}.LoadStateDict({1})" 2 (fun e -> e.Optimizer(0).LoadStateDict(e.StateDict 1))
      action "ClipGradNorm" [ anyModule; lit L.number; lit L.number ] "nn.utils.ClipGradNorm({0}.Parameters(), {1}, {2})" 2 (fun e ->
          nn.utils.ClipGradNorm(e.Module(0).Parameters(), e.Float 1, e.Float 2) |> ignore)
      action "SoftUpdate" [ anyModule; anyModule; lit L.number ] "nn.utils.SoftUpdate([.. {0}.Parameters()], [.. {1}.Parameters()], {2})" 2 (fun e ->
          nn.utils.SoftUpdate(Seq.toArray (e.Module(0).Parameters()), Seq.toArray (e.Module(1).Parameters()), e.Float 2))
      action "DisposeOptimizer" [ AOptimizer ] "{0}.Dispose()" 1 (fun e -> e.Optimizer(0).Dispose()) ]

// ---- state dicts and files ------------------------------------------------------------------------------------

/// Damages a file the way a crash, a bad disk or a wrong file would.
let damage (path: string) (kind: string) (position: int64) =
    if not (File.Exists path) then raise SkipCommand
    let bytes = File.ReadAllBytes path
    let at = if bytes.Length = 0 then 0 else int (abs (position % int64 bytes.Length))
    match kind with
    | "Truncate" -> File.WriteAllBytes(path, bytes[.. at - 1])
    | "Flip" when bytes.Length > 0 -> bytes[at] <- bytes[at] ^^^ 0x5Auy; File.WriteAllBytes(path, bytes)
    | "HugeHeader" when bytes.Length >= 8 -> BitConverter.GetBytes(Int64.MaxValue - 7L).CopyTo(bytes, 0); File.WriteAllBytes(path, bytes)
    | "Garbage" -> File.WriteAllText(path, "not a safetensors file")
    | "Empty" -> File.WriteAllBytes(path, [||])
    | _ -> raise SkipCommand

let private files =
    [ op "NewFile" [ lit (Gen.choose (0, 3) |> Gen.map (int64 >> Int)) ] (Some FileKind) "Path.Combine(directory, \"f{0}.safetensors\")" 2 never (fun e ->
          box (Path.Combine(e.Directory, $"f{e.Int 0}.safetensors")))
      action "SaveModule" [ anyModule; AFile ] "{0}.Save({1})" 2 (fun e -> e.Module(0).Save(e.File 1))
      action "LoadModule" [ anyModule; AFile; lit L.boolean ] "{0}.Load({1}, {2})" 2 (fun e -> e.Module(0).Load(e.File 1, e.Bool 2) |> ignore)
      op "LoadStateDictFile" [ AFile ] (Some StateDictKind) "StateDict.Load({0})" 1 never (fun e -> box (StateDict.Load(e.File 0)))
      action "SaveStateDict" [ AStateDict; AFile ] "{0}.Save({1})" 2 (fun e -> e.StateDict(0).Save(e.File 1))
      action "ReadSafeTensors" [ AFile ] "SafeTensorsFile.Read({0})" 1 (fun e ->
          let struct (tensors, _) = SafeTensorsFile.Read(e.File 0)
          for KeyValue(_, t) in tensors do t.Dispose())
      action "Damage" [ AFile; lit (L.oneOf [ "Truncate"; "Flip"; "HugeHeader"; "Garbage"; "Empty" ]); lit L.index ] "FuzzFiles.Damage({0}, \"{1}\", {2})" 2 (fun e ->
          damage (e.File 0) (e.Name 1) (e.Int 2))
      tensor "StateDictEntry" [ AStateDict; lit L.small ] "{0}[{0}.Keys[(int){1}]]" 2 never (fun e ->
          let sd = e.StateDict 0
          let i = e.Int 1
          if i < 0L || i >= int64 sd.Count then raise SkipCommand else sd[sd.Keys[int i]])
      action "StateDictAdd" [ AStateDict; lit (L.oneOf [ "weight"; "bias"; "x" ]); ATensor ] "{0}.Add(\"{1}\", {2})" 1 (fun e -> e.StateDict(0).Add(e.Name 1, e.Tensor 2))
      action "DisposeStateDict" [ AStateDict ] "{0}.Dispose()" 1 (fun e -> e.StateDict(0).Dispose()) ]

/// A tensor variable that holds null (a caller's bug the API must name, not a NullReferenceException).
let nullTensor = obj ()

let private nulls =
    [ op "NullTensor" [] (Some TensorKind) "null!" 1 never (fun _ -> nullTensor) ]

/// Where the test hooks keep what they leak.
let private leaked = System.Collections.Generic.List<Tensor>()

/// Test hooks, never generated (weight 0): explicit programs use them so that the tests watch the campaign detect
/// each kind of failure (a process death, a hang, a leak, a non-finite result, an unclear exception).
let private hooks =
    [ action "AbortForTest" [] "Environment.FailFast(\"abort\")" 0 (fun _ -> Environment.FailFast "fuzz test hook: abort")
      action "HangForTest" [] "Thread.Sleep(Timeout.Infinite)" 0 (fun _ -> Threading.Thread.Sleep Threading.Timeout.Infinite)
      action "LeakForTest" [] "leaked.Add(torch.Zeros([1]))" 0 (fun _ -> leaked.Add(torch.Zeros(ReadOnlySpan [| 1L |])))
      tensor "NonFiniteForTest" [ ATensor ] "{0}.Log().Neg().Exp()" 0 always (fun e -> torch.Full(ReadOnlySpan [| 1L |], sc Double.NaN))
      action "UnclearForTest" [] "throw new NullReferenceException()" 0 (fun _ -> raise (NullReferenceException())) ]

/// Every operation the fuzzer calls.
let all : Op list = creation @ shapes @ math @ inPlace @ reductions @ autograd @ functional @ modules @ optimizers @ files @ nulls @ hooks

let byName = all |> List.map (fun o -> o.Name, o) |> dict
