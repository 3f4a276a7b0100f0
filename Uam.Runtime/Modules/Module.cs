using System.Text;

namespace Uam.Runtime;

public static partial class nn
{
    /// <summary>The base of every layer and model: owns named parameters, buffers and sub-modules, switches
    /// between training and evaluation, and saves and loads its state dict.</summary>
    /// <remarks>Parameters and buffers are registered explicitly in constructors (no reflection), in the
    /// order that fixes their state-dict names. A module owns its tensors and disposes them with itself.</remarks>
    public abstract class Module : IDisposable
    {
        private readonly List<(string Name, Tensor Tensor)> _parameters = [];
        private readonly List<(string Name, Tensor Tensor)> _buffers = [];
        private readonly List<(string Name, Module Module)> _children = [];
        private bool _disposed;

        /// <summary>True in training mode (the default), false after <see cref="Eval"/>.</summary>
        public bool IsTraining { get; private set; } = true;

        /// <summary>Registers a trainable tensor under <paramref name="name"/>; it becomes a leaf requiring
        /// gradients, owned by this module rather than by any dispose scope.</summary>
        protected Tensor RegisterParameter(string name, Tensor tensor)
        {
            CheckName(name);
            ArgumentNullException.ThrowIfNull(tensor);
            tensor.DetachFromDisposeScope();
            if (!tensor.RequiresGrad) tensor.SetRequiresGrad(true);
            _parameters.Add((name, tensor));
            return tensor;
        }

        /// <summary>Registers non-trainable state (running statistics, counters) saved with the state dict.</summary>
        protected Tensor RegisterBuffer(string name, Tensor tensor)
        {
            CheckName(name);
            ArgumentNullException.ThrowIfNull(tensor);
            _buffers.Add((name, tensor.DetachFromDisposeScope()));
            return tensor;
        }

        /// <summary>Registers a sub-module; its entries are named <c>name.entry</c>.</summary>
        protected T RegisterModule<T>(string name, T module) where T : Module
        {
            CheckName(name);
            ArgumentNullException.ThrowIfNull(module);
            _children.Add((name, module));
            return module;
        }

        private void CheckName(string name)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Contains('.'))
                throw new ArgumentException($"{GetType().Name}: '{name}' is not a valid entry name (non-empty, no dots).", nameof(name));
            if (_parameters.Any(p => p.Name == name) || _buffers.Any(b => b.Name == name) || _children.Any(c => c.Name == name))
                throw new ArgumentException($"{GetType().Name}: an entry named '{name}' is already registered.", nameof(name));
        }

        /// <summary>Every parameter with its dotted name, this module's first, then each child's in order.</summary>
        public IEnumerable<(string Name, Tensor Parameter)> NamedParameters() => Named(m => m._parameters);

        /// <summary>Every buffer with its dotted name.</summary>
        public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers() => Named(m => m._buffers);

        /// <summary>Every parameter.</summary>
        public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter);

        /// <summary>The direct sub-modules with their names.</summary>
        public IEnumerable<(string Name, Module Module)> NamedChildren() => _children;

        /// <summary>This module and every descendant, with dotted names ("" for this one).</summary>
        public IEnumerable<(string Name, Module Module)> NamedModules()
        {
            yield return ("", this);
            foreach (var (name, child) in _children)
                foreach (var (inner, module) in child.NamedModules())
                    yield return (inner.Length == 0 ? name : $"{name}.{inner}", module);
        }

        private IEnumerable<(string, Tensor)> Named(Func<Module, List<(string Name, Tensor Tensor)>> entries)
        {
            foreach (var (prefix, module) in NamedModules())
                foreach (var (name, tensor) in entries(module))
                    yield return (prefix.Length == 0 ? name : $"{prefix}.{name}", tensor);
        }

        /// <summary>Total number of trainable scalars.</summary>
        public long ParameterCount() => Parameters().Sum(p => p.NumElements);

        /// <summary>Switches this module and its descendants to training (or evaluation) mode. Returns this.</summary>
        public Module Train(bool training = true)
        {
            foreach (var (_, module) in NamedModules()) module.IsTraining = training;
            return this;
        }

        /// <summary>Switches to evaluation mode (dropout off, batch norm uses running statistics). Returns this.</summary>
        public Module Eval() => Train(false);

        /// <summary>Makes every parameter's gradient undefined (the cheap form of zeroing).</summary>
        public void ZeroGrad()
        {
            foreach (Tensor parameter in Parameters()) parameter.SetGrad(null);
        }

        /// <summary>Moves every parameter and buffer to <paramref name="device"/>, keeping the same tensor
        /// objects so references held elsewhere (optimizers) stay valid. Returns this.</summary>
        public Module To(Device device)
        {
            device.EnsureAvailable();
            return Convert(t => t.To(device));
        }

        /// <summary>Converts every floating-point parameter and buffer to <paramref name="dtype"/>. Returns this.</summary>
        public Module To(ScalarType dtype)
        {
            if (!dtype.IsFloatingPoint()) throw new ArgumentException($"To: modules convert only to floating-point types, not {dtype}.", nameof(dtype));
            return Convert(t => t.DType.IsFloatingPoint() ? t.To(dtype) : t.Alias());
        }

        private Module Convert(Func<Tensor, Tensor> convert)
        {
            using var noGrad = torch.NoGrad();
            foreach (var (_, parameter) in NamedParameters())
            {
                using Tensor converted = convert(parameter);
                parameter.ReplaceWith(converted);
                parameter.SetRequiresGrad(true);
            }
            foreach (var (_, buffer) in NamedBuffers())
            {
                using Tensor converted = convert(buffer);
                buffer.ReplaceWith(converted);
            }
            return this;
        }

        /// <summary>The parameters and buffers by dotted name (the module's own tensors, not copies), in
        /// PyTorch's order: module by module, each one's parameters then its buffers.</summary>
        public StateDict StateDict()
        {
            var dict = new StateDict(ownsTensors: false);
            foreach (var (prefix, module) in NamedModules())
                foreach (var (name, tensor) in module._parameters.Concat(module._buffers))
                    dict.Add(prefix.Length == 0 ? name : $"{prefix}.{name}", tensor);
            return dict;
        }

        /// <summary>Copies the values of <paramref name="source"/> into this module's parameters and buffers.
        /// Strict (the default): every entry must be present with the same dtype and shape and nothing else
        /// may be in <paramref name="source"/>; all problems are reported in one exception. Not strict: missing
        /// and unexpected names are returned instead, but dtype or shape mismatches still throw.</summary>
        public StateDictLoadResult LoadStateDict(StateDict source, bool strict = true)
        {
            ArgumentNullException.ThrowIfNull(source);
            foreach (var (prefix, module) in NamedModules())
                module.PrepareLoad(name => source.TryGetValue(prefix.Length == 0 ? name : $"{prefix}.{name}", out Tensor? value) ? value : null);
            var own = StateDict();
            var missing = own.Keys.Where(k => !source.ContainsKey(k)).ToList();
            var unexpected = source.Keys.Where(k => !own.ContainsKey(k)).ToList();
            var mismatched = new List<string>();
            foreach (var (name, target) in own)
            {
                if (!source.TryGetValue(name, out Tensor? value)) continue;
                if (value.DType != target.DType || !value.ShapeView.AsSpan().SequenceEqual(target.ShapeView))
                    mismatched.Add($"'{name}' is {value.DType}{Checks.Format(value.ShapeView)} in the source but {target.DType}{Checks.Format(target.ShapeView)} in {GetType().Name}");
            }
            if (mismatched.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
                throw new StateDictMismatchException(GetType().Name, source.SourcePath, missing, unexpected, mismatched);
            using (torch.NoGrad())
                foreach (var (name, target) in own)
                    if (source.TryGetValue(name, out Tensor? value)) target.CopyInPlace(value);
            return new StateDictLoadResult(missing, unexpected);
        }

        /// <summary>Called by <see cref="LoadStateDict"/> before shapes are compared, with a lookup of the source's entries
        /// by this module's own parameter and buffer names: a module whose buffer takes its shape from the data it has
        /// seen resizes it here. The values are copied afterwards.</summary>
        protected virtual void PrepareLoad(Func<string, Tensor?> source)
        {
        }

        /// <summary>Saves the state dict to <paramref name="path"/> (safetensors layout, written atomically).</summary>
        public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null) => StateDict().Save(path, metadata);

        /// <summary>Loads a state dict saved by <see cref="Save"/> into this module.</summary>
        public StateDictLoadResult Load(string path, bool strict = true)
        {
            using var loaded = Runtime.StateDict.Load(path);
            return LoadStateDict(loaded, strict);
        }

        /// <summary>The arguments shown in <see cref="ToString"/>, e.g. "in_features=784, out_features=10".</summary>
        protected virtual string ExtraRepr() => "";

        /// <summary>A summary in the style of PyTorch's module print.</summary>
        public override string ToString()
        {
            string name = GetType().Name;
            if (_children.Count == 0) return $"{name}({ExtraRepr()})";
            var text = new StringBuilder(name).Append("(\n");
            string extra = ExtraRepr();
            if (extra.Length > 0) text.Append("  ").Append(extra).Append('\n');
            foreach (var (childName, child) in _children)
                text.Append("  (").Append(childName).Append("): ")
                    .Append(child.ToString().Replace("\n", "\n  ")).Append('\n');
            return text.Append(')').ToString();
        }

        /// <summary>The input of a forward pass, which must not be null (a NullReferenceException from inside would name
        /// neither the module nor the argument).</summary>
        protected Tensor Input(Tensor input, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(input))] string parameter = "")
        {
            Checks.NotNull($"{GetType().Name}.Forward", parameter, input);
            return input;
        }

        /// <summary>Disposes every parameter, buffer and sub-module.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var (_, p) in _parameters) p.Dispose();
            foreach (var (_, b) in _buffers) b.Dispose();
            foreach (var (_, c) in _children) c.Dispose();
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>A module with a single-input forward pass.</summary>
    public abstract class Module<TInput, TOutput> : Module
    {
        /// <summary>Computes the output; the result is a fresh tensor owned by the caller.</summary>
        public abstract TOutput Forward(TInput input);
    }

    /// <summary>What a non-strict <see cref="Module.LoadStateDict"/> left out.</summary>
    public sealed record StateDictLoadResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys);
}
