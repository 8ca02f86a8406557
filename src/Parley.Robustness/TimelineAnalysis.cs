using Parley.Bargaining;
using Parley.Core.Evaluation;
using Parley.Core.Model;

namespace Parley.Robustness;

/// <summary>A proposal judged with the preferences of one date; <see cref="Made"/> is false before the proposal's own date.</summary>
public sealed record TimelineVerdict(Proposal Proposal, bool Made, ProposalEvaluation Evaluation);

/// <summary>
/// The scenario as it stood at one date: whose snapshot applied, the zone of agreement and best packages
/// under those preferences, and every proposal's verdicts.
/// </summary>
public sealed record TimelinePoint(
    PartialDate Date,
    string? Label,
    IReadOnlyList<Position> Positions,
    IReadOnlyDictionary<string, PartialDate?> PreferencesFrom,
    IReadOnlyDictionary<string, double> Reservations,
    IReadOnlyDictionary<string, IReadOnlyList<string>> RedLines,
    AgreementSpaceSummary? Space,
    IReadOnlyList<TimelineVerdict> Proposals)
{
    public long? ZoneSize => Space is { AcceptableCount: >= 0 } s ? s.AcceptableCount : null;
}

public sealed record TimelineResult(Scenario Scenario, IReadOnlyList<TimelinePoint> Points, PartialDate? SkippedBefore);

/// <summary>
/// Evaluates the scenario at each date it records (<see cref="ScenarioTimeline.Dates"/>) from the first
/// snapshot on: before the first snapshot the scenario's main (latest) preferences would apply, which
/// would tell the story backwards. Dates with the same preferences share one exhaustive analysis.
/// </summary>
public static class TimelineAnalysis
{
    public static TimelineResult Run(Scenario scenario, int top = 3, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        var dates = scenario.Dates().ToList();
        PartialDate? skippedBefore = null;
        if (scenario.Snapshots.Count > 0)
        {
            var first = scenario.Snapshots.Min(s => s.Date);
            if (dates.Any(d => d < first)) skippedBefore = first;
            dates = dates.Where(d => d >= first).ToList();
        }
        var undated = dates.Count == 0;
        if (undated) dates.Add(scenario.Proposals.Select(p => p.Date).OfType<PartialDate>().DefaultIfEmpty(new PartialDate(DateTime.UtcNow.Year)).Max());

        var cache = new Dictionary<string, AgreementSpaceSummary?>();
        var points = new List<TimelinePoint>();
        for (var k = 0; k < dates.Count; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            var date = dates[k];
            var asOf = scenario.AsOf(date);
            var from = scenario.Preferences.Keys.ToDictionary(id => id, id => scenario.Snapshots
                .Where(s => s.Date <= date && s.Preferences.ContainsKey(id)).Select(s => (PartialDate?)s.Date).LastOrDefault());
            UtilityModel model;
            try
            {
                model = new UtilityModel(asOf);
            }
            catch (InvalidOperationException e)
            {
                throw new RobustnessException($"as of {date}: {e.Message}");
            }
            var key = string.Join(";", from.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}@{kv.Value}"));
            if (!cache.TryGetValue(key, out var space))
            {
                space = asOf.PackageCount <= ExhaustiveAnalysis.MaxPackages ? ExhaustiveAnalysis.Run(model, top, cancellation: cancellation) : null;
                cache[key] = space;
            }
            // Every proposal of the whole scenario, judged with this date's preferences.
            var verdicts = scenario.Proposals
                .Select(p => new TimelineVerdict(p, p.Date is null || p.Date <= date, ProposalEvaluator.Evaluate(model, Package.FromTerms(scenario, p.Terms))))
                .ToList();
            var snapshot = scenario.Snapshots.FirstOrDefault(s => s.Date == date);
            var label = undated ? "no dated snapshots or positions: the main preferences, dated by the latest proposal (or this year)" : snapshot?.Label;
            points.Add(new TimelinePoint(date, label, scenario.Positions.Where(p => p.Date == date).ToList(), from,
                model.Parties.ToDictionary(p => p.Party.Id, p => p.Reservation),
                model.Parties.ToDictionary(p => p.Party.Id, p => (IReadOnlyList<string>)p.RedLines.Select(r => r.Source.Label).ToList()),
                space, verdicts));
            progress?.Report((k + 1.0) / dates.Count);
        }
        return new TimelineResult(scenario, points, skippedBefore);
    }
}
