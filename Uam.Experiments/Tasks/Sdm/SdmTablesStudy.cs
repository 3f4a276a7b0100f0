using Uam.Experiments.Cli;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Tasks.Sdm;

/// <summary><c>uam sdm tables</c> on the study layer: one deterministic run (its record resumes and reports like any other).</summary>
internal sealed class SdmTablesStudy(string learnedBetas, StudyOptions common) : Study<NoSharedData, SdmTablesRun>
{
    public const string ProtocolKey = "tables";

    public override string Task => SdmTask.TaskName;

    public override string Protocol => ProtocolKey;

    public override StudyGrid Grid { get; } = new([Axis.Of(Axis.Seed, common.Seeds)]);

    public override StudyOptions Common => common;

    public override IReadOnlyList<string> Arguments(StudyOptions options) => [SdmTask.TaskName, "tables", "--learned-betas", learnedBetas, .. options.ToArguments()];

    public override string RunName(RunPoint point) => "tables";

    public override NoSharedData Prepare() => new();

    public override SdmTablesRun Run(RunPoint point, NoSharedData data, RunContext context) => SdmTables.Compute(learnedBetas, context.Progress);

    public override string Describe(SdmTablesRun run) => $"{run.Betas.Length} β rows, d*: SNR {run.Optimal.SnrRadius}, memory {run.Optimal.CapacityRadius}, critical {run.Optimal.CriticalRadius}";
}
