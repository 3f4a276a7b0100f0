namespace Uam.Runtime;

public static partial class nn
{
    /// <summary>2-D convolution over [N, C, H, W]; PyTorch's default initialisation.</summary>
    public sealed class Conv2d : Module<Tensor, Tensor>
    {
        /// <summary>A convolution with a square or rectangular kernel.</summary>
        public Conv2d(long inChannels, long outChannels, (long H, long W) kernel, (long H, long W)? stride = null,
            (long H, long W)? padding = null, bool bias = true, Generator? generator = null, ScalarType dtype = ScalarType.Float32)
        {
            Checks.Positive(nameof(Conv2d), nameof(inChannels), inChannels);
            Checks.Positive(nameof(Conv2d), nameof(outChannels), outChannels);
            Checks.Positive(nameof(Conv2d), "kernel height", kernel.H);
            Checks.Positive(nameof(Conv2d), "kernel width", kernel.W);
            if (stride is { } st) { Checks.Positive(nameof(Conv2d), "stride height", st.H); Checks.Positive(nameof(Conv2d), "stride width", st.W); }
            if (padding is { } pd && (pd.H < 0 || pd.W < 0))
                throw new ArgumentOutOfRangeException(nameof(padding), $"Conv2d: padding ({pd.H}, {pd.W}) must not be negative.");
            InChannels = inChannels;
            OutChannels = outChannels;
            Kernel = kernel;
            Stride = stride ?? (1, 1);
            Padding = padding ?? (0, 0);
            try
            {
                // Registered before they are filled, so that a failing fill cannot orphan them.
                Weight = RegisterParameter("weight", torch.Empty([outChannels, inChannels, kernel.H, kernel.W], dtype));
                init.KaimingUniform(Weight, Math.Sqrt(5), generator);
                if (bias)
                {
                    double bound = 1 / Math.Sqrt(init.FanIn(Weight));
                    Bias = RegisterParameter("bias", torch.Empty([outChannels], dtype));
                    init.Uniform(Bias, -bound, bound, generator);
                }
            }
            catch
            {
                Dispose();   // a constructor that throws leaves no native tensors behind
                throw;
            }
        }

        /// <summary>A convolution with a square kernel.</summary>
        public Conv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, bool bias = true,
            Generator? generator = null)
            : this(inChannels, outChannels, (kernelSize, kernelSize), (stride, stride), (padding, padding), bias, generator) { }

        /// <summary>Input channels.</summary>
        public long InChannels { get; }
        /// <summary>Output channels.</summary>
        public long OutChannels { get; }
        /// <summary>Kernel size.</summary>
        public (long H, long W) Kernel { get; }
        /// <summary>Stride.</summary>
        public (long H, long W) Stride { get; }
        /// <summary>Zero padding.</summary>
        public (long H, long W) Padding { get; }
        /// <summary>[out, in, kH, kW].</summary>
        public Tensor Weight { get; }
        /// <summary>[out], or null.</summary>
        public Tensor? Bias { get; }

        /// <inheritdoc/>
        public override Tensor Forward(Tensor input) => functional.Conv2d(input, Weight, Bias, Stride, Padding);

        /// <inheritdoc/>
        protected override string ExtraRepr() =>
            $"{InChannels}, {OutChannels}, kernel_size=({Kernel.H}, {Kernel.W}), stride=({Stride.H}, {Stride.W})" +
            (Padding != (0, 0) ? $", padding=({Padding.H}, {Padding.W})" : "") + (Bias is null ? ", bias=False" : "");
    }

    /// <summary>2-D max pooling (stride defaults to the kernel size).</summary>
    public sealed class MaxPool2d((long H, long W) kernel, (long H, long W)? stride = null) : Module<Tensor, Tensor>
    {
        /// <summary>Square pooling window.</summary>
        public MaxPool2d(long kernelSize) : this((kernelSize, kernelSize)) { }

        /// <inheritdoc/>
        public override Tensor Forward(Tensor input) => functional.MaxPool2d(input, kernel, stride ?? kernel);

        /// <inheritdoc/>
        protected override string ExtraRepr() => $"kernel_size=({kernel.H}, {kernel.W})";
    }
}
