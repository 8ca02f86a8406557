using Parley.Analysis.Text;
using Parley.Bargaining;
using Parley.Core.Evaluation;
using Parley.Core.Model;

namespace Parley.Analysis.Results;

public sealed record CostDto(string Issue, string? Option, double Cost);

/// <summary>One party's verdict on a package: utility (a range when issues are open), reservation value, margin, red lines.</summary>
public sealed record PartyVerdictDto(string Party, string Name, bool Required, double UtilityMin, double UtilityMax, double Reservation,
    double MarginMin, double MarginMax, string Verdict, IReadOnlyList<string> RedLinesHit, IReadOnlyList<string> RedLinesAtRisk, IReadOnlyList<CostDto> Costs)
{
    public static PartyVerdictDto From(PartyVerdict v) => new(v.Party.Id, v.Party.Name, v.Required, v.UtilityMin, v.UtilityMax, v.Reservation,
        v.MarginMin, v.MarginMax, Wording.Code(v.Verdict),
        v.RedLinesHit.Select(r => r.Label).ToList(), v.RedLinesAtRisk.Select(r => r.Label).ToList(),
        v.Costs.Select(c => new CostDto(c.Issue.Id, c.Chosen?.Id, c.Cost)).ToList());
}

/// <summary>One package judged by every party (<c>parley evaluate</c>, the proposal desk, each proposal of <c>parley analyze</c>).</summary>
public sealed record EvaluationDto(string? Proposal, string? Author, string? Date, IReadOnlyDictionary<string, string> Terms, IReadOnlyList<string> OpenIssues,
    string Overall, IReadOnlyList<string> Blockers, IReadOnlyList<PartyVerdictDto> Parties, IReadOnlyList<Citation>? Citations)
{
    public static EvaluationDto From(Scenario scenario, ProposalEvaluation e, Proposal? proposal) => new(
        proposal?.Id, proposal?.Author, proposal?.Date?.ToString(), e.Package.ToTerms(scenario), e.OpenIssues.Select(i => i.Id).ToList(),
        Wording.Code(e.Overall), e.Blockers.Select(b => b.Party.Id).ToList(), e.Verdicts.Select(PartyVerdictDto.From).ToList(), proposal?.Citations);

    /// <summary>The verdict in a sentence: who blocks and by how much, or that everyone accepts.</summary>
    public string Summary() =>
        Blockers.Count > 0
            ? "Blocked by " + string.Join(", ", Parties.Where(p => Blockers.Contains(p.Party)).Select(p =>
                $"{p.Name} ({Wording.Shortfall(p.RedLinesHit.Count > 0, p.MarginMax)})"))
            : Overall == "accept" ? "Every required party accepts." : "Acceptance depends on how the open issues are settled.";
}

public sealed record BridgeShiftDto(string Party, bool Required, double ProposalMin, double ProposalMax, double Bridge, double Gain);

/// <summary>One issue moved from a proposal's option (null when the proposal left it open) to a bridge's.</summary>
public sealed record IssueMoveDto(string Issue, string? From, string To)
{
    public static IssueMoveDto Of(Scenario scenario, BridgeMove move)
    {
        var issue = scenario.Issues[move.Issue];
        return new IssueMoveDto(issue.Id, move.From is { } from ? issue.Options[from].Id : null, issue.Options[move.To].Id);
    }

    /// <summary>"issue: from → to", "(open)" for an issue the proposal left open.</summary>
    public override string ToString() => $"{Issue}: {From ?? "(open)"} → {To}";
}

/// <summary>An acceptable package near a proposal: its terms, the issues that move, and what each party gains.</summary>
public sealed record BridgeOptionDto(IReadOnlyDictionary<string, string> Terms, int Changes, IReadOnlyList<IssueMoveDto> Moves, IReadOnlyList<BridgeShiftDto> Parties,
    System.Numerics.BigInteger EquallyGoodPackages)
{
    public static BridgeOptionDto? From(Scenario scenario, Bridge? bridge) => bridge is null ? null : new(
        new Package(bridge.Package).ToTerms(scenario), bridge.ChangeCount,
        bridge.Changes.Concat(bridge.Settled).Select(m => IssueMoveDto.Of(scenario, m)).ToList(),
        bridge.Shifts.Select(s => new BridgeShiftDto(s.PartyId, s.Required, s.ProposalMin, s.ProposalMax, s.Bridge, s.Gain)).ToList(),
        bridge.EquallyGoodPackages);
}

/// <summary>The acceptable packages closest to a proposal (<c>parley bridge</c>, the desk's bridge).</summary>
public sealed record BridgeDto(string Scenario, string? Proposal, IReadOnlyDictionary<string, string> ProposalTerms, BridgeOptionDto? FewestChanges,
    BridgeOptionDto? LeastCostToAuthor, string? Author, double? AuthorCost, string? Note)
{
    public static BridgeDto From(Scenario scenario, Proposal? proposal, BridgingResult result) => new(
        scenario.Id, proposal?.Id, new Package(result.Proposal).ToTerms(scenario),
        BridgeOptionDto.From(scenario, result.FewestChanges), BridgeOptionDto.From(scenario, result.LeastCostToAuthor),
        result.AuthorPartyId, result.AuthorCost, result.Note);
}
