using System.Text.Json.Serialization;
using Parley.Core.Model;

namespace Parley.Web.Services;

/// <summary>
/// One change to a scenario, as the edit forms and the API express it. Edits are applied to the model,
/// the model is written back to YAML and that YAML is validated by the same loader as the CLI, so a form
/// gets exactly the CLI's messages, located by document path.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "op")]
[JsonDerivedType(typeof(SetWeight), "set-weight")]
[JsonDerivedType(typeof(SetValue), "set-value")]
[JsonDerivedType(typeof(SetReservation), "set-reservation")]
[JsonDerivedType(typeof(AddRedLine), "add-red-line")]
[JsonDerivedType(typeof(RemoveRedLine), "remove-red-line")]
[JsonDerivedType(typeof(SetProposal), "set-proposal")]
[JsonDerivedType(typeof(RemoveProposal), "remove-proposal")]
public abstract record ScenarioEdit;

/// <summary>Sets a number; <c>Low</c>/<c>High</c> replace its range when given, otherwise the range is kept. A new rationale replaces the old.</summary>
public sealed record SetWeight(string Party, string Issue, double Value, double? Low = null, double? High = null, string? Rationale = null) : ScenarioEdit;
public sealed record SetValue(string Party, string Issue, string Option, double Value, double? Low = null, double? High = null, string? Rationale = null) : ScenarioEdit;
public sealed record SetReservation(string Party, double Value, double? Low = null, double? High = null, string? Rationale = null) : ScenarioEdit;
/// <summary><c>When</c> maps issue ids to the options that together trigger the red line.</summary>
public sealed record AddRedLine(string Party, string? Id, string? Description, IReadOnlyDictionary<string, IReadOnlyList<string>> When) : ScenarioEdit;
public sealed record RemoveRedLine(string Party, int Index) : ScenarioEdit;
/// <summary>Adds a proposal or replaces the one with this id (keeping its citations).</summary>
public sealed record SetProposal(string Id, string Name, string Author, string? Party, string? Date, IReadOnlyDictionary<string, string> Terms, string? Description = null) : ScenarioEdit;
public sealed record RemoveProposal(string Id) : ScenarioEdit;

/// <summary>An edit that cannot even be applied (unknown party, malformed date); reported like a validation error at <see cref="Path"/>.</summary>
public sealed class EditException(string path, string message) : Exception(message)
{
    public string Path { get; } = path;
}

public static class ScenarioEditor
{
    public static Scenario Apply(Scenario scenario, IEnumerable<ScenarioEdit> edits) => edits.Aggregate(scenario, Apply);

    public static Scenario Apply(Scenario scenario, ScenarioEdit edit) => edit switch
    {
        SetWeight e => WithPreferences(scenario, e.Party, p => p with
        {
            Weights = Replace(p.Weights, e.Issue, Update(p.Weights.GetValueOrDefault(e.Issue), e.Value, e.Low, e.High, e.Rationale)),
        }),
        SetValue e => WithPreferences(scenario, e.Party, p =>
        {
            var byOption = p.Values.GetValueOrDefault(e.Issue) ?? new Dictionary<string, Quantity>();
            var updated = Replace(byOption, e.Option, Update(byOption.GetValueOrDefault(e.Option), e.Value, e.Low, e.High, e.Rationale));
            return p with { Values = Replace(p.Values, e.Issue, updated) };
        }),
        SetReservation e => WithPreferences(scenario, e.Party, p => p with { Reservation = Update(p.Reservation, e.Value, e.Low, e.High, e.Rationale) }),
        AddRedLine e => WithPreferences(scenario, e.Party, p => p with
        {
            RedLines = [.. p.RedLines, new RedLine(Blank(e.Id), Blank(e.Description),
                e.When.Select(kv => new RedLineCondition(kv.Key, kv.Value.ToList())).ToList(), [])],
        }),
        RemoveRedLine e => WithPreferences(scenario, e.Party, p =>
        {
            if (e.Index < 0 || e.Index >= p.RedLines.Count)
                throw new EditException($"preferences.{e.Party}.red_lines[{e.Index}]", $"'{e.Party}' has {p.RedLines.Count} red line(s); there is no number {e.Index}");
            return p with { RedLines = p.RedLines.Where((_, i) => i != e.Index).ToList() };
        }),
        SetProposal e => SetProposalIn(scenario, e),
        RemoveProposal e => scenario.FindProposal(e.Id) is null
            ? throw new EditException($"proposals.{e.Id}", $"there is no proposal '{e.Id}'")
            : scenario with { Proposals = scenario.Proposals.Where(p => p.Id != e.Id).ToList() },
        _ => throw new EditException("", $"unsupported edit {edit.GetType().Name}"),
    };

    private static Scenario SetProposalIn(Scenario scenario, SetProposal e)
    {
        PartialDate? date = null;
        if (!string.IsNullOrWhiteSpace(e.Date))
            date = PartialDate.TryParse(e.Date, out var error) ?? throw new EditException($"proposals.{e.Id}.date", error!);
        var existing = scenario.FindProposal(e.Id);
        var proposal = new Proposal(e.Id, e.Name, e.Author, Blank(e.Party), date, new Dictionary<string, string>(e.Terms), Blank(e.Description) ?? existing?.Description,
            existing?.Citations ?? []);
        var proposals = existing is null
            ? [.. scenario.Proposals, proposal]
            : scenario.Proposals.Select(p => p.Id == e.Id ? proposal : p).ToList();
        return scenario with { Proposals = proposals };
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static Scenario WithPreferences(Scenario scenario, string partyId, Func<PartyPreferences, PartyPreferences> change)
    {
        if (!scenario.Preferences.TryGetValue(partyId, out var preferences))
            throw new EditException($"preferences.{partyId}", $"party '{partyId}' has no preferences to edit");
        var changed = change(preferences);
        return scenario with
        {
            Preferences = Replace(scenario.Preferences, partyId, changed),
            Snapshots = scenario.Snapshots.Select(s => Follow(s, partyId, preferences, changed)).ToList(),
        };
    }

    /// <summary>
    /// A snapshot lists only what differed at its date; everything else it takes from the main preferences
    /// (docs/scenario-format.md, "Snapshots"), so what it took follows an edit of them, as it does when the
    /// edited file is read again. "Took" is exact: the loader shares the main preferences' very objects with
    /// the snapshot entries that leave them out (reservation, weights, the values of one issue, red lines),
    /// so an entry that restates an equal number keeps it, like the restated line in the file does.
    /// </summary>
    private static Snapshot Follow(Snapshot snapshot, string partyId, PartyPreferences before, PartyPreferences after)
    {
        if (!snapshot.Preferences.TryGetValue(partyId, out var entry)) return snapshot;
        var values = new Dictionary<string, IReadOnlyDictionary<string, Quantity>>(entry.Values);
        foreach (var (issueId, byOption) in before.Values)
            if (entry.Values.TryGetValue(issueId, out var taken) && SameObjects(taken, byOption))
                values[issueId] = after.Values[issueId];
        var followed = entry with
        {
            Reservation = ReferenceEquals(entry.Reservation, before.Reservation) ? after.Reservation : entry.Reservation,
            Weights = SameObjects(entry.Weights, before.Weights) ? after.Weights : entry.Weights,
            Values = values,
            RedLines = entry.RedLines.Count == before.RedLines.Count && entry.RedLines.Zip(before.RedLines).All(p => ReferenceEquals(p.First, p.Second))
                ? after.RedLines : entry.RedLines,
        };
        return snapshot with { Preferences = Replace(snapshot.Preferences, partyId, followed) };
    }

    private static bool SameObjects(IReadOnlyDictionary<string, Quantity> a, IReadOnlyDictionary<string, Quantity> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && ReferenceEquals(kv.Value, other));

    private static Quantity Update(Quantity? old, double value, double? low, double? high, string? rationale)
    {
        var range = low is not null || high is not null
            ? new ValueRange(low ?? old?.Range?.Low ?? value, high ?? old?.Range?.High ?? value)
            : old?.Range;
        var provenance = old?.Provenance ?? Provenance.None;
        if (!string.IsNullOrWhiteSpace(rationale)) provenance = provenance with { Rationale = rationale.Trim() };
        return new Quantity(value, range, provenance);
    }

    private static IReadOnlyDictionary<string, T> Replace<T>(IReadOnlyDictionary<string, T> map, string key, T value)
    {
        var copy = new Dictionary<string, T>(map) { [key] = value };
        return copy;
    }
}
