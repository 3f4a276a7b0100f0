namespace Uam.Runtime;

public static partial class nn
{
    /// <summary>Applies its layers in order; they are named "0", "1", … unless names are given.</summary>
    public sealed class Sequential : Module<Tensor, Tensor>
    {
        private readonly List<Module<Tensor, Tensor>> _layers = [];

        /// <summary>Layers named by position.</summary>
        public Sequential(params Module<Tensor, Tensor>[] layers)
        {
            for (int i = 0; i < layers.Length; i++) _layers.Add(RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), layers[i]));
        }

        /// <summary>Named layers.</summary>
        public Sequential(params (string Name, Module<Tensor, Tensor> Layer)[] layers)
        {
            foreach (var (name, layer) in layers) _layers.Add(RegisterModule(name, layer));
        }

        /// <summary>The layers in order.</summary>
        public IReadOnlyList<Module<Tensor, Tensor>> Layers => _layers;

        /// <inheritdoc/>
        public override Tensor Forward(Tensor input)
        {
            if (_layers.Count == 0) return Input(input).Alias();
            Tensor current = _layers[0].Forward(input);
            for (int i = 1; i < _layers.Count; i++)
            {
                Tensor next;
                try { next = _layers[i].Forward(current); }
                finally { current.Dispose(); }   // intermediate activations stay alive inside the autograd graph as needed
                current = next;
            }
            return current;
        }
    }
}
