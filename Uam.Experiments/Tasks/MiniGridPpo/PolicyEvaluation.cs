using Uam.Environments.MiniGrid;
using Uam.Environments.Random;
using Uam.Environments.Rendering;
using Uam.Runtime;

namespace Uam.Experiments.Tasks.MiniGridPpo;

/// <summary>The final policy on layouts it never trained on: 16 environments seeded apart from the training ones
/// (500,000 + seed + 10,000·i), each playing its share of the episodes with actions sampled from the policy (as torch-ac's
/// evaluation does), the regularity slots as the protocol's rollouts use them. The first episode of environment 0 is
/// drawn as a film strip for the report.</summary>
internal static class PolicyEvaluation
{
    public readonly record struct Result(double MeanReturn, double SuccessRate);

    public const int Processes = 16, MaxPictureFrames = 48, PictureColumns = 8, Tile = 8;

    public static string PicturePath(string outputDirectory, string runName) => Path.Combine(outputDirectory, "episodes", runName + ".png");

    public static Result Run(ActorCritic model, RegularitySemantics semantics, int size, int episodes, int seed, bool memory, string? picturePath)
    {
        var environments = Enumerable.Range(0, Processes).Select(_ => new RedBlueDoors(size)).ToArray();
        var observations = environments.Select((e, i) => e.Reset(checked((ulong)(500_000L + seed + 10_000L * i)))).ToArray();
        var quota = Enumerable.Range(0, Processes).Select(i => episodes / Processes + (i < episodes % Processes ? 1 : 0)).ToArray();
        var random = ReferenceRandom.FromSeed((ulong)seed + 4_000_000);
        var memories = new float[Processes * ActorCritic.MemorySize];
        var views = new float[Processes * MiniGridViews.Elements];
        var returns = new List<double>();
        var episodeReturns = new double[Processes];
        var frames = new List<PngImage> { MiniGridPicture.World(environments[0], Tile) };
        bool drawing = picturePath is not null;
        if (semantics == RegularitySemantics.Faithful) model.BypassRegularity(true);
        model.Eval();
        try
        {
            using var noGrad = torch.NoGrad();
            while (quota.Any(q => q > 0))
            {
                using var scope = torch.NewDisposeScope();
                for (int p = 0; p < Processes; p++) MiniGridViews.Write(observations[p], views, p);
                var output = model.Forward(MiniGridViews.Of(views, Processes), memory ? torch.FromArray(memories, [Processes, ActorCritic.MemorySize]) : null);
                float[] logProbabilities = output.LogProbabilities.ToArray<float>();
                if (memory) output.Memory!.ToArray<float>().CopyTo(memories, 0);
                for (int p = 0; p < Processes; p++)
                {
                    if (quota[p] == 0) continue;
                    int action = ExperienceCollector.Sample(logProbabilities.AsSpan(p * ActorCritic.Actions, ActorCritic.Actions), random);
                    var step = environments[p].Step(action);
                    observations[p] = step.Observation;
                    episodeReturns[p] += step.Reward;
                    if (p == 0 && drawing && frames.Count < MaxPictureFrames) frames.Add(MiniGridPicture.World(environments[0], Tile));
                    if (!step.Done) continue;
                    returns.Add(episodeReturns[p]);
                    episodeReturns[p] = 0;
                    quota[p]--;
                    if (p == 0) drawing = false;
                    observations[p] = environments[p].Reset();
                    Array.Clear(memories, p * ActorCritic.MemorySize, ActorCritic.MemorySize);
                }
            }
        }
        finally
        {
            model.BypassRegularity(false);
            model.Train();
        }
        if (picturePath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(picturePath))!);
            string temporary = picturePath + ".tmp";
            PngImage.Tiled(frames, PictureColumns, gap: 2).Save(temporary);
            File.Move(temporary, picturePath, overwrite: true);
        }
        return new Result(returns.Average(), returns.Count(r => r > 0) / (double)returns.Count);
    }
}
