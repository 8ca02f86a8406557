using Parley.Core.Diagnostics;

namespace Parley.Web.Services;

/// <summary>A located validation problem as the API returns it; the same text the CLI prints.</summary>
public sealed record DiagnosticDto(string Severity, string Code, string Message, string Path, int? Line, int? Column, string Text)
{
    public static DiagnosticDto From(Diagnostic d) => new(
        d.Severity == Parley.Core.Diagnostics.Severity.Error ? "error" : "warning", d.Code, d.Message, d.Path, d.Location?.Line, d.Location?.Column, d.ToString());
}

public sealed record ScenarioVersionDto(string Slug, int Version, string Title, string Author, string? Message, DateTimeOffset CreatedAt);

public sealed record ImportResponse(string Slug, int Version, IReadOnlyList<DiagnosticDto> Warnings);

public sealed record ProblemDto(string Error, IReadOnlyList<DiagnosticDto>? Diagnostics = null, int? LatestVersion = null);

public sealed record SaveYamlRequest(int BaseVersion, string Yaml, string? Author, string? Message);

public sealed record EditRequest(int BaseVersion, IReadOnlyList<ScenarioEdit> Edits, string? Author, string? Message);

public sealed record EvaluateRequest(IReadOnlyDictionary<string, string>? Terms, string? Proposal);

/// <param name="Engine">"bargaining" (default: Pareto frontier, solutions, zone count, best list by enumeration up to 2·10⁷ packages) or "exhaustive" (enumerates every package, up to 2·10⁹).</param>
/// <param name="Model">forecast only: smp (default) or eum.</param>
/// <param name="StatusQuo">stability only: the state to trace reachable equilibria from (default: the conflict's status quo).</param>
/// <param name="Draws">robustness only: scenarios drawn from the estimates' ranges (default 10,000, as on the command line).</param>
/// <param name="Distribution">robustness only: triangular (default) or uniform.</param>
public sealed record StartAnalysisRequest(string Scenario, int? Version, int? Top, long? Seed, string? Author, string? Engine = null, string? Model = null, string? StatusQuo = null,
    int? Draws = null, string? Distribution = null)
{
    // Stability: the options of parley stability (docs/stability.md), all optional.
    /// <summary>Solution concepts, comma-separated (default: all six).</summary>
    public string? Concepts { get; init; }
    /// <summary>Coalitions to analyse, each decision makers' ids joined by '+'.</summary>
    public IReadOnlyList<string>? Coalitions { get; init; }
    /// <summary>Composite decision makers (gmcr-py's coalition analysis), each ids joined by '+'.</summary>
    public IReadOnlyList<string>? Composites { get; init; }
    /// <summary>Limited-move stability with this horizon (two decision makers only).</summary>
    public int? Horizon { get; init; }
    public bool? NonMyopic { get; init; }
    /// <summary>The state whose stability conditions are stated in words.</summary>
    public string? Inverse { get; init; }
    /// <summary>The concept(s) for the inverse analysis and the goals.</summary>
    public string? InverseConcepts { get; init; }
    /// <summary>Goals: stable:STATE or unstable:STATE, optionally :CONCEPT and :DECISION-MAKER.</summary>
    public IReadOnlyList<string>? Goals { get; init; }
    /// <summary>The state whose verdicts are explained.</summary>
    public string? Explain { get; init; }
    public bool? AllStates { get; init; }
    public bool? Force { get; init; }

    /// <summary>The stability options as the contract's options.</summary>
    public Parley.Analysis.Contracts.AnalysisOptions StabilityOptions() => new()
    {
        Concepts = Concepts, Coalitions = Coalitions, Composites = Composites, Horizon = Horizon, NonMyopic = NonMyopic ?? false, Inverse = Inverse,
        InverseConcepts = InverseConcepts, Goals = Goals, Explain = Explain, AllStates = AllStates ?? false, Force = Force ?? false,
    };
}

/// <param name="Result">For the analyses of the catalog (bargaining, exhaustive, stability, robustness, timeline): the stored document, the same as the command's <c>--format json</c> prints.</param>
public sealed record AnalysisRunDto(long Id, string Scenario, int Version, string Engine, string Parameters, long? Seed, string Author, string Status,
    double Progress, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, double? DurationMs, string? Error, System.Text.Json.JsonElement? Result,
    Parley.Web.Engines.ForecastDto? Forecast = null);
