using Parley.Stability.Engine;
using Parley.Stability.Model;

namespace Parley.Stability.Analysis.Inverse;

/// <summary>The strict rankings of a decision maker allowed by its constraints, by backtracking over positions.</summary>
internal static class RankingSpace
{
    /// <summary>Every allowed ranking as states best first; a clear error when there are more than <paramref name="max"/>.</summary>
    public static List<int[]> Enumerate(ConflictGraph graph, int dm, RankingConstraints? constraints, long max)
    {
        var n = graph.StateCount;
        var where = $"{graph.Conflict.Name}: ranking constraints for '{graph.Conflict.DecisionMakers[dm].Name}'";
        var mustFollow = new List<int>[n];
        for (var s = 0; s < n; s++) mustFollow[s] = [];
        var best = Enumerable.Repeat(0, n).ToArray();
        var worst = Enumerable.Repeat(n - 1, n).ToArray();
        foreach (var (better, worse) in constraints?.MustPrefer ?? [])
        {
            Check(better);
            Check(worse);
            mustFollow[worse].Add(better);
        }
        foreach (var (state, bestPosition, worstPosition) in constraints?.Positions ?? [])
        {
            Check(state);
            if (bestPosition < 1 || worstPosition > n || bestPosition > worstPosition)
                throw new ConflictModelException($"positions {bestPosition}..{worstPosition} for state {state + 1} are not within 1..{n}", where);
            best[state] = Math.Max(best[state], bestPosition - 1);
            worst[state] = Math.Min(worst[state], worstPosition - 1);
        }

        var result = new List<int[]>();
        var order = new int[n];
        var placed = new bool[n];
        Place(0);
        return result;

        void Place(int position)
        {
            if (position == n)
            {
                if (result.Count >= max)
                    throw new ConflictModelException(
                        $"more than {max} rankings satisfy the constraints; fix more of the order to enumerate them", where);
                result.Add((int[])order.Clone());
                return;
            }
            for (var s = 0; s < n; s++)
            {
                if (placed[s] || position < best[s] || position > worst[s]) continue;
                if (mustFollow[s].Any(b => !placed[b])) continue;
                // A state whose last allowed position is this one must go here; skip the others early.
                if (Enumerable.Range(0, n).Any(x => x != s && !placed[x] && worst[x] == position)) continue;
                placed[s] = true;
                order[position] = s;
                Place(position + 1);
                placed[s] = false;
            }
        }

        void Check(int state)
        {
            if (state < 0 || state >= n)
                throw new ConflictModelException($"state {state + 1} does not exist; the conflict has {n} feasible states", where);
        }
    }

    /// <summary>Ranks (higher = better) from a ranking listed best first.</summary>
    public static int[] Ranks(int[] bestFirst)
    {
        var ranks = new int[bestFirst.Length];
        for (var p = 0; p < bestFirst.Length; p++) ranks[bestFirst[p]] = bestFirst.Length - 1 - p;
        return ranks;
    }
}
