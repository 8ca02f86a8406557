using System.Collections.Concurrent;
using Parley.Stability.Analysis;
using Parley.Stability.Engine;
using Parley.Stability.Model;

namespace Parley.Stability.Coalitions;

/// <summary>
/// gmcr-py's "coalition as one composite decision maker" analysis: the conflict is re-read with each group of
/// decision makers acting as a single decision maker that controls the union of its members' options (one
/// move may change any of them at once, each in its permitted direction).
///
/// The composite's preference is gmcr-py's (data_02_conflictSolvers.RMGenerator: a coalition's payoff matrix is
/// "every member's payoff strictly higher"): the composite prefers t to s iff <b>every</b> member strictly
/// prefers t to s. This is a strict partial order, not a ranking, so it cannot live in the engine's per-state
/// rank arrays; comparisons here go through <see cref="Prefers"/>. A state is an improvement for the composite
/// when all members gain; anything else (including a state some member likes less or equally) counts as a
/// sanction, exactly as the engine treats ties for one decision maker. Single decision makers keep their ranks.
///
/// The concepts follow the engine's definitions (sanctions by legal sequences of the other effective decision
/// makers, none moving twice in a row; SIM with any non-empty set of opponents' simultaneous improvements).
/// Misperceptions are not supported. Cost grows with the states times the chains from each improvement, so
/// at most <see cref="CoalitionAnalyzer.MaxStates"/> states.
/// </summary>
public sealed class CompositeAnalyzer
{
    private readonly ConflictGraph _graph;
    private readonly int[][] _groups;
    private readonly ulong[] _masks;
    private readonly int[][][] _moves;   // [group][state] → states reachable in one move
    // Shared across the parallel per-state checks of StateSet.FromPredicate.
    private readonly ConcurrentDictionary<(int Group, int State, bool Improving), HashSet<int>> _chains = new();

    public CompositeAnalyzer(ConflictGraph graph, IReadOnlyList<Coalition> composites)
    {
        if (graph.StateCount > CoalitionAnalyzer.MaxStates)
            throw new ConflictModelException($"composite analysis supports at most {CoalitionAnalyzer.MaxStates} states; this conflict has {graph.StateCount}", graph.Conflict.Name);
        if (graph.Conflict.DecisionMakers.Any(d => d.MisperceivedStates.Count > 0))
            throw new ConflictModelException("composite decision makers are not defined for conflicts with misperceptions", graph.Conflict.Name);
        var owner = new int[graph.DecisionMakerCount];
        Array.Fill(owner, -1);
        var groups = new List<int[]>();
        foreach (var composite in composites)
        {
            var members = composite.Indexes().ToArray();
            if (members.Any(m => m >= graph.DecisionMakerCount))
                throw new ConflictModelException($"a composite names decision maker {members.Max() + 1}; the conflict has {graph.DecisionMakerCount}", graph.Conflict.Name);
            foreach (var m in members)
                if (owner[m] >= 0)
                    throw new ConflictModelException($"{graph.Conflict.DecisionMakers[m].Name} belongs to two composites", graph.Conflict.Name);
                else owner[m] = groups.Count;
            groups.Add(members);
        }
        for (var d = 0; d < graph.DecisionMakerCount; d++)
            if (owner[d] < 0) groups.Add([d]);
        // Effective decision makers in the order of their first member, as gmcr-py lists them.
        _groups = groups.OrderBy(g => g.Min()).ToArray();
        if (_groups.Length < 2)
            throw new ConflictModelException("a composite of every decision maker leaves no opponent to analyse against", graph.Conflict.Name);
        _graph = graph;
        _masks = _groups.Select(g => g.Aggregate(0UL, (m, d) => m | graph.OptionMasks[d])).ToArray();
        _moves = Enumerable.Range(0, _groups.Length).Select(g => Enumerable.Range(0, graph.StateCount).Select(s => MovesOf(g, s)).ToArray()).ToArray();
    }

    public ConflictGraph Graph => _graph;

    /// <summary>The effective decision makers: groups of original decision-maker indexes, ordered by first member.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Groups => _groups;

    public string Name(int group) => string.Join("+", _groups[group].Select(d => _graph.Conflict.DecisionMakers[d].Name));

    /// <summary>True when effective decision maker <paramref name="group"/> prefers <paramref name="better"/> to <paramref name="worse"/>: every member strictly.</summary>
    public bool Prefers(int group, int better, int worse)
    {
        foreach (var d in _groups[group])
            if (_graph.Ranks[d][better] <= _graph.Ranks[d][worse]) return false;
        return true;
    }

    private int[] MovesOf(int group, int state)
    {
        var code = _graph.Codes[state];
        var mask = _masks[group];
        var result = new List<int>();
        for (var change = mask; change != 0; change = (change - 1) & mask)
        {
            var target = code ^ change;
            if (!_graph.IsLegalChange(code, target)) continue;
            var t = _graph.IndexOf(target);
            if (t >= 0) result.Add(t);
        }
        result.Sort();
        return result.ToArray();
    }

    public IReadOnlyList<int> Moves(int group, int state) => _moves[group][state];

    public IEnumerable<int> Improvements(int group, int state) => _moves[group][state].Where(t => Prefers(group, t, state));

    /// <summary>States reached from <paramref name="start"/> by legal sequences of the other groups' moves (improvements), no group twice in a row.</summary>
    private HashSet<int> Chains(int focal, int start, bool improving)
    {
        if (_chains.TryGetValue((focal, start, improving), out var cached)) return cached;
        var groups = _groups.Length;
        var seen = new bool[_graph.StateCount * (groups + 1)];
        var reached = new HashSet<int>();
        var queue = new Queue<(int State, int Last)>();
        queue.Enqueue((start, groups));
        seen[start * (groups + 1) + groups] = true;
        while (queue.Count > 0)
        {
            var (state, last) = queue.Dequeue();
            for (var h = 0; h < groups; h++)
            {
                if (h == focal || h == last) continue;
                foreach (var t in _moves[h][state])
                {
                    if (improving && !Prefers(h, t, state)) continue;
                    reached.Add(t);
                    if (seen[t * (groups + 1) + h]) continue;
                    seen[t * (groups + 1) + h] = true;
                    queue.Enqueue((t, h));
                }
            }
        }
        return _chains.GetOrAdd((focal, start, improving), reached);
    }

    public bool IsStable(SolutionConcept concept, int group, int state)
    {
        bool Sanction(int x) => !Prefers(group, x, state);
        foreach (var s1 in Improvements(group, state))
        {
            var deterred = concept switch
            {
                SolutionConcept.Nash => false,
                SolutionConcept.Gmr => Chains(group, s1, false).Any(Sanction),
                SolutionConcept.Smr => Chains(group, s1, false).Any(s2 => Sanction(s2) && _moves[group][s2].All(Sanction)),
                SolutionConcept.Seq => Chains(group, s1, true).Any(Sanction),
                SolutionConcept.Sim => SimultaneousSanction(group, state, s1),
                SolutionConcept.SeqSim => Chains(group, s1, true).Any(Sanction) || SimultaneousSanction(group, state, s1),
                _ => throw new ArgumentOutOfRangeException(nameof(concept)),
            };
            if (!deterred) return false;
        }
        return true;
    }

    /// <summary>Some non-empty set of other groups, each taking one of its improvements from s while the focal group moves to s1, ends where the focal group is not better off.</summary>
    private bool SimultaneousSanction(int focal, int state, int s1)
    {
        var others = Enumerable.Range(0, _groups.Length).Where(h => h != focal).ToArray();
        var options = others.Select(h => Improvements(h, state).Select(t => _graph.Codes[t] & _masks[h]).ToArray()).ToArray();
        var baseCode = _graph.Codes[s1];
        return Search(0, baseCode, false);

        bool Search(int k, ulong code, bool anyMoved)
        {
            if (k == others.Length)
            {
                if (!anyMoved) return false;
                var x = _graph.IndexOf(code);
                return x >= 0 && !Prefers(focal, x, state);
            }
            if (Search(k + 1, code, anyMoved)) return true;
            var mask = _masks[others[k]];
            foreach (var part in options[k])
                if (Search(k + 1, (code & ~mask) | part, true)) return true;
            return false;
        }
    }

    /// <summary>Stability of every state for every effective decision maker under each concept, and the equilibria.</summary>
    public CompositeResult Analyze(IReadOnlyList<SolutionConcept> concepts)
    {
        var stable = new Dictionary<SolutionConcept, StateSet[]>();
        var equilibria = new Dictionary<SolutionConcept, StateSet>();
        foreach (var concept in concepts)
        {
            var perGroup = Enumerable.Range(0, _groups.Length)
                .Select(g => StateSet.FromPredicate(_graph.StateCount, s => IsStable(concept, g, s), _graph.Parallel)).ToArray();
            var all = perGroup[0].Clone();
            foreach (var set in perGroup.Skip(1)) all.IntersectWith(set);
            stable[concept] = perGroup;
            equilibria[concept] = all;
        }
        return new CompositeResult(_groups, Enumerable.Range(0, _groups.Length).Select(Name).ToArray(), stable, equilibria);
    }
}

/// <summary>The composite analysis: effective decision makers (groups of original indexes and their names), per-concept stability per group, and the equilibria.</summary>
public sealed record CompositeResult(
    IReadOnlyList<IReadOnlyList<int>> Groups, IReadOnlyList<string> Names,
    IReadOnlyDictionary<SolutionConcept, StateSet[]> Stable, IReadOnlyDictionary<SolutionConcept, StateSet> Equilibria);
