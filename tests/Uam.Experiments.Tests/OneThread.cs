using System.Runtime.CompilerServices;
using Uam.Runtime;

namespace Uam.Experiments.Tests;

/// <summary>Pins libtorch to one intra-op thread for the whole test assembly.</summary>
/// <remarks>The thread count is process-wide and the study runner sets it (to <c>--threads</c>, 1 by default) whenever a
/// study test runs. A test training with the default count could therefore switch counts mid-run, and a parallel
/// reduction summed in another order sends a long run (PPO for 160 updates) down another trajectory. One count from the
/// start makes every test's numbers the same alone and in the full parallel run.</remarks>
internal static class OneThread
{
    [ModuleInitializer]
    internal static void Pin() => torch.NumThreads = 1;
}
