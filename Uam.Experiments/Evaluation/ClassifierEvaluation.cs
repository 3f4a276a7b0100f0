using Uam.Runtime;

namespace Uam.Experiments.Evaluation;

/// <summary>Test-set results of a classifier: mean NLL, accuracy and the confusion matrix.</summary>
internal sealed record ClassifierEvaluation(double Loss, long[,] Confusion)
{
    public int Classes => Confusion.GetLength(0);

    public long Total => Enumerable.Range(0, Classes).Sum(t => Enumerable.Range(0, Classes).Sum(p => Confusion[t, p]));

    public double Accuracy => Enumerable.Range(0, Classes).Sum(c => Confusion[c, c]) / (double)Total;

    public double ErrorPercent => 100 * (1 - Accuracy);

    /// <summary>Fraction of class <paramref name="c"/>'s images predicted as <paramref name="c"/>.</summary>
    public double ClassAccuracy(int c)
    {
        long row = Enumerable.Range(0, Classes).Sum(p => Confusion[c, p]);
        return row == 0 ? double.NaN : Confusion[c, c] / (double)row;
    }

    /// <summary>Evaluates <paramref name="model"/> (log-probabilities out) on all of <paramref name="images"/>
    /// in chunks, without gradients, in evaluation mode (or in training mode, to reproduce the original's
    /// validation of non-RN models).</summary>
    public static ClassifierEvaluation Run(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels, int classes, int chunk = 2000,
        bool trainingMode = false)
    {
        bool wasTraining = model.IsTraining;
        model.Train(trainingMode);
        try
        {
            using var noGrad = torch.NoGrad();
            var confusion = new long[classes, classes];
            double lossSum = 0;
            long count = images.Size(0);
            for (long start = 0; start < count; start += chunk)
            {
                using var scope = torch.NewDisposeScope();
                long length = Math.Min(chunk, count - start);
                Tensor x = images.Narrow(0, start, length), y = labels.Narrow(0, start, length);
                Tensor logProbabilities = model.Forward(x);
                lossSum += nn.functional.NllLoss(logProbabilities, y, reduction: Reduction.Sum).ToDouble();
                long[] predicted = logProbabilities.ArgMax(1).ToArray<long>();
                long[] truth = y.ToArray<long>();
                for (int i = 0; i < predicted.Length; i++) confusion[truth[i], predicted[i]]++;
            }
            return new ClassifierEvaluation(lossSum / count, confusion);
        }
        finally
        {
            model.Train(wasTraining);
        }
    }
}
