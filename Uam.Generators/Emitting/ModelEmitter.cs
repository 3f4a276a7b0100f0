using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Uam.Generators.Model;
using Uam.Generators.Parsing;
using K = Uam.Generators.Parsing.RuntimeContract.Kind;

namespace Uam.Generators.Emitting
{
    /// <summary>Writes the partial class of a model: constructor, layer properties, forward pass, normalizer
    /// slots and a summary. Names are fully qualified (<c>global::</c>) so user usings cannot change them.</summary>
    internal static class ModelEmitter
    {
        private const string Rt = CodeWriter.Runtime;
        private const string Tensor = CodeWriter.Tensor;

        public static string Emit(ModelSpec model)
        {
            var w = CodeWriter.GeneratedFile("the [Model] declaration of " + model.ClassName, model.Namespace);
            bool labelled = model.PriorSource == RuntimeContract.Prior.Labels && (UsesSaliency(model) || IsDynamic(model));
            w.Open($"partial class {model.ClassName} : {Rt}.nn.Module<{Tensor}, {Tensor}>, {Rt}.IRegularityModel{(labelled ? $", {Rt}.ILabelledModel" : "")}");
            EmitBody(model, w);
            w.Close();
            if (model.Namespace.Length > 0) w.Close();
            return w.ToString();
        }

        private const string AnyModule = CodeWriter.AnyModule;

        /// <summary>A module of the model. <see cref="Dynamic"/>: created for the kind the model is constructed with (typed
        /// as any module; a normalizer may be absent, so its property is nullable).</summary>
        private sealed record Module(string Name, string Property, string Type, string Construction, bool IsRegularitySlot, bool IsArray, int Count,
            bool Dynamic = false, bool Optional = false);

        /// <summary>Whether some layer takes the kind the model is constructed with (then the model has a constructor with a
        /// <c>Kind</c>); otherwise every normalization is fixed by the declaration.</summary>
        private static bool IsDynamic(ModelSpec model) => model.NormalizeInput || model.Layers.Any(l => l.FollowsDefault);

        private static string KindLiteral(int kind) => $"{Rt}.Kind.{ModelParser.KindName(kind)}";

        private static void EmitBody(ModelSpec model, CodeWriter w)
        {
            List<Module> modules = Modules(model);
            bool saliency = UsesSaliency(model);
            {
                bool dynamic = IsDynamic(model);
                if (dynamic)
                {
                    w.Line($"/// <summary>Creates the model with its declared normalization, <see cref=\"{Rt}.Kind.{ModelParser.KindName(model.DefaultNormalization)}\"/>");
                    w.Line("/// (layers: PyTorch's default initialisation, drawn from <paramref name=\"generator\"/> when given; normalizers: with");
                    w.Line("/// <paramref name=\"normalizerOptions\"/> when given, else the declared options).</summary>");
                    w.Line($"public {model.ClassName}({Rt}.Generator? generator = null, {Rt}.RegularityOptions? normalizerOptions = null)");
                    w.Line($"    : this({KindLiteral(model.DefaultNormalization)}, normalizerOptions, generator) {{ }}");
                    w.Line();
                    w.Line("/// <summary>Creates the model with <paramref name=\"normalization\"/> on every layer that follows the class's");
                    w.Line("/// <c>[Normalize]</c> (layers with their own <c>Normalize</c> keep it; the output layer takes only WN). Throws an");
                    w.Line("/// <see cref=\"global::System.ArgumentException\"/> naming the layer when the kind cannot normalize it.</summary>");
                    w.Open($"public {model.ClassName}({Rt}.Kind normalization, {Rt}.RegularityOptions? normalizerOptions = null, {Rt}.Generator? generator = null)");
                    EmitKindChecks(model, w);
                    w.Line("this.Normalization = normalization;");
                }
                else
                {
                    w.Line("/// <summary>Creates the layers (PyTorch's default initialisation, drawn from <paramref name=\"generator\"/>");
                    w.Line("/// when given) and the normalizers (with <paramref name=\"normalizerOptions\"/> when given, else the declared options).</summary>");
                    w.Open($"public {model.ClassName}({Rt}.Generator? generator = null, {Rt}.RegularityOptions? normalizerOptions = null)");
                }
                w.Line($"var options = normalizerOptions ?? {OptionsExpression(model.Options)};");
                foreach (Module m in modules)
                {
                    string register = m.Optional ? "RegisterOptional" : "RegisterModule";
                    if (!m.IsArray)
                    {
                        w.Line($"this.{m.Property} = {register}(\"{m.Name}\", {m.Construction});");
                        continue;
                    }
                    w.Line($"this.{m.Property} = new {m.Type}{(m.Optional ? "?" : "")}[{m.Count}];");
                    w.Line($"for (int step = 0; step < {m.Count}; step++)");
                    w.Line($"    this.{m.Property}[step] = {register}(\"{m.Name}\" + step.ToString(global::System.Globalization.CultureInfo.InvariantCulture), {m.Construction});");
                }
                w.Close();
                if (dynamic)
                {
                    w.Line();
                    w.Line("/// <summary>The kind the layers that follow the class's <c>[Normalize]</c> were constructed with.</summary>");
                    w.Line($"public {Rt}.Kind Normalization {{ get; }}");
                    w.Line();
                    w.Line("// A normalizer of the constructed kind may be none at all (Kind.None, or WN, which changes the layer instead).");
                    w.Line($"private T? RegisterOptional<T>(string name, T? module) where T : {Rt}.nn.Module => module is null ? null : RegisterModule(name, module);");
                }
                foreach (Module m in modules)
                {
                    w.Line();
                    string what = m.Dynamic ? (m.Optional ? ", or null when the constructed kind has no normalizer" : " (its type follows the constructed kind)") : "";
                    w.Line($"/// <summary>The module registered as \"{m.Name}\"{(m.IsArray ? " (one per step)" : "")}{what}.</summary>");
                    w.Line($"public {m.Type}{(m.Optional ? "?" : "")}{(m.IsArray ? "[]" : "")} {m.Property} {{ get; }}");
                }

                w.Line();
                w.Line($"/// <summary>Input {model.Input.Describe()} → output {Output(model).Describe()}.</summary>");
                w.Line($"public override {Tensor} Forward({Tensor} input) => ForwardCore(input, null);");
                bool priorOverload = saliency || dynamic;
                if (priorOverload && model.PriorSource == RuntimeContract.Prior.Labels)
                {
                    w.Line();
                    w.Line("/// <summary>The forward pass with saliency normalization using the in-batch frequency of each");
                    w.Line("/// sample's class in <paramref name=\"labels\"/> (Int64 [batch]) as the prior (over the global batch when the slots");
                    w.Line("/// learn across ranks).</summary>");
                    w.Open($"public {Tensor} Forward({Tensor} input, {Tensor} labels)");
                    if (!saliency) w.Line($"if (this.Normalization != {Rt}.Kind.SN) return ForwardCore(input, null);   // no slot takes a prior");
                    w.Line($"using var prior = {Rt}.SaliencyPrior.FromLabels(labels, {Rt}.DataParallel.GroupOf(this), {Rt}.ScalarTypes.IsFloatingPoint(input.DType) ? input.DType : {Rt}.ScalarType.Float32);");
                    w.Line("return ForwardCore(input, prior);");
                    w.Close();
                }
                else if (priorOverload && model.PriorSource == RuntimeContract.Prior.Tensor)
                {
                    w.Line();
                    w.Line("/// <summary>The forward pass with saliency normalization using <paramref name=\"prior\"/> (positive,");
                    w.Line("/// [batch], [batch, 1] or [batch, features]) as the prior.</summary>");
                    w.Line($"public {Tensor} Forward({Tensor} input, {Tensor} prior) => ForwardCore(input, prior);");
                }
                w.Line();
                EmitForward(model, w);
                w.Line();
                EmitSlots(modules, w);
                w.Line();
                w.Line("/// <summary>The declared architecture, then the module tree in PyTorch's style.</summary>");
                if (dynamic)
                    w.Line($"public override string ToString() => {Literal(Summary(model))}.Replace(\"{KindPlaceholder}\", this.Normalization == {Rt}.Kind.None ? \"\" : \" \" + this.Normalization)" +
                           $".Replace(\"{WeightsPlaceholder}\", this.Normalization == {Rt}.Kind.WN ? \" WN\" : \"\") + \"\\n\" + base.ToString();");
                else
                    w.Line($"public override string ToString() => {Literal(Summary(model))} + \"\\n\" + base.ToString();");
            }
        }

        private static List<Module> Modules(ModelSpec model)
        {
            var modules = new List<Module>();
            if (model.NormalizeInput)
            {
                int? features = model.Input.IsImage ? (int?)null : model.Input.Features;
                modules.Add(DynamicNormalizer("input_norm", features, false, 0));
            }
            foreach (LayerSpec layer in model.Layers)
            {
                string property = Naming.Property(layer.Name);
                if (layer.FollowsDefault && layer.Kind == LayerKind.Dense)
                    modules.Add(new Module(layer.Name, property, AnyModule,
                        $"{Rt}.KindModules.Dense(normalization, {I(layer.Input.Features)}, {I(layer.Size)}, {(layer.Bias ? "true" : "false")}, generator)",
                        false, false, 0, Dynamic: true));
                else
                    modules.Add(new Module(layer.Name, property, LayerType(layer), LayerConstruction(layer), false, false, 0));
                int? features = layer.Output.IsImage ? (int?)null : layer.Output.Features;
                bool perStep = layer.Kind == LayerKind.Recurrent && layer.SlotPerStep;
                if (HasDynamicNormalizer(layer))
                {
                    modules.Add(DynamicNormalizer(Naming.Normalizer(layer.Name), features, perStep, layer.Steps));
                    continue;
                }
                if (layer.FollowsDefault || layer.Normalization == K.None || layer.Normalization == K.WN) continue;
                modules.Add(Normalizer(Naming.Normalizer(layer.Name), layer.Normalization, features, perStep, layer.Steps));
            }
            return modules;
        }

        /// <summary>Whether a slot that takes a prior is fixed by the declaration (a layer's own <c>Normalize = Kind.SN</c>).</summary>
        private static bool UsesSaliency(ModelSpec model) => model.Layers.Any(l => !l.FollowsDefault && l.Normalization == K.SN);

        /// <summary>A hidden layer following the class default has a normalizer of the constructed kind (the output layer
        /// follows it only for its weights).</summary>
        private static bool HasDynamicNormalizer(LayerSpec layer) => layer.FollowsDefault && !layer.IsOutput;

        private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

        private static Module DynamicNormalizer(string name, int? features, bool perStep, int steps)
        {
            string f = features is int n ? n.ToString(CultureInfo.InvariantCulture) : "null";
            return new Module(name, Naming.Property(name), AnyModule, $"{Rt}.KindModules.Create(normalization, {f}, options)", true, perStep, steps,
                Dynamic: true, Optional: true);
        }

        private static Module Normalizer(string name, int kind, int? features, bool perStep, int steps)
        {
            string f = features is int n ? n.ToString(CultureInfo.InvariantCulture) : "null";
            string type, construction;
            switch (kind)
            {
                case K.LNThenRN:
                case K.RNThenLN:
                    type = Rt + ".nn.RegularityLayerNorm";
                    construction = $"new {type}({f}, {Rt}.RegularityOrder.{(kind == K.LNThenRN ? "LayerNormFirst" : "RegularityFirst")}, {Rt}.RegularityVariant.WholeLayer, options)";
                    break;
                case K.BN:
                    type = Rt + ".nn.BatchNorm1d";
                    construction = $"new {type}({f})";
                    break;
                case K.LN:
                    type = Rt + ".nn.LayerNorm";
                    construction = $"new {type}({f})";
                    break;
                default:
                    type = Rt + ".nn.RegularityNorm";
                    string variant = kind == K.RLN ? "PerFeature" : kind == K.RBN ? "PerSample" : kind == K.SN ? "Saliency" : "WholeLayer";
                    construction = $"new {type}({Rt}.RegularityVariant.{variant}, {f}, {(kind == K.Probe ? "options.AsProbe()" : "options")})";
                    break;
            }
            return new Module(name, Naming.Property(name), type, construction, type == Rt + ".nn.RegularityNorm" || kind == K.LNThenRN || kind == K.RNThenLN, perStep, steps);
        }

        private static string LayerType(LayerSpec layer)
        {
            switch (layer.Kind)
            {
                case LayerKind.Dense: return layer.Normalization == K.WN ? Rt + ".nn.WeightNormLinear" : Rt + ".nn.Linear";
                case LayerKind.Recurrent: return Rt + ".nn." + RuntimeContract.Cell.Names[layer.Cell] + "Cell";
                case LayerKind.Conv2d: return Rt + ".nn.Conv2d";
                case LayerKind.MaxPool2d: return Rt + ".nn.MaxPool2d";
                case LayerKind.Flatten: return Rt + ".nn.Flatten";
                case LayerKind.Embedding: return Rt + ".nn.Embedding";
                default: return Rt + ".nn.Dropout";
            }
        }

        private static string LayerConstruction(LayerSpec layer)
        {
            string type = LayerType(layer);
            string I(int v) => v.ToString(CultureInfo.InvariantCulture);
            switch (layer.Kind)
            {
                case LayerKind.Dense:
                    return $"new {type}({I(layer.Input.Features)}, {I(layer.Size)}, {(layer.Bias ? "true" : "false")}, generator)";
                case LayerKind.Recurrent:
                    return $"new {type}({I(layer.Input.Features)}, {I(layer.Size)}, true, generator)";
                case LayerKind.Conv2d:
                    return $"new {type}({I(layer.Input.Channels)}, {I(layer.Size)}, ({I(layer.Kernel)}, {I(layer.Kernel)}), ({I(layer.Stride)}, {I(layer.Stride)}), ({I(layer.Padding)}, {I(layer.Padding)}), true, generator)";
                case LayerKind.MaxPool2d:
                    return $"new {type}({I(layer.Kernel)})";
                case LayerKind.Flatten:
                    return $"new {type}(1, -1)";
                case LayerKind.Embedding:
                    return $"new {type}({I(layer.Kernel)}, {I(layer.Size)}, null, generator)";
                default:
                    return $"new {type}({layer.Probability.ToString("R", CultureInfo.InvariantCulture)}, generator)";
            }
        }

        /// <summary>The construction-time form of UAM005 and UAM010: the kind is checked against every layer that takes it.</summary>
        private static void EmitKindChecks(ModelSpec model, CodeWriter w)
        {
            string Check(string layer, string name) =>
                $"{Rt}.KindModules.Require(normalization, {Rt}.KindModules.Layer.{layer}, \"{model.ClassName}\", \"{name}\");";
            if (model.NormalizeInput) w.Line(Check(model.Input.IsImage ? "ImageInput" : "Input", "input"));
            foreach (LayerSpec layer in model.Layers.Where(HasDynamicNormalizer))
                w.Line(Check(layer.Kind.ToString(), layer.Name));
            if (model.PriorSource == RuntimeContract.Prior.None)
                w.Line($"if (normalization == {Rt}.Kind.SN) throw new global::System.ArgumentException(\"{model.ClassName}: Kind.SN needs a prior source: " +
                       "declare [Normalize(..., Prior = PriorSource.Labels)] or PriorSource.Tensor.\", nameof(normalization));");
        }

        private static void EmitForward(ModelSpec model, CodeWriter w)
        {
            w.Open($"private {Tensor} ForwardCore({Tensor} input, {Tensor}? prior)");
            w.Line($"using var scope = {Rt}.torch.NewDisposeScope();");
            w.Line($"{Tensor} h = input;");
            if (model.NormalizeInput)
            {
                w.Line("// input_norm: the constructed kind on the input");
                w.Line($"h = {Rt}.KindModules.Apply(this.InputNorm, h, prior);");
            }
            foreach (LayerSpec layer in model.Layers)
            {
                string p = "this." + Naming.Property(layer.Name);
                string norm = "this." + Naming.Property(Naming.Normalizer(layer.Name));
                bool dynamic = HasDynamicNormalizer(layer);
                bool normalized = dynamic || (!layer.FollowsDefault && layer.Normalization != K.None && layer.Normalization != K.WN);
                w.Line($"// {layer.Name}: {Describe(layer).Replace(KindPlaceholder, " (constructed kind)").Replace(WeightsPlaceholder, " (WN if constructed so)")}");
                if (layer.Kind == LayerKind.Recurrent)
                {
                    EmitRecurrent(layer, p, normalized ? norm : null, dynamic, w);
                    continue;
                }
                w.Line($"h = {p}.Forward(h);");
                if (dynamic) w.Line($"h = {Rt}.KindModules.Apply({norm}, h, prior);");
                else if (normalized) w.Line("h = " + NormalizerCall(norm, layer.Normalization, "h") + ";");
                string? activation = ActivationCall(layer.Activation);
                if (activation is not null) w.Line($"h = h.{activation};");
            }
            w.Line("return scope.MoveToOuter(h);");
            w.Close();
        }

        private static void EmitRecurrent(LayerSpec layer, string cell, string? norm, bool dynamic, CodeWriter w)
        {
            // One slot shared by all steps learns per sequence as its options say (D10): ForwardStep tells it the step.
            bool sharedRegularitySlot = !layer.SlotPerStep && IsRegularitySlot(layer.Normalization);
            string Norm(string value) => norm is null ? value
                : dynamic ? (layer.SlotPerStep ? $"{Rt}.KindModules.Apply({norm}[step], {value}, prior)" : $"{Rt}.KindModules.ApplyStep({norm}, {value}, step, prior)")
                : sharedRegularitySlot ? $"{norm}.ForwardStep({value}, step{(layer.Normalization == K.SN ? ", prior" : "")})"
                : NormalizerCall(layer.SlotPerStep ? norm + "[step]" : norm, layer.Normalization, value);
            w.Open();
            w.Line($"{Tensor} stepInput = h;");
            if (layer.Cell == RuntimeContract.Cell.LSTM)
            {
                w.Line($"({Tensor} H, {Tensor} C)? state = null;");
                w.Open($"for (int step = 0; step < {layer.Steps.ToString(CultureInfo.InvariantCulture)}; step++)");
                w.Line($"var next = {cell}.Forward(stepInput, state);");
                w.Line($"state = ({Norm("next.H")}, next.C);");
                w.Close();
                w.Line("h = state!.Value.H;");
            }
            else
            {
                w.Line($"{Tensor}? hidden = null;");
                w.Line($"for (int step = 0; step < {layer.Steps.ToString(CultureInfo.InvariantCulture)}; step++)");
                w.Line($"    hidden = {Norm($"{cell}.Forward(stepInput, hidden)")};");
                w.Line("h = hidden!;");
            }
            w.Close();
        }

        private static bool IsRegularitySlot(int kind) =>
            kind == K.RN || kind == K.RLN || kind == K.RBN || kind == K.SN || kind == K.Probe || kind == K.LNThenRN || kind == K.RNThenLN;

        private static string NormalizerCall(string module, int kind, string value) =>
            kind == K.SN ? $"{module}.Forward({value}, prior)" : $"{module}.Forward({value})";

        private static string? ActivationCall(int activation)
        {
            switch (activation)
            {
                case RuntimeContract.Activation.ReLU: return "Relu()";
                case RuntimeContract.Activation.Tanh: return "Tanh()";
                case RuntimeContract.Activation.Sigmoid: return "Sigmoid()";
                case RuntimeContract.Activation.LogSoftmax: return "LogSoftmax(1)";
                case RuntimeContract.Activation.Softmax: return "Softmax(1)";
                default: return null;
            }
        }

        private static void EmitSlots(List<Module> modules, CodeWriter w)
        {
            string slot = Rt + ".nn.RegularityNorm";
            w.Line("/// <summary>Every regularity normalizer slot of the model with its state-dict name, in forward order.</summary>");
            w.Open($"public global::System.Collections.Generic.IEnumerable<(string Name, {slot} Slot)> RegularitySlots()");
            bool any = false;
            int found = 0;
            foreach (Module m in modules.Where(m => m.IsRegularitySlot))
            {
                any = true;
                if (m.Dynamic)
                {
                    string variable = "slot" + (found++).ToString(CultureInfo.InvariantCulture);
                    if (m.IsArray)
                        w.Line($"for (int step = 0; step < this.{m.Property}.Length; step++) if ({Rt}.KindModules.Slot(\"{m.Name}\" + step.ToString(global::System.Globalization.CultureInfo.InvariantCulture), this.{m.Property}[step]) is {{ }} {variable}) yield return {variable};");
                    else
                        w.Line($"if ({Rt}.KindModules.Slot(\"{m.Name}\", this.{m.Property}) is {{ }} {variable}) yield return {variable};");
                    continue;
                }
                string access = m.Type == Rt + ".nn.RegularityLayerNorm" ? ".Regularity" : "";
                string prefix = m.Type == Rt + ".nn.RegularityLayerNorm" ? ".regularity" : "";
                string suffix = prefix.Length == 0 ? "" : $" + \"{prefix}\"";
                if (m.IsArray)
                    w.Line($"for (int step = 0; step < this.{m.Property}.Length; step++) yield return (\"{m.Name}\" + step.ToString(global::System.Globalization.CultureInfo.InvariantCulture){suffix}, this.{m.Property}[step]{access});");
                else
                    w.Line($"yield return (\"{m.Name}{prefix}\", this.{m.Property}{access});");
            }
            if (!any) w.Line("yield break;");
            w.Close();
            w.Line();
            EmitEnableProbes(w);
        }

        /// <summary>EnableProbes over RegularitySlots(): the same for generated models and hooked modules.</summary>
        internal static void EmitEnableProbes(CodeWriter w)
        {
            w.Line("/// <summary>Starts recording every call of every slot (the UAM probe); returns the traces, one per slot.</summary>");
            w.Open($"public global::System.Collections.Generic.IReadOnlyList<{Rt}.RegularityTrace> EnableProbes()");
            w.Line($"var traces = new global::System.Collections.Generic.List<{Rt}.RegularityTrace>();");
            w.Open("foreach (var (name, slot) in RegularitySlots())");
            w.Line($"slot.Trace = new {Rt}.RegularityTrace(name);");
            w.Line("traces.Add(slot.Trace);");
            w.Close();
            w.Line("return traces;");
            w.Close();
        }

        internal static string OptionsExpression(NormalizerOptionsSpec o)
        {
            string baseline = $"{Rt}.RegularityOptions.{(o.Faithful ? "Faithful" : "Default")}";
            var changes = new List<string>();
            if (o.Pooling is int pooling) changes.Add($"Pooling = {Rt}.VariancePooling.{RuntimeContract.VariancePooling[pooling]}");
            if (o.Gradient is int gradient) changes.Add($"Gradient = {Rt}.GradientPolicy.{RuntimeContract.GradientPolicy[gradient]}");
            if (o.Scale is int scale) changes.Add($"Scale = {Rt}.EvaluationScale.{RuntimeContract.EvaluationScale[scale]}");
            if (o.StdFloor is double floor) changes.Add($"StdFloor = {floor.ToString("R", CultureInfo.InvariantCulture)}");
            if (o.Implementation is int implementation) changes.Add($"Implementation = {Rt}.RegularityImplementation.{RuntimeContract.Implementation[implementation]}");
            return changes.Count == 0 ? baseline : $"({baseline} with {{ {string.Join(", ", changes)} }})";
        }

        private static Shape Output(ModelSpec model) => model.Layers.Count == 0 ? model.Input : model.Layers[model.Layers.Count - 1].Output;

        /// <summary>Placeholders of the summary for what the constructed kind decides (filled in by the generated ToString).</summary>
        private const string KindPlaceholder = " {kind}", WeightsPlaceholder = " {weights}";

        private static string Describe(LayerSpec layer)
        {
            string normalization = HasDynamicNormalizer(layer) ? KindPlaceholder
                : layer.FollowsDefault ? WeightsPlaceholder
                : layer.Normalization == K.None ? "" : " " + ParserKind(layer.Normalization);
            string activation = layer.Activation == 0 ? "" : " " + RuntimeContract.Activation.Names[layer.Activation];
            switch (layer.Kind)
            {
                case LayerKind.Dense: return $"Dense({layer.Size}){normalization}{activation} → {layer.Output.Describe()}";
                case LayerKind.Recurrent: return $"{RuntimeContract.Cell.Names[layer.Cell]}({layer.Size}) × {layer.Steps} steps{normalization}{(layer.SlotPerStep ? " per step" : "")} → {layer.Output.Describe()}";
                case LayerKind.Conv2d: return $"Conv2d({layer.Size}, {layer.Kernel}x{layer.Kernel}, stride {layer.Stride}, padding {layer.Padding}){normalization}{activation} → {layer.Output.Describe()}";
                case LayerKind.MaxPool2d: return $"MaxPool2d({layer.Kernel}) → {layer.Output.Describe()}";
                case LayerKind.Flatten: return $"Flatten → {layer.Output.Describe()}";
                case LayerKind.Embedding: return $"Embedding({layer.Kernel}, {layer.Size}) → {layer.Output.Describe()}";
                default: return $"Dropout({layer.Probability.ToString("R", CultureInfo.InvariantCulture)})";
            }
        }

        private static string ParserKind(int kind) => ModelParser.KindName(kind);

        private static string Summary(ModelSpec model)
        {
            var parts = new List<string> { model.Input.Describe() };
            if (model.NormalizeInput) parts.Add("input" + KindPlaceholder);
            parts.AddRange(model.Layers.Select(l => l.Name + " " + Describe(l)));
            return model.ClassName + ": " + string.Join(" → ", parts.Take(1)) + (parts.Count > 1 ? " → " : "") +
                   string.Join("; ", parts.Skip(1));
        }

        private static string Literal(string text) =>
            "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
    }
}
