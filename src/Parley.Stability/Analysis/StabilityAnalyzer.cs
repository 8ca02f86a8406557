using Parley.Stability.Engine;

namespace Parley.Stability.Analysis;

/// <summary>
/// Decides the stability of every feasible state for every decision maker under the six classic concepts.
///
/// The sanction concepts reduce to value propagation instead of enumerating sanction chains:
/// for a focal decision maker i, <c>reach[s1]</c> is the least-preferred (for i) state the opponents can
/// bring about from s1 by a legal sequence (no decision maker twice in a row), computed as a fixed point
/// over "state, last mover" pairs. An improvement s1 from s is unsanctioned exactly when
/// min(rank(s1), reach[s1]) &gt; rank(s), so s is stable when the maximum of that quantity over i's moves
/// from s does not exceed rank(s). Every step is a per-block aggregate (see <see cref="ConflictGraph"/>).
/// </summary>
public sealed class StabilityAnalyzer(ConflictGraph graph)
{
    private const int Unreachable = ConflictGraph.Unreachable;
    private const int NoMove = ConflictGraph.NoMove;

    public ConflictGraph Graph { get; } = graph;

    /// <param name="progress">the share of (concept, decision maker) verdicts done, after each</param>
    public StabilityTable AnalyzeAll(IEnumerable<SolutionConcept>? concepts = null, IProgress<double>? progress = null)
    {
        var list = (concepts ?? SolutionConcepts.All).Distinct().ToArray();
        var stable = new Dictionary<SolutionConcept, StateSet[]>();
        var done = 0;
        foreach (var concept in list)
        {
            var perDm = new StateSet[Graph.DecisionMakerCount];
            for (var dm = 0; dm < perDm.Length; dm++)
            {
                Graph.Options.Cancellation.ThrowIfCancellationRequested();
                perDm[dm] = Stable(concept, dm);
                progress?.Report(++done / (double)(list.Length * perDm.Length));
            }
            stable[concept] = perDm;
        }
        return new StabilityTable(Graph, stable);
    }

    public StateSet Stable(SolutionConcept concept, int dm) => concept switch
    {
        SolutionConcept.Nash => Nash(dm),
        SolutionConcept.Gmr => Sanctioned(dm, OpponentReach(dm, VisibleRanks(dm, Unreachable), improvementsOnly: false)),
        SolutionConcept.Smr => Sanctioned(dm, OpponentReach(dm, EscapeValues(dm), improvementsOnly: false)),
        SolutionConcept.Seq => Sanctioned(dm, SequentialReach(dm)),
        SolutionConcept.Sim => PerImprovement(dm, null),
        SolutionConcept.SeqSim => PerImprovement(dm, SequentialReach(dm)),
        _ => throw new ArgumentOutOfRangeException(nameof(concept)),
    };

    private bool Perceives(int dm, int state) => Graph.Perceived[dm]?.Contains(state) ?? true;

    /// <summary>The focal ranks, with states the focal decision maker does not perceive set to <paramref name="hidden"/>.</summary>
    private int[] VisibleRanks(int dm, int hidden)
    {
        var ranks = Graph.Ranks[dm];
        if (Graph.Perceived[dm] is null) return ranks;
        var values = new int[ranks.Length];
        for (var s = 0; s < values.Length; s++) values[s] = Perceives(dm, s) ? ranks[s] : hidden;
        return values;
    }

    private StateSet Nash(int dm)
    {
        var ranks = Graph.Ranks[dm];
        var best = Graph.MaxOverMoves(dm, VisibleRanks(dm, NoMove));
        return StateSet.FromPredicate(Graph.StateCount, s => Perceives(dm, s) && best[s] <= ranks[s], Graph.Parallel);
    }

    /// <summary>SMR's value of a sanction state s2: the best the focal DM can get by staying or moving on from it.</summary>
    private int[] EscapeValues(int dm)
    {
        var ranks = Graph.Ranks[dm];
        var onward = Graph.MaxOverMoves(dm, VisibleRanks(dm, NoMove));
        var values = new int[ranks.Length];
        for (var s = 0; s < values.Length; s++) values[s] = Perceives(dm, s) ? Math.Max(ranks[s], onward[s]) : Unreachable;
        return values;
    }

    private StateSet Sanctioned(int dm, int[] reach)
    {
        var ranks = Graph.Ranks[dm];
        var exposure = new int[ranks.Length];
        for (var s = 0; s < exposure.Length; s++) exposure[s] = Perceives(dm, s) ? Math.Min(ranks[s], reach[s]) : NoMove;
        var worstUnsanctioned = Graph.MaxOverMoves(dm, exposure);
        return StateSet.FromPredicate(Graph.StateCount, s => Perceives(dm, s) && worstUnsanctioned[s] <= ranks[s], Graph.Parallel);
    }

    internal int[] Opponents(int focal) => Enumerable.Range(0, Graph.DecisionMakerCount).Where(d => d != focal).ToArray();

    /// <summary>
    /// result[s] = min of <paramref name="values"/> over the states the focal DM's opponents can reach from s
    /// by a legal sequence of (improving) unilateral moves of length ≥ 1, passing only through states the
    /// focal DM perceives. Fixed point of W_j(s) = min over k≠j, t∈R_k(s) of min(v(t), W_k(t)).
    /// </summary>
    internal int[] OpponentReach(int focal, int[] values, bool improvementsOnly) =>
        CoalitionReach(Opponents(focal), values, improvementsOnly, Graph.Perceived[focal]);

    // SEQ and SEQ+SIM share the sequential sanction values; computing them once halves SEQ+SIM's cost.
    private readonly Dictionary<int, int[]> _sequentialReach = [];

    private int[] SequentialReach(int dm)
    {
        lock (_sequentialReach)
        {
            if (!_sequentialReach.TryGetValue(dm, out var reach))
                _sequentialReach[dm] = reach = OpponentReach(dm, VisibleRanks(dm, Unreachable), improvementsOnly: true);
            return reach;
        }
    }

    internal int[] CoalitionReach(int[] movers, int[] values, bool improvementsOnly, StateSet? passable)
    {
        var n = values.Length;
        var lastMoverValue = new int[movers.Length][];
        for (var j = 0; j < movers.Length; j++)
        {
            lastMoverValue[j] = new int[n];
            Array.Fill(lastMoverValue[j], Unreachable);
        }
        var arrivals = new int[movers.Length][];
        var arrive = new int[n];
        // Chaotic (Gauss–Seidel) iteration: each mover's arrivals are folded into the other movers' values
        // at once, so the next mover already builds on them. Values only decrease from "unreachable", so any
        // update order reaches the same fixed point; it just takes fewer rounds than updating in lockstep.
        while (true)
        {
            var changed = false;
            for (var k = 0; k < movers.Length; k++)
            {
                var w = lastMoverValue[k];
                for (var t = 0; t < n; t++)
                    arrive[t] = passable is null || passable.Contains(t) ? Math.Min(values[t], w[t]) : Unreachable;
                var arrival = arrivals[k] = improvementsOnly ? Graph.MinOverImprovements(movers[k], arrive) : Graph.MinOverMoves(movers[k], arrive);
                if (movers.Length == 1) return arrival;
                for (var j = 0; j < movers.Length; j++)
                {
                    if (j == k) continue;
                    var target = lastMoverValue[j];
                    for (var x = 0; x < n; x++)
                        if (arrival[x] < target[x]) { target[x] = arrival[x]; changed = true; }
                }
            }
            if (!changed) break;
        }
        var result = new int[n];
        for (var s = 0; s < n; s++)
        {
            var best = Unreachable;
            for (var k = 0; k < movers.Length; k++) best = Math.Min(best, arrivals[k][s]);
            result[s] = best;
        }
        return result;
    }

    /// <summary>
    /// The cost of <see cref="AnalyzeAll"/> for these concepts, before running it (see <see cref="StabilityEstimate"/>).
    /// For SIM and SEQ+SIM it builds the per-decision-maker search structures the analysis then reuses.
    /// </summary>
    public StabilityEstimate Estimate(IEnumerable<SolutionConcept>? concepts = null)
    {
        var list = (concepts ?? SolutionConcepts.All).Distinct().ToArray();
        var n = Graph.StateCount;
        var dms = Graph.DecisionMakerCount;
        var propagation = list.Count(c => c is SolutionConcept.Gmr or SolutionConcept.Smr or SolutionConcept.Seq or SolutionConcept.SeqSim)
                          * (double)n * dms * Math.Max(1, dms - 1) + (list.Contains(SolutionConcept.Nash) ? (double)n * dms : 0);
        double simultaneous = 0, searchBytes = 0;
        var sampled = 0;
        var searches = list.Count(c => c is SolutionConcept.Sim or SolutionConcept.SeqSim);
        if (searches > 0)
        {
            sampled = Math.Min(n, StabilityCost.Sample);
            for (var dm = 0; dm < dms; dm++)
            {
                var search = SearchFor(dm);
                searchBytes += search.BytesPerState;
                var scratch = search.CreateScratch();
                for (var k = 0; k < sampled; k++)
                {
                    Graph.Options.Cancellation.ThrowIfCancellationRequested();
                    search.IsStable((int)((long)k * n / sampled), null, scratch);
                }
                simultaneous += searches * (double)scratch.Work * n / sampled;
            }
        }
        var threads = Graph.Options.Degree;
        var seconds = (propagation * StabilityCost.SecondsPerPropagationStep + simultaneous * StabilityCost.SecondsPerSearchStep) / Math.Min(threads, Environment.ProcessorCount);
        var bytes = (long)(n * StabilityCost.BytesPerState(dms, searchBytes));
        return new StabilityEstimate(n, sampled, propagation, simultaneous, seconds, bytes);
    }

    private SimultaneousSanctionSearch SearchFor(int dm)
    {
        lock (_simultaneousSearch)
        {
            if (!_simultaneousSearch.TryGetValue(dm, out var search))
                _simultaneousSearch[dm] = search = new SimultaneousSanctionSearch(Graph, dm);
            return search;
        }
    }

    // SIM and SEQ+SIM share the per-focal search structures (the last opponent's blocks sorted by focal rank).
    private readonly Dictionary<int, SimultaneousSanctionSearch> _simultaneousSearch = [];

    /// <summary>SIM (seqReach null) or SEQ+SIM: decided improvement by improvement.</summary>
    private StateSet PerImprovement(int dm, int[]? seqReach)
    {
        var search = SearchFor(dm);
        using var scratch = new ThreadLocal<SimultaneousSanctionSearch.Scratch>(search.CreateScratch);
        return StateSet.FromPredicate(Graph.StateCount, s => search.IsStable(s, seqReach, scratch.Value!), Graph.Parallel);
    }

    /// <summary>
    /// A simultaneous sanction of the focal move s→s1: a non-empty set of opponents, each making one of its
    /// unilateral improvements from s at the same time, whose combined outcome is feasible, perceived by
    /// the focal DM and not better for it than s. Returns the opponents' chosen states, or null.
    /// </summary>
    internal int[][] OpponentImprovements(int[] opponents, int s) => opponents.Select(j => Graph.Improvements(j, s).ToArray()).ToArray();

    internal IReadOnlyList<(int Mover, int Target)>? SimultaneousSanction(int dm, int[] opponents, int[][] improvements, int s, int s1)
    {
        var limit = Graph.Ranks[dm][s];
        var ranks = Graph.Ranks[dm];
        var baseCode = Graph.Codes[s1];
        // Counter over the choices of every opponent (0 = stays, c = its c-th improvement), enumerating the
        // product without recursion. Single-opponent responses come first: they are the likeliest sanctions.
        var choice = new int[opponents.Length];
        for (var j = 0; j < opponents.Length; j++)
            foreach (var t in improvements[j])
                if (IsSanction(Replace(baseCode, j, t))) return [(opponents[j], t)];
        if (opponents.Length == 1) return null;
        while (Advance())
        {
            var movers = 0;
            var code = baseCode;
            for (var j = 0; j < opponents.Length; j++)
                if (choice[j] > 0) { movers++; code = Replace(code, j, improvements[j][choice[j] - 1]); }
            if (movers >= 2 && IsSanction(code))
                return Enumerable.Range(0, opponents.Length).Where(j => choice[j] > 0)
                    .Select(j => (opponents[j], improvements[j][choice[j] - 1])).ToArray();
        }
        return null;

        ulong Replace(ulong code, int j, int target)
        {
            var mask = Graph.OptionMasks[opponents[j]];
            return (code & ~mask) | (Graph.Codes[target] & mask);
        }

        bool IsSanction(ulong code)
        {
            var x = Graph.IndexOf(code);
            return x >= 0 && ranks[x] <= limit && Perceives(dm, x);
        }

        bool Advance()
        {
            for (var j = 0; j < choice.Length; j++)
            {
                if (++choice[j] <= improvements[j].Length) return true;
                choice[j] = 0;
            }
            return false;
        }
    }
}
