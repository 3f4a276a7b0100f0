using System.CommandLine;
using System.Text.RegularExpressions;
using Spectre.Console;
using Uam.Experiments.Models;
using Uam.Runtime;

namespace Uam.Experiments.Commands;

/// <summary>`uam models`: the paper's models as declared with the model attributes, with their generated
/// architecture, parameter count and normalizer slots.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var verbose = new Option<bool>("--tree") { Description = "Also print each model's module tree." };
        var command = new Command("models", "List the paper's declared models: architecture, parameters and normalizer slots.") { verbose };
        command.SetAction(result =>
        {
            void Print(string group, IReadOnlyDictionary<string, PaperModels.Factory> models)
            {
                AnsiConsole.Write(new Rule($"[bold]{group}[/]").LeftJustified());
                foreach (var (name, factory) in models)
                {
                    using var generator = new Generator(0);
                    using var model = factory(generator, null);
                    string summary = model.ToString();
                    string architecture = summary[..summary.IndexOf('\n')];
                    architecture = Regex.Replace(architecture[(architecture.IndexOf(':') + 2)..], @" → \[batch, \d+\]", "");
                    string slots = string.Join(", ", ((IRegularityModel)model).RegularitySlots().Select(s => s.Name));
                    AnsiConsole.MarkupLine($"[bold]{Markup.Escape(name)}[/] ({model.GetType().Name}): {model.ParameterCount():N0} parameters" +
                                           (slots.Length == 0 ? "" : $"; regularity slots {Markup.Escape(slots)}"));
                    AnsiConsole.MarkupLine($"  {Markup.Escape(architecture)}");
                    if (result.GetValue(verbose)) AnsiConsole.WriteLine(summary[(summary.IndexOf('\n') + 1)..]);
                }
            }
            Print("imbalanced MNIST classifiers", PaperModels.Classifiers);
            Print("MNIST RNN", PaperModels.Recurrent);
            Print("DQN Q-networks", PaperModels.QNetworks);
            return 0;
        });
        return command;
    }
}
