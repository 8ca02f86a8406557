namespace Parley.Analysis.Results;

/// <summary>
/// A proposal judged with one date's preferences: the overall verdict and each party's, spelt as everywhere
/// (accept, reject, depends). <c>Made</c> is false before the proposal's own date.
/// </summary>
public sealed record TimelineVerdictDto(string Proposal, bool Made, string Overall, IReadOnlyDictionary<string, string> Parties);

/// <summary>
/// The scenario as it stood at one date: what happened (the snapshot's label, the positions recorded that
/// day), whose snapshot each party's preferences come from (null: the main preferences), the reservation
/// values and red lines, the zone of agreement counted exactly and the best packages by Nash product (both
/// null or empty when the scenario is too large to enumerate), and every proposal's verdicts.
/// </summary>
public sealed record TimelinePointDto(string Date, string? Label, IReadOnlyList<string> Positions, IReadOnlyDictionary<string, string?> PreferencesFrom,
    IReadOnlyDictionary<string, double> Reservations, IReadOnlyDictionary<string, IReadOnlyList<string>> RedLines, long? ZoneOfAgreement,
    IReadOnlyList<BestPackageDto> BestByNash, IReadOnlyList<TimelineVerdictDto> Proposals);

/// <summary>
/// <c>parley timeline</c>: the scenario at each date it records, from the first snapshot on (<c>SkippedBefore</c>:
/// the first snapshot's date when earlier dates were left out, since the main preferences describe the latest date).
/// </summary>
public sealed record TimelineResult(
    string Title,
    IReadOnlyList<string> Required,
    System.Numerics.BigInteger Packages,
    string? SkippedBefore,
    IReadOnlyList<TimelinePointDto> Points);
