/// FsCheck's own verdict on a property, returned instead of thrown or printed (shared by the property suites and
/// the fuzzer, which read the shrunk counterexample themselves).
module Uam.Shared.FsCheckOutcome

open FsCheck

/// Checks `property` under `config` and returns FsCheck's result.
let check (config: Config) (property: Property) : TestResult =
    let mutable captured = None
    let runner =
        { new IRunner with
            member _.OnStartFixture _ = ()
            member _.OnArguments(_, _, _) = ()
            member _.OnShrink(_, _) = ()
            member _.OnFinished(_, outcome) = captured <- Some outcome }
    Check.One(config.WithRunner(runner), property)
    captured.Value
