namespace Parley.Core.Model;

/// <summary>Every citation in a scenario with the document path it hangs on, for audits and reports.</summary>
public static class ScenarioCitations
{
    public static IEnumerable<(string Path, Citation Citation)> Enumerate(Scenario scenario)
    {
        foreach (var p in scenario.Parties)
            foreach (var c in p.Citations) yield return ($"parties.{p.Id}", c);
        foreach (var i in scenario.Issues)
            foreach (var c in i.Citations) yield return ($"issues.{i.Id}", c);
        foreach (var (partyId, prefs) in scenario.Preferences)
            foreach (var item in Enumerate($"preferences.{partyId}", prefs)) yield return item;
        foreach (var snapshot in scenario.Snapshots)
        {
            foreach (var c in snapshot.Citations) yield return ($"snapshots.{snapshot.Date}", c);
            foreach (var (partyId, prefs) in snapshot.Preferences)
                foreach (var item in Enumerate($"snapshots.{snapshot.Date}.{partyId}", prefs)) yield return item;
        }
        foreach (var p in scenario.Positions)
            foreach (var c in p.Citations) yield return ($"positions.{p.PartyId}@{p.Date}", c);
        foreach (var p in scenario.Proposals)
            foreach (var c in p.Citations) yield return ($"proposals.{p.Id}", c);
    }

    private static IEnumerable<(string Path, Citation Citation)> Enumerate(string path, PartyPreferences prefs)
    {
        foreach (var c in prefs.Reservation.Provenance.Citations) yield return ($"{path}.reservation", c);
        foreach (var (issueId, w) in prefs.Weights)
            foreach (var c in w.Provenance.Citations) yield return ($"{path}.weights.{issueId}", c);
        foreach (var (issueId, byOption) in prefs.Values)
            foreach (var (optionId, v) in byOption)
                foreach (var c in v.Provenance.Citations) yield return ($"{path}.values.{issueId}.{optionId}", c);
        foreach (var r in prefs.RedLines)
            foreach (var c in r.Citations) yield return ($"{path}.red_lines.{r.Label}", c);
    }
}
