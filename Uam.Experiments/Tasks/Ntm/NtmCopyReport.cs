using System.Globalization;
using Uam.Experiments.Reporting;
using Uam.Experiments.Studies;

namespace Uam.Experiments.Tasks.Ntm;

/// <summary>The report of an NTM copy study: the final table (held-out bits wrong, sequences to one bit, and the copies of
/// every test length), the addressing probes per length, the learning curves (mean ± s.e. over seeds), the generalisation
/// curve, the UAM probe of the first seed, and the weightings of each controller's first-seed machine.</summary>
internal static class NtmCopyReport
{
    public static Report Build(StudyResults results)
    {
        var runs = results.Runs<NtmCopyRun>();
        var normalizers = StudyResults.InOrder(runs.Select(r => r.Run.Normalizer), NtmCopyOptions.AllNormalizers);
        var seeds = runs.Select(r => r.Record.Seed).Distinct().Order().ToList();
        List<NtmCopyRun> Of(string normalizer) => runs.Where(r => r.Run.Normalizer == normalizer).Select(r => r.Run).ToList();
        var lengths = runs.Count == 0 ? [] : runs.Select(r => r.Run.Test.Select(t => t.Length)).Aggregate((a, b) => a.Intersect(b)).Order().ToList();
        static ReportValue Value(IEnumerable<double> values) => ReportValue.Of(Estimate.Of(values));
        double At(NtmCopyRun run, int length, Func<NtmLengthResult, double> measure) => measure(run.Test.First(t => t.Length == length));

        var table = new ReportTable("Bits wrong per sequence: held out at the end of training and on each test length", "final", "controller",
            ["held-out (length 20)", "runs reaching ≤ 1 bit", "median sequences to ≤ 1 bit", .. lengths.Select(l => $"length {l}")],
            normalizers.Select(n =>
            {
                var of = Of(n);
                var reached = of.Where(r => r.SequencesToOneBit is not null).Select(r => r.SequencesToOneBit!.Value).Order().ToList();
                return new ReportRow(n,
                [
                    Value(of.Select(r => (double)r.HeldOutBits[^1])),
                    new ReportValue($"{reached.Count} of {of.Count}"),
                    new ReportValue(reached.Count == 0 ? "" : reached[reached.Count / 2].ToString("N0", CultureInfo.InvariantCulture)),
                    .. lengths.Select(l => Value(of.Select(r => At(r, l, t => t.BitsWrong)))),
                ]);
            }).ToList())
        {
            Note = $"Over seeds {string.Join(", ", seeds)}: mean ± s.e. A sequence of length L has 8·L bits; a bit is wrong when σ(logit) is on the " +
                   "wrong side of ½. Training lengths are 1…20: longer test lengths measure generalisation. 'Sequences to ≤ 1 bit': the first block end " +
                   "at which the held-out sequences have at most one bit wrong each on average.",
        };
        var probes = new ReportTable("Addressing probes of the final machines", "addressing", "controller, length",
            ["bit error rate (%)", "lag", "alignment (%)", "write focus", "read focus"],
            normalizers.SelectMany(n => lengths.Select(l => new ReportRow($"{n}, length {l}",
            [
                Value(Of(n).Select(r => 100 * At(r, l, t => t.BitErrorRate))),
                new ReportValue(string.Join(", ", Of(n).Select(r => ((int)At(r, l, t => t.Lag)).ToString(CultureInfo.InvariantCulture)))),
                Value(Of(n).Select(r => 100 * At(r, l, t => t.Alignment))),
                Value(Of(n).Select(r => At(r, l, t => t.WriteFocus))),
                Value(Of(n).Select(r => At(r, l, t => t.ReadFocus))),
            ]))).ToList())
        {
            Note = "Lag (per seed) and alignment: at output step j the read weighting peaks on the row the write weighting peaked on at input step i; " +
                   "the lag is the most common i − j and the alignment the share of output steps read at that lag (100 % for a machine that writes in " +
                   "sequence and reads back in the same order at lag 0; at a lag of ±1 one output step of every sequence has no input step to match, so " +
                   "the most is (L − 1)/L: 90 % at length 10, 99 % at 100). Focus: the mean largest weight of the write " +
                   "weighting over the input steps and of the read weighting over the output steps (1: one row exactly; 1/128: uniform).",
        };
        ChartSeries Curve(string n, Func<NtmCopyRun, float[]> curve)
        {
            var of = Of(n);
            int points = of.Min(r => curve(r).Length);
            var estimates = Enumerable.Range(0, points).Select(i => Estimate.Of(of.Select(r => (double)curve(r)[i]))).ToList();
            return new ChartSeries(n, Enumerable.Range(1, points).Select(i => (double)i * of[0].BlockSequences).ToArray(),
                estimates.Select(e => e.Mean).ToArray(), estimates.Select(e => e.StandardError).ToArray());
        }
        var blocks = new List<ReportBlock>
        {
            table,
            new ReportChart("Bits wrong per training sequence against sequences seen (mean over seeds)", "training", "sequences", "bits wrong per sequence", [],
                [new ChartView([], normalizers.Select(n => Curve(n, r => r.TrainingBits)).ToList())])
            {
                Note = "The mean over each block's training batches (lengths drawn from 1…20), as in the NTM paper's figure 3. Hover for the s.e. over seeds.",
            },
            new ReportChart("Bits wrong per held-out sequence of length 20 (mean over seeds)", "held-out", "sequences", "bits wrong per sequence", [],
                [new ChartView([], normalizers.Select(n => Curve(n, r => r.HeldOutBits)).ToList())]),
            new ReportChart("Generalisation: bit error rate against test length (mean over seeds)", "generalisation", "sequence length", "bits wrong (%)", [],
                [new ChartView([], normalizers.Select(n =>
                {
                    var estimates = lengths.Select(l => Estimate.Of(Of(n).Select(r => 100 * At(r, l, t => t.BitErrorRate)))).ToList();
                    return new ChartSeries(n, lengths.Select(l => (double)l).ToArray(), estimates.Select(e => e.Mean).ToArray(), estimates.Select(e => e.StandardError).ToArray());
                }).ToList())]),
            probes,
        };
        if (seeds.Count > 0)
        {
            int first = seeds[0];
            var views = ProbeTraces.Views(results.Directory, normalizers, n => $"{n}-s{first}",
                n => runs.FirstOrDefault(r => r.Run.Normalizer == n && r.Record.Seed == first).Run is { } run ? b => (b + 1.0) * run.BlockSequences : null);
            if (views.Count > 0)
                blocks.Add(new ReportChart($"UAM probe: mean code length of each slot's training calls per block (seed {first})", "probe",
                    "sequences", "code length (nats)", ["controller"], views)
                {
                    Note = "read_addressing and write_addressing: RN probes on the heads' weightings at every step (they record, they do not change " +
                           "the weightings); controller_state: the controller's normalizer when it is a regularity slot.",
                });
            foreach (string n in normalizers)
                foreach (int length in lengths.Prepend(20).Distinct().Where(l => l == 20 || l == lengths.Max()))
                    if (NtmPictures.PathOf(results.Directory, $"{n}-s{first}", length) is var path && File.Exists(path))
                        blocks.Add(new ReportImage($"Weightings on a sequence of {length}: {n} (seed {first})", $"weightings-{n}-{length}", "image/png", File.ReadAllBytes(path))
                        {
                            Note = "Time runs to the right. From the top: the inputs (8 bits and the delimiter), the targets and the outputs at the output " +
                                   "steps, the write weighting and the read weighting over the rows either head used (white = 1).",
                        });
        }
        string title = $"{Path.GetFileName(Path.GetFullPath(results.Directory).TrimEnd(Path.DirectorySeparatorChar))}: NTM copy ({results.Protocol})";
        return new Report(title, StudyMetadata.Of(results, runs.Select(r => r.Record).ToList(), runs.Count.ToString(CultureInfo.InvariantCulture)), blocks);
    }
}
