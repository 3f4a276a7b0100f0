using System.CommandLine;
using Spectre.Console;
using Uam.Experiments.Data;
using Uam.Experiments.Tasks;

namespace Uam.Experiments.Commands;

/// <summary>`uam demo`: the small imbalanced-data training run of the README.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Directory of MNIST-format IDX files (train-/t10k- images and labels).", DefaultValueFactory = _ => ImageDataset.FashionMnistDirectory };
        var down = new Option<int>("--n-down") { Description = "Number of classes to down-sample.", DefaultValueFactory = _ => 4 };
        var keep = new Option<double>("--p") { Description = "Probability of keeping an image of a down-sampled class.", DefaultValueFactory = _ => 0.01 };
        var seed = new Option<int>("--seed") { Description = "Seed of the sampler, initialisation and data order.", DefaultValueFactory = _ => 1 };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch-size") { Description = "Mini-batch size.", DefaultValueFactory = _ => 128 };
        var lr = new Option<double>("--lr") { Description = "SGD learning rate.", DefaultValueFactory = _ => 0.01 };
        var momentum = new Option<double>("--momentum") { Description = "SGD momentum.", DefaultValueFactory = _ => 0.9 };
        var normalizers = new Option<string[]>("--normalizers")
        {
            Description = "Networks to train, by the paper's names: baseline, BN, LN, WN, RN, RLN, RBN, LN+RN, SN (ffnn); baseline, RN (rnn).",
            DefaultValueFactory = _ => ["baseline", "RN", "RLN"],
            AllowMultipleArgumentsPerToken = true,
        };
        var model = new Option<string>("--model") { Description = "ffnn (784-1000-1000-10) or rnn (the 5-step RNN of §2.2).", DefaultValueFactory = _ => "ffnn" };

        var command = new Command("demo", "Train the paper's 784-1000-1000-10 network, plain and with regularity normalization, on imbalanced data " +
                                          "(default: Fashion-MNIST, 4 classes kept at p = 0.01) and compare per-class test accuracy.")
        {
            data, down, keep, seed, epochs, batch, lr, momentum, normalizers, model,
        };
        command.SetAction(result =>
        {
            var options = new DemoOptions(result.GetValue(data)!, result.GetValue(down), result.GetValue(keep), result.GetValue(seed),
                result.GetValue(epochs), result.GetValue(batch), result.GetValue(lr), result.GetValue(momentum),
                result.GetValue(normalizers)!, result.GetValue(model)!);
            if (options.Epochs < 1) throw new ArgumentOutOfRangeException("--epochs", options.Epochs, "must be at least 1");
            if (options.BatchSize < 1) throw new ArgumentOutOfRangeException("--batch-size", options.BatchSize, "must be at least 1");
            ImbalancedDemo.Run(options, AnsiConsole.Console);
            return 0;
        });
        return command;
    }
}
