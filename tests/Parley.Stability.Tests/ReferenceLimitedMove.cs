namespace Parley.Stability.Tests;

/// <summary>
/// Limited-move and non-myopic stability for two decision makers written straight from the recursive
/// definition (Kilgour 1985; Fang, Hipel &amp; Kilgour 1993, ch. 4), over option bit patterns, with the tie
/// rule the engine documents: among equally good anticipated outcomes the mover takes the one worst for
/// its opponent, then the lowest state number. Plain recursion with a memo; only for small conflicts.
/// </summary>
internal sealed class ReferenceLimitedMove(ReferenceStability reference)
{
    private readonly Dictionary<(int H, int Dm, ulong S), ulong> _memo = [];

    /// <summary>G_h(dm, s): the state dm anticipates when it may move first at s with h moves to go.</summary>
    public ulong Anticipate(int h, int dm, ulong s)
    {
        if (h == 0) return s;
        if (_memo.TryGetValue((h, dm, s), out var known)) return known;
        var other = 1 - dm;
        var mine = reference.Payoff[dm];
        var theirs = reference.Payoff[other];
        ulong? best = null;
        foreach (var t in reference.Reach(dm, s).Order())
        {
            var outcome = Anticipate(h - 1, other, t);
            if (best is not { } b || mine[outcome] > mine[b] ||
                (mine[outcome] == mine[b] && (theirs[outcome] < theirs[b] || (theirs[outcome] == theirs[b] && outcome < b))))
                best = outcome;
        }
        var result = best is { } choice && mine[choice] > mine[s] ? choice : s;
        _memo[(h, dm, s)] = result;
        return result;
    }

    public bool IsStable(int h, int dm, ulong s) => Anticipate(h, dm, s) == s;

    /// <summary>
    /// Non-myopic: L_h stable for every h from some point on. With N states, G_h(dm, ·) is determined by
    /// the pair of tables at h − 1, so beyond a transient the tables cycle; checking a window far beyond any
    /// transient seen in these small conflicts (h in [4N, 4N + 2N]) stands in for "all sufficiently large h".
    /// </summary>
    public bool IsNonMyopicStable(int dm, ulong s)
    {
        var n = reference.States.Count;
        for (var h = 4 * n; h <= 6 * n; h++)
            if (!IsStable(h, dm, s)) return false;
        return true;
    }
}
