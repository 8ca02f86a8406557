using System.Globalization;
using Parley.Core.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Parley.Storage;

/// <summary>
/// Writes a <see cref="Scenario"/> back to the YAML format (docs/scenario-format.md) so that loading the
/// output gives an equal model. Every quantity carries its own provenance explicitly (the loader's basis
/// inheritance is not reconstructed), snapshots list only what differs from the main preferences, and
/// engine sections are written back as they were read.
/// </summary>
public static class ScenarioYamlWriter
{
    public static string Write(Scenario scenario)
    {
        var root = new YamlMappingNode();
        root.Add("id", Text(scenario.Id));
        root.Add("title", Text(scenario.Title));
        if (scenario.Description is { } description) root.Add("description", Text(description));
        root.Add("sources", new YamlSequenceNode(scenario.Sources.Select(SourceNode)));
        root.Add("parties", new YamlSequenceNode(scenario.Parties.Select(PartyNode)));
        root.Add("issues", new YamlSequenceNode(scenario.Issues.Select(IssueNode)));
        if (scenario.Preferences.Count > 0)
        {
            var preferences = new YamlMappingNode();
            // Party order, not dictionary order, so diffs between versions stay small.
            foreach (var partyId in OrderedParties(scenario, scenario.Preferences.Keys))
                preferences.Add(partyId, PreferencesNode(scenario, scenario.Preferences[partyId], baseline: null));
            root.Add("preferences", preferences);
        }
        if (scenario.Snapshots.Count > 0) root.Add("snapshots", new YamlSequenceNode(scenario.Snapshots.Select(s => SnapshotNode(scenario, s))));
        if (scenario.Positions.Count > 0) root.Add("positions", new YamlSequenceNode(scenario.Positions.Select(PositionNode)));
        if (scenario.Proposals.Count > 0) root.Add("proposals", new YamlSequenceNode(scenario.Proposals.Select(ProposalNode)));
        root.Add("agreement", new YamlMappingNode { { "required", FlowList(scenario.Agreement.RequiredParties) } });
        foreach (var (name, section) in scenario.Extensions) root.Add(name, section.Node);

        var stream = new YamlStream(new YamlDocument(root));
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();
        // YamlStream ends the document with "...": harmless but noisy in diffs and exports.
        if (text.EndsWith("...\n", StringComparison.Ordinal)) text = text[..^4];
        else if (text.EndsWith("...\r\n", StringComparison.Ordinal)) text = text[..^5];
        return text;
    }

    private static IEnumerable<string> OrderedParties(Scenario scenario, IEnumerable<string> ids)
    {
        var set = ids.ToHashSet();
        return scenario.Parties.Select(p => p.Id).Where(set.Contains).Concat(set.Except(scenario.Parties.Select(p => p.Id)).Order(StringComparer.Ordinal));
    }

    private static YamlNode SourceNode(Source source)
    {
        var map = new YamlMappingNode { { "id", Text(source.Id) }, { "title", Text(source.Title) } };
        if (source.Authors.Count > 0) map.Add("authors", FlowList(source.Authors));
        if (source.Publication is { } publication) map.Add("publication", Text(publication));
        if (source.Date is { } date) map.Add("date", Text(date.ToString()));
        if (source.File is { } file) map.Add("file", Text(file));
        if (source.Url is { } url) map.Add("url", Text(url));
        if (source.Note is { } note) map.Add("note", Text(note));
        return map;
    }

    private static YamlNode PartyNode(Party party)
    {
        var map = new YamlMappingNode { { "id", Text(party.Id) }, { "name", Text(party.Name) }, { "role", Text(party.Role.Name()) } };
        if (party.Description is { } description) map.Add("description", Text(description));
        AddCitations(map, party.Citations);
        return map;
    }

    private static YamlNode IssueNode(Issue issue)
    {
        var map = new YamlMappingNode { { "id", Text(issue.Id) }, { "name", Text(issue.Name) } };
        if (issue.Description is { } description) map.Add("description", Text(description));
        AddCitations(map, issue.Citations);
        var options = new YamlSequenceNode();
        foreach (var option in issue.Options)
        {
            var o = new YamlMappingNode { { "id", Text(option.Id) }, { "label", Text(option.Label) } };
            if (option.Description is { } d) o.Add("description", Text(d));
            options.Add(o);
        }
        map.Add("options", options);
        return map;
    }

    /// <param name="baseline">For a snapshot entry: the main preferences; only what differs from them is written.</param>
    private static YamlMappingNode PreferencesNode(Scenario scenario, PartyPreferences preferences, PartyPreferences? baseline)
    {
        var map = new YamlMappingNode();
        if (baseline is null || !QuantityEquals(baseline.Reservation, preferences.Reservation))
            map.Add("reservation", QuantityNode(preferences.Reservation));
        if (preferences.UtilityCap is { } cap && (baseline is null || baseline.UtilityCap != cap))
            map.Add("utility_cap", Number(cap));
        if (baseline is null || !WeightsEqual(baseline.Weights, preferences.Weights))
        {
            var weights = new YamlMappingNode();
            foreach (var issueId in OrderedIssues(scenario, preferences.Weights.Keys))
                weights.Add(issueId, QuantityNode(preferences.Weights[issueId]));
            map.Add("weights", weights);
        }
        var values = new YamlMappingNode();
        foreach (var issueId in OrderedIssues(scenario, preferences.Values.Keys))
        {
            var byOption = preferences.Values[issueId];
            if (baseline is not null && baseline.Values.TryGetValue(issueId, out var old) && WeightsEqual(old, byOption)) continue;
            var issue = scenario.FindIssue(issueId);
            var optionIds = issue is null ? byOption.Keys.Order(StringComparer.Ordinal) : issue.Options.Select(o => o.Id).Where(byOption.ContainsKey);
            var options = new YamlMappingNode();
            foreach (var optionId in optionIds) options.Add(optionId, QuantityNode(byOption[optionId]));
            values.Add(issueId, options);
        }
        if (baseline is null || values.Children.Count > 0) map.Add("values", values);
        if (baseline is null ? preferences.RedLines.Count > 0 : !RedLinesEqual(baseline.RedLines, preferences.RedLines))
            map.Add("red_lines", new YamlSequenceNode(preferences.RedLines.Select(RedLineNode)));
        return map;
    }

    private static IEnumerable<string> OrderedIssues(Scenario scenario, IEnumerable<string> ids)
    {
        var set = ids.ToHashSet();
        return scenario.Issues.Select(i => i.Id).Where(set.Contains).Concat(set.Except(scenario.Issues.Select(i => i.Id)).Order(StringComparer.Ordinal));
    }

    private static YamlNode RedLineNode(RedLine redLine)
    {
        var map = new YamlMappingNode();
        if (redLine.Id is { } id) map.Add("id", Text(id));
        if (redLine.Description is { } description) map.Add("description", Text(description));
        var when = new YamlMappingNode { Style = YamlDotNet.Core.Events.MappingStyle.Flow };
        foreach (var condition in redLine.Conditions)
            when.Add(condition.IssueId, condition.OptionIds.Count == 1 ? Text(condition.OptionIds[0]) : FlowList(condition.OptionIds));
        map.Add("when", when);
        AddCitations(map, redLine.Citations);
        return map;
    }

    private static YamlNode SnapshotNode(Scenario scenario, Snapshot snapshot)
    {
        var map = new YamlMappingNode { { "date", Text(snapshot.Date.ToString()) } };
        if (snapshot.Label is { } label) map.Add("label", Text(label));
        if (snapshot.Note is { } note) map.Add("note", Text(note));
        AddCitations(map, snapshot.Citations);
        var preferences = new YamlMappingNode();
        foreach (var partyId in OrderedParties(scenario, snapshot.Preferences.Keys))
        {
            var baseline = scenario.Preferences.GetValueOrDefault(partyId);
            preferences.Add(partyId, PreferencesNode(scenario, snapshot.Preferences[partyId], baseline));
        }
        map.Add("preferences", preferences);
        return map;
    }

    private static YamlNode PositionNode(Position position)
    {
        var map = new YamlMappingNode { { "party", Text(position.PartyId) }, { "date", Text(position.Date.ToString()) }, { "stance", TermsNode(position.Stance) } };
        if (position.Note is { } note) map.Add("note", Text(note));
        AddCitations(map, position.Citations);
        return map;
    }

    private static YamlNode ProposalNode(Proposal proposal)
    {
        var map = new YamlMappingNode { { "id", Text(proposal.Id) }, { "name", Text(proposal.Name) }, { "author", Text(proposal.Author) } };
        if (proposal.PartyId is { } party) map.Add("party", Text(party));
        if (proposal.Date is { } date) map.Add("date", Text(date.ToString()));
        map.Add("terms", TermsNode(proposal.Terms));
        if (proposal.Description is { } description) map.Add("description", Text(description));
        AddCitations(map, proposal.Citations);
        return map;
    }

    private static YamlNode TermsNode(IReadOnlyDictionary<string, string> terms)
    {
        var map = new YamlMappingNode { Style = YamlDotNet.Core.Events.MappingStyle.Flow };
        foreach (var (issue, option) in terms) map.Add(issue, Text(option));
        return map;
    }

    /// <summary>A plain number for a bare fact, otherwise the mapping form, which holds everything a quantity can carry.</summary>
    public static YamlNode QuantityNode(Quantity quantity)
    {
        if (quantity.Range is null && quantity.Provenance.Rationale is null && quantity.Provenance.Citations.Count == 0)
            return Number(quantity.Value);
        var map = new YamlMappingNode { { "value", Number(quantity.Value) } };
        if (quantity.Range is { } range)
            map.Add("range", new YamlSequenceNode(Number(range.Low), Number(range.High)) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow });
        if (quantity.Provenance.Rationale is { } rationale) map.Add("rationale", Text(rationale));
        AddCitations(map, quantity.Provenance.Citations);
        return map;
    }

    private static void AddCitations(YamlMappingNode map, IReadOnlyList<Citation> citations)
    {
        if (citations.Count == 1) map.Add("cite", CitationNode(citations[0]));
        else if (citations.Count > 1) map.Add("cite", new YamlSequenceNode(citations.Select(CitationNode)));
    }

    private static YamlNode CitationNode(Citation citation)
    {
        var map = new YamlMappingNode { { "source", Text(citation.SourceId) }, { "quote", Text(citation.Quote) } };
        if (citation.Page is { } page) map.Add("page", Text(page));
        return map;
    }

    private static YamlSequenceNode FlowList(IEnumerable<string> items) =>
        new(items.Select(Text)) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow };

    private static YamlScalarNode Number(double value) => new(value.ToString("R", CultureInfo.InvariantCulture)) { Style = ScalarStyle.Plain };

    private static YamlScalarNode Text(string value) =>
        new(value) { Style = NeedsQuotes(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any };

    /// <summary>Quoted when the plain form would read back as null or could be mistaken for something else.</summary>
    public static bool NeedsQuotes(string value) =>
        value.Length == 0 || value is "~" or "null" or "Null" or "NULL"
        || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])
        || value.Any(c => c is '\n' or '\r' or '\t' or '#' or ':' or '"' or '\'' or '{' or '}' or '[' or ']' or ',' or '&' or '*' or '!' or '|' or '>' or '%' or '@' or '`')
        || value[0] is '-' or '?';

    private static bool QuantityEquals(Quantity a, Quantity b) =>
        a.Value.Equals(b.Value) && Nullable.Equals(a.Range, b.Range) && a.Provenance.Rationale == b.Provenance.Rationale
        && a.Provenance.Citations.SequenceEqual(b.Provenance.Citations);

    private static bool WeightsEqual(IReadOnlyDictionary<string, Quantity> a, IReadOnlyDictionary<string, Quantity> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && QuantityEquals(kv.Value, other));

    private static bool RedLinesEqual(IReadOnlyList<RedLine> a, IReadOnlyList<RedLine> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Id == p.Second.Id && p.First.Description == p.Second.Description
            && p.First.Citations.SequenceEqual(p.Second.Citations)
            && p.First.Conditions.Count == p.Second.Conditions.Count
            && p.First.Conditions.Zip(p.Second.Conditions).All(c => c.First.IssueId == c.Second.IssueId && c.First.OptionIds.SequenceEqual(c.Second.OptionIds)));
}
