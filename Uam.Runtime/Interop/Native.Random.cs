using System.Runtime.InteropServices;

namespace Uam.Runtime.Interop;

internal static partial class Native
{
    [LibraryImport(Library)] internal static partial int nt_manual_seed(ulong seed);
    [LibraryImport(Library)] internal static partial int nt_generator_new(ulong seed, out GeneratorHandle result);
    [LibraryImport(Library)] internal static partial void nt_generator_free(nint generator);
    [LibraryImport(Library)] internal static partial int nt_generator_set_seed(GeneratorHandle generator, ulong seed);
    [LibraryImport(Library)] internal static partial int nt_generator_get_state(GeneratorHandle generator, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_generator_set_state(GeneratorHandle generator, TensorHandle state);
    [LibraryImport(Library)] internal static partial int nt_tensor_randn(ReadOnlySpan<long> dims, int ndim, NativeOptions options, GeneratorHandle generator, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_rand(ReadOnlySpan<long> dims, int ndim, NativeOptions options, GeneratorHandle generator, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_randint(long low, long high, ReadOnlySpan<long> dims, int ndim, NativeOptions options, GeneratorHandle generator, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_randperm(long n, NativeOptions options, GeneratorHandle generator, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_uniform_(TensorHandle a, double low, double high, GeneratorHandle generator);
    [LibraryImport(Library)] internal static partial int nt_tensor_normal_(TensorHandle a, double mean, double std, GeneratorHandle generator);
    [LibraryImport(Library)] internal static partial int nt_tensor_bernoulli_(TensorHandle a, double p, GeneratorHandle generator);
    [LibraryImport(Library)] internal static partial int nt_tensor_bernoulli(TensorHandle probabilities, GeneratorHandle generator, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_tensor_multinomial(TensorHandle probabilities, long samples, byte replacement, GeneratorHandle generator, out TensorHandle result);
}
