/// The suite catches a broken normalizer: each mutant of the runtime (one deliberate bug) falsifies at
/// least the property aimed at that bug.
module Uam.Properties.MutationTests

open Xunit
open Uam.Properties.NormalizerScenarios
open Uam.Properties.NormalizerProperties

let private falsifies name property =
    let failure = Assert.ThrowsAny<exn>(fun () -> Generators.check name 150 property)
    Assert.Contains("Falsifiable", failure.Message)

[<Fact>]
let ``A normalizer that learns in inference mode is caught`` () =
    falsifies "mutant: inference learns" (compNeverDecreases Mutants.learnsInInference)

[<Fact>]
let ``A normalizer that pools the variance wrongly is caught`` () =
    falsifies "mutant: pooling vs concatenated data" (exactStatisticsMatchTheConcatenatedData Mutants.poolsWrongly)
    falsifies "mutant: pooling vs oracle" (agreesWithTheOracle Mutants.poolsWrongly)

[<Fact>]
let ``A normalizer that flips the sign of its output is caught`` () =
    falsifies "mutant: sign" (agreesWithTheOracle Mutants.flipsTheSign)
