using Uam.Runtime.Interop;

namespace Uam.Runtime;

/// <summary>A deliberate bug in the regularity normalizer's math (pinned to <c>nt_regularity_mutant</c>): the property
/// suites switch one on and must falsify at least one property. The composite path honours the forward mutants; the
/// backward mutants exist only in the fused kernel's hand-written backward.</summary>
internal enum RegularityMutant
{
    None = 0,
    /// <summary>Training code lengths use COMP before the update: l = COMP_prev − S.</summary>
    CodeLengthFromCompBefore = 1,
    /// <summary>The backward pass omits the a·(x − m_b) part of dσ/dx.</summary>
    BackwardDropsSigmaSlope = 2,
    /// <summary>The backward pass omits the path through the running mean.</summary>
    BackwardDropsMeanTerm = 3,
    /// <summary>y = −l·x (the reported code length stays right).</summary>
    NegatedOutput = 4,
    /// <summary>Exact pooling without the between-means term.</summary>
    ExactPoolingDropsMeans = 5,
}

/// <summary>Process-wide test-only switches of the regularity normalizer, for the property suites: a mutant, and
/// the generic float32 kernel forced where AVX2 would run. Never set outside tests; <see cref="Set"/> returns a scope
/// that restores the defaults.</summary>
internal static class RegularityTestSwitches
{
    /// <summary>The mutant in force (read by the composite path; the fused kernel has its own copy).</summary>
    public static RegularityMutant Mutant { get; private set; }

    /// <summary>Whether the float32 kernel in use is the AVX2+FMA one.</summary>
    public static bool FloatKernelIsAvx2
    {
        get
        {
            NativeErrors.Check(Native.nt_regularity_float_kernel_is_avx2(out int avx2), "RegularityNorm");
            return avx2 != 0;
        }
    }

    /// <summary>Switches a mutant on and/or forces the generic kernel until the returned scope is disposed.</summary>
    public static IDisposable Set(RegularityMutant mutant = RegularityMutant.None, bool forceGenericKernel = false)
    {
        Apply(mutant, forceGenericKernel);
        return new Restore();
    }

    private static void Apply(RegularityMutant mutant, bool forceGenericKernel)
    {
        NativeErrors.Check(Native.nt_regularity_set_test_switches(forceGenericKernel ? 1 : 0, (int)mutant), "RegularityNorm");
        Mutant = mutant;
    }

    private sealed class Restore : IDisposable
    {
        public void Dispose() => Apply(RegularityMutant.None, forceGenericKernel: false);
    }
}
