using Parley.Stability.Engine;

namespace Parley.Stability.Analysis;

/// <summary>A shortest route from the status quo to a state: the moves, each with its mover.</summary>
public sealed record ConflictPath(int Target, IReadOnlyList<MoveStep> Moves);

/// <summary>For one equilibrium: the shortest path by any unilateral moves and by unilateral improvements only (null when unreachable).</summary>
public sealed record ReachableEquilibrium(int State, ConflictPath? ByMoves, ConflictPath? ByImprovements);

/// <summary>
/// Status quo analysis (after Li, Hipel, Kilgour &amp; Fang 2004): how the conflict can evolve from the status quo.
/// Paths are legal sequences (no decision maker moves twice in a row), found breadth-first, so each is shortest.
/// </summary>
public sealed class StatusQuoAnalysis(ConflictGraph graph)
{
    public IReadOnlyList<ReachableEquilibrium> ReachableEquilibria(int statusQuo, StateSet equilibria)
    {
        var byMoves = ShortestPaths(statusQuo, improvementsOnly: false);
        var byImprovements = ShortestPaths(statusQuo, improvementsOnly: true);
        return equilibria.Members()
            .Select(e => new ReachableEquilibrium(e, byMoves.GetValueOrDefault(e), byImprovements.GetValueOrDefault(e)))
            .Where(r => r.ByMoves is not null)
            .ToArray();
    }

    /// <summary>Shortest legal path from the status quo to every reachable state (the status quo itself: empty path).</summary>
    public Dictionary<int, ConflictPath> ShortestPaths(int statusQuo, bool improvementsOnly)
    {
        var parent = new Dictionary<(int State, int Last), (int State, int Last)>();
        var result = new Dictionary<int, ConflictPath> { [statusQuo] = new ConflictPath(statusQuo, []) };
        var origin = (statusQuo, -1);
        parent[origin] = origin;
        var queue = new Queue<(int State, int Last)>();
        queue.Enqueue(origin);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            for (var mover = 0; mover < graph.DecisionMakerCount; mover++)
            {
                if (mover == node.Last) continue;
                var moves = improvementsOnly ? graph.Improvements(mover, node.State) : graph.Moves(mover, node.State);
                foreach (var t in moves)
                {
                    var next = (t, mover);
                    if (!parent.TryAdd(next, node)) continue;
                    if (!result.ContainsKey(t)) result[t] = new ConflictPath(t, PathTo(next));
                    queue.Enqueue(next);
                }
            }
        }
        return result;

        IReadOnlyList<MoveStep> PathTo((int State, int Last) end)
        {
            var steps = new List<MoveStep>();
            for (var n = end; n != origin; n = parent[n]) steps.Add(new MoveStep(n.Last, n.State));
            steps.Reverse();
            return steps;
        }
    }
}
