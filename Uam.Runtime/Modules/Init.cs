namespace Uam.Runtime;

public static partial class nn
{
    /// <summary>Parameter initialisation, in place and without recording gradients (PyTorch's defaults).</summary>
    public static class init
    {
        /// <summary>Fills with U(low, high).</summary>
        public static Tensor Uniform(Tensor tensor, double low, double high, Generator? generator = null)
        {
            using (torch.NoGrad()) return tensor.UniformInPlace(low, high, generator);
        }

        /// <summary>Fills with N(mean, std²).</summary>
        public static Tensor Normal(Tensor tensor, double mean = 0, double std = 1, Generator? generator = null)
        {
            using (torch.NoGrad()) return tensor.NormalInPlace(mean, std, generator);
        }

        /// <summary>Fills with <paramref name="value"/>.</summary>
        public static Tensor Constant(Tensor tensor, double value)
        {
            using (torch.NoGrad()) return tensor.FillInPlace(value);
        }

        /// <summary>He-uniform: U(±gain·√(3/fan_in)) with gain √(2/(1+a²)). PyTorch's Linear and Conv2d use
        /// a = √5, which gives U(±1/√fan_in).</summary>
        public static Tensor KaimingUniform(Tensor tensor, double a = 0, Generator? generator = null)
        {
            double gain = Math.Sqrt(2.0 / (1 + a * a));
            double bound = gain * Math.Sqrt(3.0 / FanIn(tensor));
            return Uniform(tensor, -bound, bound, generator);
        }

        /// <summary>Glorot-uniform: U(±gain·√(6/(fan_in+fan_out))).</summary>
        public static Tensor XavierUniform(Tensor tensor, double gain = 1, Generator? generator = null)
        {
            double bound = gain * Math.Sqrt(6.0 / (FanIn(tensor) + FanOut(tensor)));
            return Uniform(tensor, -bound, bound, generator);
        }

        /// <summary>Inputs per output unit: dimension 1 times the receptive field.</summary>
        public static long FanIn(Tensor tensor)
        {
            if (tensor.Dim < 2)
                throw new ArgumentException($"FanIn: needs a tensor of at least 2 dimensions, not {Checks.Format(tensor.ShapeView)}.", nameof(tensor));
            return tensor.ShapeView[1] * ReceptiveField(tensor);
        }

        /// <summary>Outputs per input unit: dimension 0 times the receptive field.</summary>
        public static long FanOut(Tensor tensor)
        {
            if (tensor.Dim < 2)
                throw new ArgumentException($"FanOut: needs a tensor of at least 2 dimensions, not {Checks.Format(tensor.ShapeView)}.", nameof(tensor));
            return tensor.ShapeView[0] * ReceptiveField(tensor);
        }

        private static long ReceptiveField(Tensor tensor) => tensor.ShapeView.Skip(2).Aggregate(1L, (a, b) => a * b);
    }
}
