namespace Parley.Core.Model;

/// <summary>
/// Preferences as they stood at a date, for the parties whose preferences then differed from the
/// scenario's main ones. Each entry is complete (the loader fills what the file left out from the main
/// preferences), so a snapshot reads on its own.
/// </summary>
public sealed record Snapshot(PartialDate Date, string? Label, string? Note, IReadOnlyDictionary<string, PartyPreferences> Preferences, IReadOnlyList<Citation> Citations);

public static class ScenarioTimeline
{
    /// <summary>
    /// The scenario as it stood at <paramref name="date"/>: the main preferences, replaced for each party by
    /// the latest snapshot at or before the date that lists it. Positions and proposals after the date are dropped.
    /// </summary>
    public static Scenario AsOf(this Scenario scenario, PartialDate date)
    {
        var preferences = new Dictionary<string, PartyPreferences>(scenario.Preferences);
        foreach (var snapshot in scenario.Snapshots.Where(s => s.Date <= date).OrderBy(s => s.Date))
            foreach (var (partyId, prefs) in snapshot.Preferences)
                preferences[partyId] = prefs;
        return scenario with
        {
            Preferences = preferences,
            Positions = scenario.Positions.Where(p => p.Date <= date).ToList(),
            Proposals = scenario.Proposals.Where(p => p.Date is null || p.Date <= date).ToList(),
        };
    }

    /// <summary>Every date the scenario records something at: snapshots and positions, in order.</summary>
    public static IReadOnlyList<PartialDate> Dates(this Scenario scenario) =>
        scenario.Snapshots.Select(s => s.Date).Concat(scenario.Positions.Select(p => p.Date)).Distinct().Order().ToList();
}
