using Parley.Stability.Engine;

namespace Parley.Stability.Analysis;

/// <summary>
/// Explains one verdict by explicit search (breadth-first over "state, last mover", so each sanction shown is
/// a shortest one). Meant for single states on demand; the table itself comes from <see cref="StabilityAnalyzer"/>.
/// </summary>
public sealed class StabilityExplainer(ConflictGraph graph)
{
    private readonly StabilityAnalyzer _analyzer = new(graph);

    public StabilityExplanation Explain(SolutionConcept concept, int dm, int state)
    {
        var perceived = graph.Perceived[dm]?.Contains(state) ?? true;
        if (!perceived) return new StabilityExplanation(concept, dm, state, false, []);
        var limit = graph.Ranks[dm][state];
        var opponents = _analyzer.Opponents(dm);
        var verdicts = new List<ImprovementVerdict>();
        int[][]? responses = null;
        foreach (var s1 in graph.Improvements(dm, state).Where(t => Perceives(dm, t)).Order())
        {
            IReadOnlyList<MoveStep>? sanction = null;
            var simultaneous = false;
            switch (concept)
            {
                case SolutionConcept.Nash:
                    break;
                case SolutionConcept.Gmr:
                    sanction = SequentialSanction(dm, opponents, s1, false, x => graph.Ranks[dm][x] <= limit);
                    break;
                case SolutionConcept.Smr:
                    sanction = SequentialSanction(dm, opponents, s1, false, x => graph.Ranks[dm][x] <= limit &&
                        graph.Moves(dm, x).Where(t => Perceives(dm, t)).All(t => graph.Ranks[dm][t] <= limit));
                    break;
                case SolutionConcept.Seq:
                    sanction = SequentialSanction(dm, opponents, s1, true, x => graph.Ranks[dm][x] <= limit);
                    break;
                case SolutionConcept.Sim or SolutionConcept.SeqSim:
                    if (concept == SolutionConcept.SeqSim)
                        sanction = SequentialSanction(dm, opponents, s1, true, x => graph.Ranks[dm][x] <= limit);
                    if (sanction is null)
                    {
                        responses ??= _analyzer.OpponentImprovements(opponents, state);
                        sanction = _analyzer.SimultaneousSanction(dm, opponents, responses, state, s1)?
                            .Select(m => new MoveStep(m.Mover, m.Target)).ToArray();
                        simultaneous = sanction is not null;
                    }
                    break;
            }
            verdicts.Add(new ImprovementVerdict(s1, sanction, simultaneous));
        }
        return new StabilityExplanation(concept, dm, state, true, verdicts);
    }

    private bool Perceives(int dm, int s) => graph.Perceived[dm]?.Contains(s) ?? true;

    private IReadOnlyList<MoveStep>? SequentialSanction(int dm, int[] opponents, int start, bool improvementsOnly, Func<int, bool> deters)
    {
        var parent = new Dictionary<(int State, int Last), (int State, int Last)>();
        var queue = new Queue<(int State, int Last)>();
        var origin = (start, -1);
        parent[origin] = origin;
        queue.Enqueue(origin);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var mover in opponents)
            {
                if (mover == node.Last) continue;
                var moves = improvementsOnly ? graph.Improvements(mover, node.State) : graph.Moves(mover, node.State);
                foreach (var t in moves)
                {
                    if (!Perceives(dm, t)) continue;
                    var next = (t, mover);
                    if (!parent.TryAdd(next, node)) continue;
                    if (deters(t)) return Path(next);
                    queue.Enqueue(next);
                }
            }
        }
        return null;

        IReadOnlyList<MoveStep> Path((int State, int Last) end)
        {
            var steps = new List<MoveStep>();
            for (var n = end; n != origin; n = parent[n]) steps.Add(new MoveStep(n.Last, n.State));
            steps.Reverse();
            return steps;
        }
    }
}
