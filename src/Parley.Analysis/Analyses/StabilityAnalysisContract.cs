using Parley.Analysis.Contracts;
using Parley.Analysis.Results;
using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Parley.Core.Model;
using Parley.Stability.Analysis;
using Parley.Stability.Analysis.Inverse;
using Parley.Stability.Coalitions;
using Parley.Stability.Engine;
using Parley.Stability.Gmcr;
using Parley.Stability.Model;
using Parley.Stability.Scenarios;

namespace Parley.Analysis.Analyses;

/// <summary>
/// The conflict a stability analysis reads: a scenario's <c>conflict</c> section or a gmcr-py file, with the
/// names a reader sees. <c>Source</c> names it in messages and documents (the scenario's id, the file's name).
/// </summary>
public sealed record ConflictInput(string Source, Conflict Conflict, IReadOnlyList<string> DecisionMakerNames, IReadOnlyList<string>? OptionLabels,
    ulong? StatusQuo, GmcrDocument? Gmcr)
{
    public static ConflictInput FromSection(Scenario scenario, ScenarioConflict section) =>
        new(scenario.Id, section.Conflict, section.DecisionMakerNames, section.OptionLabels, section.StatusQuo, null);

    /// <summary>A gmcr-py file already read; throws <see cref="ConflictModelException"/> (located in the file) when it does not describe a conflict.</summary>
    public static ConflictInput FromGmcr(string source, GmcrDocument document)
    {
        var conflict = GmcrFile.ToConflict(document);
        return new ConflictInput(source, conflict, conflict.DecisionMakers.Select(d => d.Name).ToArray(), null, null, document);
    }
}

/// <summary>
/// The graph-model stability analysis (<c>parley stability</c>, the workbench's stability run and page, the
/// report's section): every state's stability for every decision maker under each solution concept, the
/// equilibria, the equilibria reachable from the status quo, and on request coalitions, composite decision
/// makers, limited-move and non-myopic stability, the inverse analysis, the goal seeker and the explanation of
/// one state. A scenario's conflict section and a gmcr-py file (<see cref="Compute(ConflictInput, AnalysisOptions, IProgress{double}?, CancellationToken)"/>)
/// go through the same composition.
/// </summary>
public sealed class StabilityAnalysisContract()
    : AnalysisContract(AnalysisName, "Graph-model stability of the conflict: verdicts per concept, equilibria, paths from the status quo", ConflictSection.SectionName)
{
    public const string AnalysisName = "stability";

    /// <summary>The analysis does not apply to this conflict (limited-move stability of three decision makers, a composite without opponent).</summary>
    public const string NotApplicable = "not-applicable";

    /// <summary>How messages name each option (the CLI puts its flag in their place).</summary>
    public static readonly IReadOnlyDictionary<string, string> OptionWords = new Dictionary<string, string>
    {
        ["statusQuo"] = "status quo", ["explain"] = "explain", ["inverse"] = "inverse", ["goals"] = "goal", ["coalitions"] = "coalition",
        ["composites"] = "composite", ["horizon"] = "horizon", ["inverseConcepts"] = "concept", ["concepts"] = "concepts",
    };

    private const string Note = "payoffs are ranks: higher is more preferred, equal is a tie; state numbers follow gmcr-py";

    /// <summary>The scenario's conflict section; null with the located errors in <paramref name="bag"/> (warnings too) when it is missing or wrong.</summary>
    public static ConflictInput? ReadConflict(Scenario scenario, DiagnosticBag bag) =>
        ConflictSection.Read(scenario, bag) is { } section ? ConflictInput.FromSection(scenario, section) : null;

    public override IReadOnlyList<Diagnostic> Validate(Scenario scenario, AnalysisOptions options)
    {
        var bag = new DiagnosticBag();
        var input = ReadConflict(scenario, bag);
        if (input is null) return bag.Items.Where(d => d.Severity == Severity.Error).ToList();
        return Validate(input, options);
    }

    /// <summary>The problems that stop the analysis of an already-read conflict with these options.</summary>
    public IReadOnlyList<Diagnostic> Validate(ConflictInput input, AnalysisOptions options) => Prepare(input, options, CancellationToken.None).Problems;

    public override AnalysisDocument Run(Scenario scenario, AnalysisOptions options, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        EnsureValidSection(scenario, out var input);
        return AnalysisDocument.Of(Name, scenario, Compute(input, options, progress, cancellation));
    }

    /// <summary>The document of an analysis of a conflict read elsewhere (a .gmcr file): its <c>scenario</c> is the input's source.</summary>
    public AnalysisDocument Document(ConflictInput input, StabilityResult result) => new(Json.ResultJson.SchemaVersion, Name, input.Source, result);

    private void EnsureValidSection(Scenario scenario, out ConflictInput input)
    {
        var bag = new DiagnosticBag();
        var read = ReadConflict(scenario, bag);
        if (read is null)
        {
            var errors = bag.Items.Where(d => d.Severity == Severity.Error).ToList();
            throw new AnalysisException(errors[0].Message, errors);
        }
        input = read;
    }

    /// <summary>Runs the analysis; throws <see cref="AnalysisException"/> with located diagnostics on what it refuses.</summary>
    public StabilityResult Compute(ConflictInput input, AnalysisOptions options, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        var (plan, problems) = Prepare(input, options, cancellation);
        if (problems.Count > 0 || plan is null) throw new AnalysisException(problems[0].Message, problems);
        return plan.Run(progress, cancellation);
    }

    private static Diagnostic Error(string code, string path, string message) => new(Severity.Error, code, message, path, null);

    private static (Plan? Plan, IReadOnlyList<Diagnostic> Problems) Prepare(ConflictInput input, AnalysisOptions options, CancellationToken cancellation)
    {
        var problems = new List<Diagnostic>();
        if (options.Threads is < 1 or > 1024) problems.Add(Error(DiagnosticCodes.OutOfRange, "threads", "threads must be between 1 and 1024"));
        var concepts = Concepts(options.Concepts, "concepts", problems) ?? SolutionConcepts.All;
        var inverseConcepts = options.InverseConcepts is { } ic ? Concepts(ic, "inverseConcepts", problems) ?? concepts : concepts;
        if (options.Horizon is { } h && (h < 1 || h > AnalysisDefaults.StabilityMaxHorizon))
            problems.Add(Error(DiagnosticCodes.OutOfRange, "horizon", $"horizon {h}: give a horizon from 1 to {AnalysisDefaults.StabilityMaxHorizon}"));

        ConflictGraph graph;
        try
        {
            graph = ConflictGraph.Build(input.Conflict, new StabilityOptions { MaxDegreeOfParallelism = options.Threads, Cancellation = cancellation });
        }
        catch (ConflictModelException e)
        {
            problems.Add(Error(DiagnosticCodes.OutOfRange, ConflictSection.SectionName, $"{input.Source}: {e.Message}"));
            return (null, problems);
        }
        var analyzer = new StabilityAnalyzer(graph);
        if (graph.StateCount > AnalysisDefaults.StabilityEstimateAbove && !options.Force && problems.Count == 0)
        {
            var estimate = analyzer.Estimate(concepts);
            var memory = (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * AnalysisDefaults.StabilityMaxMemoryShare);
            if (estimate.Seconds > AnalysisDefaults.StabilityMaxSeconds || estimate.Bytes > memory)
            {
                var over = estimate.Seconds > AnalysisDefaults.StabilityMaxSeconds ? $"more than the {Time(AnalysisDefaults.StabilityMaxSeconds)} limit" : $"more memory than the {Size(memory)} available";
                problems.Add(Error(DiagnosticCodes.TooLarge, "force",
                    $"{input.Source}: the analysis of {Text.Fmt.Count(graph.StateCount)} states ({string.Join(", ", concepts.Select(c => c.Label()))}) would take about " +
                    $"{Time(estimate.Seconds)} and {Size(estimate.Bytes)} (estimated from its size), {over}; choose fewer concepts (SIM and SEQ+SIM cost most with few decision makers of many options), " +
                    "add infeasibility conditions or merge options, or add --force (the option force) to run it anyway"));
            }
        }

        var names = graph.Conflict.DecisionMakers.Select(d => d.Name).ToArray();
        int? State(string? text, string path)
        {
            if (text is null) return null;
            var word = OptionWords[path];
            if (text.Trim().Equals("default", StringComparison.OrdinalIgnoreCase))
            {
                if (input.StatusQuo is { } code) return graph.IndexOf(code);
                problems.Add(Error(DiagnosticCodes.UnknownReference, path,
                    $"{word} default: {input.Source} names no status quo (a 'status_quo' list in its conflict section); give the state instead"));
                return null;
            }
            try
            {
                return StateNotation.Parse(graph, text);
            }
            catch (StateNotationException e)
            {
                problems.Add(Error(e.UnknownName ? DiagnosticCodes.UnknownReference : DiagnosticCodes.OutOfRange, path, $"{word} {text}: {e.Message}"));
                return null;
            }
        }

        int[]? Members(string text, string path, int minimum)
        {
            var word = OptionWords[path];
            var members = new List<int>();
            foreach (var name in text.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var d = Array.FindIndex(names, n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
                if (d < 0)
                {
                    problems.Add(Error(DiagnosticCodes.UnknownReference, path,
                        $"{word} {text}: unknown decision maker '{name}'{DidYouMean.Hint(name, names)}; decision makers: {string.Join(", ", names)}"));
                    return null;
                }
                if (!members.Contains(d)) members.Add(d);
            }
            if (members.Count < minimum)
            {
                problems.Add(Error(DiagnosticCodes.OutOfRange, path, minimum == 1
                    ? $"{word} '{text}' names no decision maker"
                    : $"{word} {text}: a composite joins at least two decision makers (A+B)"));
                return null;
            }
            return members.ToArray();
        }

        // A status quo given is traced; none given traces the conflict's own when it names one.
        var statusQuo = options.StatusQuo is { Length: > 0 } sq ? State(sq, "statusQuo") : input.StatusQuo is { } own ? graph.IndexOf(own) : null;
        var explain = State(options.Explain, "explain");
        var inverse = State(options.Inverse, "inverse");

        IReadOnlyList<IReadOnlyList<int>>? fileGroups = null;
        if (input.Gmcr is { } gmcr)
        {
            try
            {
                fileGroups = GmcrFile.Coalitions(gmcr);
            }
            catch (ConflictModelException e)
            {
                problems.Add(Error(NotApplicable, "coalitions", $"{input.Source}: {e.Message}"));
            }
        }
        var coalitions = options.Coalitions is { Count: > 0 } given
            ? given.Select(t => Members(t, "coalitions", 1)).OfType<int[]>().Select(Coalition.Of).Distinct().ToArray()
            : fileGroups?.Where(g => g.Count > 1).Select(g => Coalition.Of(g.ToArray())).ToArray() ?? [];
        if (coalitions.Length > 0 && graph.StateCount > CoalitionAnalyzer.MaxStates)
            problems.Add(Error(DiagnosticCodes.TooLarge, "coalitions",
                $"coalition analysis supports at most {CoalitionAnalyzer.MaxStates} states; this conflict has {graph.StateCount}"));
        (Coalition[] Groups, bool FromFile)? composites = options.Composites is { Count: > 0 } requested
            ? (requested.Select(t => Members(t, "composites", 2)).OfType<int[]>().Select(Coalition.Of).Distinct().ToArray(), false)
            : fileGroups is { } groups ? (groups.Where(g => g.Count > 1).Select(g => Coalition.Of(g.ToArray())).ToArray(), true) : null;

        if ((options.Horizon is not null || options.NonMyopic) && graph.DecisionMakerCount != 2)
            problems.Add(Error(NotApplicable, options.Horizon is not null ? "horizon" : "nonMyopic",
                $"limited-move and non-myopic stability need a conflict of exactly two decision makers (limited-move stability is defined for two); " +
                $"this one has {graph.DecisionMakerCount}: {string.Join(", ", names)}"));

        var goals = new List<StabilityGoal>();
        var goalConcept = inverseConcepts.Count == 1 ? inverseConcepts[0] : SolutionConcept.Nash;
        foreach (var text in options.Goals ?? [])
            if (Goal(text) is { } goal) goals.Add(goal);

        StabilityGoal? Goal(string text)
        {
            var parts = text.Split(':', StringSplitOptions.TrimEntries);
            if (parts.Length is < 2 or > 4 || parts[1].Length == 0)
            {
                problems.Add(Error(DiagnosticCodes.Syntax, "goals", $"goal {text}: write stable:STATE or unstable:STATE, optionally followed by :CONCEPT and :DECISION-MAKER"));
                return null;
            }
            bool stable;
            switch (parts[0].ToLowerInvariant())
            {
                case "stable": stable = true; break;
                case "unstable": stable = false; break;
                default:
                    problems.Add(Error(DiagnosticCodes.Syntax, "goals", $"goal {text}: '{parts[0]}' is neither 'stable' nor 'unstable'"));
                    return null;
            }
            if (State(parts[1], "goals") is not { } state) return null;
            var concept = goalConcept;
            if (parts.Length > 2)
            {
                try
                {
                    concept = SolutionConcepts.Parse(parts[2]);
                }
                catch (ArgumentException e)
                {
                    problems.Add(Error(DiagnosticCodes.OutOfRange, "goals", $"goal {text}: {e.Message}"));
                    return null;
                }
            }
            int? dm = null;
            if (parts.Length > 3)
            {
                var index = Array.FindIndex(names, n => n.Equals(parts[3], StringComparison.OrdinalIgnoreCase));
                if (index < 0)
                {
                    problems.Add(Error(DiagnosticCodes.UnknownReference, "goals",
                        $"goal {text}: unknown decision maker '{parts[3]}'{DidYouMean.Hint(parts[3], names)}; decision makers: {string.Join(", ", names)}"));
                    return null;
                }
                dm = index;
            }
            return new StabilityGoal(state, concept, stable, dm);
        }

        if (problems.Count > 0) return (null, problems);
        var allStates = options.AllStates || graph.StateCount <= AnalysisDefaults.StabilityFullTableLimit;
        return (new Plan(input, graph, analyzer, concepts, statusQuo, explain, coalitions, composites, options.Horizon, options.NonMyopic,
            inverse, inverseConcepts, goals, allStates), problems);
    }

    private static IReadOnlyList<SolutionConcept>? Concepts(string? text, string path, List<Diagnostic> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var result = new List<SolutionConcept>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                result.Add(SolutionConcepts.Parse(part));
            }
            catch (ArgumentException e)
            {
                problems.Add(Error(DiagnosticCodes.OutOfRange, path, e.Message));
                return null;
            }
        }
        return result.Distinct().ToArray();
    }

    private static string Time(double seconds) => seconds switch
    {
        < 1 => "under a second",
        < 120 => $"{seconds:0} s",
        < 7200 => $"{seconds / 60:0} min",
        _ => $"{seconds / 3600:0.#} h",
    };

    private static string Size(long bytes) => bytes < 1L << 30 ? $"{Text.Fmt.Count(Math.Max(1, bytes >> 20))} MB" : $"{(bytes / (double)(1L << 30)).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} GB";

    /// <summary>Everything parsed and checked; <see cref="Run"/> composes the engines' answers into the result.</summary>
    private sealed class Plan(ConflictInput Input, ConflictGraph Graph, StabilityAnalyzer Analyzer, IReadOnlyList<SolutionConcept> Concepts, int? StatusQuo, int? Explain,
        IReadOnlyList<Coalition> Coalitions, (Coalition[] Groups, bool FromFile)? Composites, int? Horizon, bool NonMyopic, int? Inverse,
        IReadOnlyList<SolutionConcept> InverseConcepts, IReadOnlyList<StabilityGoal> Goals, bool AllStates)
    {
        private string Dm(int d) => Graph.Conflict.DecisionMakers[d].Name;

        private IReadOnlyList<string> Taken(int s) => StateNotation.TakenOptions(Graph, Graph.Codes[s]);

        private static List<int> Numbers(IEnumerable<int> states) => states.Select(s => s + 1).ToList();

        private List<StabilityMoveDto> Moves(IEnumerable<MoveStep> moves) => moves.Select(m => new StabilityMoveDto(Dm(m.Mover), m.State + 1, Graph.OptionForm(m.State))).ToList();

        private StabilityStateRefDto Ref(int s) => new(s + 1, Graph.OptionForm(s), Taken(s));

        public StabilityResult Run(IProgress<double>? progress, CancellationToken cancellation)
        {
            var graph = Graph;
            var table = Analyzer.AnalyzeAll(Concepts, progress);
            cancellation.ThrowIfCancellationRequested();
            var equilibria = Concepts.ToDictionary(c => c, table.Equilibria);
            var columns = Columns();
            var composite = Composite();
            cancellation.ThrowIfCancellationRequested();

            int[]? listed = null;
            if (!AllStates)
            {
                var any = new StateSet(graph.StateCount);
                foreach (var set in equilibria.Values) any.UnionWith(set);
                foreach (var column in columns) any.UnionWith(column.Equilibria);
                if (composite is { } c) foreach (var set in c.Result.Equilibria.Values) any.UnionWith(set);
                if (StatusQuo is { } sq) any.Add(sq);
                listed = any.Members().ToArray();
            }
            var labels = Concepts.Select(c => c.Label()).ToArray();
            var options = graph.Conflict.Options.Select((o, k) => new StabilityOptionDto(k + 1, o.Name, Input.OptionLabels?.ElementAtOrDefault(k) ?? o.Name,
                Dm(graph.Conflict.DecisionMakers.Select((d, i) => (d, i)).First(x => x.d.Options.Contains(k)).i), o.Direction.ToString().ToLowerInvariant())).ToList();

            return new StabilityResult(
                Input.Source,
                graph.Conflict.Name,
                graph.Conflict.DecisionMakers.Select(d => d.Name).ToList(),
                Input.DecisionMakerNames.ToList(),
                options,
                labels,
                graph.StateCount,
                AllStates,
                Note,
                Concepts.ToDictionary(c => c.Label(), c => (IReadOnlyList<int>)Numbers(equilibria[c].Members())),
                StatusQuoPaths(equilibria),
                columns.Select(c => c.Dto).ToList(),
                CoalitionResults(equilibria),
                composite?.Dto,
                InverseAnalysis(),
                GoalSeeking(),
                Explanation(),
                new StateList(graph, table, Concepts, labels, equilibria, listed));
        }

        private StabilityStatusQuoDto? StatusQuoPaths(Dictionary<SolutionConcept, StateSet> equilibria)
        {
            if (StatusQuo is not { } sq) return null;
            var analysis = new StatusQuoAnalysis(Graph);
            return new StabilityStatusQuoDto(sq + 1, Graph.OptionForm(sq), Taken(sq), Concepts.ToDictionary(c => c.Label(), c =>
                (IReadOnlyList<ReachableEquilibriumDto>)analysis.ReachableEquilibria(sq, equilibria[c])
                    .Select(r => new ReachableEquilibriumDto(r.State + 1, Graph.OptionForm(r.State), Taken(r.State),
                        r.ByMoves is null ? null : Moves(r.ByMoves.Moves), r.ByImprovements is null ? null : Moves(r.ByImprovements.Moves))).ToList()));
        }

        private sealed record Column(VerdictColumnDto Dto, StateSet Equilibria);

        private List<Column> Columns()
        {
            var columns = new List<Column>();
            if (Horizon is null && !NonMyopic) return columns;
            var limited = Guard(() => new LimitedMoveAnalyzer(Graph), "horizon");
            Column Of(string label, string note, IReadOnlyList<StateSet> stable, StateSet eq) => new(new VerdictColumnDto(label, note,
                Enumerable.Range(0, stable.Count).ToDictionary(Dm, d => (IReadOnlyList<int>)Numbers(stable[d].Members())), Numbers(eq.Members())), eq);
            if (Horizon is { } h)
                columns.Add(Of($"L{h}", $"limited-move stability with horizon {h} (L1 = Nash)", [limited.Stable(0, h), limited.Stable(1, h)], limited.Equilibria(h)));
            if (NonMyopic)
            {
                var nm = Guard(() => limited.NonMyopic(), "nonMyopic");
                columns.Add(Of("NM", $"non-myopic stability: L_h stable for every horizon from {nm.SettledFrom} on" +
                    (nm.Period > 1 ? $" (the verdicts cycle with period {nm.Period}; stable at every horizon of the cycle)" : ""), nm.Stable, nm.Equilibria));
            }
            return columns;
        }

        private List<CoalitionDto> CoalitionResults(Dictionary<SolutionConcept, StateSet> equilibria)
        {
            if (Coalitions.Count == 0) return [];
            var analyzer = new CoalitionAnalyzer(Graph);
            var supported = Concepts.Where(CoalitionAnalyzer.Concepts.Contains).ToArray();
            return Coalitions.Select(c =>
            {
                var stable = supported.ToDictionary(concept => concept, concept => analyzer.Stable(concept, c));
                return new CoalitionDto(c.Indexes().Select(Dm).ToList(),
                    stable.ToDictionary(x => x.Key.Label(), x => (IReadOnlyList<int>)Numbers(x.Value.Members())),
                    stable.ToDictionary(x => x.Key.Label(), x => (IReadOnlyList<int>)Numbers(equilibria[x.Key].Members().Where(x.Value.Contains))));
            }).ToList();
        }

        private (CompositeResult Result, CompositeDto Dto)? Composite()
        {
            if (Composites is not ({ } groups, var fromFile)) return null;
            var result = Guard(() => new CompositeAnalyzer(Graph, groups).Analyze(Concepts), "composites");
            var dto = new CompositeDto(fromFile ? "gmcr coalitions" : "requested",
                "a composite prefers a state only when every member strictly prefers it (gmcr-py)",
                result.Names.ToList(),
                result.Equilibria.ToDictionary(x => x.Key.Label(), x => (IReadOnlyList<int>)Numbers(x.Value.Members())),
                result.Stable.ToDictionary(x => x.Key.Label(), x => (IReadOnlyDictionary<string, IReadOnlyList<int>>)Enumerable.Range(0, result.Names.Count)
                    .ToDictionary(g => result.Names[g], g => (IReadOnlyList<int>)Numbers(x.Value[g].Members()))));
            return (result, dto);
        }

        private InverseAnalyzer? _inverse;
        private InverseAnalyzer InverseAnalyzer => _inverse ??= Guard(() => new InverseAnalyzer(Graph), "inverse");

        private InverseDto? InverseAnalysis()
        {
            if (Inverse is not { } s) return null;
            var items = InverseConcepts.Select(concept => InverseOf(s, concept)).ToList();
            return new InverseDto(s + 1, Graph.OptionForm(s), Taken(s), items.Select(i => i.Dto).ToList(),
                Mentioned(items.SelectMany(i => i.Formulas).SelectMany(RelationsIn)));
        }

        private (InverseConceptDto Dto, IReadOnlyList<PreferenceFormula> Formulas) InverseOf(int state, SolutionConcept concept)
        {
            var perDm = Guard(() => Enumerable.Range(0, Graph.DecisionMakerCount).Select(d => InverseAnalyzer.StabilityCondition(d, state, concept)).ToArray(), "inverse");
            var conditions = perDm.Select((f, d) => new InverseConditionDto(Dm(d), f.Describe(Graph),
                concept == SolutionConcept.Nash && RelationsIn(f).ToArray() is { Length: > 0 } own ? own.Select(r => MoveInWords(state, r.Worse)).ToList() : null)).ToList();
            RankingEnumeration? count = null;
            string? note = null;
            if (Graph.StateCount > AnalysisDefaults.StabilityRankingCountStates)
                note = $"rankings are counted only up to {AnalysisDefaults.StabilityRankingCountStates} states; this conflict has {Graph.StateCount}";
            else
            {
                try
                {
                    count = InverseAnalyzer.EnumerateRankings(state, concept, maxListed: AnalysisDefaults.StabilityRankingExamples,
                        maxCombinations: AnalysisDefaults.StabilityRankingCombinations);
                }
                catch (ConflictModelException e)
                {
                    note = e.Message;
                }
            }
            var examples = count?.Examples.Select(e => (IReadOnlyList<IReadOnlyList<int>>)e.Select(order => (IReadOnlyList<int>)order.Select(x => x + 1).ToList()).ToList()).ToList();
            return (new InverseConceptDto(concept.Label(), conditions, count?.Count, count?.Examined, examples, note), perDm);
        }

        private GoalsDto? GoalSeeking()
        {
            if (Goals.Count == 0) return null;
            var result = Guard(() => InverseAnalyzer.Seek(Goals), "goals");
            var decided = result.Achievable || !(result.Conflicting.Count == Goals.Count && result.Explanation.StartsWith("undecided", StringComparison.Ordinal));
            return new GoalsDto(Goals.Select(g => g.Describe(Graph)).ToList(), result.Achievable, decided,
                result.Relations.Select(r => new GoalRelationDto(Dm(r.Dm), r.Better + 1, r.Worse + 1, r.Strict, r.Describe(Graph))).ToList(),
                result.Conflicting.Select(g => g.Describe(Graph)).ToList(), result.Explanation,
                result.Achievable ? Mentioned(result.Relations) : []);
        }

        private ExplanationDto? Explanation()
        {
            if (Explain is not { } s) return null;
            var explainer = new StabilityExplainer(Graph);
            var verdicts = new List<VerdictDto>();
            foreach (var concept in Concepts)
                for (var d = 0; d < Graph.DecisionMakerCount; d++)
                {
                    var x = explainer.Explain(concept, d, s);
                    verdicts.Add(new VerdictDto(concept.Label(), Dm(d), x.Stable, x.Perceived,
                        x.Improvements.Select(i => new ImprovementDto(i.Target + 1, i.Sanctioned, i.Simultaneous, i.Sanction is null ? null : Moves(i.Sanction))).ToList(),
                        x.Describe(Graph)));
                }
            return new ExplanationDto(s + 1, Graph.OptionForm(s), Taken(s), verdicts);
        }

        private List<StabilityStateRefDto> Mentioned(IEnumerable<PreferenceRelation> relations) =>
            relations.SelectMany(r => new[] { r.Better, r.Worse }).Distinct().Order().Select(Ref).ToList();

        private static IEnumerable<PreferenceRelation> RelationsIn(PreferenceFormula formula) => formula switch
        {
            PreferenceRelation r => [r],
            Conjunction all => all.Parts.SelectMany(RelationsIn),
            Disjunction any => any.Parts.SelectMany(RelationsIn),
            _ => [],
        };

        /// <summary>A unilateral move s→t as the options it takes and withdraws ("taking X and withdrawing Y (state n)").</summary>
        private string MoveInWords(int from, int to)
        {
            var before = Graph.Codes[from];
            var after = Graph.Codes[to];
            var parts = new List<string>();
            for (var k = 0; k < Graph.OptionCount; k++)
            {
                var bit = 1UL << k;
                if ((before & bit) == 0 && (after & bit) != 0) parts.Add($"taking '{Graph.Conflict.Options[k].Name}'");
                if ((before & bit) != 0 && (after & bit) == 0) parts.Add($"withdrawing '{Graph.Conflict.Options[k].Name}'");
            }
            return $"{string.Join(" and ", parts)} (state {to + 1})";
        }

        private static T Guard<T>(Func<T> analysis, string path)
        {
            try
            {
                return analysis();
            }
            catch (ConflictModelException e)
            {
                throw new AnalysisException(e.Message, [Error(NotApplicable, path, e.Message)]);
            }
        }
    }

    /// <summary>
    /// The listed states, each built when it is read: a document of 57,344 states (162 MB of JSON) is written
    /// state by state instead of being held, and a table that reads no moves never computes them.
    /// </summary>
    private sealed class StateList(ConflictGraph graph, StabilityTable table, IReadOnlyList<SolutionConcept> concepts, string[] labels,
        Dictionary<SolutionConcept, StateSet> equilibria, int[]? listed) : IReadOnlyList<StabilityStateDto>
    {
        public int Count => listed?.Length ?? graph.StateCount;

        public StabilityStateDto this[int index] => State(listed is null ? index : listed[index]);

        private StabilityStateDto State(int s)
        {
            var dms = graph.DecisionMakerCount;
            var stable = new Dictionary<string, IReadOnlyList<bool>>(concepts.Count);
            var under = new List<string>();
            for (var c = 0; c < concepts.Count; c++)
            {
                var flags = new bool[dms];
                for (var d = 0; d < dms; d++) flags[d] = table.IsStable(concepts[c], d, s);
                stable[labels[c]] = flags;
                if (equilibria[concepts[c]].Contains(s)) under.Add(labels[c]);
            }
            var payoffs = new int[dms];
            for (var d = 0; d < dms; d++) payoffs[d] = graph.Ranks[d][s];
            return new StabilityStateDto(s + 1, graph.Codes[s], graph.OptionForm(s), StateNotation.TakenOptions(graph, graph.Codes[s]), payoffs,
                new MovesOf(graph, s), stable, under);
        }

        public IEnumerator<StabilityStateDto> GetEnumerator()
        {
            for (var i = 0; i < Count; i++) yield return this[i];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>The states each decision maker can move to from one state (numbered from 1, ascending), computed when read.</summary>
    private sealed class MovesOf(ConflictGraph graph, int state) : IReadOnlyList<IReadOnlyList<int>>
    {
        public int Count => graph.DecisionMakerCount;

        public IReadOnlyList<int> this[int dm] => graph.Moves(dm, state).Order().Select(t => t + 1).ToArray();

        public IEnumerator<IReadOnlyList<int>> GetEnumerator()
        {
            for (var d = 0; d < Count; d++) yield return this[d];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
