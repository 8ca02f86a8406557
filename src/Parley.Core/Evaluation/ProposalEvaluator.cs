using Parley.Core.Model;

namespace Parley.Core.Evaluation;

public enum Verdict
{
    /// <summary>Accepts however the open issues are settled.</summary>
    Accept,
    /// <summary>Accepts for some settlements of the open issues, not for others.</summary>
    Depends,
    /// <summary>Rejects however the open issues are settled.</summary>
    Reject,
}

/// <summary>What a party gives up on one issue compared with its best option there: weight × (best value − value).</summary>
public sealed record IssueCost(Issue Issue, IssueOption? Chosen, double Cost);

public sealed record PartyVerdict(
    Party Party,
    bool Required,
    double UtilityMin,
    double UtilityMax,
    double Reservation,
    Verdict Verdict,
    IReadOnlyList<RedLine> RedLinesHit,
    IReadOnlyList<RedLine> RedLinesAtRisk,
    IReadOnlyList<IssueCost> Costs)
{
    /// <summary>Utility above the reservation value in the worst settlement of the open issues.</summary>
    public double MarginMin => UtilityMin - Reservation;
    public double MarginMax => UtilityMax - Reservation;
    public bool IsExact => Math.Abs(UtilityMax - UtilityMin) < 1e-12;
}

public sealed record ProposalEvaluation(Package Package, IReadOnlyList<PartyVerdict> Verdicts, IReadOnlyList<Issue> OpenIssues)
{
    public IEnumerable<PartyVerdict> Blockers => Verdicts.Where(v => v.Required && v.Verdict == Verdict.Reject);
    public bool AcceptedByAllRequired => Verdicts.Where(v => v.Required).All(v => v.Verdict == Verdict.Accept);

    /// <summary>Accept when every required party accepts, Reject when one rejects, otherwise Depends.</summary>
    public Verdict Overall =>
        Blockers.Any() ? Verdict.Reject : AcceptedByAllRequired ? Verdict.Accept : Verdict.Depends;
}

/// <summary>
/// Evaluates a package, complete or partial, for every party with preferences. A party accepts when the
/// package hits none of its red lines and its utility reaches its reservation value; over the open issues
/// of a partial package the verdict is Accept only when every settlement would be accepted.
/// </summary>
public static class ProposalEvaluator
{
    public static ProposalEvaluation Evaluate(UtilityModel model, Package package)
    {
        var scenario = model.Scenario;
        if (package.IssueCount != scenario.Issues.Count)
            throw new ArgumentException($"the package has {package.IssueCount} issues, the scenario {scenario.Issues.Count}", nameof(package));
        var required = new HashSet<string>(scenario.Agreement.RequiredParties);
        var verdicts = model.Parties.Select(p => EvaluateFor(p, package, required.Contains(p.Party.Id), scenario)).ToList();
        var open = Enumerable.Range(0, package.IssueCount).Where(i => package[i] == Package.Open).Select(i => scenario.Issues[i]).ToList();
        return new ProposalEvaluation(package, verdicts, open);
    }

    public static ProposalEvaluation Evaluate(UtilityModel model, Proposal proposal) =>
        Evaluate(model, Package.FromTerms(model.Scenario, proposal.Terms));

    private static PartyVerdict EvaluateFor(PartyUtility party, Package package, bool required, Scenario scenario)
    {
        var choices = package.Choices;
        var (min, max) = party.UtilityBounds(choices);
        var hit = new List<RedLine>();
        var atRisk = new List<RedLine>();
        foreach (var redLine in party.RedLines)
        {
            if (redLine.IsHitBy(choices)) hit.Add(redLine.Source);
            else if (redLine.IsPossibleFor(choices)) atRisk.Add(redLine.Source);
        }

        Verdict verdict;
        if (hit.Count > 0 || max < party.Reservation - 1e-12) verdict = Verdict.Reject;
        else if (atRisk.Count == 0 && min >= party.Reservation - 1e-12) verdict = Verdict.Accept;
        else verdict = Verdict.Depends;

        var costs = new List<IssueCost>();
        for (var i = 0; i < choices.Length; i++)
        {
            if (choices[i] == Package.Open) continue;
            var cost = party.BestByIssue[i] - party.Contribution(i, choices[i]);
            if (cost > 1e-12) costs.Add(new IssueCost(scenario.Issues[i], scenario.Issues[i].Options[choices[i]], cost));
        }
        costs.Sort((a, b) => b.Cost.CompareTo(a.Cost));
        return new PartyVerdict(party.Party, required, min, max, party.Reservation, verdict, hit, atRisk, costs);
    }
}
