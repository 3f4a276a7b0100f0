using System.Runtime.InteropServices;

namespace Uam.Runtime.Interop;

internal static partial class Native
{
    [LibraryImport(Library)] internal static partial int nt_softmax(TensorHandle a, long dim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_log_softmax(TensorHandle a, long dim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_linear(TensorHandle input, TensorHandle weight, TensorHandle bias, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_nll_loss(TensorHandle input, TensorHandle target, TensorHandle weight, int reduction, long ignoreIndex, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_cross_entropy(TensorHandle input, TensorHandle target, TensorHandle weight, int reduction, long ignoreIndex, double labelSmoothing, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_mse_loss(TensorHandle input, TensorHandle target, int reduction, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_smooth_l1_loss(TensorHandle input, TensorHandle target, int reduction, double beta, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_binary_cross_entropy(TensorHandle input, TensorHandle target, TensorHandle weight, int reduction, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_binary_cross_entropy_with_logits(TensorHandle input, TensorHandle target, TensorHandle weight, int reduction, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_conv2d(TensorHandle input, TensorHandle weight, TensorHandle bias, ReadOnlySpan<long> stride, ReadOnlySpan<long> padding, ReadOnlySpan<long> dilation, long groups, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_max_pool2d(TensorHandle input, ReadOnlySpan<long> kernel, ReadOnlySpan<long> stride, ReadOnlySpan<long> padding, ReadOnlySpan<long> dilation, byte ceilMode, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_embedding(TensorHandle weight, TensorHandle indices, long paddingIdx, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_layer_norm(TensorHandle input, ReadOnlySpan<long> normalizedShape, int ndim, TensorHandle weight, TensorHandle bias, double eps, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_batch_norm(TensorHandle input, TensorHandle weight, TensorHandle bias, TensorHandle runningMean, TensorHandle runningVar, byte training, double momentum, double eps, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_dropout(TensorHandle input, double p, byte training, GeneratorHandle generator, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_weight_norm(TensorHandle v, TensorHandle g, long dim, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_rnn_tanh_cell(TensorHandle input, TensorHandle hx, TensorHandle wIh, TensorHandle wHh, TensorHandle bIh, TensorHandle bHh, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_gru_cell(TensorHandle input, TensorHandle hx, TensorHandle wIh, TensorHandle wHh, TensorHandle bIh, TensorHandle bHh, out TensorHandle result);
    [LibraryImport(Library)] internal static partial int nt_lstm_cell(TensorHandle input, TensorHandle hx, TensorHandle cx, TensorHandle wIh, TensorHandle wHh, TensorHandle bIh, TensorHandle bHh, out TensorHandle hOut, out TensorHandle cOut);
}
