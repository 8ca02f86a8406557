using System.Text.Json;
using Parley.Core.Model;
using Parley.Storage;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Parley.Web.Services;

/// <summary>
/// The list edits of <see cref="ScenarioTextEditor"/>: red lines and proposals added, removed or replaced in
/// the kept text, in the layout of the list they belong to.
/// <list type="bullet">
/// <item>Removing an item of a block list removes exactly its lines, from its dash to its last value, with a
/// comment at the end of those lines; a comment on a line of its own above or below the item is kept (it
/// may as well introduce the list or the next item). The last item of a block list leaves <c>key: []</c>.
/// Removing from a flow list removes the item and one comma next to it.</item>
/// <item>Adding appends after the last item in its style: a block item with its dash and key columns, a
/// flow item after a comma (on a line of its own when the items stand one per line). An absent list is
/// added as a new key after the last entry of its mapping, with the item as a one-line flow list
/// (<c>red_lines: [{…}]</c>): with no sibling to copy, that is the one layout that needs no guessed
/// indentation.</item>
/// <item>Replacing a proposal replaces exactly its node's text (comments inside it go; one after its last
/// value stays) with the proposal written in the node's style.</item>
/// </list>
/// JSON texts are only ever flow, keys and strings are quoted, and the result must parse as JSON.
/// </summary>
public static partial class ScenarioTextEditor
{
    /// <summary>What a new list item holds, written as flow or block text in the notation of the file.</summary>
    private abstract record Item;
    private sealed record Str(string Value) : Item;
    private sealed record Seq(IReadOnlyList<Item> Items) : Item;
    private sealed record Map(IReadOnlyList<(string Key, Item Value)> Entries) : Item;

    private static Map RedLineItem(RedLine redLine)
    {
        var entries = new List<(string, Item)>();
        if (redLine.Id is { } id) entries.Add(("id", new Str(id)));
        if (redLine.Description is { } description) entries.Add(("description", new Str(description)));
        entries.Add(("when", new Map(redLine.Conditions.Select(c => (c.IssueId,
            c.OptionIds.Count == 1 ? new Str(c.OptionIds[0]) : (Item)new Seq(c.OptionIds.Select(o => (Item)new Str(o)).ToList()))).ToList())));
        AddCitations(entries, redLine.Citations);
        return new Map(entries);
    }

    private static Map ProposalItem(Proposal proposal)
    {
        var entries = new List<(string, Item)> { ("id", new Str(proposal.Id)), ("name", new Str(proposal.Name)), ("author", new Str(proposal.Author)) };
        if (proposal.PartyId is { } party) entries.Add(("party", new Str(party)));
        if (proposal.Date is { } date) entries.Add(("date", new Str(date.ToString())));
        entries.Add(("terms", new Map(proposal.Terms.Select(t => (t.Key, (Item)new Str(t.Value))).ToList())));
        if (proposal.Description is { } description) entries.Add(("description", new Str(description)));
        AddCitations(entries, proposal.Citations);
        return new Map(entries);
    }

    private static void AddCitations(List<(string, Item)> entries, IReadOnlyList<Citation> citations)
    {
        if (citations.Count == 0) return;
        var items = citations.Select(c =>
        {
            var fields = new List<(string, Item)> { ("source", new Str(c.SourceId)), ("quote", new Str(c.Quote)) };
            if (c.Page is { } page) fields.Add(("page", new Str(page)));
            return (Item)new Map(fields);
        }).ToList();
        entries.Add(("cite", items.Count == 1 ? items[0] : new Seq(items)));
    }

    private static string Flow(Item item, SourceFormat format) => item switch
    {
        Str s => format == SourceFormat.Json || ScenarioYamlWriter.NeedsQuotes(s.Value) ? Quoted(s.Value) : s.Value,
        Seq s => "[" + string.Join(", ", s.Items.Select(i => Flow(i, format))) + "]",
        Map m => "{" + string.Join(", ", m.Entries.Select(e => Pair(e.Key, e.Value, format))) + "}",
        _ => throw new ArgumentOutOfRangeException(nameof(item)),
    };

    private static string Pair(string key, Item value, SourceFormat format) =>
        $"{(format == SourceFormat.Json || ScenarioYamlWriter.NeedsQuotes(key) ? Quoted(key) : key)}: {Flow(value, format)}";

    /// <summary>A block mapping whose first line starts where the caller puts it and whose other lines start at <paramref name="indent"/>.</summary>
    private static string Block(Map map, string indent, string newline) =>
        string.Join(newline + indent, map.Entries.Select(e => Pair(e.Key, e.Value, SourceFormat.Yaml)));

    private static string AddItem(string text, SourceFormat format, string[] parentPath, string key, Map item)
    {
        var where = Where(parentPath, key);
        var parent = Find(Parse(text), parentPath) as YamlMappingNode ?? throw new Refused($"{Where(parentPath)} is not a mapping in the text");
        NotShared(parent, Where(parentPath));
        if (Entry(parent, key) is not { } entry) return AddKey(text, format, parent, key, "[" + Flow(item, format) + "]", where);
        if (entry.Value is not YamlSequenceNode list) throw new Refused($"{where} is not written as a list");
        NotShared(list, where);
        if (list.Style == SequenceStyle.Flow)
        {
            if (list.Children.Count == 0) return Splice(text, [new Replacement(Start(list), ContentEnd(text, list), "[" + Flow(item, format) + "]")]);
            var last = list.Children[^1];
            return AppendToFlow(text, list, Start(last), ContentEnd(text, last), Flow(item, format));
        }
        return AppendToBlock(text, list, item, format, where);
    }

    private static string AppendToFlow(string text, YamlNode collection, int lastStart, int lastEnd, string itemText)
    {
        var lineStart = LineStart(text, lastStart);
        var indent = text[lineStart..lastStart];
        var onePerLine = lineStart > Start(collection) && IsBlank(indent);
        var insert = onePerLine ? "," + Newline(text) + indent + itemText : ", " + itemText;
        return Splice(text, [new Replacement(lastEnd, lastEnd, insert)]);
    }

    private static string AppendToBlock(string text, YamlSequenceNode list, Map item, SourceFormat format, string where)
    {
        var last = list.Children[^1];
        var (dash, lineStart) = Dash(text, last, where);
        var newline = Newline(text);
        // The dash and what follows it up to the item ("- ", "-   "), and the column the item's keys stand at.
        var lead = text[lineStart..dash] + text[dash..Start(last)];
        var itemText = last is YamlMappingNode { Style: not MappingStyle.Flow } && format == SourceFormat.Yaml
            ? Block(item, new string(' ', lead.Length), newline)
            : Flow(item, format);
        var at = LineEndAfter(text, ContentEnd(text, last));
        var insert = at == text.Length && !text.EndsWith('\n') ? newline + lead + itemText : lead + itemText + newline;
        return Splice(text, [new Replacement(at, at, insert)]);
    }

    /// <summary>A new key after the last entry of <paramref name="parent"/>, in its style.</summary>
    private static string AddKey(string text, SourceFormat format, YamlMappingNode parent, string key, string valueText, string where)
    {
        var pair = $"{(format == SourceFormat.Json ? Quoted(key) : key)}: {valueText}";
        if (parent.Style == MappingStyle.Flow)
        {
            if (parent.Children.Count == 0) return Splice(text, [new Replacement(Start(parent), ContentEnd(text, parent), "{" + pair + "}")]);
            var (lastKey, lastValue) = parent.Children[^1];
            return AppendToFlow(text, parent, Start(lastKey), ContentEnd(text, lastValue), pair);
        }
        if (format == SourceFormat.Json || parent.Children.Count == 0) throw new Refused($"{where} cannot be added: the layout of its mapping is not known");
        var firstKey = parent.Children[0].Key;
        var column = Start(firstKey) - LineStart(text, Start(firstKey));
        var at = LineEndAfter(text, ContentEnd(text, parent));
        var line = new string(' ', column) + pair;
        var newline = Newline(text);
        var insert = at == text.Length && !text.EndsWith('\n') ? newline + line : line + newline;
        return Splice(text, [new Replacement(at, at, insert)]);
    }

    private static string RemoveItem(string text, string[] parentPath, string key, int index, int expectedCount)
    {
        var where = Where(parentPath, key);
        var parent = Find(Parse(text), parentPath) as YamlMappingNode ?? throw new Refused($"{Where(parentPath)} is not a mapping in the text");
        var entry = Entry(parent, key) ?? throw new Refused($"{where} is not written in the text");
        var list = ListOf(entry.Value, where, expectedCount);
        if (index < 0 || index >= list.Children.Count) throw new Refused($"{where}[{index}] is not in the text");
        var item = list.Children[index];
        var count = list.Children.Count;
        if (list.Style == SequenceStyle.Flow)
        {
            if (count == 1) return Splice(text, [new Replacement(Start(list), ContentEnd(text, list), "[]")]);
            // The item and the comma after it, or for the last item the comma before it.
            var (from, to) = index < count - 1
                ? (Start(item), Start(list.Children[index + 1]))
                : (ContentEnd(text, list.Children[index - 1]), ContentEnd(text, item));
            var gap = index < count - 1 ? text[ContentEnd(text, item)..to] : text[from..Start(item)];
            if (gap.Contains('#')) throw new Refused($"a comment stands between the items of {where}");
            return Splice(text, [new Replacement(from, to, "")]);
        }
        var (_, lineStart) = Dash(text, item, $"{where}[{index}]");
        var lineEnd = LineEndAfter(text, ContentEnd(text, item));
        var removal = new Replacement(lineStart, lineEnd, "");
        if (count > 1) return Splice(text, [removal]);
        // The only item of a block list: the key stays, with an empty flow list, so it does not read as null.
        var colon = End(entry.Key);
        while (colon < text.Length && text[colon] is ' ' or '\t') colon++;
        if (colon >= text.Length || text[colon] != ':' || colon + 1 > lineStart) throw new Refused($"the key of {where} is not followed by ':' in the text");
        return Splice(text, [new Replacement(colon + 1, colon + 1, " []"), removal]);
    }

    private static string ReplaceProposal(string text, SourceFormat format, string id, Map item, int expectedCount)
    {
        var list = ListOf(Find(Parse(text), ["proposals"]), "proposals", expectedCount);
        var index = IndexOf(list, id);
        var node = list.Children[index];
        if (node is YamlMappingNode { Style: MappingStyle.Flow } || format == SourceFormat.Json)
            return Splice(text, [new Replacement(Start(node), ContentEnd(text, node), Flow(item, format))]);
        Dash(text, node, $"proposals[{index}]");
        var indent = new string(' ', Start(node) - LineStart(text, Start(node)));
        return Splice(text, [new Replacement(Start(node), ContentEnd(text, node), Block(item, indent, Newline(text)))]);
    }

    private static int ProposalIndex(string text, string id, int expectedCount) =>
        IndexOf(ListOf(Find(Parse(text), ["proposals"]), "proposals", expectedCount), id);

    private static int IndexOf(YamlSequenceNode list, string id)
    {
        for (var i = 0; i < list.Children.Count; i++)
            if (list.Children[i] is YamlMappingNode map && Child(map, "id") is YamlScalarNode { Value: var value } && value == id) return i;
        throw new Refused($"proposal '{id}' is not found by its id in the text");
    }

    /// <summary>The list as the text writes it, holding exactly the items the model has (no alias, no merge, nothing the loader adds or drops).</summary>
    private static YamlSequenceNode ListOf(YamlNode? node, string where, int expectedCount)
    {
        if (node is not YamlSequenceNode list) throw new Refused($"{where} is not written as a list in the text");
        NotShared(list, where);
        if (list.Children.Count != expectedCount) throw new Refused($"{where} has {list.Children.Count} item(s) in the text but {expectedCount} in the model");
        foreach (var child in list.Children) NotShared(child, where);
        return list;
    }

    /// <summary>A node with an anchor may be written out again elsewhere through an alias; editing it would edit both.</summary>
    private static void NotShared(YamlNode node, string where)
    {
        if (!node.Anchor.IsEmpty) throw new Refused($"{where} has an anchor (&{node.Anchor.Value}) that other places may repeat");
    }

    /// <summary>The dash of a block list item and the start of its line; only spaces may stand before the dash.</summary>
    private static (int Dash, int LineStart) Dash(string text, YamlNode item, string where)
    {
        var dash = Start(item) - 1;
        while (dash >= 0 && text[dash] == ' ') dash--;
        if (dash < 0 || text[dash] != '-') throw new Refused($"{where} does not start on the line of its dash");
        var lineStart = LineStart(text, dash);
        if (!IsBlank(text[lineStart..dash])) throw new Refused($"{where} shares its line with other text");
        var end = ContentEnd(text, item);
        var after = text[end..LineEndAfter(text, end)].Trim();
        if (after.Length > 0 && after[0] != '#') throw new Refused($"{where} shares its last line with other text");
        return (dash, lineStart);
    }

    /// <summary>
    /// Where a node's own text ends. The parser marks where a collection starts but not where it ends (its end
    /// mark is its start), so a collection ends at its last scalar, or for a flow collection at the bracket
    /// that closes it after that.
    /// </summary>
    private static int ContentEnd(string text, YamlNode node) => node switch
    {
        YamlScalarNode { Style: ScalarStyle.Literal or ScalarStyle.Folded } s => TrimEnd(s),
        YamlScalarNode s => End(s),
        YamlMappingNode { Style: MappingStyle.Flow } map => Closer(text, map.Children.Count == 0 ? Start(map) + 1 : ContentEnd(text, map.Children[^1].Value), '}'),
        YamlSequenceNode { Style: SequenceStyle.Flow } list => Closer(text, list.Children.Count == 0 ? Start(list) + 1 : ContentEnd(text, list.Children[^1]), ']'),
        YamlMappingNode map => map.Children.Max(kv => Math.Max(ContentEnd(text, kv.Key), ContentEnd(text, kv.Value))),
        YamlSequenceNode list => list.Children.Count == 0 ? Start(list) : list.Children.Max(c => ContentEnd(text, c)),
        _ => throw new Refused("the text holds a node the editor does not know"),
    };

    /// <summary>Just past the bracket that closes a flow collection, skipping spaces, line breaks, a trailing comma and comments.</summary>
    private static int Closer(string text, int from, char closer)
    {
        var i = from;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == closer) return i + 1;
            if (c == '#') i = LineEndAfter(text, i);
            else if (c is ' ' or '\t' or '\r' or '\n' or ',') i++;
            else break;
        }
        throw new Refused("a flow collection's closing bracket is not where the parser's marks say");
    }

    private static int TrimEnd(YamlScalarNode scalar)
    {
        // A block scalar's end mark follows its last line break; a kept (|+) one has no end in the text we could trust.
        var text = scalar.Value ?? "";
        return text.EndsWith("\n\n", StringComparison.Ordinal)
            ? throw new Refused("a block scalar keeps trailing blank lines, so its end is not clear in the text")
            : Math.Max(Start(scalar), End(scalar) - 1);
    }

    private static (YamlNode Key, YamlNode Value)? Entry(YamlMappingNode map, string key)
    {
        foreach (var (k, v) in map.Children)
            if (k is YamlScalarNode { Value: var name } && name == key) return (k, v);
        return null;
    }

    private static int LineStart(string text, int index) => index <= 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;

    /// <summary>The index just past the line break that ends the line holding <paramref name="index"/>, or the end of the text.</summary>
    private static int LineEndAfter(string text, int index)
    {
        var at = text.IndexOf('\n', index);
        return at < 0 ? text.Length : at + 1;
    }

    private static string Newline(string text) => text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    private static bool IsBlank(string text) => text.All(c => c is ' ' or '\t');

    private static string Where(string[] path, string? key = null) =>
        string.Join('.', key is null ? path : [.. path, key]) is { Length: > 0 } joined ? joined : "the document";

    private static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
