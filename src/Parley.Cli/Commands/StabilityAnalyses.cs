using System.Text.Json.Nodes;
using Parley.Cli.Infrastructure;
using Parley.Stability.Analysis;
using Parley.Stability.Analysis.Inverse;
using Parley.Stability.Coalitions;
using Parley.Stability.Gmcr;
using Parley.Stability.Engine;
using Parley.Stability.Model;
using Parley.Stability.Scenarios;

namespace Parley.Cli.Commands;

/// <summary>A verdict column beside the solution concepts (L_h, non-myopic): who finds each state stable, and the equilibria.</summary>
internal sealed record ExtraColumn(string Label, IReadOnlyList<StateSet> StableFor, StateSet Equilibria, string Note)
{
    public string Marks(int state) =>
        new string(StableFor.Select(s => s.Contains(state) ? 'S' : '.').ToArray()) + (Equilibria.Contains(state) ? " E" : "");

    public JsonObject Json(Func<int, string> dmName)
    {
        var stable = new JsonObject();
        for (var d = 0; d < StableFor.Count; d++)
            stable[dmName(d)] = new JsonArray(StableFor[d].Members().Select(s => (JsonNode)(s + 1)).ToArray());
        return new JsonObject
        {
            ["label"] = Label,
            ["note"] = Note,
            ["stable"] = stable,
            ["equilibria"] = new JsonArray(Equilibria.Members().Select(s => (JsonNode)(s + 1)).ToArray()),
        };
    }
}

/// <summary>One concept's inverse analysis of a state: the condition per decision maker in words, and the ranking count when small.</summary>
internal sealed record InverseItem(SolutionConcept Concept, IReadOnlyList<PreferenceFormula> PerDm, RankingEnumeration? Count, string? CountNote);

/// <summary>What <c>--inverse STATE</c> found.</summary>
internal sealed record InverseReport(int State, IReadOnlyList<InverseItem> Items);

/// <summary>What the goal seeker found for the <c>--goal</c> options.</summary>
internal sealed record GoalReport(IReadOnlyList<StabilityGoal> Goals, GoalSeekResult Result);

/// <summary>
/// The optional analyses of <c>parley stability</c> beyond the six concepts: limited-move (<c>--horizon</c>) and
/// non-myopic stability, inverse analysis (<c>--inverse</c>) and the goal seeker (<c>--goal</c>).
/// </summary>
internal sealed class StabilityAnalyses
{
    /// <summary>Rankings are counted exhaustively only up to this many states (7! = 5,040 strict rankings per decision maker).</summary>
    public const int CountStateLimit = 7;

    /// <summary>The largest horizon accepted: the anticipation tables of every horizon up to it are kept.</summary>
    public const int MaxHorizon = 10_000;

    public IReadOnlyList<ExtraColumn> Columns { get; init; } = [];
    public InverseReport? Inverse { get; init; }
    public GoalReport? Goals { get; init; }

    /// <summary>The composite-decision-maker analysis and whether it came from the .gmcr file's own coalitions.</summary>
    public (CompositeResult Result, bool FromFile)? Composite { get; init; }

    public static StabilityAnalyses Run(ConflictGraph graph, StabilityInput input, StabilitySettings settings, IReadOnlyList<SolutionConcept> concepts)
    {
        var columns = new List<ExtraColumn>();
        if (settings.Horizon is not null || settings.NonMyopic)
        {
            var limited = LimitedMove(graph);
            if (settings.Horizon is { } h)
            {
                if (h < 1 || h > MaxHorizon)
                    throw new CliException(ExitCodes.Usage, $"--horizon {h}: give a horizon from 1 to {MaxHorizon}");
                columns.Add(new ExtraColumn($"L{h}", [limited.Stable(0, h), limited.Stable(1, h)], limited.Equilibria(h),
                    $"limited-move stability with horizon {h} (L1 = Nash)"));
            }
            if (settings.NonMyopic)
            {
                var nm = limited.NonMyopic();
                columns.Add(new ExtraColumn("NM", nm.Stable, nm.Equilibria,
                    $"non-myopic stability: L_h stable for every horizon from {nm.SettledFrom} on" +
                    (nm.Period > 1 ? $" (the verdicts cycle with period {nm.Period}; stable at every horizon of the cycle)" : "")));
            }
        }
        var inverseConcepts = settings.Concept is { } c ? StabilityCommand.ParseConcepts(c) : concepts;
        InverseReport? inverse = null;
        GoalReport? goals = null;
        if (settings.Inverse is not null || settings.Goals.Length > 0)
        {
            var analyzer = NewInverseAnalyzer(graph);
            if (settings.Inverse is { } text)
            {
                var state = StabilityCommand.ParseState(graph, input, text, "--inverse");
                inverse = new InverseReport(state, inverseConcepts.Select(concept => InverseOf(analyzer, state, concept)).ToArray());
            }
            if (settings.Goals.Length > 0)
            {
                var parsed = settings.Goals.Select(g => ParseGoal(graph, input, g, inverseConcepts.Count == 1 ? inverseConcepts[0] : SolutionConcept.Nash)).ToArray();
                goals = new GoalReport(parsed, Guard(() => analyzer.Seek(parsed)));
            }
        }
        return new StabilityAnalyses { Columns = columns, Inverse = inverse, Goals = goals, Composite = RunComposite(graph, settings, concepts, input.Gmcr) };
    }

    private static (CompositeResult, bool)? RunComposite(ConflictGraph graph, StabilitySettings settings, IReadOnlyList<SolutionConcept> concepts, GmcrDocument? gmcr)
    {
        Coalition[] composites;
        var fromFile = settings.Composites.Length == 0;
        if (fromFile)
        {
            if (gmcr is null || Guard(() => GmcrFile.Coalitions(gmcr)) is not { } groups) return null;
            composites = groups.Where(g => g.Count > 1).Select(g => Coalition.Of(g.ToArray())).ToArray();
        }
        else
        {
            var names = graph.Conflict.DecisionMakers.Select(d => d.Name).ToArray();
            composites = settings.Composites.Select(text =>
            {
                var members = text.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(name =>
                {
                    var d = Array.FindIndex(names, n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
                    if (d < 0)
                        throw new CliException(ExitCodes.UnknownName,
                            $"--composite {text}: unknown decision maker '{name}'{Parley.Core.Format.DidYouMean.Hint(name, names)}; decision makers: {string.Join(", ", names)}");
                    return d;
                }).Distinct().ToArray();
                if (members.Length < 2) throw new CliException(ExitCodes.Usage, $"--composite {text}: a composite joins at least two decision makers (A+B)");
                return Coalition.Of(members);
            }).Distinct().ToArray();
        }
        return (Guard(() => new CompositeAnalyzer(graph, composites).Analyze(concepts)), fromFile);
    }

    private static LimitedMoveAnalyzer LimitedMove(ConflictGraph graph)
    {
        if (graph.DecisionMakerCount != 2)
            throw new CliException(ExitCodes.AnalysisFailed,
                $"--horizon and --non-myopic need a conflict of exactly two decision makers (limited-move stability is defined for two); " +
                $"this one has {graph.DecisionMakerCount}: {string.Join(", ", graph.Conflict.DecisionMakers.Select(d => d.Name))}");
        return Guard(() => new LimitedMoveAnalyzer(graph));
    }

    private static InverseAnalyzer NewInverseAnalyzer(ConflictGraph graph) => Guard(() => new InverseAnalyzer(graph));

    private static T Guard<T>(Func<T> analysis)
    {
        try
        {
            return analysis();
        }
        catch (ConflictModelException e)
        {
            throw new CliException(ExitCodes.AnalysisFailed, e.Message);
        }
    }

    private static InverseItem InverseOf(InverseAnalyzer analyzer, int state, SolutionConcept concept)
    {
        var graph = analyzer.Graph;
        var perDm = Guard(() => Enumerable.Range(0, graph.DecisionMakerCount).Select(d => analyzer.StabilityCondition(d, state, concept)).ToArray());
        if (graph.StateCount > CountStateLimit)
            return new InverseItem(concept, perDm, null, $"rankings are counted only up to {CountStateLimit} states; this conflict has {graph.StateCount}");
        try
        {
            return new InverseItem(concept, perDm, analyzer.EnumerateRankings(state, concept, maxListed: 3, maxCombinations: 1_000_000), null);
        }
        catch (ConflictModelException e)
        {
            return new InverseItem(concept, perDm, null, e.Message);
        }
    }

    /// <summary>Parses <c>stable:STATE</c> or <c>unstable:STATE</c>, optionally <c>:CONCEPT</c> and <c>:DECISION-MAKER</c> (default: an equilibrium).</summary>
    internal static StabilityGoal ParseGoal(ConflictGraph graph, StabilityInput input, string text, SolutionConcept defaultConcept)
    {
        var parts = text.Split(':', StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 4 || parts[1].Length == 0)
            throw new CliException(ExitCodes.Usage, $"--goal {text}: write stable:STATE or unstable:STATE, optionally followed by :CONCEPT and :DECISION-MAKER");
        var stable = parts[0].ToLowerInvariant() switch
        {
            "stable" => true,
            "unstable" => false,
            _ => throw new CliException(ExitCodes.Usage, $"--goal {text}: '{parts[0]}' is neither 'stable' nor 'unstable'"),
        };
        var state = StabilityCommand.ParseState(graph, input, parts[1], "--goal");
        var concept = defaultConcept;
        if (parts.Length > 2)
        {
            try
            {
                concept = SolutionConcepts.Parse(parts[2]);
            }
            catch (ArgumentException e)
            {
                throw new CliException(ExitCodes.Usage, $"--goal {text}: {e.Message}");
            }
        }
        int? dm = null;
        if (parts.Length > 3)
        {
            var names = graph.Conflict.DecisionMakers.Select(d => d.Name).ToArray();
            var index = Array.FindIndex(names, n => n.Equals(parts[3], StringComparison.OrdinalIgnoreCase));
            if (index < 0)
                throw new CliException(ExitCodes.UnknownName,
                    $"--goal {text}: unknown decision maker '{parts[3]}'{Parley.Core.Format.DidYouMean.Hint(parts[3], names)}; decision makers: {string.Join(", ", names)}");
            dm = index;
        }
        return new StabilityGoal(state, concept, stable, dm);
    }

    /// <summary>Text lines for the console and Markdown (a line starting with '#' is a heading).</summary>
    public IEnumerable<string> Lines(ConflictGraph graph, Func<int, string> taken)
    {
        string Dm(int d) => graph.Conflict.DecisionMakers[d].Name;
        foreach (var column in Columns) yield return $"{column.Label}: {column.Note}.";
        if (Composite is ({ } composite, var fromFile))
        {
            yield return $"# Composite decision makers ({(fromFile ? "the file's gmcr-py coalitions" : "--composite")}): {string.Join(", ", composite.Names)}";
            yield return "gmcr-py's coalition analysis: each coalition acts as one decision maker controlling all its members' options and " +
                         "prefers a state only when every member strictly prefers it. S marks per effective decision maker in this order.";
            foreach (var (concept, eq) in composite.Equilibria)
                yield return $"{concept.Label()}: {eq.Count} equilibria: {(eq.Count == 0 ? "none" : string.Join("; ", eq.Members().Select(x => $"{x + 1} [{taken(x)}]")))}";
            foreach (var (concept, perGroup) in composite.Stable)
                for (var g = 0; g < perGroup.Length; g++)
                    yield return $"  {concept.Label()} stable for {composite.Names[g]}: {string.Join(", ", perGroup[g].Members().Select(x => x + 1))}";
        }
        if (Inverse is { } inverse)
        {
            var s = inverse.State;
            yield return $"# What makes state {s + 1} ({graph.OptionForm(s)}) [{taken(s)}] stable";
            foreach (var item in inverse.Items)
            {
                yield return $"{item.Concept.Label()}: state {s + 1} is an equilibrium exactly when every decision maker finds it stable:";
                for (var d = 0; d < item.PerDm.Count; d++)
                {
                    yield return $"  stable for {Dm(d)} iff {item.PerDm[d].Describe(graph)}";
                    if (item.Concept == SolutionConcept.Nash && RelationsIn(item.PerDm[d]).ToArray() is { Length: > 0 } own)
                        yield return $"    in words: {Dm(d)} must not prefer " + string.Join(", nor ", own.Select(r => MoveInWords(graph, s, r.Worse))) +
                                     $", while the others keep to state {s + 1}";
                }
                yield return item.Count is { } count
                    ? $"  strict rankings (no ties) making it an equilibrium: {count.Count} of {count.Examined}"
                    : $"  rankings not counted: {item.CountNote}";
            }
            foreach (var line in StateLegend(graph, inverse.Items.SelectMany(i => i.PerDm).SelectMany(RelationsIn), taken)) yield return line;
        }
        if (Goals is { } goals)
        {
            yield return "# Goal seeking";
            foreach (var goal in goals.Goals) yield return $"goal: {goal.Describe(graph)}";
            if (goals.Result.Achievable)
            {
                yield return "Achievable. Preference relations that suffice (each decision maker's ranking must contain these):";
                for (var d = 0; d < graph.DecisionMakerCount; d++)
                {
                    var relations = goals.Result.RelationsOf(d).ToArray();
                    yield return $"  {Dm(d)}: " + (relations.Length == 0 ? "no requirement" : string.Join("; ", relations.Select(r => Relation(graph, r))));
                }
                foreach (var line in StateLegend(graph, goals.Result.Relations, taken)) yield return line;
            }
            else
            {
                yield return goals.Result.Conflicting.Count == goals.Goals.Count && goals.Result.Explanation.StartsWith("undecided", StringComparison.Ordinal)
                    ? $"Not decided: {goals.Result.Explanation}."
                    : $"Not achievable: {goals.Result.Explanation}.";
            }
        }
    }

    private static IEnumerable<PreferenceRelation> RelationsIn(PreferenceFormula formula) => formula switch
    {
        PreferenceRelation r => [r],
        Conjunction all => all.Parts.SelectMany(RelationsIn),
        Disjunction any => any.Parts.SelectMany(RelationsIn),
        _ => [],
    };

    /// <summary>A unilateral move s→t as the options it takes and withdraws ("taking X and withdrawing Y").</summary>
    private static string MoveInWords(ConflictGraph graph, int from, int to)
    {
        var before = graph.Codes[from];
        var after = graph.Codes[to];
        var parts = new List<string>();
        for (var k = 0; k < graph.OptionCount; k++)
        {
            var bit = 1UL << k;
            if ((before & bit) == 0 && (after & bit) != 0) parts.Add($"taking '{graph.Conflict.Options[k].Name}'");
            if ((before & bit) != 0 && (after & bit) == 0) parts.Add($"withdrawing '{graph.Conflict.Options[k].Name}'");
        }
        return $"{string.Join(" and ", parts)} (state {to + 1})";
    }

    private static string Relation(ConflictGraph graph, PreferenceRelation r) =>
        $"{r.Better + 1} ({graph.OptionForm(r.Better)}) {(r.Strict ? "≻" : "⪰")} {r.Worse + 1} ({graph.OptionForm(r.Worse)})";

    private static IEnumerable<string> StateLegend(ConflictGraph graph, IEnumerable<PreferenceRelation> relations, Func<int, string> taken)
    {
        var states = relations.SelectMany(r => new[] { r.Better, r.Worse }).Distinct().Order().ToArray();
        if (states.Length == 0) yield break;
        yield return "States mentioned (options taken): " + string.Join("; ", states.Take(60).Select(s => $"{s + 1} ({graph.OptionForm(s)}) = {taken(s)}")) +
                     (states.Length > 60 ? "; …" : "");
    }

    public void AddJson(JsonObject root, ConflictGraph graph)
    {
        string Dm(int d) => graph.Conflict.DecisionMakers[d].Name;
        if (Composite is ({ } composite, var fromFile))
        {
            var equilibria = new JsonObject();
            var stable = new JsonObject();
            foreach (var (concept, eq) in composite.Equilibria)
            {
                equilibria[concept.Label()] = new JsonArray(eq.Members().Select(x => (JsonNode)(x + 1)).ToArray());
                var perGroup = new JsonObject();
                for (var g = 0; g < composite.Names.Count; g++)
                    perGroup[composite.Names[g]] = new JsonArray(composite.Stable[concept][g].Members().Select(x => (JsonNode)(x + 1)).ToArray());
                stable[concept.Label()] = perGroup;
            }
            root["composite"] = new JsonObject
            {
                ["source"] = fromFile ? "gmcr coalitions" : "--composite",
                ["preference"] = "a composite prefers a state only when every member strictly prefers it (gmcr-py)",
                ["decisionMakers"] = new JsonArray(composite.Names.Select(n => (JsonNode)n).ToArray()),
                ["equilibria"] = equilibria,
                ["stable"] = stable,
            };
        }
        if (Columns.Count > 0) root["extraVerdicts"] = new JsonArray(Columns.Select(c => (JsonNode)c.Json(Dm)).ToArray());
        if (Inverse is { } inverse)
            root["inverse"] = new JsonObject
            {
                ["state"] = inverse.State + 1,
                ["optionForm"] = graph.OptionForm(inverse.State),
                ["concepts"] = new JsonArray(inverse.Items.Select(item => (JsonNode)new JsonObject
                {
                    ["concept"] = item.Concept.Label(),
                    ["conditions"] = new JsonArray(item.PerDm.Select((f, d) => (JsonNode)new JsonObject
                    {
                        ["decisionMaker"] = Dm(d),
                        ["text"] = f.Describe(graph),
                    }).ToArray()),
                    ["rankingCount"] = item.Count?.Count,
                    ["rankingsExamined"] = item.Count?.Examined,
                    ["examples"] = item.Count is { } count
                        ? new JsonArray(count.Examples.Select(e => (JsonNode)new JsonArray(e.Select(order => (JsonNode)new JsonArray(order.Select(s => (JsonNode)(s + 1)).ToArray())).ToArray())).ToArray())
                        : null,
                    ["countNote"] = item.CountNote,
                }).ToArray()),
            };
        if (Goals is { } goals)
            root["goals"] = new JsonObject
            {
                ["goals"] = new JsonArray(goals.Goals.Select(g => (JsonNode)g.Describe(graph)).ToArray()),
                ["achievable"] = goals.Result.Achievable,
                ["relations"] = new JsonArray(goals.Result.Relations.Select(r => (JsonNode)new JsonObject
                {
                    ["decisionMaker"] = Dm(r.Dm),
                    ["better"] = r.Better + 1,
                    ["worse"] = r.Worse + 1,
                    ["strict"] = r.Strict,
                    ["text"] = r.Describe(graph),
                }).ToArray()),
                ["conflicting"] = new JsonArray(goals.Result.Conflicting.Select(g => (JsonNode)g.Describe(graph)).ToArray()),
                ["explanation"] = goals.Result.Explanation,
            };
    }
}
