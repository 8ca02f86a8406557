namespace Parley.Stability.Analysis.Inverse;

/// <summary>
/// Finds pairwise preference relations satisfying formulas: depth-first over the alternatives of each
/// disjunction, keeping per decision maker a graph of chosen relations that must admit a ranking (no
/// cycle through a strict relation; cycles of "at least as much" are ties and fine).
/// </summary>
internal sealed class RelationSolver
{
    public enum Outcome { Satisfied, Contradiction, GaveUp }

    public sealed record Solution(Outcome Status, IReadOnlyList<PreferenceRelation> Relations);

    private sealed record Pending(PreferenceFormula Head, Pending? Tail);

    private sealed class GaveUpException : Exception;

    private readonly List<PreferenceRelation>[] _edges;
    private readonly List<PreferenceRelation> _chosen = [];
    private readonly int _maxSteps;
    private int _steps;

    private RelationSolver(int decisionMakers, int maxSteps)
    {
        _edges = Enumerable.Range(0, decisionMakers).Select(_ => new List<PreferenceRelation>()).ToArray();
        _maxSteps = maxSteps;
    }

    public static Solution Solve(int decisionMakers, IReadOnlyList<PreferenceRelation> fixedRelations, IReadOnlyList<PreferenceFormula> formulas, int maxSteps)
    {
        var solver = new RelationSolver(decisionMakers, maxSteps);
        foreach (var relation in fixedRelations)
            if (!solver.TryAdd(relation)) return new Solution(Outcome.Contradiction, []);
        var fixedCount = solver._chosen.Count;
        Pending? agenda = null;
        for (var i = formulas.Count - 1; i >= 0; i--) agenda = new Pending(formulas[i], agenda);
        try
        {
            return solver.Go(agenda)
                ? new Solution(Outcome.Satisfied, solver._chosen.Skip(fixedCount).Distinct().ToArray())
                : new Solution(Outcome.Contradiction, []);
        }
        catch (GaveUpException)
        {
            return new Solution(Outcome.GaveUp, []);
        }
    }

    private bool Go(Pending? pending)
    {
        if (++_steps > _maxSteps) throw new GaveUpException();
        if (pending is null) return true;
        switch (pending.Head)
        {
            case PreferenceRelation relation:
                if (!TryAdd(relation)) return false;
                if (Go(pending.Tail)) return true;
                Remove(relation);
                return false;
            case Conjunction all:
                var next = pending.Tail;
                for (var i = all.Parts.Count - 1; i >= 0; i--) next = new Pending(all.Parts[i], next);
                return Go(next);
            case Disjunction any:
                foreach (var part in any.Parts)
                    if (Go(new Pending(part, pending.Tail))) return true;
                return false;
            default:
                throw new InvalidOperationException($"unknown formula {pending.Head.GetType().Name}");
        }
    }

    private bool TryAdd(PreferenceRelation relation)
    {
        if (relation.Better == relation.Worse && relation.Strict) return false;
        // Adding Better ⪰ Worse closes a cycle when Worse already reaches Better; it is contradictory when
        // the new relation or some relation on that path is strict.
        if (ReachesThroughStrict(relation.Dm, relation.Worse, relation.Better, relation.Strict)) return false;
        _edges[relation.Dm].Add(relation);
        _chosen.Add(relation);
        return true;
    }

    private void Remove(PreferenceRelation relation)
    {
        _edges[relation.Dm].RemoveAt(_edges[relation.Dm].Count - 1);
        _chosen.RemoveAt(_chosen.Count - 1);
    }

    private bool ReachesThroughStrict(int dm, int from, int to, bool strictAlready)
    {
        var edges = _edges[dm];
        var seen = new HashSet<(int, bool)>();
        var stack = new Stack<(int Node, bool Strict)>();
        stack.Push((from, strictAlready));
        while (stack.Count > 0)
        {
            var (node, strict) = stack.Pop();
            if (node == to && strict) return true;
            if (!seen.Add((node, strict))) continue;
            foreach (var edge in edges)
                if (edge.Better == node) stack.Push((edge.Worse, strict || edge.Strict));
        }
        return false;
    }
}
