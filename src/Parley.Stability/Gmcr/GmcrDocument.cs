using System.Text.Json.Nodes;
using Parley.Stability.Model;

namespace Parley.Stability.Gmcr;

/// <summary>One "option taken / not taken" literal of a gmcr-py condition; Option is the file's option index.</summary>
public sealed record GmcrLiteral(int Option, bool Taken);

/// <summary>A gmcr-py condition: a conjunction of literals, or (compound) a disjunction of conjunctions.</summary>
public sealed record GmcrCondition(IReadOnlyList<IReadOnlyList<GmcrLiteral>> Terms, bool Compound)
{
    public bool Equals(GmcrCondition? other) =>
        other is not null && Compound == other.Compound && Terms.Count == other.Terms.Count &&
        Terms.Zip(other.Terms).All(p => p.First.SequenceEqual(p.Second));

    public override int GetHashCode() => Terms.Count;
}

/// <summary>A decision maker as gmcr-py saves it. Ranking tiers hold gmcr-py state numbers (1-based), best first.</summary>
public sealed record GmcrDecisionMaker(
    string Name,
    IReadOnlyList<int> Options,
    IReadOnlyList<GmcrCondition> Preferences,
    IReadOnlyList<IReadOnlyList<int>>? Ranking,
    IReadOnlyList<GmcrCondition>? Misperceptions,
    JsonObject Extra);

public sealed record GmcrOption(string Name, string PermittedDirection);

/// <summary>
/// A gmcr-py save file (<c>.gmcr</c>), field for field. <see cref="RankingKey"/> and <see cref="ManualFlagKey"/>
/// remember which generation of the format the file used (gmcr-py 0.3.1 wrote preferenceVector /
/// useManualPreferenceVectors, later versions preferenceRanking / useManualPreferenceRanking). Unknown
/// fields (version, coalitionsFull, payoffs, …) are kept verbatim in <see cref="Extra"/> so a round trip loses
/// nothing.
/// </summary>
public sealed record GmcrDocument(
    IReadOnlyList<GmcrOption> Options,
    IReadOnlyList<GmcrDecisionMaker> DecisionMakers,
    IReadOnlyList<GmcrCondition> Infeasibles,
    bool? UseManualRanking,
    string ManualFlagKey,
    string RankingKey,
    JsonNode? Coalitions,
    JsonObject Extra,
    string Source)
{
    public const string RankingKeyCurrent = "preferenceRanking";
    public const string ManualFlagCurrent = "useManualPreferenceRanking";
}
