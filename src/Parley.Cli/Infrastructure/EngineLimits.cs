namespace Parley.Cli.Infrastructure;

/// <summary>
/// What the engines' commands refuse up front (exit 4, with the estimate): a run estimated to take longer than
/// <see cref="Seconds"/> on this machine or more memory than <see cref="Bytes"/>. <c>--force</c> runs it anyway.
/// The estimates are computed from the model's size before any work (docs/reliability.md, "Engine limits").
/// </summary>
public static class EngineLimits
{
    /// <summary>Five minutes of wall time on every core the run may use.</summary>
    public const double Seconds = 300;

    /// <summary>Three quarters of the memory this process may use (the machine's, or the container's limit).</summary>
    public static long Bytes => (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 0.75);

    public static string Describe(double seconds, long bytes) =>
        $"about {Time(seconds)} and {Size(bytes)}";

    public static string Time(double seconds) => seconds switch
    {
        < 1 => "under a second",
        < 120 => $"{seconds:0} s",
        < 7200 => $"{seconds / 60:0} min",
        _ => $"{seconds / 3600:0.#} h",
    };

    public static string Size(long bytes) => bytes < 1L << 30 ? $"{Math.Max(1, bytes >> 20):N0} MB" : $"{bytes / (double)(1L << 30):0.#} GB";

    /// <summary>Throws the refusal when the estimate is over a limit and the user did not insist.</summary>
    public static void Check(string what, double seconds, long bytes, bool force, string advice)
    {
        if (force || (seconds <= Seconds && bytes <= Bytes)) return;
        var over = seconds > Seconds ? $"more than the {Time(Seconds)} limit" : $"more memory than the {Size(Bytes)} available";
        throw new CliException(ExitCodes.AnalysisFailed,
            $"{what} would take {Describe(seconds, bytes)} (estimated from its size), {over}; {advice}, or add --force to run it anyway");
    }
}
