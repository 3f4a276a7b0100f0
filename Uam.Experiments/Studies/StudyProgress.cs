using System.Globalization;
using Spectre.Console;

namespace Uam.Experiments.Studies;

/// <summary>How a study shows progress: a live display with bars and ETA in a terminal, plain lines (one per finished
/// run, with the ETA) when the output is redirected to a file or a pipe, where a live display would be noise.</summary>
internal abstract class StudyProgress
{
    public static void Run(IAnsiConsole console, string title, int total, Action<StudyProgress> work)
    {
        if (console.Profile.Capabilities.Interactive)
            console.Progress().AutoClear(true).HideCompleted(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context => work(new Live(context, title, total)));
        else work(new Plain(console, total));
    }

    /// <summary>A step of the run in progress (ignored by the plain display).</summary>
    public abstract void Step(string run, int step, int steps, string status);

    /// <summary>A finished run (by this process or, for a parent of workers, found in the results).</summary>
    public abstract void Finished(string run, string description);

    /// <summary>The number of finished runs, where the parent only watches the results file of its workers.</summary>
    public abstract void SetFinished(int finished);

    private sealed class Live(ProgressContext context, string title, int total) : StudyProgress
    {
        private readonly ProgressTask _grid = context.AddTask(Markup.Escape(title), maxValue: Math.Max(1, total));
        private ProgressTask? _current;

        public override void Step(string run, int step, int steps, string status)
        {
            _current ??= context.AddTask(Markup.Escape(run), maxValue: Math.Max(1, steps));
            _current.MaxValue = Math.Max(1, steps);
            _current.Value = step;
            _current.Description = Markup.Escape($"{run}  {status}");
        }

        public override void Finished(string run, string description)
        {
            _current?.StopTask();
            _current = null;
            _grid.Increment(1);
            _grid.Description = Markup.Escape($"{title}  (last: {run} {description})");
        }

        public override void SetFinished(int finished) => _grid.Value = finished;
    }

    private sealed class Plain(IAnsiConsole console, int total) : StudyProgress
    {
        private readonly DateTime _start = DateTime.UtcNow;
        private int _finished;

        public override void Step(string run, int step, int steps, string status) { }

        public override void Finished(string run, string description)
        {
            _finished++;
            console.WriteLine($"[{_finished}/{total}] {run}{(description.Length > 0 ? ": " + description : "")}; {Remaining()}");
        }

        public override void SetFinished(int finished)
        {
            if (finished == _finished) return;
            _finished = finished;
            console.WriteLine($"[{_finished}/{total}] {Remaining()}");
        }

        private string Remaining()
        {
            TimeSpan elapsed = DateTime.UtcNow - _start;
            if (_finished >= total) return $"done in {Format(elapsed)}";
            var eta = TimeSpan.FromTicks(elapsed.Ticks / Math.Max(1, _finished) * (total - _finished));
            return $"{total - _finished} to go, about {Format(eta)} left";
        }

        private static string Format(TimeSpan t) =>
            t.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours} h {t.Minutes} min")
            : t.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes} min {t.Seconds} s")
            : string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:F0} s");
    }
}
