using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Uam.Generators.Diagnostics;
using Uam.Generators.Model;
using K = Uam.Generators.Parsing.RuntimeContract.Kind;

namespace Uam.Generators.Parsing
{
    /// <summary>Reads a model class's attributes into a <see cref="ModelSpec"/>: the layers in declaration order
    /// with their inferred shapes, the normalization each gets, and every misuse as a diagnostic. It never
    /// throws on bad input: what it cannot make sense of becomes a diagnostic and the model is not emitted.</summary>
    internal static class ModelParser
    {
        private static readonly Dictionary<string, LayerKind> LayerAttributes = new Dictionary<string, LayerKind>
        {
            [RuntimeContract.DenseAttribute] = LayerKind.Dense,
            [RuntimeContract.RecurrentAttribute] = LayerKind.Recurrent,
            [RuntimeContract.Conv2dAttribute] = LayerKind.Conv2d,
            [RuntimeContract.MaxPool2dAttribute] = LayerKind.MaxPool2d,
            [RuntimeContract.FlattenAttribute] = LayerKind.Flatten,
            [RuntimeContract.EmbeddingAttribute] = LayerKind.Embedding,
            [RuntimeContract.DropoutAttribute] = LayerKind.Dropout,
        };

        private static readonly Dictionary<LayerKind, string> NamePrefix = new Dictionary<LayerKind, string>
        {
            [LayerKind.Dense] = "fc",
            [LayerKind.Recurrent] = "rnn",
            [LayerKind.Conv2d] = "conv",
            [LayerKind.MaxPool2d] = "pool",
            [LayerKind.Flatten] = "flatten",
            [LayerKind.Embedding] = "embedding",
            [LayerKind.Dropout] = "dropout",
        };

        public static ModelSpec Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var symbol = (INamedTypeSymbol)context.TargetSymbol;
            var syntax = (TypeDeclarationSyntax)context.TargetNode;
            var parser = new Parser(symbol, syntax, context.SemanticModel.Compilation, cancellationToken);
            return parser.Run(context.Attributes[0]);
        }

        private sealed class Parser
        {
            private readonly INamedTypeSymbol _symbol;
            private readonly TypeDeclarationSyntax _syntax;
            private readonly Compilation _compilation;
            private readonly CancellationToken _cancellation;
            private readonly List<DiagnosticInfo> _diagnostics = new List<DiagnosticInfo>();
            private readonly LocationInfo? _classLocation;

            public Parser(INamedTypeSymbol symbol, TypeDeclarationSyntax syntax, Compilation compilation, CancellationToken cancellation)
            {
                _symbol = symbol;
                _compilation = compilation;
                _syntax = syntax;
                _cancellation = cancellation;
                _classLocation = new LocationInfo(syntax.SyntaxTree.FilePath, syntax.Identifier.Span,
                    syntax.SyntaxTree.GetLineSpan(syntax.Identifier.Span).Span);
            }

            private void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params object[] arguments) =>
                _diagnostics.Add(new DiagnosticInfo(descriptor.Id, location ?? _classLocation,
                    arguments.Select(a => a?.ToString() ?? "").ToEquatableArray()));

            public ModelSpec Run(AttributeData model)
            {
                CheckClass();
                Shape? input = ReadInput(model);
                bool normalizeInput = Named(model, "NormalizeInput") is bool b && b;
                AttributeData? normalize = _symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == RuntimeContract.NormalizeAttribute);
                LocationInfo? normalizeLocation = LocationOf(normalize);
                int defaultKind = normalize?.ConstructorArguments.FirstOrDefault().Value is int k ? k : K.None;
                if (!IsDefined(K.Names, defaultKind))
                {
                    Report(DiagnosticDescriptors.UnknownKind, normalizeLocation, $"(Kind){defaultKind}", defaultKind);
                    defaultKind = K.None;
                }
                NormalizerOptionsSpec options = ReadOptions(normalize, normalizeLocation);
                int prior = normalize is not null && Named(normalize, "Prior") is int p ? p : RuntimeContract.Prior.None;

                List<(AttributeData Attribute, LayerKind Kind)> declared = ReadLayerAttributes();
                List<LayerSpec> layers = BuildLayers(declared, input, defaultKind, prior, normalizeLocation);

                if (declared.Count == 0) Report(DiagnosticDescriptors.MissingInput, _classLocation, _symbol.Name, "declares no layers: add [Dense(...)] and the like");
                if (normalizeInput && !IsRegularity(defaultKind))
                    Report(DiagnosticDescriptors.UnsupportedKind, normalizeLocation, KindName(defaultKind), "input", "input",
                        "NormalizeInput uses the class's regularity kind (RN, RLN, RBN, SN, Probe or an RN+LN order)");
                if (normalizeInput && input is { IsImage: true } && defaultKind != K.RN && defaultKind != K.Probe)
                    Report(DiagnosticDescriptors.UnsupportedKind, normalizeLocation, KindName(defaultKind), "image input", "input",
                        "image activations take only whole-layer RN or a probe");
                CheckNames(layers, normalizeInput, _compilation);

                string ns = _symbol.ContainingNamespace.IsGlobalNamespace ? "" : _symbol.ContainingNamespace.ToDisplayString();
                string hint = (ns.Length == 0 ? "" : ns + ".") + _symbol.Name + ".g.cs";
                bool errors = _diagnostics.Any(d => DiagnosticDescriptors.ById[d.Id].DefaultSeverity == DiagnosticSeverity.Error);
                return new ModelSpec(ns, _symbol.Name, hint, input ?? Shape.Indices, normalizeInput, defaultKind, options, prior,
                    layers.ToEquatableArray(), _diagnostics.ToEquatableArray(), errors);
            }

            private void CheckClass()
            {
                if (_syntax is RecordDeclarationSyntax)
                    Report(DiagnosticDescriptors.RecordModel, _classLocation, _symbol.Name);
                if (_symbol.IsStatic)
                    Report(DiagnosticDescriptors.StaticModel, _classLocation, _symbol.Name);
                else if (_symbol.IsAbstract)
                    Report(DiagnosticDescriptors.AbstractModel, _classLocation, _symbol.Name);
                if (!_syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
                    Report(DiagnosticDescriptors.NotPartial, _classLocation, _symbol.Name);
                if (_symbol.ContainingType is not null)
                    Report(DiagnosticDescriptors.Nested, _classLocation, _symbol.Name, _symbol.ContainingType.Name);
                if (_symbol.TypeParameters.Length > 0)
                    Report(DiagnosticDescriptors.Generic, _classLocation, _symbol.Name);
                INamedTypeSymbol? baseType = _symbol.BaseType;
                if (baseType is not null && baseType.SpecialType != SpecialType.System_Object &&
                    baseType.ToDisplayString() != "Uam.Runtime.nn.Module<Uam.Runtime.Tensor, Uam.Runtime.Tensor>")
                    Report(DiagnosticDescriptors.HasBaseClass, _classLocation, _symbol.Name, baseType.ToDisplayString());
            }

            private Shape? ReadInput(AttributeData model)
            {
                var arguments = model.ConstructorArguments.Select(a => a.Value is int i ? i : 0).ToArray();
                LocationInfo? location = LocationOf(model);
                if (arguments.Length == 1)
                {
                    if (arguments[0] <= 0) Report(DiagnosticDescriptors.InvalidArgument, location, $"[Model]: the input size must be positive, not {arguments[0]}");
                    return Shape.Vector(arguments[0]);
                }
                if (arguments.Length == 3)
                {
                    if (arguments.Any(a => a <= 0))
                        Report(DiagnosticDescriptors.InvalidArgument, location, $"[Model]: channels, height and width must be positive, not {string.Join(", ", arguments)}");
                    return Shape.Image(arguments[0], arguments[1], arguments[2]);
                }
                return null;
            }

            private NormalizerOptionsSpec ReadOptions(AttributeData? normalize, LocationInfo? location) =>
                normalize is null
                    ? NormalizerOptionsSpec.Default
                    : NormalizeAttributeReader.ReadOptions(normalize, message => Report(DiagnosticDescriptors.InvalidArgument, location, message));

            private List<(AttributeData, LayerKind)> ReadLayerAttributes()
            {
                var result = new List<(AttributeData, LayerKind)>();
                foreach (AttributeData attribute in _symbol.GetAttributes())
                {
                    _cancellation.ThrowIfCancellationRequested();
                    string? name = attribute.AttributeClass?.ToDisplayString();
                    if (name is null) continue;
                    if (LayerAttributes.TryGetValue(name, out LayerKind kind)) result.Add((attribute, kind));
                    else if (DerivesFromLayerAttribute(attribute.AttributeClass))
                        Report(DiagnosticDescriptors.UnsupportedLayer, LocationOf(attribute),
                            $"[{attribute.AttributeClass!.Name}] is not a layer the generator knows; use Dense, Recurrent, Conv2d, MaxPool2d, Flatten, Embedding or Dropout");
                }
                return result;
            }

            private static bool DerivesFromLayerAttribute(INamedTypeSymbol? type)
            {
                for (INamedTypeSymbol? t = type?.BaseType; t is not null; t = t.BaseType)
                    if (t.ToDisplayString() == RuntimeContract.LayerAttribute) return true;
                return false;
            }

            private List<LayerSpec> BuildLayers(List<(AttributeData Attribute, LayerKind Kind)> declared, Shape? input, int defaultKind,
                int prior, LocationInfo? normalizeLocation)
            {
                var layers = new List<LayerSpec>();
                var counters = new Dictionary<LayerKind, int>();
                int outputIndex = declared.FindLastIndex(d => d.Kind == LayerKind.Dense || d.Kind == LayerKind.Conv2d || d.Kind == LayerKind.Recurrent);
                bool firstIsEmbedding = declared.Count > 0 && declared[0].Kind == LayerKind.Embedding;
                if (input is null && !firstIsEmbedding && declared.Count > 0)
                    Report(DiagnosticDescriptors.MissingInput, _classLocation, _symbol.Name,
                        "declares no input size: use [Model(features)] or [Model(channels, height, width)] (or an [Embedding] first layer)");
                if (input is not null && firstIsEmbedding)
                    Report(DiagnosticDescriptors.ShapesDoNotChain, LocationOf(declared[0].Attribute), "Embedding", "embedding", input.Describe(),
                        "an [Embedding] first layer takes indices: declare [Model] without sizes");
                Shape current = input ?? Shape.Indices;
                bool shapesKnown = input is not null || firstIsEmbedding;
                bool usesSaliency = false;

                for (int i = 0; i < declared.Count; i++)
                {
                    var (attribute, kind) = declared[i];
                    LocationInfo? location = LocationOf(attribute);
                    counters[kind] = counters.TryGetValue(kind, out int n) ? n + 1 : 1;
                    string name = Named(attribute, "Name") as string ?? NamePrefix[kind] + counters[kind];
                    var args = attribute.ConstructorArguments.Select(a => a.Value).ToArray();
                    int Arg(int index) => index < args.Length && args[index] is int v ? v : 0;
                    int NamedInt(string key, int fallback) => Named(attribute, key) is int v ? v : fallback;

                    Shape output = current;
                    int size = 0, kernel = 0, stride = 1, padding = 0, steps = 0, cell = 0, activation = 0;
                    bool slotPerStep = false, bias = true;
                    double probability = 0;
                    string? shapeProblem = null;
                    switch (kind)
                    {
                        case LayerKind.Dense:
                            size = Arg(0);
                            activation = Arg(1);
                            bias = !(Named(attribute, "Bias") is bool withBias) || withBias;
                            RequirePositive(location, "Dense", "features", size);
                            shapeProblem = current.IsImage ? "add [Flatten] before a dense layer" : current.IsIndices ? "indices need an [Embedding] first" : null;
                            output = Shape.Vector(size);
                            break;
                        case LayerKind.Recurrent:
                            size = Arg(0);
                            steps = Arg(1);
                            cell = Arg(2);
                            slotPerStep = Named(attribute, "SlotPerStep") is bool perStep && perStep;
                            RequirePositive(location, "Recurrent", "hidden", size);
                            RequirePositive(location, "Recurrent", "steps", steps);
                            if (!IsDefined(RuntimeContract.Cell.Names, cell))
                                Report(DiagnosticDescriptors.InvalidArgument, location, $"[Recurrent]: {cell} is not a CellKind");
                            shapeProblem = current.IsImage ? "add [Flatten] before a recurrent layer" : null;
                            output = Shape.Vector(size);
                            break;
                        case LayerKind.Conv2d:
                            size = Arg(0);
                            kernel = Arg(1);
                            activation = Arg(2);
                            stride = NamedInt("Stride", 1);
                            padding = NamedInt("Padding", 0);
                            RequirePositive(location, "Conv2d", "channels", size);
                            RequirePositive(location, "Conv2d", "kernel", kernel);
                            RequirePositive(location, "Conv2d", "Stride", stride);
                            if (padding < 0) Report(DiagnosticDescriptors.InvalidArgument, location, $"[Conv2d]: Padding must be >= 0, not {padding}");
                            if (!current.IsImage) shapeProblem = "convolutions need image activations [batch, channels, height, width]";
                            else
                            {
                                int h = (current.Height + 2 * padding - kernel) / System.Math.Max(stride, 1) + 1;
                                int w = (current.Width + 2 * padding - kernel) / System.Math.Max(stride, 1) + 1;
                                if (kernel > current.Height + 2 * padding || kernel > current.Width + 2 * padding)
                                    shapeProblem = $"the {kernel}x{kernel} kernel is larger than the padded {current.Height}x{current.Width} input";
                                output = Shape.Image(size, System.Math.Max(h, 0), System.Math.Max(w, 0));
                            }
                            break;
                        case LayerKind.MaxPool2d:
                            kernel = Arg(0);
                            RequirePositive(location, "MaxPool2d", "kernel", kernel);
                            if (!current.IsImage) shapeProblem = "pooling needs image activations";
                            else if (kernel > current.Height || kernel > current.Width)
                                shapeProblem = $"the {kernel}x{kernel} window is larger than the {current.Height}x{current.Width} input";
                            else output = Shape.Image(current.Channels, current.Height / System.Math.Max(kernel, 1), current.Width / System.Math.Max(kernel, 1));
                            break;
                        case LayerKind.Flatten:
                            if (current.IsIndices) shapeProblem = "indices need an [Embedding] first";
                            output = Shape.Vector(current.Size);
                            break;
                        case LayerKind.Embedding:
                            size = Arg(1);
                            kernel = Arg(0);   // the table's row count
                            RequirePositive(location, "Embedding", "count", kernel);
                            RequirePositive(location, "Embedding", "dimension", size);
                            if (i > 0) Report(DiagnosticDescriptors.UnsupportedLayer, location, $"[Embedding] '{name}' must be the first layer (it consumes the model's index input)");
                            output = Shape.Vector(size);
                            break;
                        case LayerKind.Dropout:
                            probability = args.Length > 0 && args[0] is double d ? d : 0;
                            if (!(probability >= 0 && probability < 1))
                                Report(DiagnosticDescriptors.InvalidArgument, location, $"[Dropout]: the probability must be in [0, 1), not {probability}");
                            if (current.IsIndices) shapeProblem = "indices need an [Embedding] first";
                            break;
                    }
                    if (activation != 0 && !IsDefined(RuntimeContract.Activation.Names, activation))
                        Report(DiagnosticDescriptors.InvalidArgument, location, $"[{kind}]: {activation} is not an Activation");
                    if (shapesKnown && shapeProblem is not null)
                    {
                        Report(DiagnosticDescriptors.ShapesDoNotChain, location, kind, name, current.Describe(), shapeProblem);
                        shapesKnown = false;   // one report per chain, not a cascade
                    }

                    int normalization = ResolveNormalization(attribute, kind, name, i == outputIndex, defaultKind, location, normalizeLocation);
                    usesSaliency |= normalization == K.SN;
                    bool parametric = kind == LayerKind.Dense || kind == LayerKind.Conv2d || kind == LayerKind.Recurrent;
                    bool followsDefault = !(Named(attribute, "Normalize") is int) && parametric && (i != outputIndex || kind == LayerKind.Dense);
                    layers.Add(new LayerSpec(kind, name, normalization, activation, current, output, size, kernel, stride, padding, steps, cell,
                        slotPerStep, bias, probability, followsDefault, i == outputIndex));
                    current = output;
                }
                if (usesSaliency && prior == RuntimeContract.Prior.None)
                    Report(DiagnosticDescriptors.SaliencyWithoutPrior, normalizeLocation ?? _classLocation, _symbol.Name);
                return layers;
            }

            private int ResolveNormalization(AttributeData attribute, LayerKind kind, string name, bool isOutput, int defaultKind,
                LocationInfo? location, LocationInfo? normalizeLocation)
            {
                bool isExplicit = Named(attribute, "Normalize") is int;
                int value = isExplicit ? (int)Named(attribute, "Normalize")! : defaultKind;
                if (!IsDefined(K.Names, value))
                {
                    Report(DiagnosticDescriptors.UnknownKind, location, $"(Kind){value}", value);
                    return K.None;
                }
                bool parametric = kind == LayerKind.Dense || kind == LayerKind.Conv2d || kind == LayerKind.Recurrent;
                // The class default covers hidden layers, and the output's weights: weight normalization only reparameterises
                // them and leaves the logits' values free (the paper uses it on every layer).
                if (!isExplicit && isOutput && kind == LayerKind.Dense && value == K.WN) return K.WN;
                if (!isExplicit && (!parametric || isOutput)) return K.None;
                if (value == K.None) return K.None;
                string? problem = Unsupported(kind, value);
                if (problem is not null)
                {
                    Report(DiagnosticDescriptors.UnsupportedKind, isExplicit ? location : normalizeLocation ?? location, KindName(value), kind, name, problem);
                    return K.None;
                }
                // Weight normalization reparameterises the weights and leaves the logits' values free; the paper uses it on the output too.
                if (isOutput && value != K.WN) Report(DiagnosticDescriptors.OutputNormalized, location, name, KindName(value));
                return value;
            }

            private static string? Unsupported(LayerKind kind, int value)
            {
                switch (kind)
                {
                    case LayerKind.Dense:
                        return null;
                    case LayerKind.Recurrent:
                        return value == K.BN ? "batch normalization of a recurrent state is not supported"
                            : value == K.WN ? "weight normalization applies to dense layers" : null;
                    case LayerKind.Conv2d:
                        return value == K.RN || value == K.Probe ? null
                            : "convolution activations take only whole-layer RN or a probe (the other kinds need 2-D activations)";
                    default:
                        return $"{kind} layers have no pre-activation to normalize";
                }
            }

            // Members the generated class will have besides its layer properties: what the generator writes and
            // what nn.Module provides. A layer property must not take one of these names.
            private static readonly string[] GeneratedMembers = { "Forward", "ForwardCore", "RegularitySlots", "EnableProbes", "ToString", "Normalization", "RegisterOptional" };

            private void CheckNames(List<LayerSpec> layers, bool normalizeInput, Compilation compilation)
            {
                var seen = new Dictionary<string, string>();
                var members = new HashSet<string>(_symbol.GetMembers().Select(m => m.Name).Concat(GeneratedMembers));
                for (INamedTypeSymbol? t = compilation.GetTypeByMetadataName("Uam.Runtime.nn+Module`2"); t is not null; t = t.BaseType)
                    members.UnionWith(t.GetMembers().Select(m => m.Name));
                void Claim(string name, string what)
                {
                    string property = Naming.Property(name);
                    if (seen.TryGetValue(property, out string? previous))
                        Report(DiagnosticDescriptors.DuplicateName, _classLocation, name, _symbol.Name, $"{what} and {previous}");
                    else if (members.Contains(property))
                        Report(DiagnosticDescriptors.DuplicateName, _classLocation, name, _symbol.Name, $"{what} and the member {property} of the model class");
                    else seen[property] = what;
                }
                if (normalizeInput) Claim("input_norm", "the input normalizer");
                foreach (LayerSpec layer in layers)
                {
                    if (!Naming.IsValid(layer.Name))
                    {
                        Report(DiagnosticDescriptors.InvalidArgument, _classLocation, $"'{layer.Name}' is not a valid layer name (a letter, then letters, digits or '_')");
                        continue;
                    }
                    Claim(layer.Name, $"the {layer.Kind} layer '{layer.Name}'");
                    if (layer.Normalization != K.None && layer.Normalization != K.WN)
                        Claim(Naming.Normalizer(layer.Name), $"the normalizer of '{layer.Name}'");
                }
            }

            private void RequirePositive(LocationInfo? location, string layer, string argument, int value)
            {
                if (value <= 0) Report(DiagnosticDescriptors.InvalidArgument, location, $"[{layer}]: {argument} must be positive, not {value}");
            }

            private LocationInfo? LocationOf(AttributeData? attribute) =>
                LocationInfo.From(attribute?.ApplicationSyntaxReference?.GetSyntax(_cancellation));

            private static object? Named(AttributeData attribute, string name) => NormalizeAttributeReader.Named(attribute, name);
        }

        private static bool IsDefined(string[] names, int value) => value >= 0 && value < names.Length;

        internal static bool IsRegularity(int kind) =>
            kind == K.RN || kind == K.RLN || kind == K.RBN || kind == K.SN || kind == K.Probe || kind == K.LNThenRN || kind == K.RNThenLN;

        internal static string KindName(int kind) => IsDefined(K.Names, kind) ? K.Names[kind] : kind.ToString();
    }
}
