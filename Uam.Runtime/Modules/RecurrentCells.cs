namespace Uam.Runtime;

public static partial class nn
{
    /// <summary>Shared parameters of the recurrent cells: weight_ih [gates·h, in], weight_hh [gates·h, h] and two
    /// biases, all U(±1/√h) as in PyTorch.</summary>
    public abstract class RecurrentCell : Module
    {
        private protected RecurrentCell(long inputSize, long hiddenSize, int gates, bool bias, Generator? generator)
        {
            Checks.Positive(GetType().Name, nameof(inputSize), inputSize);
            Checks.Positive(GetType().Name, nameof(hiddenSize), hiddenSize);
            InputSize = inputSize;
            HiddenSize = hiddenSize;
            double bound = 1 / Math.Sqrt(hiddenSize);
            // Registered before it is filled, so that a failing fill cannot orphan it.
            Tensor Uniform(string name, params long[] shape) => init.Uniform(RegisterParameter(name, torch.Empty(shape)), -bound, bound, generator);
            try
            {
                WeightIH = Uniform("weight_ih", Checks.Product(GetType().Name, "gates * hiddenSize", gates, hiddenSize), inputSize);
                WeightHH = Uniform("weight_hh", Checks.Product(GetType().Name, "gates * hiddenSize", gates, hiddenSize), hiddenSize);
                if (bias)
                {
                    BiasIH = Uniform("bias_ih", WeightIH.ShapeView[0]);
                    BiasHH = Uniform("bias_hh", WeightIH.ShapeView[0]);
                }
            }
            catch
            {
                Dispose();   // a constructor that throws leaves no native tensors behind
                throw;
            }
        }

        /// <summary>Input size.</summary>
        public long InputSize { get; }
        /// <summary>Hidden size.</summary>
        public long HiddenSize { get; }
        /// <summary>Input-to-hidden weights.</summary>
        public Tensor WeightIH { get; }
        /// <summary>Hidden-to-hidden weights.</summary>
        public Tensor WeightHH { get; }
        /// <summary>Input-to-hidden bias, or null.</summary>
        public Tensor? BiasIH { get; }
        /// <summary>Hidden-to-hidden bias, or null.</summary>
        public Tensor? BiasHH { get; }

        /// <summary>A zero state [batch, hidden] matching the input's dtype and device.</summary>
        protected Tensor ZeroState(Tensor input)
        {
            Checks.Rank(GetType().Name, nameof(input), input, 2);
            return torch.Zeros([input.ShapeView[0], HiddenSize], input.DType, input.Device);
        }

        /// <inheritdoc/>
        protected override string ExtraRepr() => $"{InputSize}, {HiddenSize}" + (BiasIH is null ? ", bias=False" : "");
    }

    /// <summary>Elman cell with tanh: h' = tanh(W_ih x + b_ih + W_hh h + b_hh).</summary>
    public sealed class RNNCell(long inputSize, long hiddenSize, bool bias = true, Generator? generator = null)
        : RecurrentCell(inputSize, hiddenSize, 1, bias, generator)
    {
        /// <summary>One step; a null <paramref name="hidden"/> means zeros.</summary>
        public Tensor Forward(Tensor input, Tensor? hidden = null)
        {
            using Tensor? zero = hidden is null ? ZeroState(Input(input)) : null;
            return functional.RnnTanhCell(input, hidden ?? zero!, WeightIH, WeightHH, BiasIH, BiasHH);
        }
    }

    /// <summary>GRU cell.</summary>
    public sealed class GRUCell(long inputSize, long hiddenSize, bool bias = true, Generator? generator = null)
        : RecurrentCell(inputSize, hiddenSize, 3, bias, generator)
    {
        /// <summary>One step; a null <paramref name="hidden"/> means zeros.</summary>
        public Tensor Forward(Tensor input, Tensor? hidden = null)
        {
            using Tensor? zero = hidden is null ? ZeroState(Input(input)) : null;
            return functional.GruCell(input, hidden ?? zero!, WeightIH, WeightHH, BiasIH, BiasHH);
        }
    }

    /// <summary>LSTM cell; the state is the pair (h, c).</summary>
    public sealed class LSTMCell(long inputSize, long hiddenSize, bool bias = true, Generator? generator = null)
        : RecurrentCell(inputSize, hiddenSize, 4, bias, generator)
    {
        /// <summary>One step; a null <paramref name="state"/> means zeros.</summary>
        public (Tensor H, Tensor C) Forward(Tensor input, (Tensor H, Tensor C)? state = null)
        {
            if (state is { } s) return functional.LstmCell(input, s.H, s.C, WeightIH, WeightHH, BiasIH, BiasHH);
            using Tensor h = ZeroState(Input(input)), c = ZeroState(input);
            return functional.LstmCell(input, h, c, WeightIH, WeightHH, BiasIH, BiasHH);
        }
    }
}
