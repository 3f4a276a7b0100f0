using System.Globalization;

namespace Uam.Runtime;

/// <summary>Optimizers written in C# over in-place tensor ops: transparent,
/// easy to vary, and checked against libtorch's own C++ <c>torch::optim</c> in the tests.</summary>
public static partial class optim
{
    /// <summary>The base of every optimizer: the parameters, the learning rate, per-parameter state tensors
    /// (owned here, saved under <c>optim.</c>), and the step protocol.</summary>
    public abstract class Optimizer : IDisposable
    {
        private readonly Tensor[] _parameters;
        private readonly Dictionary<string, Tensor>[] _state;
        private readonly long[] _steps;

        // Where each parameter's optimizer state was found to live, once checked tensor by tensor: later steps compare the
        // parameter with it (one query) instead of querying every state tensor's device on every step, which costs as
        // much as the arithmetic for a small network.
        private readonly (ScalarType DType, Device Device)?[] _placement;
        private double _learningRate;

        /// <summary>Takes the parameters to update and the learning rate.</summary>
        protected Optimizer(IEnumerable<Tensor> parameters, double learningRate)
        {
            ArgumentNullException.ThrowIfNull(parameters);
            _parameters = parameters.ToArray();
            if (_parameters.Length == 0) throw new ArgumentException($"{GetType().Name}: got an empty parameter list.", nameof(parameters));
            for (int i = 0; i < _parameters.Length; i++)
                if (_parameters[i] is null)
                    throw new ArgumentNullException(nameof(parameters), $"{GetType().Name}: parameter {i} is null.");
                else if (!_parameters[i].IsLeaf || !_parameters[i].RequiresGrad)
                    throw new ArgumentException($"{GetType().Name}: parameter {i} is not a leaf tensor that requires gradients.", nameof(parameters));
            _state = _parameters.Select(_ => new Dictionary<string, Tensor>(StringComparer.Ordinal)).ToArray();
            _steps = new long[_parameters.Length];
            _placement = new (ScalarType, Device)?[_parameters.Length];
            LearningRate = learningRate;
        }

        /// <summary>The parameters, in the order given.</summary>
        public IReadOnlyList<Tensor> Parameters => _parameters;

        /// <summary>The learning rate; may change between steps (schedules).</summary>
        public double LearningRate
        {
            get => _learningRate;
            set => _learningRate = value >= 0 && double.IsFinite(value)
                ? value
                : throw new ArgumentOutOfRangeException(nameof(LearningRate), value, $"{GetType().Name}: learning rate must be >= 0, got {value}.");
        }

        /// <summary>Makes every gradient undefined (<paramref name="setToNone"/>) or zero.</summary>
        public void ZeroGrad(bool setToNone = true)
        {
            foreach (Tensor parameter in _parameters)
            {
                if (setToNone)
                {
                    parameter.SetGrad(null);
                    continue;
                }
                using Tensor? grad = parameter.Grad;
                using (torch.NoGrad()) grad?.ZeroInPlace();
            }
        }

        /// <summary>Updates every parameter that has a gradient, under no-grad and in its own dispose scope.</summary>
        public void Step()
        {
            using var noGrad = torch.NoGrad();
            for (int i = 0; i < _parameters.Length; i++)
            {
                using var scope = torch.NewDisposeScope();
                Tensor? grad = _parameters[i].Grad;
                if (grad is null) continue;
                CheckState(i, grad);
                _steps[i]++;
                try
                {
                    Update(_parameters[i], grad, new ParameterState(_state[i], _steps[i]));
                    if (_placement[i] is null && _state[i].Count > 0) _placement[i] = (_parameters[i].DType, _parameters[i].Device);
                }
                catch (TorchException e)
                {
                    // Name the step and the parameter, not the in-place op inside the update that failed.
                    _steps[i]--;
                    throw new InvalidOperationException(
                        $"{GetType().Name}.Step: updating parameter {i} ({_parameters[i].DType}{Checks.Format(_parameters[i].ShapeView)}) failed: {e.Message}", e);
                }
            }
        }

        /// <summary>The state was made for the parameter as it was: after <c>Module.To</c> changed a parameter's dtype or
        /// device, libtorch's in-place updates would fail on an internal assertion, so say what happened instead.</summary>
        private void CheckState(int index, Tensor grad)
        {
            Tensor parameter = _parameters[index];
            if (grad.DType != parameter.DType || !grad.ShapeView.AsSpan().SequenceEqual(parameter.ShapeView))
                throw new InvalidOperationException(
                    $"{GetType().Name}.Step: parameter {index} is {parameter.DType}{Checks.Format(parameter.ShapeView)} but its gradient is " +
                    $"{grad.DType}{Checks.Format(grad.ShapeView)}.");
            if (_placement[index] is { } placed)
            {
                Device device = parameter.Device;
                if (parameter.DType == placed.DType && device == placed.Device) return;
                throw Moved(index, placed.DType, placed.Device, "its optimizer state");
            }
            foreach (var (name, tensor) in _state[index])
                if (tensor.DType != parameter.DType || tensor.Device != parameter.Device)
                    throw Moved(index, tensor.DType, tensor.Device, $"its optimizer state '{name}'");
        }

        private InvalidOperationException Moved(int index, ScalarType dtype, Device device, string what)
        {
            Tensor parameter = _parameters[index];
            return new InvalidOperationException(
                $"{GetType().Name}.Step: parameter {index} is now {parameter.DType} on {parameter.Device}, but {what} was made for {dtype} on " +
                $"{device} (the module was converted with To after the optimizer took a step). Create the optimizer after converting the module.");
        }

        /// <summary>Updates one parameter in place from its gradient. Runs under no-grad inside a dispose
        /// scope: temporaries need no disposing; tensors kept in <paramref name="state"/> are kept.</summary>
        protected abstract void Update(Tensor parameter, Tensor grad, ParameterState state);

        /// <summary>The optimizer state as named tensors: <c>optim.{index}.{name}</c> and <c>optim.{index}.step</c>.</summary>
        public StateDict StateDict()
        {
            var dict = new StateDict(ownsTensors: true);
            for (int i = 0; i < _parameters.Length; i++)
            {
                string prefix = string.Create(CultureInfo.InvariantCulture, $"optim.{i}.");
                dict.Add(prefix + "step", torch.FromArray(new[] { _steps[i] }, []).DetachFromDisposeScope());
                foreach (var (name, tensor) in _state[i].OrderBy(e => e.Key, StringComparer.Ordinal))
                    dict.Add(prefix + name, tensor.Clone().DetachFromDisposeScope());
            }
            return dict;
        }

        /// <summary>Restores state saved by <see cref="StateDict"/>, so training resumes exactly.</summary>
        public void LoadStateDict(StateDict source)
        {
            ArgumentNullException.ThrowIfNull(source);
            var restored = _parameters.Select(_ => new Dictionary<string, Tensor>(StringComparer.Ordinal)).ToArray();
            var steps = new long[_parameters.Length];
            try
            {
                foreach (var (key, tensor) in source)
                {
                    string[] parts = key.Split('.', 3);
                    if (parts.Length != 3 || parts[0] != "optim" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                        || index >= _parameters.Length)
                        throw new ArgumentException($"{GetType().Name}: unexpected optimizer state entry '{key}'.", nameof(source));
                    if (parts[2] == "step")
                    {
                        if (tensor.NumElements != 1 || tensor.DType.IsFloatingPoint() || tensor.DType == ScalarType.Bool)
                            throw new ArgumentException(
                                $"{GetType().Name}: state entry '{key}' must hold one integer step count, but it is {tensor.DType}{Checks.Format(tensor.ShapeView)}.",
                                nameof(source));
                        steps[index] = tensor.Item<long>();
                        continue;
                    }
                    // Every state tensor of these optimizers is shaped like its parameter: one saved for another model would
                    // only fail later, inside Step.
                    Tensor parameter = _parameters[index];
                    if (tensor.DType != parameter.DType || !tensor.ShapeView.AsSpan().SequenceEqual(parameter.ShapeView))
                        throw new ArgumentException(
                            $"{GetType().Name}: state entry '{key}' is {tensor.DType}{Checks.Format(tensor.ShapeView)}, but parameter {index} is " +
                            $"{parameter.DType}{Checks.Format(parameter.ShapeView)}.", nameof(source));
                    restored[index][parts[2]] = tensor.Clone().DetachFromDisposeScope();
                }
            }
            catch
            {
                foreach (var state in restored)
                    foreach (Tensor tensor in state.Values) tensor.Dispose();
                throw;
            }
            ClearState();
            for (int i = 0; i < _parameters.Length; i++)
            {
                foreach (var (name, tensor) in restored[i]) _state[i][name] = tensor;
                _steps[i] = steps[i];
            }
        }

        private void ClearState()
        {
            Array.Clear(_placement);
            foreach (var state in _state)
            {
                foreach (Tensor tensor in state.Values) tensor.Dispose();
                state.Clear();
            }
        }

        /// <summary>Frees the state tensors (not the parameters).</summary>
        public void Dispose()
        {
            ClearState();
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>One parameter's optimizer state: named tensors that persist across steps, and the step count
    /// (1 on the first update).</summary>
    public readonly struct ParameterState
    {
        private readonly Dictionary<string, Tensor> _tensors;

        internal ParameterState(Dictionary<string, Tensor> tensors, long step)
        {
            _tensors = tensors;
            Step = step;
        }

        /// <summary>Updates applied to this parameter so far, this one included.</summary>
        public long Step { get; }

        /// <summary>The state tensor <paramref name="name"/>, if it exists.</summary>
        public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Tensor tensor) =>
            _tensors.TryGetValue(name, out tensor);

        /// <summary>The state tensor <paramref name="name"/>, created by <paramref name="create"/> the first time
        /// (and then kept beyond the step's dispose scope).</summary>
        public Tensor GetOrCreate(string name, Func<Tensor> create)
        {
            if (_tensors.TryGetValue(name, out Tensor? existing)) return existing;
            Tensor created = create().DetachFromDisposeScope();
            _tensors[name] = created;
            return created;
        }
    }
}
