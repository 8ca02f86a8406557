namespace Parley.Stability.Model;

/// <summary>
/// A graph-model conflict in option form. Option k is bit k of a state. A state is infeasible when any of
/// <see cref="Infeasible"/> holds for it. Every option is controlled by exactly one decision maker.
/// </summary>
public sealed record Conflict(
    string Name,
    IReadOnlyList<ConflictOption> Options,
    IReadOnlyList<DecisionMaker> DecisionMakers,
    IReadOnlyList<StateCondition> Infeasible)
{
    /// <summary>Enumerating 2^n states beyond this is impractical in memory and time.</summary>
    public const int MaxOptions = 30;

    public int OptionCount => Options.Count;

    /// <summary>Checks the structural rules and throws a <see cref="ConflictModelException"/> naming the culprit.</summary>
    public void Validate()
    {
        if (Options.Count == 0)
            throw new ConflictModelException("the conflict has no options", Name);
        if (Options.Count > MaxOptions)
            throw new ConflictModelException(
                $"the conflict has {Options.Count} options; at most {MaxOptions} are supported (2^{MaxOptions} states)", Name);
        if (DecisionMakers.Count < 2)
            throw new ConflictModelException($"a conflict needs at least two decision makers, found {DecisionMakers.Count}", Name);

        var owner = new int[Options.Count];
        Array.Fill(owner, -1);
        for (var d = 0; d < DecisionMakers.Count; d++)
        {
            var dm = DecisionMakers[d];
            var where = $"{Name}: decision maker '{dm.Name}'";
            if (dm.Options.Count == 0)
                throw new ConflictModelException("controls no options", where);
            foreach (var option in dm.Options)
            {
                if (option < 0 || option >= Options.Count)
                    throw new ConflictModelException($"option index {option} is out of range 0..{Options.Count - 1}", where);
                if (owner[option] >= 0)
                    throw new ConflictModelException(
                        $"option '{Options[option].Name}' is already controlled by '{DecisionMakers[owner[option]].Name}'", where);
                owner[option] = d;
            }
            CheckConditions(dm.MisperceivedStates, $"{where}, misperceptions");
            if (dm.Preference is PrioritizedPreference prioritized)
                CheckConditions(prioritized.Statements, $"{where}, preference statements");
        }
        var orphan = Array.IndexOf(owner, -1);
        if (orphan >= 0)
            throw new ConflictModelException($"option '{Options[orphan].Name}' is controlled by no decision maker", Name);
        CheckConditions(Infeasible, $"{Name}: infeasible states");
    }

    private void CheckConditions(IReadOnlyList<StateCondition> conditions, string where)
    {
        for (var i = 0; i < conditions.Count; i++)
            if (conditions[i].MaxOptionIndex >= Options.Count)
                throw new ConflictModelException(
                    $"condition {i + 1} mentions option index {conditions[i].MaxOptionIndex}, but there are only {Options.Count} options", where);
    }
}
