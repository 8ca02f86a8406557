using Parley.Stability.Engine;

namespace Parley.Stability.Analysis;

/// <summary>Stability verdicts: for each analysed concept and decision maker, the set of stable states.</summary>
public sealed class StabilityTable(ConflictGraph graph, IReadOnlyDictionary<SolutionConcept, StateSet[]> stable)
{
    public ConflictGraph Graph { get; } = graph;

    public IReadOnlyCollection<SolutionConcept> Concepts => (IReadOnlyCollection<SolutionConcept>)stable.Keys;

    public bool IsStable(SolutionConcept concept, int dm, int state) => stable[concept][dm].Contains(state);

    public StateSet StableStates(SolutionConcept concept, int dm) => stable[concept][dm];

    /// <summary>States stable for every decision maker under the concept.</summary>
    public StateSet Equilibria(SolutionConcept concept)
    {
        var result = StateSet.Full(Graph.StateCount);
        foreach (var set in stable[concept]) result.IntersectWith(set);
        return result;
    }
}
