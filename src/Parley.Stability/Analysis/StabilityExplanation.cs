using Parley.Stability.Engine;

namespace Parley.Stability.Analysis;

/// <summary>One move in a sanction or a path: <see cref="Mover"/> (decision maker index) moves to <see cref="State"/>.</summary>
public sealed record MoveStep(int Mover, int State);

/// <summary>
/// One unilateral improvement of the focal decision maker and, when it is deterred, the sanction: a legal
/// sequence of the opponents' moves (or, for SIM, their simultaneous improvements) ending in a state not
/// better for the focal decision maker than where it started.
/// </summary>
public sealed record ImprovementVerdict(int Target, IReadOnlyList<MoveStep>? Sanction, bool Simultaneous)
{
    public bool Sanctioned => Sanction is not null;
}

public sealed record StabilityExplanation(
    SolutionConcept Concept, int DecisionMaker, int State, bool Perceived, IReadOnlyList<ImprovementVerdict> Improvements)
{
    public bool Stable => Perceived && Improvements.All(i => i.Sanctioned);

    public string Describe(ConflictGraph graph)
    {
        var names = graph.Conflict.DecisionMakers.Select(d => d.Name).ToArray();
        string S(int s) => $"state {s + 1} ({graph.OptionForm(s)})";
        var head = $"{S(State)} is {(Stable ? "stable" : "unstable")} for {names[DecisionMaker]} under {Concept.Label()}";
        if (!Perceived) return head + ": the decision maker does not perceive this state.";
        if (Improvements.Count == 0) return head + ": it has no unilateral improvement.";
        var lines = new List<string> { head + ":" };
        foreach (var improvement in Improvements)
        {
            if (improvement.Sanction is null)
                lines.Add($"  improvement to {S(improvement.Target)} is not deterred.");
            else if (improvement.Simultaneous)
                lines.Add($"  improvement to {S(improvement.Target)} is deterred by simultaneous moves: " +
                          string.Join(" and ", improvement.Sanction.Select(m => $"{names[m.Mover]} moving towards {S(m.State)}")) + ".");
            else
                lines.Add($"  improvement to {S(improvement.Target)} is deterred by " +
                          string.Join(", then ", improvement.Sanction.Select(m => $"{names[m.Mover]} moving to {S(m.State)}")) + ".");
        }
        return string.Join(Environment.NewLine, lines);
    }
}
