using Parley.Core.Evaluation;
using Parley.Robustness;
using Parley.Web.Services;

namespace Parley.Web.Engines;

/// <summary>A proposal judged with one date's preferences; <c>Made</c> is false before the proposal's own date.</summary>
public sealed record TimelineVerdictDto(string Proposal, bool Made, string Overall, IReadOnlyDictionary<string, string> Parties);

/// <summary>The scenario as it stood at one date (<c>ScenarioTimeline.AsOf</c>): reservation values, zone of agreement, best packages, verdicts.</summary>
public sealed record TimelinePointDto(string Date, string? Label, IReadOnlyList<string> Positions, IReadOnlyDictionary<string, string?> PreferencesFrom,
    IReadOnlyDictionary<string, double> Reservations, IReadOnlyDictionary<string, IReadOnlyList<string>> RedLines, double? Packages, long? ZoneOfAgreement,
    IReadOnlyList<BestPackageDto> BestByNash, IReadOnlyList<TimelineVerdictDto> Proposals);

/// <summary>A timeline: the fields of <c>parley timeline --format json</c>.</summary>
public sealed record TimelineDto(string Scenario, int Version, IReadOnlyList<string> Required, string? SkippedBefore, IReadOnlyList<TimelinePointDto> Points);

/// <summary>Runs <c>TimelineAnalysis</c> (src/Parley.Robustness) on a stored version, as <c>parley timeline</c> does.</summary>
public static class TimelineService
{
    private static string V(Verdict v) => v.ToString().ToLowerInvariant();

    public static TimelineDto Run(LoadedVersion loaded, int top, IProgress<double>? progress, CancellationToken cancellation)
    {
        if (top is < 1 or > 100) throw new RequestException("top must be between 1 and 100 for a timeline", "top");
        TimelineResult t;
        try
        {
            t = TimelineAnalysis.Run(loaded.Scenario, top, progress, cancellation);
        }
        catch (RobustnessException e)
        {
            throw new RequestException(e.Message);
        }
        var s = t.Scenario;
        var parties = s.Parties.Where(p => s.Preferences.ContainsKey(p.Id)).Select(p => p.Id).ToList();
        return new TimelineDto(s.Id, loaded.Info.Version, s.Agreement.RequiredParties, t.SkippedBefore?.ToString(), t.Points.Select(p => new TimelinePointDto(
            p.Date.ToString(), p.Label, p.Positions.Select(x => x.Summary).ToList(),
            p.PreferencesFrom.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString()), p.Reservations, p.RedLines,
            p.Space?.PackageCount, p.ZoneSize,
            p.Space?.BestByNash.Select(b => new BestPackageDto(b.Package.ToTerms(s), b.NashProduct,
                parties.Select((id, i) => new PartyGainDto(id, b.Utilities[i], b.Utilities[i] - p.Reservations[id])).ToList())).ToList() ?? [],
            p.Proposals.Select(v => new TimelineVerdictDto(v.Proposal.Id, v.Made, V(v.Evaluation.Overall),
                v.Evaluation.Verdicts.ToDictionary(x => x.Party.Id, x => V(x.Verdict)))).ToList())).ToList());
    }
}
