using Parley.Core.Diagnostics;
using Parley.Core.Evaluation;
using Parley.Core.Format;
using Parley.Core.Model;
using YamlDotNet.RepresentationModel;

namespace Parley.Stability.Scenarios;

// Preferences derived from the bargaining preferences: `conflict.issue_map` and a decision maker's
// `from_utilities: true` (docs/stability.md, "Preferences derived from the bargaining preferences").
public static partial class ConflictSection
{
    private static readonly string[] IfThenKeys = ["when", "then", "else", "cite", "note"];
    private static readonly string[] RuleKeys = ["when", "option", "default", "cite", "note"];

    private sealed partial class Reader
    {
        private PartyUtility? ReadFromUtilities(string dm, YamlNode node, string path, YamlMappingNode section)
        {
            var enabled = ReadBool(node, path);
            if (enabled is null) return null;
            if (enabled == false)
            {
                yaml.Error(node, path, DiagnosticCodes.OutOfRange,
                    "'from_utilities: false' gives no preference; write 'from_utilities: true' or give 'priorities' or 'ranking'");
                return null;
            }
            if (scenario is null)
            {
                yaml.Error(node, path, DiagnosticCodes.MissingValue,
                    "'from_utilities' needs the scenario's issues and preferences; read the section with ConflictSection.Read(scenario, diagnostics)");
                return null;
            }
            if (yaml.Child(section, "issue_map") is not { } issueMap || YamlReader.IsNull(issueMap))
            {
                yaml.Error(node, path, DiagnosticCodes.MissingKey,
                    "'from_utilities' needs 'conflict.issue_map', which says which option of each issue a state implies");
                return null;
            }
            if (!scenario.Preferences.TryGetValue(dm, out var preferences))
            {
                if (scenario.FindParty(dm) is null) return null; // an unknown party, reported as such already
                var withPreferences = scenario.Preferences.Keys.Order(StringComparer.Ordinal).ToArray();
                yaml.Error(node, path, DiagnosticCodes.MissingValue,
                    $"party '{dm}' has no bargaining preferences under 'preferences' (parties with preferences: {(withPreferences.Length == 0 ? "none" : string.Join(", ", withPreferences))}), " +
                    "so its ranking cannot be derived from them; add preferences for it or give 'priorities' or 'ranking'");
                return null;
            }
            return new PartyUtility(scenario, scenario.FindParty(dm)!, preferences);
        }

        private List<IssueMapping> ReadIssueMap(YamlNode node, string path)
        {
            var result = new List<IssueMapping>();
            if (scenario is null)
            {
                yaml.Error(node, path, DiagnosticCodes.MissingValue,
                    "'issue_map' needs the scenario's issues; read the section with ConflictSection.Read(scenario, diagnostics)");
                return result;
            }
            if (yaml.AsMap(node, path, "a mapping from issue ids to {when, then, else} or to a list of {when, option} rules") is not { } map) return result;
            var issueIds = scenario.Issues.Select(i => i.Id).ToArray();
            foreach (var (keyNode, value) in map.Children)
            {
                var id = YamlReader.KeyText(keyNode);
                var p = YamlReader.Join(path, id);
                var index = Array.IndexOf(issueIds, id);
                if (index < 0)
                {
                    yaml.Error(keyNode, p, DiagnosticCodes.UnknownReference,
                        $"unknown issue '{id}'{DidYouMean.Hint(id, issueIds)}; issues: {string.Join(", ", issueIds)}");
                    continue;
                }
                var mapping = value is YamlSequenceNode rules
                    ? ReadRules(scenario.Issues[index], index, rules, p)
                    : ReadIfThen(scenario.Issues[index], index, value, p);
                if (mapping is not null) result.Add(mapping);
            }
            return result;
        }

        /// <summary><c>{when: CONDITION, then: OPTION, else: OPTION}</c>; without <c>else</c> the issue stays open when the condition fails.</summary>
        private IssueMapping? ReadIfThen(Issue issue, int index, YamlNode node, string path)
        {
            if (yaml.AsMap(node, path, "{when, then, else} or a list of {when, option} rules") is not { } map) return null;
            yaml.CheckKeys(map, path, IfThenKeys);
            ReadCitations(map, path, required: false);
            var whenNode = yaml.Required(map, path, "when");
            var thenNode = yaml.Required(map, path, "then");
            var when = whenNode is null ? null : ReadCondition(whenNode, YamlReader.Join(path, "when"), constraints: false);
            var then = thenNode is null ? null : ReadIssueOption(issue, thenNode, YamlReader.Join(path, "then"));
            var fallback = yaml.Child(map, "else") is { } elseNode ? ReadIssueOption(issue, elseNode, YamlReader.Join(path, "else")) : Package.Open;
            if (when is null || then is null || fallback is null) return null;
            return new IssueMapping(index, [new IssueRule(when, then.Value)], fallback.Value);
        }

        /// <summary>A list of <c>{when, option}</c> rules, first match wins, optionally ending with <c>{default: OPTION}</c>.</summary>
        private IssueMapping? ReadRules(Issue issue, int index, YamlSequenceNode list, string path)
        {
            var rules = new List<IssueRule>();
            var fallback = Package.Open;
            var ok = true;
            if (list.Children.Count == 0)
            {
                yaml.Error(list, path, DiagnosticCodes.Empty, "list at least one {when, option} rule");
                return null;
            }
            for (var i = 0; i < list.Children.Count; i++)
            {
                var p = YamlReader.Index(path, i);
                if (yaml.AsMap(list.Children[i], p, "a rule {when, option} or {default}") is not { } map) { ok = false; continue; }
                yaml.CheckKeys(map, p, RuleKeys);
                ReadCitations(map, p, required: false);
                if (yaml.Child(map, "default") is { } defaultNode)
                {
                    if (yaml.Child(map, "when") is not null || yaml.Child(map, "option") is not null || i != list.Children.Count - 1)
                    {
                        yaml.Error(map, p, DiagnosticCodes.UnknownKey, "'default' stands alone, as the last rule: {default: OPTION}");
                        ok = false;
                        continue;
                    }
                    if (ReadIssueOption(issue, defaultNode, YamlReader.Join(p, "default")) is { } d) fallback = d;
                    else ok = false;
                    continue;
                }
                var whenNode = yaml.Required(map, p, "when");
                var optionNode = yaml.Required(map, p, "option");
                var when = whenNode is null ? null : ReadCondition(whenNode, YamlReader.Join(p, "when"), constraints: false);
                var option = optionNode is null ? null : ReadIssueOption(issue, optionNode, YamlReader.Join(p, "option"));
                if (when is null || option is null) { ok = false; continue; }
                rules.Add(new IssueRule(when, option.Value));
            }
            return ok ? new IssueMapping(index, rules, fallback) : null;
        }

        private int? ReadIssueOption(Issue issue, YamlNode node, string path)
        {
            if (yaml.Scalar(node, path, $"an option id of issue '{issue.Id}'") is not { } id) return null;
            var index = issue.IndexOfOption(id);
            if (index >= 0) return index;
            var known = issue.Options.Select(o => o.Id).ToArray();
            yaml.Error(node, path, DiagnosticCodes.UnknownReference,
                $"unknown option '{id}' of issue '{issue.Id}'{DidYouMean.Hint(id, known)}; its options: {string.Join(", ", known)}");
            return null;
        }
    }
}
