using System.Globalization;
using System.Text;
using Parley.Core.Model;
using Parley.Storage;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Parley.Web.Services;

/// <summary>The kept text with form edits applied in place, or why that was not possible.</summary>
public sealed record TextEditResult(ScenarioSource? Source, string? Reason);

/// <summary>
/// Applies form edits to a scenario's kept text in place. Number edits (set-weight, set-value, set-reservation)
/// replace only the characters of the scalars that change, at the marks the YAML parser gives them, so comments,
/// key order, quoting, layout and every other section stay byte for byte; a bare number or a one-line
/// <c>[value, low, high]</c> that must gain a range or a rationale is rewritten as a one-line flow form in the
/// same place. Red lines and proposals are added, removed and replaced in their lists' own layout (see
/// ScenarioTextLists.cs). Anything else — inserting a key into a block mapping, a multi-line rationale, an
/// anchored list — is refused with a reason; the caller then stores regenerated YAML and says so. The caller
/// must still check that the edited text loads to the model the edits give.
/// </summary>
public static partial class ScenarioTextEditor
{
    private readonly record struct Replacement(int Start, int End, string Text);

    private sealed class Refused(string reason) : Exception(reason);

    /// <param name="before">The model of <paramref name="source"/>; the edits are replayed on it to know each number before and after.</param>
    public static TextEditResult Apply(ScenarioSource source, Scenario before, IReadOnlyList<ScenarioEdit> edits)
    {
        var prefix = source.Text[..(source.Text.Length - source.Body.Length)];
        var body = source.Body;
        var current = before;
        try
        {
            foreach (var edit in edits)
            {
                var next = ScenarioEditor.Apply(current, edit);
                body = edit switch
                {
                    SetWeight e => EditQuantity(body, source.Format, ["preferences", e.Party, "weights", e.Issue],
                        current.Preferences[e.Party].Weights.GetValueOrDefault(e.Issue), next.Preferences[e.Party].Weights[e.Issue]),
                    SetValue e => EditQuantity(body, source.Format, ["preferences", e.Party, "values", e.Issue, e.Option],
                        current.Preferences[e.Party].Values.GetValueOrDefault(e.Issue)?.GetValueOrDefault(e.Option), next.Preferences[e.Party].Values[e.Issue][e.Option]),
                    SetReservation e => EditQuantity(body, source.Format, ["preferences", e.Party, "reservation"],
                        current.Preferences[e.Party].Reservation, next.Preferences[e.Party].Reservation),
                    AddRedLine e => AddItem(body, source.Format, ["preferences", e.Party], "red_lines", RedLineItem(next.Preferences[e.Party].RedLines[^1])),
                    RemoveRedLine e => RemoveItem(body, ["preferences", e.Party], "red_lines", e.Index, current.Preferences[e.Party].RedLines.Count),
                    SetProposal e when current.FindProposal(e.Id) is null =>
                        AddItem(body, source.Format, [], "proposals", ProposalItem(next.FindProposal(e.Id)!)),
                    SetProposal e => ReplaceProposal(body, source.Format, e.Id, ProposalItem(next.FindProposal(e.Id)!), current.Proposals.Count),
                    RemoveProposal e => RemoveItem(body, [], "proposals", ProposalIndex(body, e.Id, current.Proposals.Count), current.Proposals.Count),
                    _ => throw new Refused($"{Describe(edit)} is not an edit the text can take in place"),
                };
                if (source.Format == SourceFormat.Json && !IsJson(body))
                    throw new Refused($"{Describe(edit)} would not leave valid JSON");
                current = next;
            }
        }
        catch (Refused refused)
        {
            return new TextEditResult(null, refused.Message);
        }
        return new TextEditResult(source with { Text = prefix + body }, null);
    }

    private static string Describe(ScenarioEdit edit) => edit switch
    {
        AddRedLine => "adding a red line",
        RemoveRedLine => "removing a red line",
        SetProposal => "setting a proposal",
        RemoveProposal => "removing a proposal",
        SetWeight => "setting a weight",
        SetValue => "setting a value",
        SetReservation => "setting a reservation value",
        _ => edit.GetType().Name,
    };

    private static string EditQuantity(string text, SourceFormat format, string[] path, Quantity? old, Quantity updated)
    {
        var where = string.Join('.', path);
        if (old is null) throw new Refused($"{where} is not written in the text yet");
        var node = Find(Parse(text), path) ?? throw new Refused($"{where} is not written in the text yet");
        var replacements = new List<Replacement>();
        var rangeChanged = !Nullable.Equals(old.Range, updated.Range);
        var rationaleChanged = old.Provenance.Rationale != updated.Provenance.Rationale;
        switch (node)
        {
            case YamlScalarNode scalar:
                if (!rangeChanged && !rationaleChanged)
                {
                    if (old.Value != updated.Value) replacements.Add(Replace(scalar, Number(updated.Value)));
                    break;
                }
                replacements.Add(new Replacement(Start(scalar), End(scalar), FlowForm(updated, rationaleChanged, format, where, scalar)));
                break;
            case YamlSequenceNode { Children.Count: 3 } list when list.Children.All(c => c is YamlScalarNode):
                if (rationaleChanged)
                {
                    replacements.Add(new Replacement(Start(list), ContentEnd(text, list), FlowForm(updated, writeRationale: true, format, where, list)));
                    break;
                }
                if (old.Value != updated.Value) replacements.Add(Replace((YamlScalarNode)list.Children[0], Number(updated.Value)));
                if (rangeChanged)
                {
                    if (updated.Range is not { } range) throw new Refused($"{where} loses its range, which is only written in the text by hand");
                    if (old.Range?.Low != range.Low) replacements.Add(Replace((YamlScalarNode)list.Children[1], Number(range.Low)));
                    if (old.Range?.High != range.High) replacements.Add(Replace((YamlScalarNode)list.Children[2], Number(range.High)));
                }
                break;
            case YamlMappingNode map:
                if (old.Value != updated.Value)
                {
                    if (Child(map, "value") is not YamlScalarNode value) throw new Refused($"{where}.value is not a plain number in the text");
                    replacements.Add(Replace(value, Number(updated.Value)));
                }
                if (rangeChanged)
                {
                    if (updated.Range is not { } range
                        || Child(map, "range") is not YamlSequenceNode { Children.Count: 2 } rangeNode
                        || rangeNode.Children[0] is not YamlScalarNode low || rangeNode.Children[1] is not YamlScalarNode high)
                        throw new Refused($"{where} gains or loses a range, which would add a key to a mapping the text lays out by hand");
                    if (old.Range?.Low != range.Low) replacements.Add(Replace(low, Number(range.Low)));
                    if (old.Range?.High != range.High) replacements.Add(Replace(high, Number(range.High)));
                }
                if (rationaleChanged)
                {
                    if (updated.Provenance.Rationale is not { } rationale
                        || Child(map, "rationale") is not YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted } oldRationale
                        || oldRationale.Start.Line != oldRationale.End.Line)
                        throw new Refused($"{where} gets a rationale where the text has none or a multi-line one");
                    replacements.Add(new Replacement(Start(oldRationale), End(oldRationale), Quoted(rationale)));
                }
                break;
            default:
                throw new Refused($"{where} is not written as a number, [value, low, high] or a mapping");
        }
        return Splice(text, replacements);
    }

    /// <summary>The whole quantity as one flow item in place of a one-line node; keys quoted in JSON.</summary>
    private static string FlowForm(Quantity quantity, bool writeRationale, SourceFormat format, string where, YamlNode node)
    {
        if (node.Start.Line != node.End.Line) throw new Refused($"{where} spans several lines in the text");
        var value = Number(quantity.Value);
        if (!writeRationale)
            return quantity.Range is { } r ? $"[{value}, {Number(r.Low)}, {Number(r.High)}]" : value;
        string Key(string name) => format == SourceFormat.Json ? $"\"{name}\"" : name;
        var parts = new List<string> { $"{Key("value")}: {value}" };
        if (quantity.Range is { } range) parts.Add($"{Key("range")}: [{Number(range.Low)}, {Number(range.High)}]");
        parts.Add($"{Key("rationale")}: {Quoted(quantity.Provenance.Rationale ?? "")}");
        return "{" + string.Join(", ", parts) + "}";
    }

    private static YamlNode Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            throw new Refused("the kept text does not parse");
        }
        return stream.Documents.Count == 1 ? stream.Documents[0].RootNode : throw new Refused("the kept text is not one YAML document");
    }

    private static YamlNode? Find(YamlNode root, string[] path)
    {
        var node = root;
        foreach (var key in path)
            if (node is not YamlMappingNode map || Child(map, key) is not { } child) return null;
            else node = child;
        return node;
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static Replacement Replace(YamlScalarNode scalar, string text)
    {
        if (scalar.Style is not ScalarStyle.Plain) throw new Refused("a number in the text is not a plain scalar");
        return new Replacement(Start(scalar), End(scalar), text);
    }

    private static int Start(YamlNode node) => checked((int)node.Start.Index);
    private static int End(YamlNode node) => checked((int)node.End.Index);

    private static string Splice(string text, List<Replacement> replacements)
    {
        var builder = new StringBuilder(text);
        foreach (var r in replacements.OrderByDescending(r => r.Start))
        {
            if (r.Start < 0 || r.End > text.Length || r.End < r.Start) throw new Refused("the parser's marks do not fit the text");
            builder.Remove(r.Start, r.End - r.Start).Insert(r.Start, r.Text);
        }
        return builder.ToString();
    }

    /// <summary>The shortest text that reads back as the same double, as the YAML writer writes numbers.</summary>
    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A double-quoted string valid in both YAML and JSON.</summary>
    private static string Quoted(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\t': builder.Append("\\t"); break;
                case '\r': builder.Append("\\r"); break;
                default:
                    if (c < ' ' || c is '\u007F' or '\u0085' or '\u2028' or '\u2029' or '\uFEFF')
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }
        return builder.Append('"').ToString();
    }
}
