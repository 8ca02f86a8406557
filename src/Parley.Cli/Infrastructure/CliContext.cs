using Spectre.Console;

namespace Parley.Cli.Infrastructure;

/// <summary>Where a command writes: results to <see cref="Out"/>, diagnostics and progress to <see cref="Error"/>.</summary>
public sealed record CliContext(IAnsiConsole Out, TextWriter Error, bool ShowProgress);

/// <summary>Exit codes, documented in docs/cli.md; scripts can tell failures apart by them.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The command ran and the answer is "no": <c>validate</c> found errors.</summary>
    public const int InvalidScenario = 2;
    /// <summary>A scenario, proposal, party or issue name that does not exist.</summary>
    public const int UnknownName = 3;
    /// <summary>The analysis cannot be done on this input (too large, missing preferences).</summary>
    public const int AnalysisFailed = 4;
    /// <summary>Wrong command-line usage.</summary>
    public const int Usage = 64;
    /// <summary>A bug in Parley; the message asks for a report.</summary>
    public const int Internal = 70;
    public const int Cancelled = 130;
}

/// <summary>A failure the user can act on: printed as its message, never as a stack trace.</summary>
public sealed class CliException(int exitCode, string message, IReadOnlyList<string>? details = null) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
    public IReadOnlyList<string> Details { get; } = details ?? [];
}
