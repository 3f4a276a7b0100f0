namespace Uam.Runtime;

public static partial class nn
{
    /// <summary>Batch normalization of [N, C] or [N, C, L]: batch statistics in training (updating running
    /// estimates with <see cref="Momentum"/>), the running estimates in evaluation.</summary>
    public sealed class BatchNorm1d : Module<Tensor, Tensor>
    {
        /// <summary>Normalizes <paramref name="features"/> channels.</summary>
        public BatchNorm1d(long features, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool trackRunningStats = true)
        {
            Checks.Positive(nameof(BatchNorm1d), nameof(features), features);
            if (momentum is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "BatchNorm1d: momentum must be in [0, 1].");
            Features = features;
            Eps = eps;
            Momentum = momentum;
            try
            {
                if (affine)
                {
                    Weight = RegisterParameter("weight", torch.Ones([features]));
                    Bias = RegisterParameter("bias", torch.Zeros([features]));
                }
                if (trackRunningStats)
                {
                    RunningMean = RegisterBuffer("running_mean", torch.Zeros([features]));
                    RunningVar = RegisterBuffer("running_var", torch.Ones([features]));
                    BatchesTracked = RegisterBuffer("num_batches_tracked", torch.Zeros([], ScalarType.Int64));
                }
            }
            catch
            {
                Dispose();   // a constructor that throws leaves no native tensors behind
                throw;
            }
        }

        /// <summary>Channels.</summary>
        public long Features { get; }
        /// <summary>Variance floor.</summary>
        public double Eps { get; }
        /// <summary>Weight of the newest batch in the running estimates.</summary>
        public double Momentum { get; }
        /// <summary>Gain, or null.</summary>
        public Tensor? Weight { get; }
        /// <summary>Bias, or null.</summary>
        public Tensor? Bias { get; }
        /// <summary>Running mean, or null when not tracked.</summary>
        public Tensor? RunningMean { get; }
        /// <summary>Running (unbiased) variance, or null when not tracked.</summary>
        public Tensor? RunningVar { get; }
        /// <summary>Training batches seen (Int64), or null when not tracked.</summary>
        public Tensor? BatchesTracked { get; }

        /// <inheritdoc/>
        public override Tensor Forward(Tensor input)
        {
            if (Input(input).Dim < 2 || input.ShapeView[1] != Features)
                throw new ArgumentException(
                    $"BatchNorm1d: input is {Checks.Format(input.ShapeView)}, expected [N, {Features}] or [N, {Features}, L].", nameof(input));
            bool useBatchStatistics = IsTraining || RunningMean is null;
            if (IsTraining && BatchesTracked is not null)
                using (torch.NoGrad()) BatchesTracked.AddInPlace(1);
            return functional.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, useBatchStatistics, Momentum, Eps);
        }

        /// <inheritdoc/>
        protected override string ExtraRepr() =>
            $"{Features}, eps={Eps}, momentum={Momentum}, affine={Weight is not null}, track_running_stats={RunningMean is not null}";
    }
}
