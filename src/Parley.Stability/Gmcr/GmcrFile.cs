using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Core.Format;
using Parley.Stability.Engine;
using Parley.Stability.Model;

namespace Parley.Stability.Gmcr;

/// <summary>
/// Reads and writes gmcr-py's JSON save files and converts them to and from <see cref="Conflict"/>.
/// State numbering follows gmcr-py: options are grouped by decision maker (in decision-maker order), option
/// k of that order is bit 2^k, and feasible states are numbered 1..m in ascending order of that value.
/// </summary>
public static class GmcrFile
{
    private static readonly HashSet<string> TopLevelKeys =
        ["options", "decisionMakers", "infeasibles", "coalitions",
         "useManualPreferenceRanking", "useManualPreferenceVectors"];

    private static readonly HashSet<string> DecisionMakerKeys =
        ["name", "options", "preferences", "preferenceRanking", "preferenceVector", "misperceptions"];

    public static GmcrDocument Load(string path)
    {
        string text;
        try { text = InputFile.ReadText(path); }
        catch (InputFileException e) when (e.Problem is not InputFileProblem.Unreadable)
        {
            throw new ConflictModelException(e.Message, null, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConflictModelException($"cannot read the file: {e.Message}", path, e);
        }
        return Parse(text, path);
    }

    public static GmcrDocument Parse(string json, string source = "<gmcr>")
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, AllowDuplicateProperties = false });
        }
        catch (JsonException e) when (e.LineNumber is null && FindDuplicateKey(json) is { } duplicate)
        {
            throw new ConflictModelException(
                $"not valid JSON (line {duplicate.Line}): the key \"{duplicate.Key}\" appears twice in the same object", $"{source}: {duplicate.Path}", e);
        }
        catch (JsonException e)
        {
            var at = e.LineNumber is { } line ? $" (line {line + 1}, byte {(e.BytePositionInLine ?? 0) + 1})" : "";
            throw new ConflictModelException($"not valid JSON{at}: {JsonErrorText.Reason(e)}", source, e);
        }
        if (root is not JsonObject obj)
            throw new ConflictModelException("a gmcr-py file must hold a JSON object", source);
        var reader = new Reader(source);
        return reader.Document(obj);
    }

    /// <summary>
    /// The first key that appears twice in one object, with its line and JSON path: System.Text.Json refuses
    /// duplicates without saying where. Only called once parsing has failed, on text that is otherwise valid JSON.
    /// </summary>
    private static (string Key, int Line, string Path)? FindDuplicateKey(string json)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = true });
        var frames = new Stack<(string Path, HashSet<string>? Keys, int Index)>();
        string? key = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                    {
                        key = reader.GetString()!;
                        var (path, keys, _) = frames.Peek();
                        if (!keys!.Add(key))
                            return (key, 1 + bytes.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n'), $"{path}.{key}");
                        break;
                    }
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        frames.Push((ValuePath(frames, key), reader.TokenType == JsonTokenType.StartObject ? [] : null, 0));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.Pop();
                        break;
                    default:
                        ValuePath(frames, key);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed beyond duplicates: the caller reports the parser's own error.
        }
        return null;

        static string ValuePath(Stack<(string Path, HashSet<string>? Keys, int Index)> frames, string? key)
        {
            if (frames.Count == 0) return "$";
            var (path, keys, index) = frames.Pop();
            frames.Push((path, keys, index + 1));
            return keys is null ? $"{path}[{index}]" : $"{path}.{key}";
        }
    }

    private sealed class Reader(string source)
    {
        private ConflictModelException Error(string path, string message) => new(message, $"{source}: {path}");

        public GmcrDocument Document(JsonObject obj)
        {
            var options = Array(obj, "options", "$").Select((node, i) => Option(node, $"$.options[{i}]")).ToArray();
            var dms = Array(obj, "decisionMakers", "$").Select((node, i) => DecisionMaker(node, $"$.decisionMakers[{i}]", options.Length)).ToArray();
            var infeasibles = obj["infeasibles"] is null
                ? []
                : Array(obj, "infeasibles", "$").Select((node, i) => Condition(node, $"$.infeasibles[{i}]", options.Length)).ToArray();
            bool? manual = null;
            var flagKey = GmcrDocument.ManualFlagCurrent;
            foreach (var key in new[] { "useManualPreferenceRanking", "useManualPreferenceVectors" })
            {
                if (obj[key] is null) continue;
                if (obj[key] is not JsonValue v || !v.TryGetValue(out bool flag))
                    throw Error($"$.{key}", "must be true or false");
                manual = flag;
                flagKey = key;
            }
            var rankingKey = dms.Any(d => d.Extra.ContainsKey("#preferenceVector"))
                ? "preferenceVector" : flagKey == "useManualPreferenceVectors" ? "preferenceVector" : GmcrDocument.RankingKeyCurrent;
            foreach (var dm in dms) dm.Extra.Remove("#preferenceVector");
            var extra = new JsonObject();
            foreach (var (key, value) in obj)
                if (!TopLevelKeys.Contains(key)) extra[key] = value?.DeepClone();
            return new GmcrDocument(options, dms, infeasibles, manual, flagKey, rankingKey, obj["coalitions"]?.DeepClone(), extra, source);
        }

        private JsonArray Array(JsonObject obj, string key, string path)
        {
            if (obj[key] is JsonArray array) return array;
            throw Error($"{path}.{key}", obj.ContainsKey(key) ? "must be a list" : "is missing");
        }

        private string String(JsonNode? node, string path)
        {
            if (node is JsonValue v && v.TryGetValue(out string? text)) return text;
            throw Error(path, "must be a string");
        }

        private int Int(JsonNode? node, string path)
        {
            if (node is JsonValue v)
            {
                if (v.TryGetValue(out int i)) return i;
                if (v.TryGetValue(out double d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue) return (int)d;
                if (v.TryGetValue(out string? s) && int.TryParse(s, out var parsed)) return parsed;
            }
            throw Error(path, $"must be a whole number, found {node?.ToJsonString() ?? "null"}");
        }

        private GmcrOption Option(JsonNode? node, string path)
        {
            if (node is not JsonObject obj) throw Error(path, "an option must be an object with name and permittedDirection");
            var name = String(obj["name"], $"{path}.name");
            var direction = obj["permittedDirection"] is null ? "both" : String(obj["permittedDirection"], $"{path}.permittedDirection");
            if (direction is not ("both" or "fwd" or "back"))
                throw Error($"{path}.permittedDirection", $"must be \"both\", \"fwd\" or \"back\", found \"{direction}\"");
            return new GmcrOption(name, direction);
        }

        private GmcrDecisionMaker DecisionMaker(JsonNode? node, string path, int optionCount)
        {
            if (node is not JsonObject obj) throw Error(path, "a decision maker must be an object");
            var name = String(obj["name"], $"{path}.name");
            var options = Array(obj, "options", path).Select((n, i) =>
            {
                var index = Int(n, $"{path}.options[{i}]");
                if (index < 0 || index >= optionCount)
                    throw Error($"{path}.options[{i}]", $"option index {index} is out of range 0..{optionCount - 1}");
                return index;
            }).ToArray();
            var preferences = obj["preferences"] is null
                ? []
                : Array(obj, "preferences", path).Select((n, i) => Condition(n, $"{path}.preferences[{i}]", optionCount)).ToArray();
            IReadOnlyList<IReadOnlyList<int>>? ranking = null;
            var extra = new JsonObject();
            foreach (var key in new[] { "preferenceRanking", "preferenceVector" })
            {
                if (obj[key] is null) continue;
                ranking = Ranking(obj[key], $"{path}.{key}");
                if (key == "preferenceVector") extra["#preferenceVector"] = true;
            }
            IReadOnlyList<GmcrCondition>? misperceptions = obj["misperceptions"] is null
                ? null
                : Array(obj, "misperceptions", path).Select((n, i) => Condition(n, $"{path}.misperceptions[{i}]", optionCount)).ToArray();
            foreach (var (key, value) in obj)
                if (!DecisionMakerKeys.Contains(key)) extra[key] = value?.DeepClone();
            return new GmcrDecisionMaker(name, options, preferences, ranking, misperceptions, extra);
        }

        private IReadOnlyList<IReadOnlyList<int>> Ranking(JsonNode? node, string path)
        {
            if (node is not JsonArray array) throw Error(path, "a preference ranking must be a list of state numbers and [tied, states]");
            return array.Select((tier, i) => tier is JsonArray tied
                ? (IReadOnlyList<int>)tied.Select((n, j) => Int(n, $"{path}[{i}][{j}]")).ToArray()
                : [Int(tier, $"{path}[{i}]")]).ToArray();
        }

        public GmcrCondition Condition(JsonNode? node, string path, int optionCount)
        {
            if (node is JsonObject obj)
            {
                if (obj["members"] is not JsonArray members)
                    throw Error(path, "a compound condition needs a \"members\" list");
                return new GmcrCondition(members.Select((m, i) => Conjunction(m, $"{path}.members[{i}]", optionCount)).ToArray(), true);
            }
            return new GmcrCondition([Conjunction(node, path, optionCount)], false);
        }

        private IReadOnlyList<GmcrLiteral> Conjunction(JsonNode? node, string path, int optionCount)
        {
            if (node is not JsonArray array)
                throw Error(path, "a condition must be a list of [optionIndex, \"Y\"|\"N\"] pairs or {\"compound\": true, \"members\": [...]}");
            return array.Select((pair, i) =>
            {
                var where = $"{path}[{i}]";
                if (pair is not JsonArray p || p.Count != 2) throw Error(where, "must be a pair [optionIndex, \"Y\"|\"N\"]");
                var option = Int(p[0], $"{where}[0]");
                if (option < 0 || option >= optionCount)
                    throw Error($"{where}[0]", $"option index {option} is out of range 0..{optionCount - 1}");
                var taken = String(p[1], $"{where}[1]") switch
                {
                    "Y" => true,
                    "N" => false,
                    var other => throw Error($"{where}[1]", $"must be \"Y\" or \"N\", found \"{other}\""),
                };
                return new GmcrLiteral(option, taken);
            }).ToArray();
        }
    }

    public static string ToJson(GmcrDocument document, bool indented = false) =>
        ToNode(document).ToJsonString(new JsonSerializerOptions { WriteIndented = indented });

    public static void Save(GmcrDocument document, string path) => File.WriteAllText(path, ToJson(document));

    public static JsonObject ToNode(GmcrDocument document)
    {
        var root = new JsonObject
        {
            ["options"] = new JsonArray(document.Options.Select(o =>
                (JsonNode)new JsonObject { ["name"] = o.Name, ["permittedDirection"] = o.PermittedDirection }).ToArray()),
            ["decisionMakers"] = new JsonArray(document.DecisionMakers.Select(dm => (JsonNode)DecisionMakerNode(dm, document.RankingKey)).ToArray()),
            ["infeasibles"] = new JsonArray(document.Infeasibles.Select(c => ConditionNode(c)).ToArray()),
        };
        if (document.UseManualRanking is { } manual) root[document.ManualFlagKey] = manual;
        if (document.Coalitions is not null) root["coalitions"] = document.Coalitions.DeepClone();
        foreach (var (key, value) in document.Extra) root[key] = value?.DeepClone();
        return root;
    }

    private static JsonObject DecisionMakerNode(GmcrDecisionMaker dm, string rankingKey)
    {
        var node = new JsonObject
        {
            ["name"] = dm.Name,
            ["options"] = new JsonArray(dm.Options.Select(o => (JsonNode)o).ToArray()),
            ["preferences"] = new JsonArray(dm.Preferences.Select(c => ConditionNode(c)).ToArray()),
        };
        if (dm.Ranking is not null)
            node[rankingKey] = new JsonArray(dm.Ranking.Select(tier => tier.Count == 1
                ? (JsonNode)tier[0]
                : new JsonArray(tier.Select(s => (JsonNode)s).ToArray())).ToArray());
        if (dm.Misperceptions is not null)
            node["misperceptions"] = new JsonArray(dm.Misperceptions.Select(c => ConditionNode(c)).ToArray());
        foreach (var (key, value) in dm.Extra) node[key] = value?.DeepClone();
        return node;
    }

    private static JsonNode ConditionNode(GmcrCondition condition)
    {
        static JsonArray Conjunction(IReadOnlyList<GmcrLiteral> literals) =>
            new(literals.Select(l => (JsonNode)new JsonArray(l.Option, l.Taken ? "Y" : "N")).ToArray());
        if (!condition.Compound) return Conjunction(condition.Terms[0]);
        return new JsonObject
        {
            ["compound"] = true,
            ["members"] = new JsonArray(condition.Terms.Select(t => (JsonNode)Conjunction(t)).ToArray()),
        };
    }

    /// <summary>gmcr-py's option order: options grouped by decision maker; the position in it is the bit.</summary>
    public static int[] GroupedOptionOrder(GmcrDocument document)
    {
        var order = new List<int>();
        foreach (var dm in document.DecisionMakers)
            foreach (var option in dm.Options)
                if (!order.Contains(option)) order.Add(option);
        for (var option = 0; option < document.Options.Count; option++)
            if (!order.Contains(option)) order.Add(option);
        return order.ToArray();
    }

    /// <summary>Builds the conflict the file describes, with options reordered into gmcr-py's bit order.</summary>
    public static Conflict ToConflict(GmcrDocument document)
    {
        var name = Path.GetFileNameWithoutExtension(document.Source);
        var order = GroupedOptionOrder(document);
        var bitOf = new int[order.Length];
        for (var bit = 0; bit < order.Length; bit++) bitOf[order[bit]] = bit;
        if (order.Length > Conflict.MaxOptions)
            throw new ConflictModelException($"has {order.Length} options; at most {Conflict.MaxOptions} are supported", document.Source);

        var options = order.Select(o => new ConflictOption(document.Options[o].Name, document.Options[o].PermittedDirection switch
        {
            "fwd" => OptionDirection.Forward,
            "back" => OptionDirection.Backward,
            _ => OptionDirection.Both,
        })).ToArray();
        var infeasible = document.Infeasibles.Select(c => ToCondition(c, bitOf)).ToArray();
        var useRanking = document.UseManualRanking ?? false;
        ulong[]? codes = null;
        var dms = document.DecisionMakers.Select((dm, d) =>
        {
            Preference preference;
            if (useRanking)
            {
                if (dm.Ranking is null)
                    throw new ConflictModelException("the file uses manual preference rankings, but this decision maker has none",
                        $"{document.Source}: $.decisionMakers[{d}]");
                codes ??= ConflictGraph.EnumerateFeasible(options.Length, infeasible, name);
                var known = codes;
                preference = new RankedPreference(dm.Ranking.Select((tier, t) => (IReadOnlyList<ulong>)tier.Select((number, j) =>
                {
                    if (number < 1 || number > known.Length)
                        throw new ConflictModelException($"state number {number} is out of range 1..{known.Length} (feasible states)",
                            $"{document.Source}: $.decisionMakers[{d}].{document.RankingKey}[{t}]");
                    return known[number - 1];
                }).ToArray()).ToArray());
            }
            else
            {
                preference = new PrioritizedPreference(dm.Preferences.Select(c => ToCondition(c, bitOf)).ToArray());
            }
            return new DecisionMaker(dm.Name, dm.Options.Select(o => bitOf[o]).ToArray(), preference,
                dm.Misperceptions?.Select(c => ToCondition(c, bitOf)).ToArray());
        }).ToArray();
        try
        {
            var conflict = new Conflict(name, options, dms, infeasible);
            conflict.Validate();
            return conflict;
        }
        catch (ConflictModelException e) when (e.Location is null || !e.Location.StartsWith(document.Source, StringComparison.Ordinal))
        {
            throw new ConflictModelException(e.Message, document.Source, e);
        }
    }

    private static StateCondition ToCondition(GmcrCondition condition, int[] bitOf)
    {
        OptionPattern Term(IReadOnlyList<GmcrLiteral> literals)
        {
            ulong yes = 0, no = 0;
            foreach (var literal in literals)
                if (literal.Taken) yes |= 1UL << bitOf[literal.Option];
                else no |= 1UL << bitOf[literal.Option];
            return new OptionPattern(yes, no);
        }
        return condition.Compound ? new AnyOf(condition.Terms.Select(Term).ToArray()) : Term(condition.Terms[0]);
    }

    /// <summary>
    /// The coalitions of the file ("coalitions": a list of decision-maker indexes or lists of them), or null
    /// when the file has none or only singletons.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<int>>? Coalitions(GmcrDocument document)
    {
        if (document.Coalitions is not JsonArray array) return null;
        var groups = array.Select((node, i) => node switch
        {
            JsonArray members => (IReadOnlyList<int>)members.Select(m => m!.GetValue<int>()).ToArray(),
            JsonValue v => [v.GetValue<int>()],
            _ => throw new ConflictModelException("a coalition must be a decision-maker index or a list of them", $"{document.Source}: $.coalitions[{i}]"),
        }).ToArray();
        return groups.All(g => g.Count == 1) ? null : groups;
    }

    /// <summary>
    /// Writes a conflict in gmcr-py's format. Options are regrouped by decision maker (gmcr-py's numbering
    /// requires it). Preference statements and infeasibilities become gmcr-py conditions (rewritten into
    /// OR-of-AND patterns); a conflict with any direct ranking is written with manual rankings for everyone.
    /// </summary>
    public static GmcrDocument FromConflict(Conflict conflict)
    {
        conflict.Validate();
        var order = conflict.DecisionMakers.SelectMany(dm => dm.Options).ToArray();
        var fileIndexOfBit = new int[order.Length];
        for (var i = 0; i < order.Length; i++) fileIndexOfBit[order[i]] = i;
        var options = order.Select(bit => new GmcrOption(conflict.Options[bit].Name, conflict.Options[bit].Direction switch
        {
            OptionDirection.Forward => "fwd",
            OptionDirection.Backward => "back",
            _ => "both",
        })).ToArray();

        var manual = conflict.DecisionMakers.Any(dm => dm.Preference is RankedPreference);
        IReadOnlyList<IReadOnlyList<int>>[]? rankings = null;
        if (manual)
        {
            var graph = ConflictGraph.Build(conflict);
            var renumbered = graph.Codes.Select(code => Permute(code, fileIndexOfBit)).ToArray();
            var sorted = renumbered.Order().ToArray();
            var numberOf = renumbered.Select(code => Array.BinarySearch(sorted, code) + 1).ToArray();
            rankings = Enumerable.Range(0, graph.DecisionMakerCount).Select(d => (IReadOnlyList<IReadOnlyList<int>>)
                Enumerable.Range(0, graph.StateCount).GroupBy(s => graph.Ranks[d][s]).OrderByDescending(g => g.Key)
                    .Select(g => (IReadOnlyList<int>)g.Select(s => numberOf[s]).Order().ToArray()).ToArray()).ToArray();
        }
        var dms = conflict.DecisionMakers.Select((dm, d) => new GmcrDecisionMaker(
            dm.Name,
            dm.Options.Select(bit => fileIndexOfBit[bit]).ToArray(),
            dm.Preference is PrioritizedPreference p ? p.Statements.Select(c => FromCondition(c, fileIndexOfBit)).ToArray() : [],
            rankings?[d],
            dm.Misperceptions?.Select(c => FromCondition(c, fileIndexOfBit)).ToArray(),
            new JsonObject())).ToArray();
        var extra = new JsonObject { ["program"] = "gmcr-py", ["version"] = "0.3.12" };
        return new GmcrDocument(options, dms, conflict.Infeasible.Select(c => FromCondition(c, fileIndexOfBit)).ToArray(),
            manual, GmcrDocument.ManualFlagCurrent, GmcrDocument.RankingKeyCurrent, null, extra, conflict.Name);
    }

    private static ulong Permute(ulong code, int[] newIndexOfBit)
    {
        ulong result = 0;
        for (var bit = 0; bit < newIndexOfBit.Length; bit++)
            if ((code >> bit & 1) != 0) result |= 1UL << newIndexOfBit[bit];
        return result;
    }

    private static GmcrCondition FromCondition(StateCondition condition, int[] fileIndexOfBit)
    {
        var terms = NormalForm.ToPatterns(condition).Select(p =>
        {
            var literals = new List<GmcrLiteral>();
            for (var bit = 0; bit < fileIndexOfBit.Length; bit++)
            {
                if ((p.Yes >> bit & 1) != 0) literals.Add(new GmcrLiteral(fileIndexOfBit[bit], true));
                if ((p.No >> bit & 1) != 0) literals.Add(new GmcrLiteral(fileIndexOfBit[bit], false));
            }
            return (IReadOnlyList<GmcrLiteral>)literals.OrderBy(l => l.Option).ToArray();
        }).ToArray();
        return terms.Length == 1 ? new GmcrCondition(terms, false) : new GmcrCondition(terms, true);
    }
}
