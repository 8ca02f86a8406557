using Parley.Stability.Engine;
using Parley.Stability.Model;

namespace Parley.Stability.Analysis.Inverse;

/// <summary>
/// Inverse stability analysis: which preferences make a state stable. The moves (who can go where) are
/// fixed by the conflict; the preferences are the unknowns. Each concept's definition is turned into a
/// <see cref="PreferenceFormula"/> over pairwise relations:
///
/// * Nash: for every move s→t of i, s ⪰_i t.
/// * GMR: for every move s→t of i, s ⪰_i t, or s ⪰_i s2 for some s2 the opponents can reach from t.
/// * SMR: as GMR with, in the same alternative, s ⪰_i s3 for every s3 i can move to from s2.
/// * SEQ: as GMR over the opponents' legal paths from t, each step an improvement for its mover
///   (u ≻_k x), one alternative per path that repeats no (state, last mover) pair.
/// * SIM: a set of opponents, each moving s→t_j with t_j ≻_j s, whose combined outcome x has s ⪰_i x.
/// * SEQ+SIM: the alternatives of both.
///
/// The current preferences of the conflict are never consulted. Misperceptions are not supported.
/// </summary>
public sealed class InverseAnalyzer
{
    private readonly ConflictGraph _graph;

    public InverseAnalyzer(ConflictGraph graph)
    {
        if (graph.Conflict.DecisionMakers.Any(dm => dm.MisperceivedStates.Count > 0))
            throw new ConflictModelException("inverse analysis does not support misperceptions", graph.Conflict.Name);
        _graph = graph;
    }

    /// <summary>Above this many alternatives for one move the condition is refused rather than built.</summary>
    public int MaxAlternatives { get; init; } = 100_000;

    public ConflictGraph Graph => _graph;

    /// <summary>The condition on the preferences under which <paramref name="state"/> is stable for <paramref name="dm"/>.</summary>
    public PreferenceFormula StabilityCondition(int dm, int state, SolutionConcept concept)
    {
        var parts = new List<PreferenceFormula>();
        foreach (var t in _graph.Moves(dm, state))
        {
            var alternatives = new List<PreferenceFormula> { new PreferenceRelation(dm, state, t, Strict: false) };
            if (concept is SolutionConcept.Gmr) alternatives.AddRange(OpponentReach(dm, t).Select(s2 => (PreferenceFormula)new PreferenceRelation(dm, state, s2, false)));
            if (concept is SolutionConcept.Smr) alternatives.AddRange(OpponentReach(dm, t).Select(s2 => Conjunction.Of(
                _graph.Moves(dm, s2).Select(s3 => (PreferenceFormula)new PreferenceRelation(dm, state, s3, false)).Prepend(new PreferenceRelation(dm, state, s2, false)))));
            if (concept is SolutionConcept.Seq or SolutionConcept.SeqSim) alternatives.AddRange(SequentialSanctions(dm, state, t));
            if (concept is SolutionConcept.Sim or SolutionConcept.SeqSim) alternatives.AddRange(SimultaneousSanctions(dm, state, t));
            if (alternatives.Count > MaxAlternatives)
                throw new ConflictModelException(
                    $"the {concept.Label()} condition for state {state + 1} has more than {MaxAlternatives} alternatives for one move; too large to state", _graph.Conflict.Name);
            parts.Add(Disjunction.Of(alternatives));
        }
        return Conjunction.Of(parts);
    }

    /// <summary>The condition under which <paramref name="state"/> is an equilibrium (stable for every decision maker).</summary>
    public PreferenceFormula EquilibriumCondition(int state, SolutionConcept concept) =>
        Conjunction.Of(Enumerable.Range(0, _graph.DecisionMakerCount).Select(dm => StabilityCondition(dm, state, concept)));

    private int[] Opponents(int dm) => Enumerable.Range(0, _graph.DecisionMakerCount).Where(d => d != dm).ToArray();

    /// <summary>R_H(t): every state the opponents reach from t by a legal sequence of moves (preference-free).</summary>
    private IEnumerable<int> OpponentReach(int dm, int start)
    {
        var opponents = Opponents(dm);
        var seen = new HashSet<(int, int)>();
        var reached = new SortedSet<int>();
        var queue = new Queue<(int State, int Last)>();
        queue.Enqueue((start, -1));
        while (queue.Count > 0)
        {
            var (x, last) = queue.Dequeue();
            foreach (var k in opponents)
            {
                if (k == last) continue;
                foreach (var u in _graph.Moves(k, x))
                    if (seen.Add((u, k)))
                    {
                        reached.Add(u);
                        queue.Enqueue((u, k));
                    }
            }
        }
        return reached;
    }

    private List<PreferenceFormula> SequentialSanctions(int dm, int state, int start)
    {
        var opponents = Opponents(dm);
        var result = new List<PreferenceFormula>();
        var path = new List<PreferenceFormula>();
        var onPath = new HashSet<(int, int)> { (start, -1) };
        Walk(start, -1);
        return result;

        void Walk(int x, int last)
        {
            foreach (var k in opponents)
            {
                if (k == last) continue;
                foreach (var u in _graph.Moves(k, x))
                {
                    if (!onPath.Add((u, k))) continue;
                    path.Add(new PreferenceRelation(k, u, x, Strict: true));
                    result.Add(Conjunction.Of(path.Append(new PreferenceRelation(dm, state, u, false))));
                    if (result.Count > MaxAlternatives)
                        throw new ConflictModelException(
                            $"the SEQ condition for state {state + 1} has more than {MaxAlternatives} sanction paths; too large to state", _graph.Conflict.Name);
                    Walk(u, k);
                    path.RemoveAt(path.Count - 1);
                    onPath.Remove((u, k));
                }
            }
        }
    }

    private List<PreferenceFormula> SimultaneousSanctions(int dm, int state, int target)
    {
        var opponents = Opponents(dm);
        var choices = opponents.Select(j => _graph.Moves(j, state).Prepend(-1).ToArray()).ToArray();
        var counter = new int[opponents.Length];
        var result = new List<PreferenceFormula>();
        while (Advance())
        {
            var code = _graph.Codes[target];
            var relations = new List<PreferenceFormula>();
            for (var j = 0; j < opponents.Length; j++)
            {
                var choice = choices[j][counter[j]];
                if (choice < 0) continue;
                var mask = _graph.OptionMasks[opponents[j]];
                code = (code & ~mask) | (_graph.Codes[choice] & mask);
                relations.Add(new PreferenceRelation(opponents[j], choice, state, Strict: true));
            }
            var outcome = _graph.IndexOf(code);
            if (outcome < 0) continue;
            relations.Add(new PreferenceRelation(dm, state, outcome, false));
            result.Add(Conjunction.Of(relations));
            if (result.Count > MaxAlternatives)
                throw new ConflictModelException(
                    $"the SIM condition for state {state + 1} has more than {MaxAlternatives} response combinations; too large to state", _graph.Conflict.Name);
        }
        return result;

        bool Advance()
        {
            for (var j = 0; j < counter.Length; j++)
            {
                if (++counter[j] < choices[j].Length) return true;
                counter[j] = 0;
            }
            return false;
        }
    }

    /// <summary>
    /// Counts (and lists up to <paramref name="maxListed"/>) the strict rankings – one per decision maker,
    /// consistent with <paramref name="constraints"/> – under which <paramref name="state"/> is an equilibrium
    /// of <paramref name="concept"/>, by exhaustive search. When each decision maker's condition mentions
    /// only its own preferences (Nash, GMR, SMR) the decision makers are counted separately and the count
    /// is their product; otherwise (SEQ, SIM, SEQ+SIM) every combination is checked, at most
    /// <paramref name="maxCombinations"/>.
    /// </summary>
    public RankingEnumeration EnumerateRankings(int state, SolutionConcept concept, IReadOnlyList<RankingConstraints>? constraints = null,
        int maxListed = 20, long maxCombinations = 5_000_000)
    {
        var n = _graph.DecisionMakerCount;
        var conditions = Enumerable.Range(0, n).Select(dm => StabilityCondition(dm, state, concept)).ToArray();
        var orders = Enumerable.Range(0, n).Select(dm =>
            RankingSpace.Enumerate(_graph, dm, constraints?.FirstOrDefault(c => c.Dm == dm), maxCombinations)).ToArray();
        var separable = Enumerable.Range(0, n).All(dm => Relations(conditions[dm]).All(r => r.Dm == dm));
        var listed = new List<int[][]>();
        if (separable)
        {
            var neutral = Enumerable.Range(0, n).Select(_ => new int[_graph.StateCount]).ToArray();
            var good = new List<int[]>[n];
            for (var dm = 0; dm < n; dm++)
            {
                good[dm] = [];
                foreach (var order in orders[dm])
                {
                    neutral[dm] = RankingSpace.Ranks(order);
                    if (conditions[dm].Holds(neutral)) good[dm].Add(order);
                }
            }
            var count = good.Aggregate(1L, (acc, g) => checked(acc * g.Count));
            var examined = orders.Aggregate(1L, (acc, o) => checked(acc * o.Count));
            foreach (var combination in Product(good).Take(maxListed)) listed.Add(combination);
            return new RankingEnumeration(count, examined, listed);
        }
        var total = orders.Aggregate(1L, (acc, o) => acc > maxCombinations ? acc : acc * o.Count);
        if (total > maxCombinations)
            throw new ConflictModelException(
                $"{concept.Label()} couples the decision makers' rankings and the constraints leave more than {maxCombinations} combinations; " +
                "fix more of the order, or use the goal seeker", _graph.Conflict.Name);
        var condition = Conjunction.Of(conditions);
        long matching = 0;
        foreach (var combination in Product(orders.Select(o => o.ToList()).ToArray()))
        {
            var ranks = combination.Select(RankingSpace.Ranks).ToArray();
            if (!condition.Holds(ranks)) continue;
            matching++;
            if (listed.Count < maxListed) listed.Add(combination);
        }
        return new RankingEnumeration(matching, total, listed);
    }

    private static IEnumerable<int[][]> Product(IReadOnlyList<List<int[]>> lists)
    {
        if (lists.Any(l => l.Count == 0)) yield break;
        var counter = new int[lists.Count];
        while (true)
        {
            yield return lists.Select((l, i) => l[counter[i]]).ToArray();
            var j = 0;
            for (; j < counter.Length; j++)
            {
                if (++counter[j] < lists[j].Count) break;
                counter[j] = 0;
            }
            if (j == counter.Length) yield break;
        }
    }

    internal static IEnumerable<PreferenceRelation> Relations(PreferenceFormula formula) => formula switch
    {
        PreferenceRelation r => [r],
        Conjunction all => all.Parts.SelectMany(Relations),
        Disjunction any => any.Parts.SelectMany(Relations),
        _ => [],
    };

    /// <summary>
    /// Goal seeking: a set of pairwise preference relations under which every goal holds (states that must
    /// be, or must not be, stable or equilibria), consistent with the fixed relations of
    /// <paramref name="constraints"/>; or, when none exists, a smallest set of goals that contradict each
    /// other. The relations found are sufficient, not the only possibility.
    /// </summary>
    public GoalSeekResult Seek(IReadOnlyList<StabilityGoal> goals, IReadOnlyList<RankingConstraints>? constraints = null, int maxSteps = 1_000_000)
    {
        var fixedRelations = (constraints ?? []).SelectMany(c => c.MustPrefer.Select(p => new PreferenceRelation(c.Dm, p.Better, p.Worse, true))).ToArray();
        var formulas = goals.Select(Formula).ToArray();
        var solution = RelationSolver.Solve(_graph.DecisionMakerCount, fixedRelations, formulas, maxSteps);
        if (solution.Status == RelationSolver.Outcome.Satisfied)
            return new GoalSeekResult(true, solution.Relations, [], "every goal can be met");
        if (solution.Status == RelationSolver.Outcome.GaveUp)
            return new GoalSeekResult(false, [], goals, $"undecided: the search gave up after {maxSteps} steps");
        // Shrink to a minimal contradicting subset: drop each goal whose removal keeps the contradiction.
        var core = Enumerable.Range(0, goals.Count).ToList();
        foreach (var g in core.ToArray())
        {
            var without = core.Where(x => x != g).ToArray();
            if (RelationSolver.Solve(_graph.DecisionMakerCount, fixedRelations, without.Select(x => formulas[x]).ToArray(), maxSteps).Status
                == RelationSolver.Outcome.Contradiction)
                core.Remove(g);
        }
        var conflicting = core.Select(x => goals[x]).ToArray();
        return new GoalSeekResult(false, [], conflicting,
            $"no preferences meet these goals together: {string.Join("; ", conflicting.Select(g => g.Describe(_graph)))}");
    }

    public PreferenceFormula Formula(StabilityGoal goal)
    {
        var condition = goal.Dm is { } dm ? StabilityCondition(dm, goal.State, goal.Concept) : EquilibriumCondition(goal.State, goal.Concept);
        return goal.Stable ? condition : condition.Negate();
    }
}

/// <summary>User-fixed restrictions on one decision maker's ranking: pairs it must order this way (strictly),
/// and allowed positions (1 = most preferred) for some states.</summary>
public sealed record RankingConstraints(int Dm, IReadOnlyList<(int Better, int Worse)> MustPrefer, IReadOnlyList<(int State, int BestPosition, int WorstPosition)> Positions)
{
    public RankingConstraints(int dm) : this(dm, [], []) { }
}

/// <summary>How many joint rankings make the state an equilibrium, out of how many allowed, and examples (per decision maker, states best first).</summary>
public sealed record RankingEnumeration(long Count, long Examined, IReadOnlyList<int[][]> Examples);

/// <summary>A goal: <see cref="State"/> should (or should not) be stable for <see cref="Dm"/>, or an equilibrium when Dm is null.</summary>
public sealed record StabilityGoal(int State, SolutionConcept Concept, bool Stable, int? Dm = null)
{
    public string Describe(ConflictGraph graph) =>
        $"state {State + 1} ({graph.OptionForm(State)}) {(Stable ? "is" : "is not")} " +
        (Dm is { } dm ? $"{Concept.Label()} stable for {graph.Conflict.DecisionMakers[dm].Name}" : $"a {Concept.Label()} equilibrium");
}

public sealed record GoalSeekResult(bool Achievable, IReadOnlyList<PreferenceRelation> Relations, IReadOnlyList<StabilityGoal> Conflicting, string Explanation)
{
    public IEnumerable<PreferenceRelation> RelationsOf(int dm) => Relations.Where(r => r.Dm == dm);
}
