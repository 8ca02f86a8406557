using Parley.Core.Model;

namespace Parley.Web.Services;

public sealed record QuantityView(double Value, double? Low, double? High, string? Rationale, IReadOnlyList<Citation> Cite)
{
    public static QuantityView From(Quantity q) => new(q.Value, q.Range?.Low, q.Range?.High, q.Provenance.Rationale, q.Provenance.Citations);
}

public sealed record RedLineView(string? Id, string? Description, string Label, IReadOnlyDictionary<string, IReadOnlyList<string>> When, IReadOnlyList<Citation> Cite);

public sealed record PreferencesView(QuantityView Reservation, IReadOnlyDictionary<string, QuantityView> Weights,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, QuantityView>> Values, IReadOnlyList<RedLineView> RedLines);

/// <summary>The scenario model as JSON for API clients: dates as text, engine sections named but not expanded.</summary>
public sealed record ScenarioView(
    string Id, string Title, string? Description, IReadOnlyList<object> Sources, IReadOnlyList<object> Parties, IReadOnlyList<object> Issues,
    IReadOnlyDictionary<string, PreferencesView> Preferences, IReadOnlyList<object> Positions, IReadOnlyList<object> Proposals,
    IReadOnlyList<string> Required, IReadOnlyList<object> Snapshots, IReadOnlyList<string> Extensions, double PackageCount)
{
    public static ScenarioView From(Scenario s) => new(
        s.Id, s.Title, s.Description,
        s.Sources.Select(x => (object)new { x.Id, x.Title, x.Authors, x.Publication, Date = x.Date?.ToString(), x.File }).ToList(),
        s.Parties.Select(p => (object)new { p.Id, p.Name, Role = p.Role.ToString().ToLowerInvariant(), p.Description, Cite = p.Citations }).ToList(),
        s.Issues.Select(i => (object)new { i.Id, i.Name, i.Description, Options = i.Options, Cite = i.Citations }).ToList(),
        s.Preferences.ToDictionary(kv => kv.Key, kv => PreferencesOf(kv.Value)),
        s.Positions.Select(p => (object)new { Party = p.PartyId, Date = p.Date.ToString(), p.Stance, p.Note, Cite = p.Citations }).ToList(),
        s.Proposals.Select(p => (object)new { p.Id, p.Name, p.Author, Party = p.PartyId, Date = p.Date?.ToString(), p.Terms, p.Description, Cite = p.Citations }).ToList(),
        s.Agreement.RequiredParties,
        s.Snapshots.Select(x => (object)new { Date = x.Date.ToString(), x.Label, x.Note, Parties = x.Preferences.Keys, Cite = x.Citations }).ToList(),
        s.Extensions.Keys.ToList(),
        s.PackageCount);

    public static PreferencesView PreferencesOf(PartyPreferences p) => new(
        QuantityView.From(p.Reservation),
        p.Weights.ToDictionary(kv => kv.Key, kv => QuantityView.From(kv.Value)),
        p.Values.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, QuantityView>)kv.Value.ToDictionary(o => o.Key, o => QuantityView.From(o.Value))),
        p.RedLines.Select(r => new RedLineView(r.Id, r.Description, r.Label,
            r.Conditions.ToDictionary(c => c.IssueId, c => c.OptionIds), r.Citations)).ToList());
}
