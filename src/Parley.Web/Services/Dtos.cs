using Parley.Core.Diagnostics;
using Parley.Core.Evaluation;
using Parley.Core.Model;

namespace Parley.Web.Services;

/// <summary>A located validation problem as the API returns it; the same text the CLI prints.</summary>
public sealed record DiagnosticDto(string Severity, string Code, string Message, string Path, int? Line, int? Column, string Text)
{
    public static DiagnosticDto From(Diagnostic d) => new(
        d.Severity == Parley.Core.Diagnostics.Severity.Error ? "error" : "warning", d.Code, d.Message, d.Path, d.Location?.Line, d.Location?.Column, d.ToString());
}

public sealed record CostDto(string Issue, string? Option, double Cost);

public sealed record PartyVerdictDto(string Party, string Name, bool Required, double UtilityMin, double UtilityMax, double Reservation,
    double MarginMin, double MarginMax, string Verdict, IReadOnlyList<string> RedLinesHit, IReadOnlyList<string> RedLinesAtRisk, IReadOnlyList<CostDto> Costs)
{
    public static PartyVerdictDto From(PartyVerdict v) => new(v.Party.Id, v.Party.Name, v.Required, v.UtilityMin, v.UtilityMax, v.Reservation,
        v.MarginMin, v.MarginMax, v.Verdict.ToString().ToLowerInvariant(),
        v.RedLinesHit.Select(r => r.Label).ToList(), v.RedLinesAtRisk.Select(r => r.Label).ToList(),
        v.Costs.Select(c => new CostDto(c.Issue.Id, c.Chosen?.Id, c.Cost)).ToList());
}

/// <summary>One package judged by every party: the same fields as <c>parley evaluate --format json</c>.</summary>
public sealed record EvaluationDto(string? Proposal, string? Author, string? Date, IReadOnlyDictionary<string, string> Terms, IReadOnlyList<string> OpenIssues,
    string Overall, IReadOnlyList<string> Blockers, IReadOnlyList<PartyVerdictDto> Parties, IReadOnlyList<Citation>? Citations)
{
    public static EvaluationDto From(Scenario scenario, ProposalEvaluation e, Proposal? proposal) => new(
        proposal?.Id, proposal?.Author, proposal?.Date?.ToString(), e.Package.ToTerms(scenario), e.OpenIssues.Select(i => i.Id).ToList(),
        e.Overall.ToString().ToLowerInvariant(), e.Blockers.Select(b => b.Party.Id).ToList(), e.Verdicts.Select(PartyVerdictDto.From).ToList(), proposal?.Citations);
}

public sealed record PartyGainDto(string Party, double Utility, double Gain);
public sealed record BestPackageDto(IReadOnlyDictionary<string, string> Terms, double NashProduct, IReadOnlyList<PartyGainDto> Parties);
/// <summary>The zone of possible agreement; <c>Acceptable</c> is exact when <c>Exact</c>, otherwise an estimate within [Low, High].</summary>
public sealed record ZopaDto(double Packages, double Acceptable, bool Exact, double? Low, double? High, string Method, double Seconds, IReadOnlyList<BestPackageDto> BestByNash);

public sealed record NearestProposalDto(string Proposal, int Changes, int Open);
public sealed record SolutionPointDto(IReadOnlyList<PartyGainDto> Parties, string Packages, IReadOnlyList<IReadOnlyDictionary<string, string>> Examples, IReadOnlyList<NearestProposalDto> NearestProposals);
public sealed record SolutionDto(string Kind, string Name, string Definition, double? Value, IReadOnlyList<SolutionPointDto> Points);
/// <summary>A Pareto-optimal utility vector of the required parties in the zone, with one package that attains it.</summary>
public sealed record FrontierPointDto(IReadOnlyDictionary<string, string> Example, string Packages, IReadOnlyList<PartyGainDto> Parties);
/// <summary>The bargaining engine's answer: Pareto frontier, bargaining solutions (same fields as the CLI's JSON).</summary>
public sealed record BargainingDto(int FrontierPoints, string FrontierPackages, IReadOnlyList<SolutionDto> Solutions, IReadOnlyList<FrontierPointDto> ZoneFrontier, bool ZoneFrontierTruncated);

/// <summary>The stored result of an analysis run: the fields of <c>parley analyze --format json</c>.</summary>
public sealed record AnalysisResultDto(string Scenario, int Version, string Engine, IReadOnlyList<string> Required, IReadOnlyList<EvaluationDto> Proposals, ZopaDto Zopa, BargainingDto? Bargaining);

public sealed record BridgeShiftDto(string Party, bool Required, double ProposalMin, double ProposalMax, double Bridge, double Gain);
public sealed record BridgeOptionDto(IReadOnlyDictionary<string, string> Terms, int Changes, IReadOnlyList<string> Moves, IReadOnlyList<BridgeShiftDto> Parties, string EquallyGoodPackages);
/// <summary>The acceptable package closest to a proposal: the same fields as <c>parley bridge --format json</c>.</summary>
public sealed record BridgeDto(IReadOnlyDictionary<string, string> ProposalTerms, BridgeOptionDto? FewestChanges, BridgeOptionDto? LeastCostToAuthor, string? Author, double? AuthorCost, string? Note);

public sealed record ScenarioVersionDto(string Slug, int Version, string Title, string Author, string? Message, DateTimeOffset CreatedAt);

public sealed record ImportResponse(string Slug, int Version, IReadOnlyList<DiagnosticDto> Warnings);

public sealed record ProblemDto(string Error, IReadOnlyList<DiagnosticDto>? Diagnostics = null, int? LatestVersion = null);

public sealed record SaveYamlRequest(int BaseVersion, string Yaml, string? Author, string? Message);

public sealed record EditRequest(int BaseVersion, IReadOnlyList<ScenarioEdit> Edits, string? Author, string? Message);

public sealed record EvaluateRequest(IReadOnlyDictionary<string, string>? Terms, string? Proposal);

/// <param name="Engine">"bargaining" (default: Pareto frontier, solutions, zone count, best list by enumeration up to 2·10⁷ packages) or "exhaustive" (enumerates every package, up to 2·10⁹).</param>
/// <param name="Model">forecast only: smp (default) or eum.</param>
/// <param name="StatusQuo">stability only: the state to trace reachable equilibria from (default: the conflict's status quo).</param>
/// <param name="Draws">robustness only: scenarios drawn from the estimates' ranges (default 2000).</param>
/// <param name="Distribution">robustness only: triangular (default) or uniform.</param>
public sealed record StartAnalysisRequest(string Scenario, int? Version, int? Top, long? Seed, string? Author, string? Engine = null, string? Model = null, string? StatusQuo = null,
    int? Draws = null, string? Distribution = null);

public sealed record AnalysisRunDto(long Id, string Scenario, int Version, string Engine, string Parameters, long? Seed, string Author, string Status,
    double Progress, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, double? DurationMs, string? Error, AnalysisResultDto? Result,
    Parley.Web.Engines.StabilityDto? Stability = null, Parley.Web.Engines.ForecastDto? Forecast = null,
    Parley.Web.Engines.RobustnessDto? Robustness = null, Parley.Web.Engines.TimelineDto? Timeline = null);
