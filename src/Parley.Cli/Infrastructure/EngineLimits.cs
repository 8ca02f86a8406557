namespace Parley.Cli.Infrastructure;

/// <summary>
/// What the engines' commands refuse up front (exit 4, with the estimate): a run estimated to take longer than
/// <see cref="Seconds"/> on this machine or more memory than <see cref="Bytes"/>. <c>--force</c> runs it anyway.
/// The estimates are computed from the model's size before any work (docs/reliability.md, "Engine limits").
/// </summary>
public static class EngineLimits
{
    /// <summary>Five minutes of wall time on every core the run may use.</summary>
    public const double Seconds = Parley.Analysis.Contracts.AnalysisDefaults.EngineSeconds;

    /// <summary>Three quarters of the memory this process may use (the machine's, or the container's limit).</summary>
    public static long Bytes => Parley.Analysis.Contracts.AnalysisDefaults.EngineBytes;

    public static string Describe(double seconds, long bytes) =>
        $"about {Time(seconds)} and {Size(bytes)}";

    public static string Time(double seconds) => Fmt.Duration(seconds);

    public static string Size(long bytes) => Fmt.Bytes(bytes);

    /// <summary>Throws the refusal when the estimate is over a limit and the user did not insist.</summary>
    public static void Check(string what, double seconds, long bytes, bool force, string advice)
    {
        if (force || (seconds <= Seconds && bytes <= Bytes)) return;
        var over = seconds > Seconds ? $"more than the {Time(Seconds)} limit" : $"more memory than the {Size(Bytes)} available";
        throw new CliException(ExitCodes.AnalysisFailed,
            $"{what} would take {Describe(seconds, bytes)} (estimated from its size), {over}; {advice}, or add --force to run it anyway");
    }
}
