using System.Numerics;
using Parley.Stability.Analysis;
using Parley.Stability.Engine;
using Parley.Stability.Model;

namespace Parley.Stability.Coalitions;

/// <summary>A coalition: a non-empty set of decision makers, as a bit mask over decision-maker indexes.</summary>
public readonly record struct Coalition(int Members)
{
    public static Coalition Of(params int[] decisionMakers) => new(decisionMakers.Aggregate(0, (m, d) => m | 1 << d));

    public bool Contains(int dm) => (Members >> dm & 1) != 0;

    public int Count => BitOperations.PopCount((uint)Members);

    public IEnumerable<int> Indexes()
    {
        for (var d = 0; d < 31; d++)
            if (Contains(d)) yield return d;
    }

    public string Label(ConflictGraph graph) => string.Join("+", Indexes().Select(d => graph.Conflict.DecisionMakers[d].Name));
}

/// <summary>
/// Coalition analysis after Kilgour, Hipel, Fang &amp; Li (2001) and Inohara &amp; Hipel (2008); the definitions
/// as implemented are in docs/stability.md. For a coalition H and state s:
/// R_H(s) = states reachable by a legal sequence (length ≥ 1, no decision maker twice in a row) of unilateral
/// moves by members of H; a coalitional improvement is t ∈ R_H(s) that every member strictly prefers to s.
/// s is stable for H when every coalitional improvement s1 is sanctioned: the decision makers outside H can
/// (Nash: never; GMR: by any legal sequence; SEQ: by a legal sequence of their unilateral improvements)
/// reach s2 with s2 ⪯_i s for some member i (that member would not join); SMR also requires that the
/// coalition cannot escape from s2 to a state better than s for that member.
/// Misperceptions are not used here: every decision maker perceives every state.
/// </summary>
public sealed class CoalitionAnalyzer(ConflictGraph graph)
{
    /// <summary>R_H(s) for every s is kept as one bitset per state; beyond this many states that is too much memory.</summary>
    public const int MaxStates = 20_000;

    public static IReadOnlyList<SolutionConcept> Concepts { get; } =
        [SolutionConcept.Nash, SolutionConcept.Gmr, SolutionConcept.Smr, SolutionConcept.Seq];

    private readonly StabilityAnalyzer _analyzer = new(graph);
    private readonly Dictionary<int, StateSet[]> _reach = [];

    public ConflictGraph Graph { get; } = graph;

    /// <summary>States stable for coalition H under a concept (Nash, GMR, SMR or SEQ).</summary>
    public StateSet Stable(SolutionConcept concept, Coalition coalition)
    {
        if (!Concepts.Contains(concept))
            throw new ArgumentException($"coalition stability is defined for Nash, GMR, SMR and SEQ, not {concept.Label()}", nameof(concept));
        Check(coalition);
        var members = coalition.Indexes().ToArray();
        var outsiders = Enumerable.Range(0, Graph.DecisionMakerCount).Where(d => !coalition.Contains(d)).ToArray();
        var reach = Reach(coalition);
        // sanction[k][s1] = least rank of member k the outsiders can impose from s1 (for SMR: of what member k can then escape to).
        int[][]? sanction = null;
        if (concept != SolutionConcept.Nash && outsiders.Length > 0)
        {
            sanction = new int[members.Length][];
            for (var k = 0; k < members.Length; k++)
            {
                var values = concept == SolutionConcept.Smr ? EscapeValues(members[k], reach) : Graph.Ranks[members[k]];
                sanction[k] = _analyzer.CoalitionReach(outsiders, values, concept == SolutionConcept.Seq, null);
            }
        }
        return StateSet.FromPredicate(Graph.StateCount, s =>
        {
            foreach (var s1 in reach[s].Members())
            {
                if (!IsImprovement(members, s, s1)) continue;
                if (sanction is null) return false;
                var deterred = false;
                for (var k = 0; k < members.Length && !deterred; k++)
                    deterred = sanction[k][s1] <= Graph.Ranks[members[k]][s];
                if (!deterred) return false;
            }
            return true;
        }, Graph.Parallel);
    }

    /// <summary>The coalitional improvements of H from s: states H can reach that every member strictly prefers.</summary>
    public IEnumerable<int> Improvements(Coalition coalition, int s)
    {
        Check(coalition);
        var members = coalition.Indexes().ToArray();
        return Reach(coalition)[s].Members().Where(t => IsImprovement(members, s, t));
    }

    /// <summary>States stable for every non-empty coalition of decision makers (including single decision makers).</summary>
    public StateSet CoalitionEquilibria(SolutionConcept concept)
    {
        var result = StateSet.Full(Graph.StateCount);
        for (var mask = 1; mask < 1 << Graph.DecisionMakerCount; mask++) result.IntersectWith(Stable(concept, new Coalition(mask)));
        return result;
    }

    private bool IsImprovement(int[] members, int s, int t)
    {
        foreach (var d in members)
            if (Graph.Ranks[d][t] <= Graph.Ranks[d][s]) return false;
        return true;
    }

    private int[] EscapeValues(int member, StateSet[] reach)
    {
        var ranks = Graph.Ranks[member];
        var values = new int[ranks.Length];
        for (var s = 0; s < values.Length; s++)
        {
            var best = ranks[s];
            foreach (var t in reach[s].Members()) best = Math.Max(best, ranks[t]);
            values[s] = best;
        }
        return values;
    }

    private void Check(Coalition coalition)
    {
        if (coalition.Members == 0 || coalition.Members >> Graph.DecisionMakerCount != 0)
            throw new ConflictModelException($"a coalition must be a non-empty set of the {Graph.DecisionMakerCount} decision makers");
        if (Graph.StateCount > MaxStates)
            throw new ConflictModelException($"coalition analysis keeps every coalition's reachable states and supports at most {MaxStates} states; this conflict has {Graph.StateCount}");
    }

    /// <summary>R_H(s) for every state, by breadth-first search over (state, last mover).</summary>
    private StateSet[] Reach(Coalition coalition)
    {
        lock (_reach)
        {
            if (_reach.TryGetValue(coalition.Members, out var cached)) return cached;
        }
        var members = coalition.Indexes().ToArray();
        var result = new StateSet[Graph.StateCount];
        Parallel.For(0, Graph.StateCount, Graph.Parallel, s =>
        {
            var reached = new StateSet(Graph.StateCount);
            var seen = new HashSet<(int, int)> { (s, -1) };
            var queue = new Queue<(int State, int Last)>();
            queue.Enqueue((s, -1));
            while (queue.Count > 0)
            {
                var (state, last) = queue.Dequeue();
                foreach (var mover in members)
                {
                    if (mover == last) continue;
                    foreach (var t in Graph.Moves(mover, state))
                    {
                        reached.Add(t);
                        if (seen.Add((t, mover))) queue.Enqueue((t, mover));
                    }
                }
            }
            result[s] = reached;
        });
        lock (_reach) _reach[coalition.Members] = result;
        return result;
    }
}
