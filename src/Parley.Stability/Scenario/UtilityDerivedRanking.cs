using Parley.Core.Evaluation;
using Parley.Stability.Model;

namespace Parley.Stability.Scenarios;

/// <summary>One rule of an issue mapping: in states where <see cref="When"/> holds, the issue is settled on <see cref="Option"/>.</summary>
public sealed record IssueRule(StateCondition When, int Option);

/// <summary>
/// How the conflict state settles one scenario issue (<c>conflict.issue_map</c>): the first rule whose
/// condition holds wins, otherwise <see cref="Fallback"/>, which may be <see cref="Package.Open"/> (the
/// issue stays unsettled in that state).
/// </summary>
public sealed record IssueMapping(int Issue, IReadOnlyList<IssueRule> Rules, int Fallback)
{
    public int OptionIn(ulong state)
    {
        foreach (var rule in Rules)
            if (rule.When.Holds(state)) return rule.Option;
        return Fallback;
    }
}

/// <summary>
/// Derives a decision maker's ranking of states from its bargaining preferences: each state implies a
/// (possibly partial) package through the issue mappings, and the state scores that package's additive
/// utility, open issues counting the midpoint of their best and worst contribution (so an unsettled issue
/// is neither hoped for nor feared). Higher utility is preferred; utilities within
/// <see cref="TieTolerance"/> of the previous one in descending order share a tier.
/// </summary>
public static class UtilityDerivedRanking
{
    public const double TieTolerance = 1e-9;

    /// <summary>The package a state implies, one option index (or <see cref="Package.Open"/>) per scenario issue.</summary>
    public static int[] PackageFor(ulong state, IReadOnlyList<IssueMapping> mappings, int issueCount)
    {
        var choices = new int[issueCount];
        Array.Fill(choices, Package.Open);
        foreach (var mapping in mappings) choices[mapping.Issue] = mapping.OptionIn(state);
        return choices;
    }

    /// <summary>Midpoint of <see cref="PartyUtility.UtilityBounds"/>: the exact utility for a complete package.</summary>
    public static double Score(PartyUtility utility, ReadOnlySpan<int> choices)
    {
        var (min, max) = utility.UtilityBounds(choices);
        return (min + max) / 2;
    }

    /// <summary>Tiers of feasible states, best first; within a tier states keep ascending code order.</summary>
    public static RankedPreference Rank(IReadOnlyList<ulong> feasible, IReadOnlyList<IssueMapping> mappings, PartyUtility utility, int issueCount)
    {
        var scored = feasible
            .Select(code => (Code: code, Score: Score(utility, PackageFor(code, mappings, issueCount))))
            .OrderByDescending(s => s.Score).ThenBy(s => s.Code)
            .ToArray();
        var tiers = new List<IReadOnlyList<ulong>>();
        List<ulong>? current = null;
        var previous = double.NaN;
        foreach (var (code, score) in scored)
        {
            if (current is null || previous - score > TieTolerance)
            {
                current = [];
                tiers.Add(current);
            }
            current.Add(code);
            previous = score;
        }
        foreach (var tier in tiers) ((List<ulong>)tier).Sort();
        return new RankedPreference(tiers);
    }
}
