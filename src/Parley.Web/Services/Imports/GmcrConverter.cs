using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Parley.Core.Diagnostics;
using Parley.Stability.Engine;
using Parley.Stability.Gmcr;
using Parley.Stability.Model;
using YamlDotNet.RepresentationModel;

namespace Parley.Web.Services.Imports;

/// <summary>
/// Turns a gmcr-py save file into a Parley scenario with a <c>conflict</c> section, so it is versioned,
/// edited and analysed like any scenario. Decision makers become belligerent parties; every option becomes
/// a yes/no issue (the scenario format needs issues, and "is the option taken?" is what a gmcr-py option
/// negotiates); preference statements become <c>priorities</c> and manual rankings become <c>ranking</c> tiers
/// of option patterns, so the states, their numbering and every decision maker's ranking are those of
/// gmcr-py. Infeasible states and misperceptions are written as statements; permitted directions are kept.
/// Coalitions and gmcr-py's unknown fields are not kept (run <c>parley stability --gmcr</c> for coalitions).
/// </summary>
public static partial class GmcrConverter
{
    public static (string? Yaml, IReadOnlyList<Diagnostic> Diagnostics) Convert(ImportedFile file)
    {
        Conflict conflict;
        try
        {
            conflict = GmcrFile.ToConflict(GmcrFile.Parse(file.Text, file.Name));
            ConflictGraph.Build(conflict);
        }
        catch (ConflictModelException e)
        {
            return (null, [new Diagnostic(Severity.Error, DiagnosticCodes.Syntax, e.Reason, e.Location ?? file.Name, new SourceLocation(file.Name, 1, 1))]);
        }
        return (ToYaml(conflict, file.Name), []);
    }

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex NonWord();

    private static readonly HashSet<string> Keywords = ["and", "or", "not", "if", "iff", "true", "false"];

    private static string UniqueId(string name, string fallback, HashSet<string> taken, bool lower)
    {
        var id = NonWord().Replace(name, "_").Trim('_');
        if (lower) id = id.ToLowerInvariant();
        if (id.Length == 0 || !char.IsLetter(id[0])) id = fallback + (id.Length == 0 ? "" : "_" + id);
        if (Keywords.Contains(id.ToLowerInvariant())) id += "_option";
        var unique = id;
        for (var k = 2; !taken.Add(unique); k++) unique = $"{id}_{k}";
        return unique;
    }

    private static string ToYaml(Conflict conflict, string fileName)
    {
        var partyIds = new HashSet<string>(StringComparer.Ordinal);
        var optionIds = new HashSet<string>(StringComparer.Ordinal);
        var dmIds = conflict.DecisionMakers.Select(d => UniqueId(d.Name, "dm", partyIds, lower: false)).ToArray();
        var opts = conflict.Options.Select(o => UniqueId(o.Name, "option", optionIds, lower: true)).ToArray();
        var slug = NonWord().Replace(Path.GetFileNameWithoutExtension(fileName).ToLowerInvariant(), "-").Trim('-');
        if (slug.Length == 0) slug = "gmcr";

        string Statement(StateCondition condition) => condition switch
        {
            OptionPattern p when p.Yes == 0 && p.No == 0 => "true",
            OptionPattern p => string.Join(" and ", Enumerable.Range(0, opts.Length)
                .Where(k => ((p.Yes | p.No) & (1UL << k)) != 0)
                .Select(k => (p.Yes & (1UL << k)) != 0 ? opts[k] : $"not {opts[k]}")),
            AnyOf any => string.Join(" or ", any.Members.Select(m => $"({Statement(m)})")),
            _ => throw new InvalidOperationException($"gmcr-py conditions are patterns; unexpected {condition.GetType().Name}"),
        };
        string Pattern(ulong state) => new(Enumerable.Range(0, opts.Length).Select(k => (state & (1UL << k)) != 0 ? 'Y' : 'N').ToArray());

        var dms = new YamlMappingNode();
        for (var d = 0; d < conflict.DecisionMakers.Count; d++)
        {
            var dm = conflict.DecisionMakers[d];
            var options = new YamlMappingNode();
            foreach (var o in dm.Options)
            {
                var option = new YamlMappingNode { { "label", conflict.Options[o].Name } };
                if (conflict.Options[o].Direction != OptionDirection.Both)
                    option.Add("direction", conflict.Options[o].Direction.ToString().ToLowerInvariant());
                options.Add(opts[o], option);
            }
            var entry = new YamlMappingNode { { "options", options } };
            switch (dm.Preference)
            {
                case PrioritizedPreference p:
                    entry.Add("priorities", new YamlSequenceNode(p.Statements.Select(s => (YamlNode)new YamlMappingNode { { "statement", Statement(s) } })));
                    break;
                case RankedPreference r:
                    entry.Add("ranking", new YamlSequenceNode(r.TiersBestFirst.Select(tier =>
                        (YamlNode)new YamlSequenceNode(tier.Select(state => (YamlNode)new YamlMappingNode { { "pattern", Pattern(state) } })))));
                    break;
            }
            if (dm.MisperceivedStates.Count > 0)
                entry.Add("misperceptions", new YamlSequenceNode(dm.MisperceivedStates.Select(s => (YamlNode)new YamlScalarNode(Statement(s)))));
            dms.Add(dmIds[d], entry);
        }
        var section = new YamlMappingNode { { "name", conflict.Name }, { "decision_makers", dms } };
        if (conflict.Infeasible.Count > 0)
            section.Add("infeasible", new YamlSequenceNode(conflict.Infeasible.Select(s => (YamlNode)new YamlScalarNode(Statement(s)))));

        var root = new YamlMappingNode
        {
            { "id", slug },
            { "title", $"{conflict.Name} (gmcr-py)" },
            { "description", $"Imported from the gmcr-py file {fileName}: each option is an issue (taken or not), each decision maker a party." },
            { "sources", new YamlSequenceNode(new YamlMappingNode { { "id", "gmcr" }, { "title", $"gmcr-py file {fileName}" } }) },
            { "parties", new YamlSequenceNode(conflict.DecisionMakers.Select((d, i) =>
                (YamlNode)new YamlMappingNode { { "id", dmIds[i] }, { "name", d.Name }, { "role", "belligerent" } })) },
            { "issues", new YamlSequenceNode(conflict.Options.Select((o, k) => (YamlNode)new YamlMappingNode
                {
                    { "id", opts[k] },
                    { "name", o.Name },
                    { "options", new YamlSequenceNode(
                        new YamlMappingNode { { "id", "no" }, { "label", "not taken" } },
                        new YamlMappingNode { { "id", "yes" }, { "label", "taken" } }) },
                })) },
            { "conflict", section },
        };
        var builder = new StringBuilder();
        using (var writer = new StringWriter(builder, CultureInfo.InvariantCulture))
            new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        var text = builder.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }
}
