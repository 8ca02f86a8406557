namespace Parley.Stability.Model;

/// <summary>How a decision maker ranks the feasible states.</summary>
public abstract record Preference;

/// <summary>
/// Option prioritisation (Fang, Hipel, Kilgour &amp; Peng 2003): statements from most to least important.
/// A state scores 2^(n-1-k) for each statement k it satisfies; equal scores are ties. This is also how
/// gmcr-py turns its preference statements into payoffs.
/// </summary>
public sealed record PrioritizedPreference(IReadOnlyList<StateCondition> Statements) : Preference
{
    public bool Equals(PrioritizedPreference? other) =>
        other is not null && Statements.SequenceEqual(other.Statements);

    public override int GetHashCode() => Statements.Count;
}

/// <summary>
/// A direct ranking: tiers from most to least preferred, each tier a set of equally preferred states given
/// by their option bit patterns. Every feasible state must appear exactly once.
/// </summary>
public sealed record RankedPreference(IReadOnlyList<IReadOnlyList<ulong>> TiersBestFirst) : Preference
{
    public bool Equals(RankedPreference? other) =>
        other is not null && TiersBestFirst.Count == other.TiersBestFirst.Count &&
        TiersBestFirst.Zip(other.TiersBestFirst).All(p => p.First.SequenceEqual(p.Second));

    public override int GetHashCode() => TiersBestFirst.Count;
}
