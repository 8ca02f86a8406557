using Parley.Stability.Engine;
using Parley.Stability.Model;

namespace Parley.Stability.Analysis;

/// <summary>
/// Limited-move stability L_h and non-myopic stability for two decision makers (Kilgour 1985; Fang, Hipel
/// &amp; Kilgour 1993, ch. 4). Each decision maker looks h moves ahead, alternating with its opponent, and
/// assumes both sides choose what ends best for themselves at the horizon:
///
/// G_0(i, s) = s; for h ≥ 1, G_h(i, s) is the best (for i) of G_{h-1}(j, t) over i's moves s→t, when that is
/// strictly better for i than s, and s otherwise (i stays). s is L_h stable for i iff G_h(i, s) = s.
///
/// Ties (the definition assumes strict preferences): among moves whose anticipated outcomes the mover
/// likes equally, it takes the one worst for its opponent, then the outcome with the lowest state number.
/// Non-myopic stability is the limit h → ∞: the anticipation tables G_h are a deterministic iteration over
/// a finite set, so they become periodic; a state is non-myopically stable for i when it is L_h stable
/// for every h in that final cycle (i.e. for all sufficiently large horizons). Misperceptions are ignored.
/// </summary>
public sealed class LimitedMoveAnalyzer
{
    private readonly ConflictGraph _graph;
    private readonly List<int[][]> _anticipated = [];

    public LimitedMoveAnalyzer(ConflictGraph graph)
    {
        if (graph.DecisionMakerCount != 2)
            throw new ConflictModelException(
                $"limited-move and non-myopic stability are defined for two decision makers; this conflict has {graph.DecisionMakerCount}",
                graph.Conflict.Name);
        _graph = graph;
        var identity = Enumerable.Range(0, graph.StateCount).ToArray();
        _anticipated.Add([identity, identity]);
    }

    public ConflictGraph Graph => _graph;

    /// <summary>G_h(dm, s) for every state s: the outcome dm anticipates at horizon h (s itself when it stays).</summary>
    public IReadOnlyList<int> Anticipated(int dm, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(horizon);
        while (_anticipated.Count <= horizon) _anticipated.Add(Step(_anticipated[^1]));
        return _anticipated[horizon][dm];
    }

    /// <summary>The states L_h stable for <paramref name="dm"/>.</summary>
    public StateSet Stable(int dm, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        var anticipated = Anticipated(dm, horizon);
        return StateSet.FromPredicate(_graph.StateCount, s => anticipated[s] == s, _graph.Parallel);
    }

    /// <summary>The L_h equilibria: states L_h stable for both decision makers.</summary>
    public StateSet Equilibria(int horizon)
    {
        var result = Stable(0, horizon);
        result.IntersectWith(Stable(1, horizon));
        return result;
    }

    /// <summary>
    /// Non-myopic stability: iterates the horizon until the anticipation tables repeat, at most
    /// <paramref name="maxHorizon"/> steps (a <see cref="ConflictModelException"/> beyond that).
    /// </summary>
    public NonMyopicResult NonMyopic(int maxHorizon = 100_000)
    {
        var seen = new Dictionary<ulong, int> { [Fingerprint(_anticipated[0])] = 0 };
        var current = _anticipated[0];
        for (var h = 1; h <= maxHorizon; h++)
        {
            current = h < _anticipated.Count ? _anticipated[h] : Step(current);
            if (h >= _anticipated.Count && h <= 64) _anticipated.Add(current);
            if (!seen.TryAdd(Fingerprint(current), h))
            {
                var cycleStart = seen[Fingerprint(current)];
                return CollectCycle(cycleStart, h);
            }
        }
        throw new ConflictModelException(
            $"the limited-move anticipations did not settle within {maxHorizon} moves; non-myopic stability is undecided", _graph.Conflict.Name);
    }

    private NonMyopicResult CollectCycle(int cycleStart, int repeatAt)
    {
        // Horizon 0 (everyone stays) is no horizon of the analysis; when the identity recurs (nobody ever
        // moves), the same cycle is read one period later.
        if (cycleStart == 0) (cycleStart, repeatAt) = (repeatAt, 2 * repeatAt);
        // Replay the cycle (cheap next to finding it) to intersect the stable sets over its horizons.
        var tables = _anticipated.Count > cycleStart ? _anticipated[cycleStart] : Replay(cycleStart);
        var stable = new[] { StateSet.Full(_graph.StateCount), StateSet.Full(_graph.StateCount) };
        var table = tables;
        for (var h = cycleStart; h < repeatAt; h++)
        {
            for (var dm = 0; dm < 2; dm++)
            {
                var g = table[dm];
                stable[dm].IntersectWith(StateSet.FromPredicate(_graph.StateCount, s => g[s] == s, _graph.Parallel));
            }
            table = Step(table);
        }
        return new NonMyopicResult(stable, cycleStart, repeatAt - cycleStart);
    }

    private int[][] Replay(int horizon)
    {
        var table = _anticipated[^1];
        for (var h = _anticipated.Count - 1; h < horizon; h++) table = Step(table);
        return table;
    }

    /// <summary>G_h from G_{h-1}, for both decision makers.</summary>
    private int[][] Step(int[][] previous)
    {
        var next = new int[2][];
        for (var dm = 0; dm < 2; dm++)
        {
            var opponent = 1 - dm;
            var mine = _graph.Ranks[dm];
            var theirs = _graph.Ranks[opponent];
            var response = previous[opponent];
            var codes = _graph.Codes;
            var result = new int[_graph.StateCount];
            Parallel.For(0, _graph.StateCount, _graph.Parallel, s =>
            {
                var best = -1;
                foreach (var t in _graph.MoveBlockOf(dm, s))
                {
                    if (t == s || !_graph.IsLegalChange(codes[s], codes[t])) continue;
                    var outcome = response[t];
                    if (best < 0 || mine[outcome] > mine[best] ||
                        (mine[outcome] == mine[best] && (theirs[outcome] < theirs[best] || (theirs[outcome] == theirs[best] && outcome < best))))
                        best = outcome;
                }
                result[s] = best >= 0 && mine[best] > mine[s] ? best : s;
            });
            next[dm] = result;
        }
        return next;
    }

    private static ulong Fingerprint(int[][] tables)
    {
        // Two independent 64-bit multiplicative hashes folded together; a false repeat would need both to collide.
        ulong a = 0x9E3779B97F4A7C15, b = 0xC2B2AE3D27D4EB4F;
        foreach (var table in tables)
            foreach (var v in table)
            {
                a = (a ^ (uint)v) * 0x100000001B3UL;
                b = (b + (uint)v) * 0xFF51AFD7ED558CCDUL ^ (b >> 29);
            }
        return a ^ (b * 31);
    }
}

/// <summary>
/// Non-myopic stability: the states stable for each decision maker at every horizon of the final cycle of
/// the limited-move anticipations, which starts at horizon <see cref="SettledFrom"/> and repeats every
/// <see cref="Period"/> horizons (1 = the anticipations reach a fixed point).
/// </summary>
public sealed record NonMyopicResult(IReadOnlyList<StateSet> Stable, int SettledFrom, int Period)
{
    public StateSet Equilibria
    {
        get
        {
            var result = Stable[0].Clone();
            result.IntersectWith(Stable[1]);
            return result;
        }
    }
}
