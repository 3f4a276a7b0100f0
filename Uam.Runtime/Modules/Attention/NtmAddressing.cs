namespace Uam.Runtime;

public static partial class nn
{
    public static partial class functional
    {
        /// <summary>NTM content addressing (Graves et al. 2014; sdm-attention-reference §5.7 step 1):
        /// w_c(i) = softmax_i(β·cos(k, M(i))) for memory [B, N, M], key [B, M] and key strength β [B] (≥ 0: pass it
        /// through softplus). Cosines divide by ‖k‖·‖M(i)‖ + 1e−8, so an all-zero row has similarity 0, not NaN.</summary>
        public static Tensor NtmContentWeights(Tensor memory, Tensor key, Tensor strength)
        {
            var (batch, rows, width) = NtmCheckMemory(nameof(NtmContentWeights), memory);
            NtmCheckShape(nameof(NtmContentWeights), nameof(key), key, batch, width);
            NtmCheckShape(nameof(NtmContentWeights), nameof(strength), strength, batch);
            using var scope = torch.NewDisposeScope();
            Tensor dot = memory.Bmm(key.Unsqueeze(2)).Squeeze(2);                                    // [B, N]
            Tensor norms = memory.Norm(2, [2]) * key.Norm(2, [1], keepDim: true) + 1e-8;
            return scope.MoveToOuter((dot / norms * strength.Unsqueeze(1)).Softmax(1));
        }

        /// <summary>Interpolation (§5.7 step 2): w_g = g·w_c + (1 − g)·w_prev with the gate g [B] in (0, 1).</summary>
        public static Tensor NtmInterpolate(Tensor content, Tensor previous, Tensor gate)
        {
            NtmCheckWeights(nameof(NtmInterpolate), nameof(content), content);
            NtmCheckShape(nameof(NtmInterpolate), nameof(previous), previous, content.Size(0), content.Size(1));
            NtmCheckShape(nameof(NtmInterpolate), nameof(gate), gate, content.Size(0));
            using var scope = torch.NewDisposeScope();
            Tensor g = gate.Unsqueeze(1);
            return scope.MoveToOuter(content * g + previous * (1 - g));
        }

        /// <summary>Circular shift convolution (§5.7 step 3): w̃(i) = Σ_j w(j)·s((i − j) mod N) for weights [B, N] and a
        /// distribution over the S = 2h + 1 shifts −h…h [B, S] (a softmax of the controller's output). A one-hot weighting
        /// shifted by a one-hot s moves by that shift, wrapping around.</summary>
        public static Tensor NtmShift(Tensor weights, Tensor shift)
        {
            NtmCheckWeights(nameof(NtmShift), nameof(weights), weights);
            long batch = weights.Size(0), rows = weights.Size(1);
            if (shift.Dim != 2 || shift.Size(0) != batch || shift.Size(1) % 2 != 1 || shift.Size(1) > rows)
                throw new ArgumentException($"NtmShift: the shift distribution must be [{batch}, 2h + 1] with 2h + 1 ≤ {rows} rows, not {Checks.Format(shift.ShapeView)}.", nameof(shift));
            using var scope = torch.NewDisposeScope();
            long half = shift.Size(1) / 2;
            Tensor? result = null;
            for (long offset = -half; offset <= half; offset++)
            {
                // roll by +offset: element i takes element (i − offset) mod N
                long cut = ((rows - offset) % rows + rows) % rows;
                Tensor rolled = cut == 0 ? weights : torch.Cat([weights.Narrow(1, cut, rows - cut), weights.Narrow(1, 0, cut)], 1);
                Tensor term = rolled * shift.Narrow(1, offset + half, 1);
                result = result is null ? term : result + term;
            }
            return scope.MoveToOuter(result!);
        }

        /// <summary>Sharpening (§5.7 step 4): w(i) = w̃(i)^γ / Σ_j w̃(j)^γ with γ [B] ≥ 1 (1 + softplus). 1e−12 is added
        /// before the power, so that zero weights keep a finite gradient with respect to γ.</summary>
        public static Tensor NtmSharpen(Tensor weights, Tensor gamma)
        {
            NtmCheckWeights(nameof(NtmSharpen), nameof(weights), weights);
            NtmCheckShape(nameof(NtmSharpen), nameof(gamma), gamma, weights.Size(0));
            using var scope = torch.NewDisposeScope();
            Tensor powered = (weights + 1e-12).Pow(gamma.Unsqueeze(1));
            return scope.MoveToOuter(powered / powered.Sum(1, keepDim: true));
        }

        /// <summary>The NTM read r = Σ_i w(i)·M(i): memory [B, N, M], weights [B, N] → [B, M].</summary>
        public static Tensor NtmRead(Tensor memory, Tensor weights)
        {
            var (batch, rows, _) = NtmCheckMemory(nameof(NtmRead), memory);
            NtmCheckShape(nameof(NtmRead), nameof(weights), weights, batch, rows);
            using var scope = torch.NewDisposeScope();
            return scope.MoveToOuter(weights.Unsqueeze(1).Bmm(memory).Squeeze(1));
        }

        /// <summary>The NTM write: M(i) ← M(i)∘(1 − w(i)·e) + w(i)·a, with erase e ∈ [0, 1]^M and add a [B, M].</summary>
        public static Tensor NtmWrite(Tensor memory, Tensor weights, Tensor erase, Tensor add)
        {
            var (batch, rows, width) = NtmCheckMemory(nameof(NtmWrite), memory);
            NtmCheckShape(nameof(NtmWrite), nameof(weights), weights, batch, rows);
            NtmCheckShape(nameof(NtmWrite), nameof(erase), erase, batch, width);
            NtmCheckShape(nameof(NtmWrite), nameof(add), add, batch, width);
            using var scope = torch.NewDisposeScope();
            Tensor w = weights.Unsqueeze(2);
            return scope.MoveToOuter(memory * (1 - w * erase.Unsqueeze(1)) + w * add.Unsqueeze(1));
        }

        private static (long Batch, long Rows, long Width) NtmCheckMemory(string operation, Tensor memory)
        {
            Checks.NotNull(operation, nameof(memory), memory);
            if (memory.Dim != 3) throw new ArgumentException($"{operation}: the memory must be [batch, rows, width], not {Checks.Format(memory.ShapeView)}.", nameof(memory));
            return (memory.Size(0), memory.Size(1), memory.Size(2));
        }

        private static void NtmCheckWeights(string operation, string name, Tensor weights)
        {
            Checks.NotNull(operation, name, weights);
            if (weights.Dim != 2 || weights.Size(1) < 1) throw new ArgumentException($"{operation}: {name} must be [batch, rows], not {Checks.Format(weights.ShapeView)}.", name);
        }

        private static void NtmCheckShape(string operation, string name, Tensor tensor, params long[] shape)
        {
            Checks.NotNull(operation, name, tensor);
            if (!tensor.ShapeView.SequenceEqual(shape))
                throw new ArgumentException($"{operation}: {name} must be {Checks.Format(shape)}, not {Checks.Format(tensor.ShapeView)}.", name);
        }
    }
}
