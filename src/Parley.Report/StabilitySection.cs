using Parley.Core.Diagnostics;
using Parley.Core.Model;
using Parley.Stability.Analysis;
using Parley.Stability.Engine;
using Parley.Stability.Model;
using Parley.Stability.Scenarios;
using YamlDotNet.RepresentationModel;
using static Parley.Report.Html;

namespace Parley.Report;

/// <summary>The graph-model analysis of a scenario's <c>conflict</c> section, or why it could not be read.</summary>
public sealed record StabilityData(ScenarioConflict? Conflict, ConflictGraph? Graph, StabilityTable? Table, int? StatusQuo,
    IReadOnlyDictionary<SolutionConcept, IReadOnlyList<ReachableEquilibrium>> FromStatusQuo, IReadOnlyList<string> Problems)
{
    /// <summary>Null when the scenario has no conflict section; otherwise the analysis under all six concepts, or the section's errors.</summary>
    public static StabilityData? Analyse(Scenario scenario)
    {
        if (!scenario.Extensions.ContainsKey(ConflictSection.SectionName)) return null;
        var bag = new DiagnosticBag();
        var conflict = ConflictSection.Read(scenario, bag);
        if (conflict is null) return Failed(bag.Items.Where(d => d.Severity == Severity.Error).Select(d => d.ToString()));
        try
        {
            var graph = ConflictGraph.Build(conflict.Conflict);
            var table = new StabilityAnalyzer(graph).AnalyzeAll(SolutionConcepts.All);
            int? statusQuo = null;
            var reachable = new Dictionary<SolutionConcept, IReadOnlyList<ReachableEquilibrium>>();
            if (conflict.StatusQuo is { } code)
            {
                statusQuo = graph.IndexOf(code);
                if (statusQuo < 0) return Failed([$"conflict.status_quo: the status quo is not a feasible state"]);
                var analysis = new StatusQuoAnalysis(graph);
                foreach (var concept in SolutionConcepts.All) reachable[concept] = analysis.ReachableEquilibria(statusQuo.Value, table.Equilibria(concept));
            }
            return new StabilityData(conflict, graph, table, statusQuo, reachable, []);
        }
        catch (ConflictModelException e)
        {
            return Failed([e.Message]);
        }
    }

    private static StabilityData Failed(IEnumerable<string> problems) =>
        new(null, null, null, null, new Dictionary<SolutionConcept, IReadOnlyList<ReachableEquilibrium>>(), problems.ToList());
}

public static partial class MediatorReport
{
    private static void StrategicStability(Html h, ReportData data)
    {
        if (data.Stability is not { } st) return;
        var s = data.Scenario;
        h.Open("section", id: "stability").Tag("h2", "Strategic stability");
        if (st.Conflict is not { } conflict || st.Graph is not { } graph || st.Table is not { } table)
        {
            h.Tag("p", "The scenario's conflict section could not be analysed:");
            h.Raw("<ul>" + string.Concat(st.Problems.Take(20).Select(p => $"<li><code>{E(p)}</code></li>")) + "</ul>").Close("section");
            return;
        }
        h.Raw($"<p>The graph model for conflict resolution (<code>parley stability</code>, see docs/stability.md): <b>{E(graph.Conflict.Name)}</b>, ")
            .Raw($"{graph.DecisionMakerCount} decision makers, {graph.OptionCount} options, {graph.StateCount} feasible states. ")
            .Raw("Each decision maker controls its options; a state is the set of options taken, written in option form (Y taken, N not, options in the order listed below). ")
            .Raw("A state is <i>stable</i> for a decision maker when it has no unilateral move to a state it prefers that the others cannot deter (the six concepts differ in which deterrents count); ")
            .Raw("an <i>equilibrium</i> is stable for every decision maker. The preferences are the analysts' reading of the quoted passages (an <span class=\"estimate\">estimate</span>): ")
            .Raw("each decision maker's priorities are listed from most to least important.</p>");

        var raw = s.Extensions[ConflictSection.SectionName].Node;
        h.Tag("h3", "Decision makers, options and priorities");
        h.Table(["decision maker", "options (option-form position)", "priorities, most important first"], graph.Conflict.DecisionMakers.Select(dm =>
        {
            var prefix = $"conflict.decision_makers.{dm.Name}";
            var options = string.Concat(dm.Options.Select(k =>
            {
                var o = graph.Conflict.Options[k];
                var direction = o.Direction == OptionDirection.Both ? "" : $" <span class=\"note\">({E(o.Direction.ToString().ToLowerInvariant())} only)</span>";
                return $"<li value=\"{k + 1}\"><code>{E(o.Name)}</code> {E(conflict.OptionLabels[k])}{direction}{Quotes(s, CitationsAt(conflict, $"{prefix}.options.{o.Name}"))}</li>";
            }));
            var statements = PriorityStatements(raw, dm.Name);
            var priorities = statements.Count == 0
                ? "<span class=\"note\">a direct ranking of states</span>"
                : "<ol>" + string.Concat(statements.Select((text, i) => $"<li><code>{E(text)}</code>{Quotes(s, CitationsAt(conflict, $"{prefix}.priorities[{i}]"))}</li>")) + "</ol>";
            return new[] { $"<b>{E(dm.Name)}</b> {E(PartyName(s, dm.Name))}", $"<ol>{options}</ol>", priorities };
        }));

        var concepts = SolutionConcepts.All;
        h.Tag("h3", "Equilibria");
        var union = new StateSet(graph.StateCount);
        foreach (var c in concepts) union.UnionWith(table.Equilibria(c));
        h.Raw("<p>Number of equilibria: " + string.Join(", ", concepts.Select(c => $"{E(c.Label())} {table.Equilibria(c).Count}")) + ". ")
            .Raw("Every state that is an equilibrium under at least one concept:</p>");
        var reachableByState = new Dictionary<int, ReachableEquilibrium>();
        foreach (var list in st.FromStatusQuo.Values)
            foreach (var r in list) reachableByState.TryAdd(r.State, r);
        var headers = new List<string> { "state", "option form", "options taken" };
        headers.AddRange(concepts.Select(c => c.Label()));
        if (st.StatusQuo is not null) headers.AddRange(["shortest path from the status quo (who moves)", "by improvements only"]);
        h.Table(headers, union.Members().Select(state =>
        {
            var cells = new List<string>
            {
                (state + 1).ToString() + (state == st.StatusQuo ? " <b>(status quo)</b>" : ""),
                $"<code>{graph.OptionForm(state)}</code>",
                E(TakenInWords(conflict, graph, state)),
            };
            cells.AddRange(concepts.Select(c => table.Equilibria(c).Contains(state) ? "<span class=\"accept\">E</span>" : ""));
            if (st.StatusQuo is not null)
            {
                var r = reachableByState.GetValueOrDefault(state);
                cells.Add(E(PathInWords(graph, st.StatusQuo!.Value, r?.ByMoves)));
                cells.Add(E(r is null ? "not reachable" : PathInWords(graph, st.StatusQuo!.Value, r.ByImprovements)));
            }
            return cells;
        }), "equilibria");

        if (st.StatusQuo is { } sq)
        {
            h.Tag("h3", "The status quo");
            h.Raw($"<p>State {sq + 1} <code>{graph.OptionForm(sq)}</code>: {E(TakenInWords(conflict, graph, sq))}.</p>");
            var sh = new List<string> { "concept" };
            sh.AddRange(graph.Conflict.DecisionMakers.Select(d => d.Name));
            sh.Add("equilibrium");
            h.Table(sh, concepts.Select(c =>
            {
                var cells = new List<string> { E(c.Label()) };
                cells.AddRange(Enumerable.Range(0, graph.DecisionMakerCount).Select(d => table.IsStable(c, d, sq) ? "stable" : "<span class=\"reject\">unstable</span>"));
                cells.Add(table.Equilibria(c).Contains(sq) ? "<span class=\"accept\">yes</span>" : "no");
                return cells;
            }), "status-quo");
            h.Tag("h3", "Reading");
            h.Raw("<ul class=\"reading\">" + string.Concat(Reading(conflict, graph, table, st, sq).Select(line => $"<li>{E(line)}</li>")) + "</ul>");
        }
        else h.Tag("p", "The conflict section names no status quo (a status_quo list of options), so no paths are shown.");
        h.Close("section");
    }

    /// <summary>A short plain-language reading of the status quo and the Nash equilibria, derived only from the computed tables.</summary>
    private static IEnumerable<string> Reading(ScenarioConflict conflict, ConflictGraph graph, StabilityTable table, StabilityData st, int sq)
    {
        var nash = table.Equilibria(SolutionConcept.Nash);
        if (nash.Contains(sq))
            yield return $"The status quo (state {sq + 1}) is a Nash equilibrium, hence stable under every concept: no decision maker can improve on it by moving on its own.";
        else
        {
            var movers = Enumerable.Range(0, graph.DecisionMakerCount).Where(d => !table.IsStable(SolutionConcept.Nash, d, sq))
                .Select(d => $"{graph.Conflict.DecisionMakers[d].Name} (to state {string.Join(" or ", graph.Improvements(d, sq).Select(t => t + 1))})");
            yield return $"The status quo (state {sq + 1}) is not a Nash equilibrium: {string.Join(", ", movers)} can improve on its own.";
            var holding = SolutionConcepts.All.Where(c => table.Equilibria(c).Contains(sq)).Select(c => c.Label()).ToList();
            yield return holding.Count > 0
                ? $"It is nevertheless an equilibrium under {string.Join(", ", holding)}: the improvements can be deterred by the others' sanctions."
                : "It is an equilibrium under no concept: it is expected to change.";
        }
        var others = nash.Members().Where(e => e != sq).ToList();
        if (others.Count == 0) yield return "No other state is a Nash equilibrium.";
        var reachable = st.FromStatusQuo.GetValueOrDefault(SolutionConcept.Nash) ?? [];
        foreach (var e in others)
        {
            var r = reachable.FirstOrDefault(x => x.State == e);
            var what = $"State {e + 1} ({TakenInWords(conflict, graph, e)}) is a Nash equilibrium";
            if (r?.ByMoves is not { } path) yield return what + ", but it cannot be reached from the status quo by legal moves.";
            else
            {
                var movers = path.Moves.Select(m => graph.Conflict.DecisionMakers[m.Mover].Name).Distinct().ToList();
                var improving = r.ByImprovements is { } ip
                    ? $"it can also be reached by improvements alone, in {ip.Moves.Count} move{(ip.Moves.Count == 1 ? "" : "s")}: every step is in the mover's own interest."
                    : "it cannot be reached by improvements alone: at least one decision maker must accept a step that is worse for it, which is where mediation, guarantees or side payments come in.";
                yield return $"{what}; it is {path.Moves.Count} move{(path.Moves.Count == 1 ? "" : "s")} away, by {string.Join(", ", movers)}; {improving}";
            }
        }
        var counts = SolutionConcepts.All.Where(c => c != SolutionConcept.Nash).Select(c => $"{c.Label()} {table.Equilibria(c).Count}");
        yield return $"Counting credible sanctions makes more states stable ({string.Join(", ", counts)} equilibria against {nash.Count} Nash): the more a concept assumes decision makers fear retaliation, the more states can persist.";
    }

    private static string TakenInWords(ScenarioConflict conflict, ConflictGraph graph, int state)
    {
        var taken = Enumerable.Range(0, graph.OptionCount).Where(k => (graph.Codes[state] >> k & 1) != 0).Select(k => conflict.OptionLabels[k]).ToList();
        return taken.Count == 0 ? "no option taken" : string.Join("; ", taken);
    }

    /// <summary>"RU (+ru_withdraw, −ru_escalate) → 41, then UA (…) → 45": each mover and the options it takes (+) or drops (−).</summary>
    private static string PathInWords(ConflictGraph graph, int origin, ConflictPath? path)
    {
        if (path is null) return "not reachable";
        if (path.Moves.Count == 0) return "already there";
        var parts = new List<string>();
        var before = graph.Codes[origin];
        foreach (var m in path.Moves)
        {
            var after = graph.Codes[m.State];
            var change = string.Join(", ", Enumerable.Range(0, graph.OptionCount).Where(k => ((before ^ after) >> k & 1) != 0)
                .Select(k => ((after >> k & 1) != 0 ? "+" : "−") + graph.Conflict.Options[k].Name));
            parts.Add($"{graph.Conflict.DecisionMakers[m.Mover].Name} ({change}) → {m.State + 1}");
            before = after;
        }
        return string.Join(", then ", parts);
    }

    private static IEnumerable<Citation> CitationsAt(ScenarioConflict conflict, string prefix) =>
        conflict.Citations.Where(c => c.Path == prefix + ".cite" || c.Path.StartsWith(prefix + ".cite[", StringComparison.Ordinal)).Select(c => c.Citation);

    private static string PartyName(Scenario s, string id) => s.Parties.FirstOrDefault(p => p.Id == id)?.Name ?? "";

    /// <summary>The priority statements as written (the model keeps them compiled), read from the raw section.</summary>
    private static IReadOnlyList<string> PriorityStatements(YamlNode section, string decisionMaker)
    {
        if (section is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode("decision_makers"), out var dms) || dms is not YamlMappingNode dmMap
            || !dmMap.Children.TryGetValue(new YamlScalarNode(decisionMaker), out var dm) || dm is not YamlMappingNode dmNode
            || !dmNode.Children.TryGetValue(new YamlScalarNode("priorities"), out var priorities) || priorities is not YamlSequenceNode list)
            return [];
        return list.Children.Select(item => item switch
        {
            YamlScalarNode scalar => scalar.Value ?? "",
            YamlMappingNode m when m.Children.TryGetValue(new YamlScalarNode("statement"), out var st) && st is YamlScalarNode sv => sv.Value ?? "",
            _ => "",
        }).ToList();
    }
}
