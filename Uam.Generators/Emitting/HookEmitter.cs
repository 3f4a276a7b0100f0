using System.Globalization;
using System.Linq;
using Uam.Generators.Model;
using Uam.Generators.Parsing;

namespace Uam.Generators.Emitting
{
    /// <summary>Writes the partial class of a hand-written module with hooks: a slot per hook (or per step), the
    /// <c>InitializeHooks</c> that creates and registers them with the chosen kind and options, the hook methods' bodies,
    /// and <c>RegularitySlots()</c>/<c>EnableProbes()</c> for the UAM probe.</summary>
    internal static class HookEmitter
    {
        private const string Rt = CodeWriter.Runtime;
        private const string Tensor = CodeWriter.Tensor;
        private const string AnyModule = CodeWriter.AnyModule;

        public static string Emit(HookedModuleSpec module)
        {
            var w = CodeWriter.GeneratedFile("the [Hook] methods of " + module.ClassName, module.Namespace);
            w.Open($"partial class {module.ClassName} : {Rt}.IRegularityModel");
            w.Line("private bool _hooksInitialized;");
            foreach (HookSpec hook in module.Hooks)
                w.Line(hook.StepsFrom is not null ? $"private {AnyModule}?[] {Field(hook)} = global::System.Array.Empty<{AnyModule}?>();"
                    : hook.Steps > 0 ? $"private readonly {AnyModule}?[] {Field(hook)} = new {AnyModule}?[{I(hook.Steps)}];"
                    : $"private {AnyModule}? {Field(hook)};");
            w.Line();
            w.Line("/// <summary>The kind the hooks without a kind of their own were created with (see <c>InitializeHooks</c>).</summary>");
            w.Line($"public {Rt}.Kind HookNormalization {{ get; private set; }}");
            w.Line();
            EmitInitialize(module, w);
            foreach (HookSpec hook in module.Hooks)
            {
                w.Line();
                EmitHook(module, hook, w);
            }
            w.Line();
            EmitSlots(module, w);
            w.Close();
            if (module.Namespace.Length > 0) w.Close();
            return w.ToString();
        }

        private static string Field(HookSpec hook) => "_hook" + hook.Method;

        private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>The number of per-step slots: the constant, or the array's length once InitializeHooks sized it.</summary>
        private static string StepCount(HookSpec hook) => hook.StepsFrom is not null ? $"this.{Field(hook)}.Length" : I(hook.Steps);

        /// <summary>The features as an expression: the constant, the module's member, or 0 (unknown).</summary>
        private static string Features(HookSpec hook) => hook.FeaturesFrom is not null ? $"this.{hook.FeaturesFrom}" : I(hook.Features);

        private static void EmitInitialize(HookedModuleSpec module, CodeWriter w)
        {
            string declared = ModelParser.KindName(module.DefaultKind);
            w.Line("/// <summary>Creates the normalizer of every hook and registers it under the hook's state-dict name: call it once, in");
            w.Line("/// the constructor, before the first forward pass. Hooks without a kind of their own take <paramref name=\"normalization\"/>");
            w.Line($"/// (by default the class's, <see cref=\"{Rt}.Kind.{declared}\"/>); the regularity slots take <paramref name=\"normalizerOptions\"/>");
            w.Line("/// (by default the class's). Throws an <see cref=\"global::System.ArgumentException\"/> naming the hook when the kind cannot serve it.</summary>");
            w.Open($"private void InitializeHooks({Rt}.Kind? normalization = null, {Rt}.RegularityOptions? normalizerOptions = null)");
            w.Line($"if (_hooksInitialized) throw new global::System.InvalidOperationException(\"{module.ClassName}: InitializeHooks was already called; call it once, in the constructor.\");");
            w.Line($"var kind = normalization ?? {Rt}.Kind.{declared};");
            w.Line($"var options = normalizerOptions ?? {OptionsExpression(module.Options)};");
            // Sizes read from the module's members are checked first: a kind's own check would blame the kind.
            foreach (HookSpec hook in module.Hooks)
                foreach (var (member, what) in new[] { (hook.FeaturesFrom, "features"), (hook.StepsFrom, "number of steps") })
                    if (member is not null)
                        w.Line($"if (this.{member} < 1) throw new global::System.ArgumentOutOfRangeException(\"{member}\", this.{member}, " +
                               $"\"{module.ClassName}: hook '{hook.Name}' takes its {what} from {member}, which must be positive when InitializeHooks runs.\");");
            foreach (HookSpec hook in module.Hooks.Where(h => h.FollowsDefault))
                w.Line($"{Rt}.KindModules.RequireHook(kind, \"{module.ClassName}\", \"{hook.Name}\", {I(hook.Rank)}, {Bool(hook.StepParameter is not null)}, " +
                       $"{Features(hook)}, {Bool(hook.PriorParameter is not null)});");
            w.Line("this.HookNormalization = kind;");
            foreach (HookSpec hook in module.Hooks)
            {
                string kind = hook.FollowsDefault ? "kind" : $"{Rt}.Kind.{ModelParser.KindName(hook.Kind)}";
                string features = hook.FeaturesFrom is not null ? $"this.{hook.FeaturesFrom}" : hook.Features > 0 ? I(hook.Features) : "null";
                string create = $"{Rt}.KindModules.Create({kind}, {features}, options)";
                if (hook.StepsFrom is not null) w.Line($"this.{Field(hook)} = new {AnyModule}?[this.{hook.StepsFrom}];");
                if (hook.SlotPerStep)
                {
                    w.Line($"for (int step = 0; step < {StepCount(hook)}; step++)");
                    w.Line($"    this.{Field(hook)}[step] = RegisterHook(\"{hook.Name}\" + step.ToString(global::System.Globalization.CultureInfo.InvariantCulture), {create});");
                }
                else w.Line($"this.{Field(hook)} = RegisterHook(\"{hook.Name}\", {create});");
            }
            w.Line("_hooksInitialized = true;");
            w.Close();
            w.Line();
            w.Line($"private T? RegisterHook<T>(string name, T? module) where T : {Rt}.nn.Module => module is null ? null : RegisterModule(name, module);");
        }

        private static string Bool(bool value) => value ? "true" : "false";

        private static void EmitHook(HookedModuleSpec module, HookSpec hook, CodeWriter w)
        {
            string parameters = $"{Tensor} {hook.InputParameter}" +
                                (hook.StepParameter is null ? "" : $", int {hook.StepParameter}") +
                                (hook.PriorParameter is null ? "" : $", {Tensor}{(hook.PriorNullable ? "?" : "")} {hook.PriorParameter}");
            string prior = hook.PriorParameter ?? "null";
            string what = hook.StepsFrom is not null ? $"one slot per step ({hook.StepsFrom})" : hook.Steps > 0 ? $"one slot per step ({I(hook.Steps)})" : hook.StepParameter is not null ? "one slot shared by the steps" : "one slot";
            w.Line($"/// <summary>The hook \"{hook.Name}\": {what}, of {(hook.FollowsDefault ? "the constructed kind" : "Kind." + ModelParser.KindName(hook.Kind))}.</summary>");
            w.Open($"{hook.Accessibility} partial {Tensor} {hook.Method}({parameters})");
            w.Line($"if (!_hooksInitialized) throw new global::System.InvalidOperationException(\"{module.ClassName}.{hook.Method}: call InitializeHooks() in the constructor first.\");");
            if (hook.StepsFrom is not null)
            {
                w.Line($"if ((uint){hook.StepParameter} >= (uint){StepCount(hook)})");
                w.Line($"    throw new global::System.ArgumentOutOfRangeException(nameof({hook.StepParameter}), {hook.StepParameter}, " +
                       $"\"{module.ClassName}.{hook.Method}: the step must be in 0..\" + ({StepCount(hook)} - 1).ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" ({hook.StepsFrom}).\");");
                w.Line($"return {Rt}.KindModules.Apply(this.{Field(hook)}[{hook.StepParameter}], {hook.InputParameter}, {prior});");
            }
            else if (hook.Steps > 0)
            {
                w.Line($"if ((uint){hook.StepParameter} >= {I(hook.Steps)}u)");
                w.Line($"    throw new global::System.ArgumentOutOfRangeException(nameof({hook.StepParameter}), {hook.StepParameter}, \"{module.ClassName}.{hook.Method}: the step must be in 0..{I(hook.Steps - 1)} (Steps = {I(hook.Steps)}).\");");
                w.Line($"return {Rt}.KindModules.Apply(this.{Field(hook)}[{hook.StepParameter}], {hook.InputParameter}, {prior});");
            }
            else if (hook.StepParameter is not null)
                w.Line($"return {Rt}.KindModules.ApplyStep(this.{Field(hook)}, {hook.InputParameter}, {hook.StepParameter}, {prior});");
            else
                w.Line($"return {Rt}.KindModules.Apply(this.{Field(hook)}, {hook.InputParameter}, {prior});");
            w.Close();
        }

        private static void EmitSlots(HookedModuleSpec module, CodeWriter w)
        {
            string slot = Rt + ".nn.RegularityNorm";
            w.Line("/// <summary>Every regularity slot of the hooks with its state-dict name, in declaration order.</summary>");
            w.Open($"public global::System.Collections.Generic.IEnumerable<(string Name, {slot} Slot)> RegularitySlots()");
            int found = 0;
            foreach (HookSpec hook in module.Hooks)
            {
                string variable = "slot" + I(found++);
                if (hook.SlotPerStep)
                    w.Line($"for (int step = 0; step < {StepCount(hook)}; step++) if ({Rt}.KindModules.Slot(\"{hook.Name}\" + step.ToString(global::System.Globalization.CultureInfo.InvariantCulture), this.{Field(hook)}[step]) is {{ }} {variable}) yield return {variable};");
                else
                    w.Line($"if ({Rt}.KindModules.Slot(\"{hook.Name}\", this.{Field(hook)}) is {{ }} {variable}) yield return {variable};");
            }
            if (module.Hooks.Count == 0) w.Line("yield break;");
            w.Close();
            w.Line();
            ModelEmitter.EmitEnableProbes(w);
        }

        private static string OptionsExpression(NormalizerOptionsSpec o) => ModelEmitter.OptionsExpression(o);
    }
}
