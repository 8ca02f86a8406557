using Parley.Stability.Engine;

namespace Parley.Stability.Analysis.Inverse;

/// <summary>
/// A condition on the decision makers' preferences built from pairwise relations: "decision maker Dm
/// prefers Better to Worse" (strictly, or "at least as much" when not strict). Independent of any
/// actual ranking, so it can be evaluated against candidate rankings or searched for a satisfying one.
/// </summary>
public abstract record PreferenceFormula
{
    /// <summary>True when the ranks (ranks[dm][state], higher = better) satisfy the formula.</summary>
    public abstract bool Holds(IReadOnlyList<int[]> ranks);

    /// <summary>The logical negation, pushed down to the relations (De Morgan; ¬(a ⪰ b) is b ≻ a).</summary>
    public abstract PreferenceFormula Negate();

    public abstract string Describe(ConflictGraph graph);

    public static PreferenceFormula True { get; } = new Conjunction([]);
    public static PreferenceFormula False { get; } = new Disjunction([]);
}

/// <summary>Decision maker <paramref name="Dm"/> prefers state <paramref name="Better"/> to <paramref name="Worse"/> (≻), or at least as much (⪰).</summary>
public sealed record PreferenceRelation(int Dm, int Better, int Worse, bool Strict) : PreferenceFormula
{
    public override bool Holds(IReadOnlyList<int[]> ranks) =>
        Strict ? ranks[Dm][Better] > ranks[Dm][Worse] : ranks[Dm][Better] >= ranks[Dm][Worse];

    public override PreferenceFormula Negate() => new PreferenceRelation(Dm, Worse, Better, !Strict);

    public override string Describe(ConflictGraph graph) =>
        $"{graph.Conflict.DecisionMakers[Dm].Name} prefers state {Better + 1} ({graph.OptionForm(Better)}) " +
        $"{(Strict ? "to" : "at least as much as")} state {Worse + 1} ({graph.OptionForm(Worse)})";
}

public sealed record Conjunction(IReadOnlyList<PreferenceFormula> Parts) : PreferenceFormula
{
    public override bool Holds(IReadOnlyList<int[]> ranks) => Parts.All(p => p.Holds(ranks));

    public override PreferenceFormula Negate() => Disjunction.Of(Parts.Select(p => p.Negate()));

    public override string Describe(ConflictGraph graph) => Parts.Count switch
    {
        0 => "always",
        1 => Parts[0].Describe(graph),
        _ => string.Join(" and ", Parts.Select(p => p is Disjunction ? $"({p.Describe(graph)})" : p.Describe(graph))),
    };

    /// <summary>Flattens nested conjunctions and collapses the one-part case.</summary>
    public static PreferenceFormula Of(IEnumerable<PreferenceFormula> parts)
    {
        var list = new List<PreferenceFormula>();
        foreach (var part in parts)
        {
            if (part is Disjunction { Parts.Count: 0 }) return False;
            if (part is Conjunction all) list.AddRange(all.Parts);
            else list.Add(part);
        }
        return list.Count == 1 ? list[0] : new Conjunction(list.Distinct().ToArray());
    }

    public bool Equals(Conjunction? other) => other is not null && Parts.SequenceEqual(other.Parts);
    public override int GetHashCode() => Parts.Aggregate(17, (h, p) => h * 31 + p.GetHashCode());
}

public sealed record Disjunction(IReadOnlyList<PreferenceFormula> Parts) : PreferenceFormula
{
    public override bool Holds(IReadOnlyList<int[]> ranks) => Parts.Any(p => p.Holds(ranks));

    public override PreferenceFormula Negate() => Conjunction.Of(Parts.Select(p => p.Negate()));

    public override string Describe(ConflictGraph graph) => Parts.Count switch
    {
        0 => "never",
        1 => Parts[0].Describe(graph),
        _ => string.Join(" or ", Parts.Select(p => p is Conjunction ? $"[{p.Describe(graph)}]" : p.Describe(graph))),
    };

    public static PreferenceFormula Of(IEnumerable<PreferenceFormula> parts)
    {
        var list = new List<PreferenceFormula>();
        foreach (var part in parts)
        {
            if (part is Conjunction { Parts.Count: 0 }) return True;
            if (part is Disjunction any) list.AddRange(any.Parts);
            else list.Add(part);
        }
        return list.Count == 1 ? list[0] : new Disjunction(list.Distinct().ToArray());
    }

    public bool Equals(Disjunction? other) => other is not null && Parts.SequenceEqual(other.Parts);
    public override int GetHashCode() => Parts.Aggregate(19, (h, p) => h * 31 + p.GetHashCode());
}
