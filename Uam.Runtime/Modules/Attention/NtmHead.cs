namespace Uam.Runtime;

public static partial class nn
{
    /// <summary>What a head emitted at one step and where it addressed: the weighting [B, N] and its parameters (key [B, M],
    /// strength β, gate g, shift distribution s [B, S], sharpening γ), and for a write head erase e and add a [B, M].</summary>
    public sealed record NtmAddress(Tensor Weights, Tensor Key, Tensor Strength, Tensor Gate, Tensor Shift, Tensor Sharpening, Tensor? Erase, Tensor? Add) : IDisposable
    {
        /// <inheritdoc/>
        public void Dispose()
        {
            foreach (Tensor? t in new[] { Weights, Key, Strength, Gate, Shift, Sharpening, Erase, Add }) t?.Dispose();
        }
    }

    /// <summary>A Neural Turing Machine head (Graves, Wayne and Danihelka 2014): one linear map of the controller's state to
    /// the addressing parameters, transformed to their ranges — β = softplus(β̂) ≥ 0, g = σ(ĝ), s = softmax(ŝ) over the
    /// shifts −h…h, γ = 1 + softplus(γ̂) ≥ 1, and for a write head e = σ(ê), a = tanh(â) — then the four addressing steps
    /// of <see cref="functional.NtmContentWeights"/> … <see cref="functional.NtmSharpen"/>.</summary>
    public sealed class NtmHead : Module
    {
        /// <summary>A read head (or a write head when <paramref name="write"/>) for memories of
        /// <paramref name="memoryWidth"/> columns, driven by <paramref name="controllerFeatures"/>, with
        /// <paramref name="shifts"/> = 2h + 1 allowed shifts.</summary>
        public NtmHead(int controllerFeatures, int memoryWidth, bool write = false, int shifts = 3, Generator? generator = null, ScalarType dtype = ScalarType.Float32)
        {
            Checks.Positive(nameof(NtmHead), nameof(controllerFeatures), controllerFeatures);
            Checks.Positive(nameof(NtmHead), nameof(memoryWidth), memoryWidth);
            if (shifts < 1 || shifts % 2 == 0) throw new ArgumentOutOfRangeException(nameof(shifts), shifts, "NtmHead: the shifts −h…h number 2h + 1 (odd, at least 1).");
            (MemoryWidth, Shifts, IsWrite) = (memoryWidth, shifts, write);
            try
            {
                Emission = RegisterModule("emission", new Linear(controllerFeatures, EmissionCount, bias: true, generator, dtype));
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>M, the memory's columns.</summary>
        public int MemoryWidth { get; }
        /// <summary>S = 2h + 1.</summary>
        public int Shifts { get; }
        /// <summary>Whether the head writes (emits erase and add).</summary>
        public bool IsWrite { get; }
        /// <summary>Outputs of the linear map, in this order: key (M), β̂, ĝ, ŝ (S), γ̂, and for a write head ê (M), â (M).</summary>
        public int EmissionCount => MemoryWidth + 3 + Shifts + (IsWrite ? 2 * MemoryWidth : 0);
        /// <summary>The linear map from the controller to the head's raw parameters.</summary>
        public Linear Emission { get; } = null!;

        /// <summary>Addresses <paramref name="memory"/> [B, N, M] from the controller state [B, H] and the head's previous
        /// weighting [B, N].</summary>
        public NtmAddress Address(Tensor controller, Tensor memory, Tensor previous)
        {
            Checks.NotNull(nameof(NtmHead), nameof(memory), memory);
            if (memory.Dim != 3 || memory.ShapeView[2] != MemoryWidth)
                throw new ArgumentException($"NtmHead: the memory must be [batch, rows, {MemoryWidth}], not {Checks.Format(memory.ShapeView)}.", nameof(memory));
            using var scope = torch.NewDisposeScope();
            Tensor raw = Emission.Forward(controller);
            int at = 0;
            Tensor Next(int count)
            {
                Tensor slice = raw.Narrow(1, at, count);
                at += count;
                return slice;
            }
            Tensor key = Next(MemoryWidth), strength = Next(1).Squeeze(1).Softplus(), gate = Next(1).Squeeze(1).Sigmoid();
            Tensor shift = Next(Shifts).Softmax(1), sharpening = Next(1).Squeeze(1).Softplus() + 1;
            Tensor? erase = IsWrite ? Next(MemoryWidth).Sigmoid() : null, add = IsWrite ? Next(MemoryWidth).Tanh() : null;
            Tensor content = functional.NtmContentWeights(memory, key, strength);
            Tensor weights = functional.NtmSharpen(functional.NtmShift(functional.NtmInterpolate(content, previous, gate), shift), sharpening);
            Tensor Keep(Tensor t) => scope.MoveToOuter(t);
            return new NtmAddress(Keep(weights), Keep(key), Keep(strength), Keep(gate), Keep(shift), Keep(sharpening),
                erase is null ? null : Keep(erase), add is null ? null : Keep(add));
        }
    }
}
