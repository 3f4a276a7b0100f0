/// The suite catches a broken normalizer: each mutant of the runtime (one deliberate bug) falsifies at least the
/// property aimed at that bug, on the fused kernel and on the composite path, by a case that returns false (not one
/// that throws). The math's mutants are switched on inside the runtime (the fused kernel's forward and hand-written
/// backward, and the composite path) only while their check runs.
module Uam.Properties.MutationTests

open Xunit
open Uam.Runtime
open Uam.Properties.NormalizerScenarios
open Uam.Properties.NormalizerProperties

let private falsifies name property =
    let result = Generators.result name 150 property
    Assert.True(Generators.falsifiedByAValue result, $"{name}: expected a falsifying case that returns false, got {result}")

let implementations: obj[] seq = [ [| box RegularityImplementation.Fused |]; [| box RegularityImplementation.Composite |] ]

let private withMutant (mutant: RegularityMutant) (check: unit -> unit) =
    use _switch = RegularityTestSwitches.Set(mutant, false)
    check ()

[<Theory; MemberData(nameof implementations)>]
let ``A normalizer that learns in inference mode is caught`` (implementation: RegularityImplementation) =
    falsifies "mutant: inference learns" (compNeverDecreases (Mutants.learnsInInference implementation))

[<Theory; MemberData(nameof implementations)>]
let ``A normalizer that pools the variance with the wrong formula is caught`` (implementation: RegularityImplementation) =
    falsifies "mutant: pooling vs concatenated data" (exactStatisticsMatchTheConcatenatedData (Mutants.poolsWrongly implementation))
    falsifies "mutant: pooling vs oracle" (agreesWithTheOracle (Mutants.poolsWrongly implementation))

[<Theory; MemberData(nameof implementations)>]
let ``Exact pooling without its between-means term is caught`` (implementation: RegularityImplementation) =
    withMutant RegularityMutant.ExactPoolingDropsMeans (fun () ->
        falsifies "mutant: exact pooling drops the means" (exactStatisticsMatchTheConcatenatedData (runtime implementation))
        falsifies "mutant: exact pooling drops the means, COMP of two splits" (compIsTheLogSumExpOfEverythingSeen (runtime implementation)))

[<Theory; MemberData(nameof implementations)>]
let ``Code lengths taken from COMP before its update are caught`` (implementation: RegularityImplementation) =
    withMutant RegularityMutant.CodeLengthFromCompBefore (fun () ->
        falsifies "mutant: l from COMP before, non-negativity" (codeLengthsAreNonNegativeAndFinite (runtime implementation))
        falsifies "mutant: l from COMP before, oracle" (agreesWithTheOracle (runtime implementation)))

[<Theory; MemberData(nameof implementations)>]
let ``A normalizer that flips the sign of its output is caught`` (implementation: RegularityImplementation) =
    withMutant RegularityMutant.NegatedOutput (fun () ->
        falsifies "mutant: sign" (agreesWithTheOracle (runtime implementation)))

[<Fact>]
let ``A backward pass that drops the slope of dσ/dx is caught`` () =
    withMutant RegularityMutant.BackwardDropsSigmaSlope (fun () ->
        falsifies "mutant: backward drops dσ/dx slope" (agreesWithTheOracle (runtime RegularityImplementation.Fused)))

[<Fact>]
let ``A backward pass that drops the path through the mean is caught`` () =
    withMutant RegularityMutant.BackwardDropsMeanTerm (fun () ->
        falsifies "mutant: backward drops the mean term" (agreesWithTheOracle (runtime RegularityImplementation.Fused)))

[<Fact>]
let ``With no mutant the same checks pass`` () =
    // The control: the falsifications above come from the mutants, not from the harness.
    Assert.False(Generators.falsifiedByAValue (Generators.result "control: oracle" 150 (agreesWithTheOracle (runtime RegularityImplementation.Fused))))
