/// The campaign: within CI's bounded budget, random programs over the public API find no crash, hang, leak,
/// non-finite result or unclear exception; a planted failure is found, shrunk to its core and printed as C#.
module Uam.Fuzzing.Tests.CampaignTests

open System
open FsCheck
open FsCheck.FSharp
open Xunit
open Xunit.Abstractions
open Uam.Fuzzing
open Uam.Fuzzing.Commands
open Uam.Fuzzing.Tests.Support

/// UAM_FUZZ_SEED chooses the first seed (CI: 20261129); UAM_FUZZ_MINUTES runs that long instead of CI's 40 seeds.
let private environmentSettings log =
    let seed = match Environment.GetEnvironmentVariable "UAM_FUZZ_SEED" with null | "" -> 20261129UL | s -> UInt64.Parse s
    match Environment.GetEnvironmentVariable "UAM_FUZZ_MINUTES" with
    | null | "" -> { settings log with BaseSeed = seed; ProgramsPerSeed = 200; MaxSeeds = 40; MaxLength = 60; Timeout = TimeSpan.FromSeconds 20.0 }
    | minutes ->
        { settings log with
            BaseSeed = seed; ProgramsPerSeed = 200; MaxSeeds = Int32.MaxValue; MaxLength = 60; Timeout = TimeSpan.FromSeconds 20.0
            Budget = TimeSpan.FromMinutes(float minutes); StopAtFirstFailure = false }

type Campaigns(output: ITestOutputHelper) =
    [<Fact>]
    member _.``random programs over the public API find no failure``() =
        let report = Campaign.run (environmentSettings output.WriteLine)
        output.WriteLine report.Summary
        for f in report.Findings do output.WriteLine f.CSharp
        Assert.True(report.Findings.IsEmpty, String.Join("\n\n", report.Findings |> List.map (fun f -> f.CSharp)))
        // The campaign did real work: most calls ran (not skipped), and many of them returned normally.
        Assert.True(report.Calls > 50_000L, report.Summary)
        Assert.True(report.Calls > report.Skipped, report.Summary)

    [<Fact>]
    member _.``a failure planted in long programs is found and shrunk to itself``() =
        let planted =
            gen {
                let! program = Generation.program 40
                let! at = Gen.choose (0, program.Length)
                return List.take at program @ [ act "LeakForTest" [] ] @ List.skip at program
            }
        let report = Campaign.runWith (Arb.fromGenShrink (planted, Generation.shrink)) (settings output.WriteLine)
        let finding = Assert.Single(report.Findings)
        output.WriteLine finding.CSharp
        Assert.Equal("leak", finding.Kind)
        Assert.Equal<Program>([ act "LeakForTest" [] ], finding.Program)
        Assert.Contains("UAM_FUZZ_SEED=1", finding.CSharp)
        Assert.Contains("Run(() => { leaked.Add(torch.Zeros([1])); });", finding.CSharp)
