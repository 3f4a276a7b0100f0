/// `dotnet Uam.Fuzzing.dll [--minutes M] [--seeds N] [--seed S] [--programs-per-seed N] [--max-length L] [--timeout SECONDS]
/// [--stop-at-first-failure]` runs a campaign and
/// prints its figures (and the shrunk failing program as C#); `--worker DIR` is the child process it starts.
module Uam.Fuzzing.Main

open System
open Uam.Fuzzing

let private option (args: string array) name fallback =
    match Array.tryFindIndex ((=) name) args with
    | Some i when i + 1 < args.Length -> args[i + 1]
    | _ -> fallback

[<EntryPoint>]
let main args =
    if args.Length = 2 && args[0] = "--worker" then
        Worker.serve args[1]
        0
    elif args.Length = 2 && args[0] = "--coverage" then
        // In-process (no crash protection): how often each operation returned, threw or was skipped.
        Worker.capDataSegment (1UL <<< 30)
        let directory = IO.Directory.CreateTempSubdirectory("uam-fuzz-coverage").FullName
        let programs = FsCheck.FSharp.Gen.sampleWithSeed (FsCheck.Rnd(1UL, 0x9E3779B97F4A7C15UL)) 60 (int args[1]) (Generation.program 60)
        for p in programs do Worker.run directory p |> ignore
        for KeyValue(op, row) in Worker.coverage |> Seq.sortByDescending (fun kv -> kv.Value[2]) do
            Console.WriteLine $"{op,-28} returned {row[0],6}  threw {row[1],6}  skipped {row[2],6}"
        let generated = Catalog.all |> List.filter (fun o -> o.Weight > 0)
        let returned = generated |> List.filter (fun o -> match Worker.coverage.TryGetValue o.Name with | true, row -> row[0] > 0 | _ -> false)
        Console.WriteLine $"{generated.Length} operations in the catalog; {returned.Length} returned normally at least once"
        let names = returned |> List.map (fun o -> o.Name) |> set
        for o in generated do if not (names.Contains o.Name) then Console.WriteLine $"never returned: {o.Name}"
        0
    else
        let settings =
            { Campaign.BaseSeed = uint64 (option args "--seed" "1")
              Campaign.ProgramsPerSeed = int (option args "--programs-per-seed" "200")
              Campaign.Budget = TimeSpan.FromMinutes(float (option args "--minutes" "1"))
              Campaign.MaxSeeds = int (option args "--seeds" (string Int32.MaxValue))
              Campaign.MaxLength = int (option args "--max-length" "60")
              Campaign.Timeout = TimeSpan.FromSeconds(float (option args "--timeout" "20"))
              Campaign.StopAtFirstFailure = Array.contains "--stop-at-first-failure" args
              Campaign.Log = fun line -> Console.Error.WriteLine line }
        let report = Campaign.run settings
        for finding in report.Findings do Console.WriteLine finding.CSharp
        Console.WriteLine $"RESULT fuzz: {report.Summary}"
        if report.Findings.IsEmpty then 0 else 1
