namespace Parley.Analysis.Results;

/// <summary>A share of the draws with its 95% Wilson score interval (<c>Estimate</c> = successes / trials).</summary>
public sealed record ProportionDto(long Successes, long Trials, double Estimate, double Low, double High);

/// <summary>
/// One party's reaction to a followed package across the draws. Verdicts are spelt as everywhere
/// (<see cref="Text.Wording.Code(Core.Evaluation.Verdict)"/>: accept, reject, depends); the base verdict and margins
/// are those of the scenario's own estimates, the mean margins those over the draws.
/// </summary>
public sealed record PartyAcceptanceDto(string Party, bool Required, string BaseVerdict, double BaseMarginMin, double BaseMarginMax,
    ProportionDto Accepts, ProportionDto DoesNotReject, double MeanMarginMin, double MeanMarginMax);

/// <summary>
/// A followed package across the draws: a proposal (<c>Origin</c> "proposal") or one of the unperturbed
/// scenario's best packages ("best-package"). <c>IsNashSolution</c> is given for complete packages only.
/// </summary>
public sealed record PackageRobustnessDto(string Id, string Label, string Origin, IReadOnlyDictionary<string, string> Terms, bool Complete,
    ProportionDto AllRequiredAccept, ProportionDto SomeCompletionAcceptedByAllRequired, ProportionDto? IsNashSolution, IReadOnlyList<PartyAcceptanceDto> Parties);

/// <summary>A package that was the Nash solution in some draws; <c>FollowedAs</c> names it when it is also a followed package.</summary>
public sealed record NashSolutionDto(IReadOnlyDictionary<string, string> Terms, ProportionDto Share, string? FollowedAs);

/// <summary>
/// One estimate at the low and at the high end of its range, every other number at its estimate: how many
/// (package, party) verdicts flip (and how many of them are required parties'), whether the Nash solution
/// changes, and the Nash product of the Nash solution at each end and at the base.
/// </summary>
public sealed record TornadoDto(string Estimate, double Value, double Low, double High, int FlipsAtLow, int FlipsAtHigh, int RequiredFlipsAtLow, int RequiredFlipsAtHigh,
    bool NashChangesAtLow, bool NashChangesAtHigh, double MarginShift, double NashProductAtLow, double NashProductAtHigh, double BaseNashProduct);

/// <summary>
/// The value of one estimate (others at their estimates) at which a required party's verdict on a followed
/// package changes, inside the estimate's plausible range: <c>Below</c> under it, <c>Above</c> over it.
/// <c>Boundary</c>: exact (a complete package), worstCompletion or bestCompletion (a partial one).
/// </summary>
public sealed record ThresholdDto(string Package, string Party, string Estimate, double Value, double Low, double High, string Boundary, double Threshold,
    string Below, string Above);

/// <summary>
/// <c>parley robustness</c>: every estimate drawn from its range <c>Draws</c> times; how likely each proposal
/// and best package is to be accepted, how often each package is the Nash solution, whether a zone of
/// agreement exists; then (unless skipped, when both are null) the tornado of the estimates, most influential
/// first, and the thresholds inside the plausible ranges, closest first (at most
/// <see cref="Contracts.AnalysisDefaults.MaxThresholds"/> of <c>ThresholdCount</c>). A seed gives the same
/// document on any machine and thread count.
/// </summary>
public sealed record RobustnessResult(
    string Title,
    IReadOnlyList<string> Required,
    int Draws,
    ulong Seed,
    string Distribution,
    string Solver,
    int Estimates,
    ProportionDto ZoneNonEmpty,
    int DistinctNashSolutions,
    IReadOnlyList<PackageRobustnessDto> Packages,
    IReadOnlyList<NashSolutionDto> NashSolutions,
    IReadOnlyList<TornadoDto>? Tornado,
    IReadOnlyList<ThresholdDto>? Thresholds,
    int? ThresholdCount);
