using System.Text.RegularExpressions;
using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Parley.Core.Model;
using Parley.Stability.Engine;
using Parley.Stability.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Parley.Stability.Scenarios;

/// <summary>
/// Reads the <c>conflict</c> section of a scenario (documented in docs/stability.md) into a
/// <see cref="ScenarioConflict"/>. Every problem goes to the <see cref="DiagnosticBag"/> with file, line,
/// column and a document path such as <c>conflict.decision_makers.RU.options.withdraw</c>; unknown names
/// get a did-you-mean. Returns null when the section has errors.
/// </summary>
public static partial class ConflictSection
{
    public const string SectionName = "conflict";

    /// <summary>Reads the scenario's conflict section; reports a missing-key error when it has none.</summary>
    /// <param name="baseDirectory">Where the scenario's source files are, to check the section's quotes; by default the section file's directory.</param>
    public static ScenarioConflict? Read(Parley.Core.Model.Scenario scenario, DiagnosticBag diagnostics, string? baseDirectory = null)
    {
        if (!scenario.Extensions.TryGetValue(SectionName, out var section))
        {
            diagnostics.Error(DiagnosticCodes.MissingKey, SectionName, null,
                $"scenario '{scenario.Id}' has no 'conflict' section, so there is no strategic conflict to analyse");
            return null;
        }
        return Read(section, scenario.Parties, scenario.Sources.Select(s => s.Id).ToArray(), diagnostics, scenario, baseDirectory);
    }

    /// <param name="scenario">Needed only for <c>issue_map</c> and <c>from_utilities</c> (the scenario's issues and preferences).</param>
    public static ScenarioConflict? Read(ScenarioSection section, IReadOnlyList<Party> parties, IReadOnlyList<string> sourceIds, DiagnosticBag diagnostics,
        Parley.Core.Model.Scenario? scenario = null, string? baseDirectory = null)
    {
        var before = diagnostics.ErrorCount;
        var yaml = new YamlReader(section.File, diagnostics);
        var reader = new Reader(yaml, parties, sourceIds, scenario);
        var result = reader.Read(section.Node);
        // The same quote check as the core's and the spatial section's (it used to be missing here).
        if (scenario is not null)
            QuoteCheck.CheckSectionQuotes(scenario.Sources, reader.Citations,
                baseDirectory ?? (File.Exists(section.File) ? Path.GetDirectoryName(Path.GetFullPath(section.File)) : null), yaml);
        return diagnostics.ErrorCount > before ? null : result;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex OptionIdPattern();

    private static readonly string[] SectionKeys = ["name", "description", "decision_makers", "infeasible", "status_quo", "issue_map"];
    private static readonly string[] DecisionMakerKeys = ["options", "priorities", "ranking", "from_utilities", "misperceptions", "note"];
    private static readonly string[] OptionKeys = ["label", "description", "irreversible", "direction", "cite"];
    private static readonly string[] SimpleConditionKeys = ["expression", "pattern", "when", "any_of"];
    private static readonly string[] ConstraintKeys = ["together", "mutually_exclusive", "at_least_one", "exactly_one"];

    private sealed record PendingOption(string Id, string DecisionMaker, YamlNode Node);

    private sealed partial class Reader(YamlReader yaml, IReadOnlyList<Party> parties, IReadOnlyList<string> sourceIds, Parley.Core.Model.Scenario? scenario)
    {
        private readonly List<ConflictCitation> _citations = [];
        private readonly QuantityReader _quantities = new(yaml);

        /// <summary>Every citation the section holds, with its node and path, for the quote check.</summary>
        public IReadOnlyList<(Citation Citation, YamlNode Node, string Path)> Citations => _quantities.Citations;
        private readonly List<PendingOption> _options = [];
        private readonly Dictionary<string, int> _optionIndex = new(StringComparer.Ordinal);

        private const string Root = SectionName;
        private readonly int _errorsBefore = yaml.Diagnostics.ErrorCount;

        private bool Failed => yaml.Diagnostics.ErrorCount > _errorsBefore;

        public ScenarioConflict? Read(YamlNode node)
        {
            if (yaml.AsMap(node, Root, "a mapping with decision_makers, infeasible and status_quo") is not { } map) return null;
            yaml.CheckKeys(map, Root, SectionKeys);
            var name = yaml.String(map, Root, "name") ?? "conflict";
            var dmPath = YamlReader.Join(Root, "decision_makers");
            var dmsNode = yaml.Required(map, Root, "decision_makers");
            if (dmsNode is null || yaml.AsMap(dmsNode, dmPath, "a mapping from party ids to decision makers") is not { } dmsMap) return null;

            // Pass 1: decision makers and their options, so statements may name any option.
            var dmEntries = new List<(string Id, YamlMappingNode Map, string Path, List<int> Options)>();
            var options = new List<ConflictOption>();
            var labels = new List<string>();
            foreach (var (keyNode, value) in dmsMap.Children)
            {
                var id = YamlReader.KeyText(keyNode);
                var path = YamlReader.Join(dmPath, id);
                // A decision maker with a misspelt party id is still read, so that the statements naming its options
                // do not each report an unknown option: one slip, one error.
                if (parties.All(p => p.Id != id))
                    yaml.Error(keyNode, path, DiagnosticCodes.UnknownReference,
                        $"unknown party '{id}'{DidYouMean.Hint(id, parties.Select(p => p.Id))}; decision makers are named by the ids under 'parties'");
                if (yaml.AsMap(value, path, "a decision maker mapping (options, priorities or ranking)") is not { } dm) continue;
                yaml.CheckKeys(dm, path, DecisionMakerKeys);
                var owned = new List<int>();
                var optionsPath = YamlReader.Join(path, "options");
                if (yaml.Required(dm, path, "options") is { } optionsNode && yaml.AsMap(optionsNode, optionsPath, "a mapping from option ids to options") is { } optionsMap)
                {
                    if (optionsMap.Children.Count == 0)
                        yaml.Error(optionsMap, optionsPath, DiagnosticCodes.Empty, "a decision maker must control at least one option");
                    foreach (var (optionKey, optionValue) in optionsMap.Children)
                        if (ReadOption(id, optionKey, optionValue, optionsPath) is { } option)
                        {
                            owned.Add(options.Count);
                            options.Add(option.Option);
                            labels.Add(option.Label);
                        }
                }
                dmEntries.Add((id, dm, path, owned));
            }
            if (dmEntries.Count < 2)
                yaml.Error(dmsMap, dmPath, DiagnosticCodes.MissingValue, $"a conflict needs at least two decision makers, found {dmEntries.Count}");
            if (options.Count > Conflict.MaxOptions)
            {
                yaml.Error(dmsMap, dmPath, DiagnosticCodes.TooLarge,
                    $"the conflict has {options.Count} options; at most {Conflict.MaxOptions} are supported (2^{Conflict.MaxOptions} states)");
                return null;
            }

            // Pass 2: conditions.
            var infeasible = new List<StateCondition>();
            if (yaml.Child(map, "infeasible") is { } infeasibleNode && !YamlReader.IsNull(infeasibleNode))
                infeasible.AddRange(ReadConditionList(infeasibleNode, YamlReader.Join(Root, "infeasible"), constraints: true));

            var decisionMakers = new List<DecisionMaker>();
            var rankings = new List<(int Dm, YamlNode Node, string Path)>();
            var derived = new List<(int Dm, Parley.Core.Evaluation.PartyUtility Utility)>();
            foreach (var (id, dm, path, owned) in dmEntries)
            {
                var misperceptions = yaml.Child(dm, "misperceptions") is { } mis && !YamlReader.IsNull(mis)
                    ? ReadConditionList(mis, YamlReader.Join(path, "misperceptions"), constraints: true)
                    : [];
                var priorities = yaml.Child(dm, "priorities");
                var ranking = yaml.Child(dm, "ranking");
                var fromUtilities = yaml.Child(dm, "from_utilities");
                Preference preference = new PrioritizedPreference([]);
                var given = new[] { ("priorities", priorities), ("ranking", ranking), ("from_utilities", fromUtilities) }.Where(g => g.Item2 is not null).ToArray();
                if (given.Length > 1)
                    yaml.Error(given[1].Item2!, YamlReader.Join(path, given[1].Item1), DiagnosticCodes.UnknownKey,
                        "give only one of 'priorities' (option prioritisation), 'ranking' (a direct ranking of states) or 'from_utilities' (derived from the bargaining preferences)");
                else if (priorities is not null)
                    preference = new PrioritizedPreference(ReadStatements(priorities, YamlReader.Join(path, "priorities")));
                else if (ranking is not null)
                    rankings.Add((decisionMakers.Count, ranking, YamlReader.Join(path, "ranking")));
                else if (fromUtilities is not null)
                {
                    if (ReadFromUtilities(id, fromUtilities, YamlReader.Join(path, "from_utilities"), map) is { } utility)
                        derived.Add((decisionMakers.Count, utility));
                }
                else
                    yaml.Error(dm, path, DiagnosticCodes.MissingKey,
                        "missing 'priorities' (option prioritisation), 'ranking' (a direct ranking of states) or 'from_utilities: true' (derived from the bargaining preferences)");
                decisionMakers.Add(new DecisionMaker(id, owned, preference, misperceptions.Count > 0 ? misperceptions : null));
            }

            var issueMap = yaml.Child(map, "issue_map") is { } issueMapNode && !YamlReader.IsNull(issueMapNode)
                ? ReadIssueMap(issueMapNode, YamlReader.Join(Root, "issue_map"))
                : [];

            var statusQuoNode = yaml.Child(map, "status_quo");
            ulong? statusQuo = null;
            if (statusQuoNode is not null && !YamlReader.IsNull(statusQuoNode))
            {
                ulong code = 0;
                var sqPath = YamlReader.Join(Root, "status_quo");
                foreach (var (optionId, optionNode) in yaml.ScalarList(statusQuoNode, sqPath))
                    if (ResolveOption(optionId, optionNode, sqPath) is { } k) code |= 1UL << k;
                statusQuo = code;
            }

            if (Failed || options.Count == 0) return null;

            ulong[] feasible;
            try
            {
                feasible = ConflictGraph.EnumerateFeasible(options.Count, infeasible, name);
            }
            catch (ConflictModelException e)
            {
                yaml.Error(yaml.Child(map, "infeasible") ?? map, YamlReader.Join(Root, "infeasible"), DiagnosticCodes.OutOfRange, e.Reason);
                return null;
            }
            if (statusQuo is { } sq && Array.BinarySearch(feasible, sq) < 0)
                yaml.Error(statusQuoNode!, YamlReader.Join(Root, "status_quo"), DiagnosticCodes.OutOfRange,
                    $"the status quo ({Describe(sq, options)}) is an infeasible state");
            foreach (var (d, rankingNode, path) in rankings)
                if (ReadRanking(rankingNode, path, feasible, options) is { } ranked)
                    decisionMakers[d] = decisionMakers[d] with { Preference = ranked };
            foreach (var (d, utility) in derived)
                decisionMakers[d] = decisionMakers[d] with { Preference = UtilityDerivedRanking.Rank(feasible, issueMap, utility, scenario!.Issues.Count) };
            if (Failed) return null;

            var conflict = new Conflict(name, options, decisionMakers, infeasible);
            try
            {
                conflict.Validate();
            }
            catch (ConflictModelException e)
            {
                yaml.Error(map, Root, DiagnosticCodes.OutOfRange, e.Message);
                return null;
            }
            var names = decisionMakers.Select(d => parties.First(p => p.Id == d.Name).Name).ToArray();
            return new ScenarioConflict(conflict, names, labels, statusQuo, _citations);
        }

        private static string Describe(ulong code, IReadOnlyList<ConflictOption> options)
        {
            var taken = Enumerable.Range(0, options.Count).Where(k => (code >> k & 1) != 0).Select(k => options[k].Name).ToArray();
            return taken.Length == 0 ? "no option taken" : "taken: " + string.Join(", ", taken);
        }

        private (ConflictOption Option, string Label)? ReadOption(string dm, YamlNode keyNode, YamlNode value, string optionsPath)
        {
            var id = YamlReader.KeyText(keyNode);
            var path = YamlReader.Join(optionsPath, id);
            var ok = true;
            if (!OptionIdPattern().IsMatch(id))
            {
                yaml.Error(keyNode, path, DiagnosticCodes.InvalidId,
                    $"option id '{id}' must start with a letter and contain only letters, digits and '_' (statements use '-' for 'not' and '.' for 'party.option')");
                ok = false;
            }
            else if (_optionIndex.ContainsKey(id) || id is "and" or "or" or "not" or "if" or "iff" or "true" or "false")
            {
                var other = _options.FirstOrDefault(o => o.Id == id);
                yaml.Error(keyNode, path, DiagnosticCodes.DuplicateId, other is null
                    ? $"'{id}' is a keyword of the statement language; choose another option id"
                    : $"option id '{id}' is already used by {other.DecisionMaker} (at {yaml.Locate(other.Node)}); option ids must be unique in the conflict");
                ok = false;
            }
            var label = id;
            var direction = OptionDirection.Both;
            if (!YamlReader.IsNull(value))
            {
                if (value is YamlScalarNode)
                    label = yaml.Scalar(value, path, "an option label or mapping") ?? id;
                else if (yaml.AsMap(value, path, "an option mapping (label, irreversible, cite)") is { } map)
                {
                    yaml.CheckKeys(map, path, OptionKeys);
                    label = yaml.String(map, path, "label") ?? id;
                    direction = ReadDirection(map, path);
                    ReadCitations(map, path, required: true);
                }
            }
            if (value is YamlScalarNode)
                yaml.Warning(value, path, DiagnosticCodes.Uncited, "this option has no citation (write it as a mapping with 'label' and 'cite')");
            if (!ok) return null;
            _optionIndex[id] = _options.Count;
            _options.Add(new PendingOption(id, dm, keyNode));
            return (new ConflictOption(id, direction), label);
        }

        private OptionDirection ReadDirection(YamlMappingNode map, string path)
        {
            var irreversible = yaml.Child(map, "irreversible");
            var direction = yaml.Child(map, "direction");
            if (irreversible is not null && direction is not null)
            {
                yaml.Error(direction, YamlReader.Join(path, "direction"), DiagnosticCodes.UnknownKey, "give 'irreversible' or 'direction', not both");
                return OptionDirection.Both;
            }
            if (irreversible is not null)
            {
                var p = YamlReader.Join(path, "irreversible");
                return ReadBool(irreversible, p) == true ? OptionDirection.Forward : OptionDirection.Both;
            }
            if (direction is null) return OptionDirection.Both;
            var dp = YamlReader.Join(path, "direction");
            var text = yaml.Scalar(direction, dp, "both, forward or backward");
            switch (text?.ToLowerInvariant())
            {
                case null: return OptionDirection.Both;
                case "both": return OptionDirection.Both;
                case "forward" or "fwd": return OptionDirection.Forward;
                case "backward" or "back": return OptionDirection.Backward;
                default:
                    yaml.Error(direction, dp, DiagnosticCodes.OutOfRange,
                        $"unknown direction '{text}'{DidYouMean.Hint(text, ["both", "forward", "backward"])}; use both, forward (irreversible once taken) or backward (may only be withdrawn)");
                    return OptionDirection.Both;
            }
        }

        private bool? ReadBool(YamlNode node, string path)
        {
            var text = yaml.Scalar(node, path, "true or false");
            switch (text?.ToLowerInvariant())
            {
                case "true" or "yes" or "y" or "taken": return true;
                case "false" or "no" or "n" or "not taken": return false;
                case null: return null;
                default:
                    yaml.Error(node, path, DiagnosticCodes.WrongType, $"expected true or false, found '{text}'");
                    return null;
            }
        }

        /// <summary>Reads a <c>cite</c> with the core's citation reader, then checks each source against the scenario's.</summary>
        private void ReadCitations(YamlMappingNode map, string path, bool required)
        {
            var before = _quantities.Citations.Count;
            var read = _quantities.ReadCitations(map, path);
            if (read.Count == 0 && required)
            {
                var cite = yaml.Child(map, "cite");
                if (cite is YamlSequenceNode { Children.Count: 0 } empty)
                    yaml.Warning(empty, YamlReader.Join(path, "cite"), DiagnosticCodes.Uncited, "no citation: the list is empty");
                else if (cite is null || YamlReader.IsNull(cite))
                    yaml.Warning(map, path, DiagnosticCodes.Uncited, "no citation: add cite: {source, quote}");
            }
            for (var i = before; i < _quantities.Citations.Count; i++)
            {
                var (citation, node, citePath) = _quantities.Citations[i];
                if (!sourceIds.Contains(citation.SourceId))
                {
                    var sourceNode = node is YamlMappingNode citeMap ? yaml.Child(citeMap, "source") ?? node : node;
                    yaml.Error(sourceNode, YamlReader.Join(citePath, "source"), DiagnosticCodes.UnknownReference,
                        $"unknown source '{citation.SourceId}'{DidYouMean.Hint(citation.SourceId, sourceIds)}");
                    continue;
                }
                _citations.Add(new ConflictCitation(citePath, citation, yaml.Locate(node)));
            }
        }

        private int? ResolveOption(string name, YamlNode node, string path)
        {
            try
            {
                return Resolve(name, 0);
            }
            catch (ConditionSyntaxException e)
            {
                yaml.Error(node, path, DiagnosticCodes.UnknownReference, e.Message);
                return null;
            }
        }

        /// <summary>"withdraw" or "RU.withdraw" → option index.</summary>
        private int Resolve(string name, int position)
        {
            var dot = name.IndexOf('.');
            var optionId = dot < 0 ? name : name[(dot + 1)..];
            if (_optionIndex.TryGetValue(optionId, out var index))
            {
                if (dot < 0 || _options[index].DecisionMaker == name[..dot]) return index;
                throw new ConditionSyntaxException(
                    $"option '{optionId}' belongs to {_options[index].DecisionMaker}, not {name[..dot]}; write '{_options[index].DecisionMaker}.{optionId}' or just '{optionId}'", position);
            }
            var known = _options.Select(o => o.Id).ToArray();
            throw new ConditionSyntaxException(
                $"unknown option '{name}'{DidYouMean.Hint(optionId, known)}; options: {string.Join(", ", known)}", position);
        }

        private StateCondition? ParseExpression(YamlNode node, string path)
        {
            var text = yaml.Scalar(node, path, "a statement such as 'withdraw and not escalate'");
            if (text is null) return null;
            try
            {
                return ConditionExpression.Parse(text, Resolve);
            }
            catch (ConditionSyntaxException e)
            {
                var at = yaml.Locate(node);
                if (node is YamlScalarNode s && !text.Contains('\n'))
                {
                    var offset = s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0;
                    at = at with { Column = at.Column + offset + e.Position };
                }
                var code = e.Message.StartsWith("unknown option", StringComparison.Ordinal) || e.Message.Contains("belongs to", StringComparison.Ordinal)
                    ? DiagnosticCodes.UnknownReference : DiagnosticCodes.Syntax;
                yaml.Diagnostics.Error(code, path, at, $"in '{text}': {e.Message}");
                return null;
            }
        }

        private List<StateCondition> ReadConditionList(YamlNode node, string path, bool constraints)
        {
            var result = new List<StateCondition>();
            if (yaml.AsList(node, path, "a list of conditions") is not { } list) return result;
            for (var i = 0; i < list.Children.Count; i++)
                if (ReadCondition(list.Children[i], YamlReader.Index(path, i), constraints) is { } c) result.Add(c);
            return result;
        }

        /// <summary>
        /// A condition entry: a statement string, or a mapping with one of expression / pattern / when / any_of
        /// (and, where <paramref name="constraints"/>, together / mutually_exclusive / at_least_one / exactly_one,
        /// which hold when the constraint is violated), plus optional cite and note.
        /// </summary>
        private StateCondition? ReadCondition(YamlNode node, string path, bool constraints)
        {
            if (node is YamlScalarNode) return ParseExpression(node, path);
            var allowedKinds = constraints ? SimpleConditionKeys.Concat(ConstraintKeys).ToArray() : SimpleConditionKeys;
            if (yaml.AsMap(node, path, "a statement or a condition mapping") is not { } map) return null;
            yaml.CheckKeys(map, path, [.. allowedKinds, "cite", "note"]);
            ReadCitations(map, path, required: false);
            var kinds = map.Children.Keys.Select(YamlReader.KeyText).Where(allowedKinds.Contains).ToArray();
            if (kinds.Length != 1)
            {
                yaml.Error(map, path, kinds.Length == 0 ? DiagnosticCodes.MissingKey : DiagnosticCodes.UnknownKey,
                    $"a condition needs exactly one of {string.Join(", ", allowedKinds)}; found {(kinds.Length == 0 ? "none" : string.Join(", ", kinds))}");
                return null;
            }
            var kind = kinds[0];
            var value = yaml.Child(map, kind)!;
            var p = YamlReader.Join(path, kind);
            switch (kind)
            {
                case "expression":
                    return ParseExpression(value, p);
                case "pattern":
                    return ReadPattern(value, p);
                case "when":
                    return ReadWhen(value, p);
                case "any_of":
                    var members = ReadConditionList(value, p, constraints);
                    if (Failed) return null;
                    if (members.Count == 0)
                    {
                        yaml.Error(value, p, DiagnosticCodes.Empty, "any_of needs at least one condition");
                        return null;
                    }
                    return new AnyOf(members);
            }
            var set = ReadOptionSet(value, p, kind is "at_least_one" or "exactly_one" ? 1 : 2);
            if (set is null) return null;
            return kind switch
            {
                "together" => StateCondition.AllTaken(set),
                "mutually_exclusive" => StateCondition.TwoOrMoreTaken(set),
                "at_least_one" => StateCondition.NoneTaken(set),
                _ => StateCondition.NotExactlyOneTaken(set),
            };
        }

        private int[]? ReadOptionSet(YamlNode node, string path, int minimum)
        {
            if (yaml.AsList(node, path, "a list of option ids") is not { } list) return null;
            var result = new List<int>();
            var ok = true;
            for (var i = 0; i < list.Children.Count; i++)
            {
                var p = YamlReader.Index(path, i);
                if (yaml.Scalar(list.Children[i], p, "an option id") is not { } name) { ok = false; continue; }
                if (ResolveOption(name, list.Children[i], p) is not { } k) { ok = false; continue; }
                if (result.Contains(k))
                {
                    yaml.Error(list.Children[i], p, DiagnosticCodes.DuplicateId, $"option '{name}' is listed twice");
                    ok = false;
                }
                result.Add(k);
            }
            if (ok && result.Count < minimum)
            {
                yaml.Error(list, path, DiagnosticCodes.MissingValue, $"list at least {minimum} option{(minimum > 1 ? "s" : "")}");
                return null;
            }
            return ok ? result.ToArray() : null;
        }

        private StateCondition? ReadPattern(YamlNode node, string path)
        {
            var text = yaml.Scalar(node, path, "a Y/N/- pattern, one letter per option");
            if (text is null) return null;
            var compact = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
            if (compact.Length != _options.Count)
            {
                yaml.Error(node, path, DiagnosticCodes.OutOfRange,
                    $"the pattern '{text}' has {compact.Length} positions, but the conflict has {_options.Count} options ({string.Join(", ", _options.Select(o => o.Id))})");
                return null;
            }
            try
            {
                return StateCondition.Pattern(compact);
            }
            catch (ConflictModelException e)
            {
                yaml.Error(node, path, DiagnosticCodes.WrongType, e.Reason);
                return null;
            }
        }

        private StateCondition? ReadWhen(YamlNode node, string path)
        {
            if (yaml.AsMap(node, path, "a mapping from option ids to true (taken) or false (not taken)") is not { } map) return null;
            ulong yes = 0, no = 0;
            var ok = true;
            foreach (var (keyNode, value) in map.Children)
            {
                var name = YamlReader.KeyText(keyNode);
                var p = YamlReader.Join(path, name);
                var k = ResolveOption(name, keyNode, p);
                var taken = ReadBool(value, p);
                if (k is null || taken is null) { ok = false; continue; }
                if (taken.Value) yes |= 1UL << k.Value;
                else no |= 1UL << k.Value;
            }
            return ok ? new OptionPattern(yes, no) : null;
        }

        private List<StateCondition> ReadStatements(YamlNode node, string path)
        {
            var result = new List<StateCondition>();
            if (yaml.AsList(node, path, "a list of statements, most important first") is not { } list) return result;
            if (list.Children.Count == 0)
                yaml.Error(list, path, DiagnosticCodes.Empty, "list at least one preference statement (or give a 'ranking')");
            for (var i = 0; i < list.Children.Count; i++)
            {
                var p = YamlReader.Index(path, i);
                var item = list.Children[i];
                if (item is YamlScalarNode)
                {
                    yaml.Warning(item, p, DiagnosticCodes.Uncited, "this statement has no citation (write it as {statement, cite})");
                    if (ParseExpression(item, p) is { } plain) result.Add(plain);
                    continue;
                }
                if (yaml.AsMap(item, p, "a statement or {statement, cite}") is not { } map) continue;
                yaml.CheckKeys(map, p, "statement", "cite", "note");
                ReadCitations(map, p, required: true);
                if (yaml.Required(map, p, "statement") is { } statementNode && ParseExpression(statementNode, YamlReader.Join(p, "statement")) is { } c)
                    result.Add(c);
            }
            return result;
        }

        private RankedPreference? ReadRanking(YamlNode node, string path, ulong[] feasible, IReadOnlyList<ConflictOption> options)
        {
            if (yaml.AsList(node, path, "a list of tiers, most preferred first") is not { } list) return null;
            var tierOf = new int[feasible.Length];
            Array.Fill(tierOf, -1);
            var tiers = new List<IReadOnlyList<ulong>>();
            var ok = true;
            for (var t = 0; t < list.Children.Count; t++)
            {
                var p = YamlReader.Index(path, t);
                var item = list.Children[t];
                // A tier is one condition, or a list of them (the states matching any).
                var members = item is YamlSequenceNode ? ReadConditionList(item, p, constraints: false)
                    : ReadCondition(item, p, constraints: false) is { } single ? [single] : null;
                if (members is null || Failed) { ok = false; continue; }
                var tier = new List<ulong>();
                for (var s = 0; s < feasible.Length; s++)
                {
                    // First match wins, so a final 'true' tier collects the rest.
                    if (tierOf[s] >= 0 || !members.Any(m => m.Holds(feasible[s]))) continue;
                    tierOf[s] = t;
                    tier.Add(feasible[s]);
                }
                if (tier.Count == 0)
                    yaml.Warning(item, p, DiagnosticCodes.Empty, "this tier matches no feasible state that an earlier tier has not taken");
                else tiers.Add(tier);
            }
            var missing = Array.IndexOf(tierOf, -1);
            if (ok && missing >= 0)
            {
                yaml.Error(list, path, DiagnosticCodes.MissingValue,
                    $"{tierOf.Count(t => t < 0)} feasible state(s) are in no tier, e.g. state {missing + 1} ({Describe(feasible[missing], options)}); rank them or end with a catch-all tier 'true'");
                ok = false;
            }
            return ok ? new RankedPreference(tiers) : null;
        }
    }
}
