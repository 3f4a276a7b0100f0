using Uam.Runtime.Interop;

namespace Uam.Runtime;

public static partial class nn
{
    public static partial class functional
    {
        /// <summary>h' = tanh(W_ih x + b_ih + W_hh h + b_hh).</summary>
        public static Tensor RnnTanhCell(Tensor input, Tensor hidden, Tensor weightIH, Tensor weightHH, Tensor? biasIH, Tensor? biasHH)
        {
            CheckCell(nameof(RnnTanhCell), input, hidden, weightIH, weightHH, gates: 1);
            return Tensor.Wrap(Native.nt_rnn_tanh_cell(input.HandleOf(), hidden.HandleOf(), weightIH.HandleOf(), weightHH.HandleOf(),
                Tensor.HandleOrNull(biasIH), Tensor.HandleOrNull(biasHH), out var r), r);
        }

        /// <summary>One GRU step (PyTorch's gate order r, z, n).</summary>
        public static Tensor GruCell(Tensor input, Tensor hidden, Tensor weightIH, Tensor weightHH, Tensor? biasIH, Tensor? biasHH)
        {
            CheckCell(nameof(GruCell), input, hidden, weightIH, weightHH, gates: 3);
            return Tensor.Wrap(Native.nt_gru_cell(input.HandleOf(), hidden.HandleOf(), weightIH.HandleOf(), weightHH.HandleOf(),
                Tensor.HandleOrNull(biasIH), Tensor.HandleOrNull(biasHH), out var r), r);
        }

        /// <summary>One LSTM step (PyTorch's gate order i, f, g, o); returns the new (h, c).</summary>
        public static (Tensor H, Tensor C) LstmCell(Tensor input, Tensor hidden, Tensor cell, Tensor weightIH, Tensor weightHH,
            Tensor? biasIH, Tensor? biasHH)
        {
            CheckCell(nameof(LstmCell), input, hidden, weightIH, weightHH, gates: 4);
            Checks.SameShape(nameof(LstmCell), hidden, nameof(hidden), cell, nameof(cell));
            NativeErrors.Check(Native.nt_lstm_cell(input.HandleOf(), hidden.HandleOf(), cell.HandleOf(), weightIH.HandleOf(), weightHH.HandleOf(),
                Tensor.HandleOrNull(biasIH), Tensor.HandleOrNull(biasHH), out var h, out var c));
            return (new Tensor(h), new Tensor(c));
        }

        private static void CheckCell(string operation, Tensor input, Tensor hidden, Tensor weightIH, Tensor weightHH, int gates)
        {
            Checks.Rank(operation, nameof(input), input, 2);
            Checks.Rank(operation, nameof(hidden), hidden, 2);
            Checks.NotNull(operation, nameof(weightIH), weightIH);
            Checks.NotNull(operation, nameof(weightHH), weightHH);
            long hiddenSize = hidden.ShapeView[1];
            if (input.ShapeView[0] != hidden.ShapeView[0])
                throw new ArgumentException(
                    $"{operation}: input {Checks.Format(input.ShapeView)} and hidden {Checks.Format(hidden.ShapeView)} have different batch sizes.", nameof(hidden));
            if (weightIH.Dim != 2 || weightIH.ShapeView[0] != gates * hiddenSize || weightIH.ShapeView[1] != input.ShapeView[1])
                throw new ArgumentException(
                    $"{operation}: weightIH is {Checks.Format(weightIH.ShapeView)}, expected [{gates * hiddenSize},{input.ShapeView[1]}] " +
                    $"for input {Checks.Format(input.ShapeView)} and hidden {Checks.Format(hidden.ShapeView)}.", nameof(weightIH));
            if (weightHH.Dim != 2 || weightHH.ShapeView[0] != gates * hiddenSize || weightHH.ShapeView[1] != hiddenSize)
                throw new ArgumentException(
                    $"{operation}: weightHH is {Checks.Format(weightHH.ShapeView)}, expected [{gates * hiddenSize},{hiddenSize}].", nameof(weightHH));
        }
    }
}
