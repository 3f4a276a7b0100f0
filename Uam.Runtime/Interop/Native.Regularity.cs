using System.Runtime.InteropServices;

namespace Uam.Runtime.Interop;

/// <summary>Mirror of <c>nt_regularity_config</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeRegularityConfig
{
    public int Layout;
    public int Pooling;
    public byte SharedComp;
    public byte Training;
    public byte SizeNormalized;
    public byte ConstantGain;
    public byte Apply;
    public byte AllowEmptyInference;
    public double StdFloor;
}

/// <summary>Mirror of <c>nt_regularity_state</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeRegularityState
{
    public double Mean;
    public double Std;
    public long Count;
}

internal static partial class Native
{
    [LibraryImport(Library)]
    internal static partial int nt_regularity_forward(TensorHandle x, TensorHandle logPrior, TensorHandle comp,
        NativeRegularityConfig config, ref NativeRegularityState state, out TensorHandle y, out TensorHandle codeLength,
        out TensorHandle compNew);

    [LibraryImport(Library)]
    internal static partial int nt_regularity_set_test_switches(int forceGeneric, int mutant);

    [LibraryImport(Library)]
    internal static partial int nt_regularity_float_kernel_is_avx2(out int avx2);
}
