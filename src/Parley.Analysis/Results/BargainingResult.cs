using System.Numerics;

namespace Parley.Analysis.Results;

public sealed record PartyGainDto(string Party, double Utility, double Gain);

/// <summary>A complete package ranked by the Nash product of the required parties' gains.</summary>
public sealed record BestPackageDto(IReadOnlyDictionary<string, string> Terms, double NashProduct, IReadOnlyList<PartyGainDto> Parties);

/// <summary>
/// The zone of possible agreement: complete packages every required party accepts. <c>Acceptable</c> is
/// exact when <c>Exact</c>; otherwise an estimate within [Low, High] from <c>Samples</c> draws.
/// </summary>
public sealed record ZoneDto(BigInteger Packages, double Acceptable, bool Exact, double Share, double? Low, double? High, long? Samples, string Method);

/// <summary>The best packages and how they were found: "zone listing", "enumeration", or "not listed" with the reason.</summary>
public sealed record BestPackagesDto(string Method, string? Reason, IReadOnlyList<BestPackageDto> Packages);

public sealed record NearestProposalDto(string Proposal, int Changes, int Open);

public sealed record SolutionPointDto(IReadOnlyList<PartyGainDto> Parties, BigInteger Packages, IReadOnlyList<IReadOnlyDictionary<string, string>> Examples,
    IReadOnlyList<NearestProposalDto> NearestProposals);

public sealed record SolutionDto(string Kind, string Name, string Definition, double? Value, IReadOnlyList<SolutionPointDto> Points);

/// <summary>A Pareto-optimal utility vector in the zone, with one package that attains it.</summary>
public sealed record FrontierPointDto(IReadOnlyDictionary<string, string> Example, BigInteger Packages, IReadOnlyList<PartyGainDto> Parties);

public sealed record FrontierDto(int Points, BigInteger Packages, int ZonePoints, IReadOnlyList<FrontierPointDto> Zone, bool ZoneTruncated);

/// <summary>An issue inside the zone: which options occur, each party's stake, and whether it is tradeable.</summary>
public sealed record StakeDto(string Issue, string Role, string? WeighsMostFor, IReadOnlyList<OptionShareDto> OptionsInZone, IReadOnlyDictionary<string, double> StakeShare);

public sealed record OptionShareDto(string Option, double? Share);

/// <summary>The fewest issues a proposal must move to be accepted by every required party; null changes when no package is.</summary>
public sealed record ToAgreementDto(string Proposal, int? Changes, IReadOnlyList<IssueMoveDto> Moves, IReadOnlyDictionary<string, string>? Package, string? Note);

/// <summary>
/// <c>parley analyze</c>: every recorded proposal judged, the smallest step from each to agreement, the zone,
/// the best packages, the Pareto frontier with the bargaining solutions, and the issues' stakes. The
/// exhaustive analysis fills the same document without the frontier, solutions, stakes and steps.
/// </summary>
public sealed record BargainingResult(
    string Title,
    IReadOnlyList<string> Required,
    IReadOnlyList<string> Parties,
    IReadOnlyList<EvaluationDto> Proposals,
    IReadOnlyList<ToAgreementDto> ToAgreement,
    ZoneDto Zone,
    BestPackagesDto Best,
    FrontierDto? Frontier,
    IReadOnlyList<SolutionDto> Solutions,
    IReadOnlyList<StakeDto>? Issues);
