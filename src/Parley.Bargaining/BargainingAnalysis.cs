using Parley.Core.Evaluation;
using Parley.Core.Model;

namespace Parley.Bargaining;

/// <summary>How far a scenario proposal is from a package: issues it settles differently, and issues it leaves open.</summary>
public sealed record ProposalDistance(Proposal Proposal, int Changes, int Open);

/// <summary>Everything the bargaining engine says about a scenario.</summary>
public sealed record BargainingReport(
    BargainingProblem Problem,
    ParetoFrontier Frontier,
    IReadOnlyList<BargainingSolution> Solutions,
    ZopaCount Zone,
    IReadOnlyList<IssueStake>? Stakes)
{
    /// <summary>The scenario proposals that settle the fewest issues differently from <paramref name="package"/> (all of them on a tie).</summary>
    public IReadOnlyList<ProposalDistance> NearestProposals(int[] package)
    {
        var scenario = Problem.Model.Scenario;
        var distances = scenario.Proposals.Select(p =>
        {
            var terms = Package.FromTerms(scenario, p.Terms).Choices;
            var changes = 0;
            var open = 0;
            for (var i = 0; i < package.Length; i++)
            {
                if (terms[i] == Package.Open) open++;
                else if (terms[i] != package[i]) changes++;
            }
            return new ProposalDistance(p, changes, open);
        }).ToList();
        if (distances.Count == 0) return [];
        var best = distances.Min(d => d.Changes);
        return distances.Where(d => d.Changes == best).OrderBy(d => d.Open).ToList();
    }
}

public static class BargainingAnalysis
{
    /// <param name="stakes">Also work out which options occur in the zone (one count or composition per option).</param>
    public static BargainingReport Run(UtilityModel model, bool stakes = true, CancellationToken cancellation = default)
    {
        var problem = new BargainingProblem(model);
        var frontier = ParetoFrontier.Compute(problem, cancellation);
        var solutions = BargainingSolutions.All(frontier);
        var zone = ZopaCounter.Count(problem, cancellation: cancellation);
        var issueStakes = stakes ? IssueImportance.Compute(problem, cancellation) : null;
        return new BargainingReport(problem, frontier, solutions, zone, issueStakes);
    }
}
