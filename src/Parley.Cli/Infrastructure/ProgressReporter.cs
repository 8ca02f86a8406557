using System.Diagnostics;

namespace Parley.Cli.Infrastructure;

/// <summary>
/// Shows a percentage on the error stream, but only once an operation has run for a second: quick answers
/// stay clean, long ones show they are alive. Silent when stderr is not a terminal or output is for machines.
/// </summary>
public sealed class ProgressReporter(TextWriter writer, string label, bool enabled) : IProgress<double>, IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private int _lastPercent = -1;
    private bool _shown;

    public void Report(double fraction)
    {
        if (!enabled || _clock.Elapsed < Delay) return;
        var percent = (int)Math.Clamp(fraction * 100, 0, 100);
        lock (_gate)
        {
            if (percent == _lastPercent) return;
            _lastPercent = percent;
            _shown = true;
            var elapsed = _clock.Elapsed.TotalSeconds;
            var eta = fraction > 0.01 ? $", about {elapsed / fraction - elapsed:0}s left" : "";
            writer.Write($"\r{label}: {percent,3}%{eta}   ");
            writer.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_shown) writer.WriteLine();
        }
    }
}
