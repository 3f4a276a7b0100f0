using System.Globalization;

namespace Uam.Runtime;

public static partial class nn
{
    /// <summary>A regularity normalizer slot (B. Lin, Entropy 2022; docs/normalizers.md): scores the layer's
    /// activations under a running Gaussian, accumulates their likelihood in COMP by log-sum-exp over
    /// training, and multiplies each activation by its code length l = COMP − log Σ p.</summary>
    /// <remarks>
    /// The state (running mean, standard deviation, element count and COMP) is kept in buffers named
    /// <c>mean</c>, <c>std</c>, <c>count</c> and <c>comp</c>, saved and loaded with the state dict; training
    /// continues from a loaded state exactly as it would have without the interruption. In
    /// <see cref="RegularityMode.Train"/> a call pools the batch into the statistics and updates COMP; in
    /// <see cref="RegularityMode.Inference"/> it uses them unchanged. The mode follows <see cref="Module.Train"/>
    /// and <see cref="Module.Eval"/> unless <see cref="ModeOverride"/> is set (the original's DQN acts with a
    /// network in evaluation mode whose normalizers still learn). Set <see cref="Trace"/> to record every call (the UAM probe).
    /// </remarks>
    public sealed class RegularityNorm : Module<Tensor, Tensor>
    {
        private readonly Tensor _mean, _std, _count, _comp;
        private long _calls;

        /// <summary>A slot of the given variant. <paramref name="features"/> is required for
        /// <see cref="RegularityVariant.PerFeature"/> (one COMP per feature) and checked against the input
        /// for every variant when given.</summary>
        public RegularityNorm(RegularityVariant variant, long? features = null, RegularityOptions? options = null)
        {
            Options = options ?? RegularityOptions.Default;
            Options.Validate();
            if (!Enum.IsDefined(variant)) throw new ArgumentOutOfRangeException(nameof(variant), variant, "RegularityNorm: unknown variant.");
            if (variant == RegularityVariant.PerFeature && features is null)
                throw new ArgumentException("RegularityNorm: the per-feature variant needs the number of features.", nameof(features));
            if (features is <= 0) throw new ArgumentOutOfRangeException(nameof(features), features, "RegularityNorm: features must be positive.");
            Variant = variant;
            Features = features;
            try
            {
                _mean = RegisterBuffer("mean", torch.Zeros([], ScalarType.Float64));
                _std = RegisterBuffer("std", torch.Zeros([], ScalarType.Float64));
                _count = RegisterBuffer("count", torch.Zeros([], ScalarType.Int64));
                _comp = RegisterBuffer("comp", variant switch
                {
                    RegularityVariant.PerFeature => torch.Zeros([features!.Value], ScalarType.Float64),
                    RegularityVariant.PerSample when Options.PerSampleCompPerRow => torch.Zeros([0], ScalarType.Float64),
                    _ => torch.Zeros([], ScalarType.Float64),
                });
            }
            catch
            {
                Dispose();   // a constructor that throws leaves no native tensors behind
                throw;
            }
        }

        /// <summary>The variant.</summary>
        public RegularityVariant Variant { get; }

        /// <summary>The options.</summary>
        public RegularityOptions Options { get; }

        /// <summary>The expected feature count, if declared.</summary>
        public long? Features { get; }

        /// <summary>Forces a mode regardless of <see cref="Module.IsTraining"/>; null follows it.</summary>
        public RegularityMode? ModeOverride { get; set; }

        /// <summary>When set, a call returns its input unchanged (an alias) and neither reads nor changes the state nor
        /// records a trace: the slot is switched off, as the original's MiniGrid rollouts call the network with
        /// <c>RN=False</c> (docs/minigrid.md).</summary>
        public bool Bypass { get; set; }

        /// <summary>The mode the next call runs in.</summary>
        public RegularityMode Mode => ModeOverride ?? (IsTraining ? RegularityMode.Train : RegularityMode.Inference);

        /// <summary>The saliency prior <see cref="Forward(Tensor)"/> uses (not owned): positive, shaped [B],
        /// [B, 1] or [B, F]; null means s = 1 (as for the original without labels). See <see cref="SaliencyPrior"/>.</summary>
        public Tensor? Prior { get; set; }

        /// <summary>The ranks of a data-parallel job this slot learns with (not owned); null: this process alone. With a group,
        /// every training call is collective: its batch is the union of the ranks' calls (each rank passes its shard), so
        /// the statistics, COMP and code lengths on every rank equal what one process would compute on the global batch,
        /// and gradients flow across ranks through them (docs/parallel.md). Such calls run the composite path. Inference
        /// calls stay local: each rank evaluates what it is given with the (equal) learnt state.</summary>
        public ProcessGroup? Group { get; set; }

        /// <summary>When set, every call appends a record (the UAM probe).</summary>
        public RegularityTrace? Trace { get; set; }

        /// <summary>Elements seen in training so far (0: no history).</summary>
        public long Count => _count.Item<long>();

        /// <summary>The running mean.</summary>
        public double RunningMean => _mean.Item<double>();

        /// <summary>The running standard deviation (before the floor).</summary>
        public double RunningStd => _std.Item<double>();

        /// <summary>A copy of COMP (float64; [] or one per feature).</summary>
        public Tensor Comp() => _comp.Clone();

        /// <summary>Forgets everything learnt: no statistics, COMP back to 0.</summary>
        public void Reset()
        {
            using (torch.NoGrad())
            {
                _mean.ZeroInPlace();
                _std.ZeroInPlace();
                _count.ZeroInPlace();
                if (Variant == RegularityVariant.PerSample && Options.PerSampleCompPerRow)
                {
                    using var empty = torch.Zeros([0], ScalarType.Float64);
                    _comp.ReplaceWith(empty.Clone());
                }
                else
                {
                    _comp.ZeroInPlace();
                }
            }
            _calls = 0;
            _sequence = null;
        }

        /// <inheritdoc/>
        public override Tensor Forward(Tensor input) => Forward(input, Prior);

        /// <summary>Normalizes <paramref name="input"/>; <paramref name="prior"/> is the saliency prior s
        /// (saliency variant only; null means s = 1).</summary>
        public Tensor Forward(Tensor input, Tensor? prior) => Run(input, prior, step: null);

        /// <summary>Normalizes time step <paramref name="step"/> of a recurrent layer that shares this one slot across its
        /// steps (step 0 starts a sequence). With <see cref="RecurrentSlotSharing.EveryStep"/> this is
        /// <see cref="Forward(Tensor, Tensor?)"/>: every step is a call of its own. With
        /// <see cref="RecurrentSlotSharing.OriginalFirstStepKept"/> a training sequence follows the original (docs/normalizers.md, the original's recurrent slot).</summary>
        public Tensor ForwardStep(Tensor input, int step, Tensor? prior = null)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(step);
            return Run(input, prior ?? Prior, step);
        }

        private Tensor Run(Tensor input, Tensor? prior, int? step)
        {
            Input(input);
            if (Bypass) return input.Alias();
            CheckInput(input);
            using var scope = torch.NewDisposeScope();
            Tensor? logPrior = prior is null ? null : LogPrior(prior, input);
            bool training = Mode == RegularityMode.Train;
            var stored = new RegularityState(_mean.Item<double>(), _std.Item<double>(), _count.Item<long>());
            ProcessGroup? ranks = training ? Group : null;
            if (training && NonFiniteCount(input, ranks) is var nonFinite and > 0)
            {
                if (Options.NonFinite == NonFiniteTraining.Throw)
                    throw new ArgumentException(
                        $"RegularityNorm ({Variant}): {nonFinite} of the {input.NumElements} elements of this training batch{(ranks is null ? "" : " (summed over the ranks)")} " +
                        $"{Checks.Format(input.ShapeView)} are NaN or infinite; pooled into the statistics and COMP they would poison the " +
                        "slot for ever, so it learnt nothing from them (RegularityOptions.NonFinite = Skip skips such batches).", nameof(input));
                if (stored.IsEmpty) return scope.MoveToOuter(input.Alias());
                (training, ranks) = (false, null);   // Skip: normalize with what the slot has learnt, learn nothing
            }
            var call = new RegularityCall(Layout, SharedComp, training, Options);
            // D10, the original's one slot for all time steps: only step 0's update is kept; the later steps of the
            // sequence pool cumulatively from step 0's statistics and all use the COMP stored before step 0, except on
            // the very first batch, where every step starts from nothing (its own statistics, COMP = 0).
            bool original = step is not null && training && Options.Recurrence == RecurrentSlotSharing.OriginalFirstStepKept;
            RegularityState history = stored;
            Tensor compBefore = _comp;
            if (original && step > 0)
            {
                RecurrentSequence sequence = _sequence ?? throw new InvalidOperationException(
                    $"RegularityNorm.ForwardStep: step {step} of a recurrent sequence came before its step 0.");
                (history, compBefore) = (sequence.Statistics, torch.FromArray(sequence.CompBefore, sequence.CompShape));
            }
            CheckRows(input, history);
            RegularityResult result = ranks is null && Options.Implementation == RegularityImplementation.Fused && RegularityFused.Supports(input, call)
                ? RegularityFused.Forward(input, logPrior, compBefore, history, call)
                : RegularityComposite.Forward(input, logPrior, compBefore, history, call, ranks);
            if (original && step == 0)
            {
                _sequence = new RecurrentSequence(stored.IsEmpty ? default : result.State, _comp.ToDoubleArray(), _comp.ShapeView.ToArray(), stored.IsEmpty);
                Store(result);
            }
            else if (original)
            {
                if (!_sequence!.FirstBatch) _sequence.Statistics = result.State;
            }
            else if (training)
            {
                Store(result);
            }
            Trace?.Add(Record(input, result, logPrior, training));
            _calls++;
            return scope.MoveToOuter(result.Output);
        }

        /// <summary>The number of non-finite elements of the batch (summed over <paramref name="ranks"/>, so that every rank
        /// takes the same branch: one rank throwing or skipping alone would leave the others waiting in a collective).</summary>
        private static long NonFiniteCount(Tensor input, ProcessGroup? ranks)
        {
            long local = LocalNonFiniteCount(input);
            if (ranks is null) return local;
            using Tensor count = torch.FromArray(new[] { local }, [1]);
            ranks.AllReduce(count);
            return count.ToArray<long>()[0];
        }

        private static long LocalNonFiniteCount(Tensor input)
        {
            using (torch.NoGrad())
            {
                // One cheap pass first: a finite sum means every element is finite (NaN and ±∞ never sum to a finite
                // value); only a non-finite sum (or an overflow) pays for the exact count.
                using (Tensor sum = input.Sum())
                    if (double.IsFinite(sum.ToDouble())) return 0;
                using Tensor finite = input.IsFinite();
                using Tensor asInteger = finite.To(ScalarType.Int64);
                using Tensor count = asInteger.Sum();
                return input.NumElements - count.Item<long>();
            }
        }

        /// <summary>Where a training sequence of the original's shared recurrent slot stands (D10).</summary>
        private sealed class RecurrentSequence(RegularityState statistics, double[] compBefore, long[] compShape, bool firstBatch)
        {
            public RegularityState Statistics { get; set; } = statistics;
            public double[] CompBefore { get; } = compBefore;
            public long[] CompShape { get; } = compShape;
            public bool FirstBatch { get; } = firstBatch;
        }

        private RecurrentSequence? _sequence;

        private RegularityLayout Layout => Variant switch
        {
            RegularityVariant.PerFeature => RegularityLayout.PerColumn,
            RegularityVariant.PerSample => RegularityLayout.PerRow,
            _ => RegularityLayout.All,
        };

        private bool SharedComp => Variant switch
        {
            RegularityVariant.PerFeature => false,
            RegularityVariant.PerSample => !Options.PerSampleCompPerRow,
            _ => true,
        };

        private void CheckInput(Tensor input)
        {
            Checks.FloatingPoint(nameof(RegularityNorm), nameof(input), input);
            if (input.NumElements == 0)
                throw new ArgumentException($"RegularityNorm: the input {Checks.Format(input.ShapeView)} has no elements.", nameof(input));
            if (Variant is RegularityVariant.PerFeature or RegularityVariant.PerSample or RegularityVariant.Saliency && input.Dim != 2)
                throw new ArgumentException(
                    $"RegularityNorm ({Variant}): the input must be 2-D [batch, features], but it is {Checks.Format(input.ShapeView)}.", nameof(input));
            if (Features is { } f && input.Size(-1) != f)
                throw new ArgumentException(
                    $"RegularityNorm ({Variant}): the slot was declared with {f} features, but the input is {Checks.Format(input.ShapeView)}.", nameof(input));
        }

        private void CheckRows(Tensor input, RegularityState history)
        {
            if (Variant != RegularityVariant.PerSample || !Options.PerSampleCompPerRow || history.IsEmpty) return;
            if (_comp.Size(0) != input.Size(0))
                throw new ArgumentException(
                    $"RegularityNorm (PerSample, one COMP per row as in the original): COMP belongs to {_comp.Size(0)} row positions, " +
                    $"but this batch has {input.Size(0)} rows. Use the shared-COMP semantics (PerSampleCompPerRow = false) for varying batch sizes.",
                    nameof(input));
        }

        private Tensor LogPrior(Tensor prior, Tensor input)
        {
            if (Variant != RegularityVariant.Saliency)
                throw new ArgumentException($"RegularityNorm ({Variant}): only the saliency variant takes a prior.", nameof(prior));
            Checks.FloatingPoint(nameof(RegularityNorm), nameof(prior), prior);
            long batch = input.Size(0);
            long[] shape = prior.ShapeView;
            bool fits = shape.Length switch
            {
                0 => true,
                1 => shape[0] == batch,
                2 => shape[0] == batch && (shape[1] == 1 || shape[1] == input.Size(1)),
                _ => false,
            };
            if (!fits)
                throw new ArgumentException(
                    $"RegularityNorm (Saliency): the prior is {Checks.Format(shape)}; for an input {Checks.Format(input.ShapeView)} it must be " +
                    $"[{batch}], [{batch},1] or [{batch},{input.Size(1)}].", nameof(prior));
            using (torch.NoGrad())
            {
                double smallest = prior.Min().ToDouble();
                if (!(smallest > 0))
                    throw new ArgumentException($"RegularityNorm (Saliency): prior entries must be positive, but the smallest is {smallest}.", nameof(prior));
                Tensor log = prior.Detach().Log().To(input.DType);
                return shape.Length == 1 ? log.Unsqueeze(1) : log;
            }
        }

        private void Store(RegularityResult result)
        {
            using (torch.NoGrad())
            {
                _mean.FillInPlace(result.State.Mean);
                _std.FillInPlace(result.State.Std);
                _count.FillInPlace(result.State.Count);
                if (_comp.ShapeView.AsSpan().SequenceEqual(result.Comp.ShapeView)) _comp.CopyInPlace(result.Comp);
                else _comp.ReplaceWith(result.Comp.Clone());   // per-row COMP takes its size from the first batch
            }
        }

        private RegularityRecord Record(Tensor input, RegularityResult result, Tensor? logPrior, bool training)
        {
            using var scope = torch.NewDisposeScope();
            double[] codeLengths = result.CodeLength.ToDoubleArray();
            double[] comp = result.Comp.ToDoubleArray();
            double[] multipliers = logPrior is null
                ? codeLengths
                : (result.CodeLength.To(logPrior.DType) - logPrior).Mean(1).ToDoubleArray();
            return new RegularityRecord(_calls, training ? RegularityMode.Train : RegularityMode.Inference, input.NumElements,
                result.State.Mean, result.State.Std, result.State.Count, codeLengths.Average(), codeLengths, comp.Average(), comp,
                multipliers.Average());
        }

        /// <summary>A per-row COMP takes its size from the first training batch, so a fresh slot's <c>comp</c> has no
        /// entries yet: it takes the saved COMP's size before the state is loaded.</summary>
        protected override void PrepareLoad(Func<string, Tensor?> source)
        {
            if (!(Variant == RegularityVariant.PerSample && Options.PerSampleCompPerRow) || source("comp") is not { } saved) return;
            if (saved.DType != ScalarType.Float64 || saved.Dim != 1 || saved.ShapeView.AsSpan().SequenceEqual(_comp.ShapeView)) return;
            using var resized = torch.Zeros([saved.Size(0)], ScalarType.Float64);
            _comp.ReplaceWith(resized.Clone());
        }

        /// <inheritdoc/>
        protected override string ExtraRepr()
        {
            string features = Features is { } f ? string.Create(CultureInfo.InvariantCulture, $", features={f}") : "";
            string probe = Options.Apply ? "" : ", probe";
            string options = Options == RegularityOptions.Default ? "" : Options == RegularityOptions.Faithful ? ", faithful" :
                $", pooling={Options.Pooling}, gradient={Options.Gradient}, scale={Options.Scale}, std_floor={Options.StdFloor}";
            return $"{Variant}{features}{options}{probe}";
        }
    }
}
