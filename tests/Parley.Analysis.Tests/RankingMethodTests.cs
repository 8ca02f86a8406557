using Parley.Analysis.Analyses;
using Parley.Bargaining;
using Parley.Core.Evaluation;
using Parley.Core.Model;
using Xunit;

namespace Parley.Analysis.Tests;

/// <summary>
/// The best packages are ranked from the zone or by enumeration, whichever is cheaper: both must give the
/// same list, ties included, so the method never changes the answer.
/// </summary>
public class RankingMethodTests
{
    /// <summary>Two or three parties with coarse values (0, ½, 1), so that many packages tie on the Nash product.</summary>
    private static Scenario Coarse(int seed, int parties, int issues, int options)
    {
        var random = new Random(seed);
        var issueList = Enumerable.Range(0, issues).Select(i => new Issue($"i{i}", $"Issue {i}", null,
            Enumerable.Range(0, options).Select(o => new IssueOption($"o{o}", $"Option {o}", null)).ToList(), [])).ToList();
        var ids = Enumerable.Range(0, parties).Select(k => $"P{k}").ToList();
        var preferences = ids.ToDictionary(id => id, id => new PartyPreferences(id, Quantity.Exact(0.3),
            issueList.ToDictionary(issue => issue.Id, _ => Quantity.Exact(1.0 / issues)),
            issueList.ToDictionary(issue => issue.Id, issue => (IReadOnlyDictionary<string, Quantity>)issue.Options.ToDictionary(o => o.Id, _ => Quantity.Exact(random.Next(3) / 2.0))),
            []));
        return new Scenario($"coarse-{seed}", "Coarse", null, [], ids.Select(id => new Party(id, id, PartyRole.Belligerent, null, [])).ToList(),
            issueList, preferences, [], [], new AgreementRule(ids), new Dictionary<string, ScenarioSection>());
    }

    [Fact]
    public void Zone_listing_and_enumeration_rank_the_same_packages_ties_included()
    {
        var compared = 0;
        for (var seed = 0; seed < 40; seed++)
        {
            var scenario = Coarse(seed, 2 + seed % 2, 3 + seed % 3, 2 + seed % 11);
            var model = new UtilityModel(scenario);
            var problem = new BargainingProblem(model);
            var zone = ZopaCounter.Count(problem);
            var listed = ZoneExplorer.Page(problem, 0, (int)zone.Exact);
            foreach (var top in new[] { 1, 3, 7, 20 })
            {
                var byListing = BargainingAnalysisContract.TopByNash(model, listed, top);
                // Every thread count: a thread meets its chunks in any order, and ties must still keep the first packages.
                var byEnumeration = ExhaustiveAnalysis.Run(model, top, maxDegreeOfParallelism: 1 + seed % 3).BestByNash;
                Assert.Equal(byEnumeration.Select(b => string.Join(",", b.Package.Choices.ToArray())), byListing.Select(b => string.Join(",", b.Package.Choices.ToArray())));
                Assert.Equal(byEnumeration.Select(b => b.NashProduct), byListing.Select(b => b.NashProduct));
                compared++;
            }
        }
        Assert.Equal(160, compared);
    }

    [Fact]
    public void A_scenario_beyond_both_listing_limits_says_why_nothing_is_listed()
    {
        // 40 binary issues: 2^40 packages, and a zone far larger than 10^6 packages.
        var scenario = Coarse(7, 2, 40, 2);
        var result = new BargainingAnalysisContract().Compute(scenario, Parley.Analysis.Contracts.AnalysisOptions.Default);
        Assert.True(result.Zone.Acceptable > Parley.Analysis.Contracts.AnalysisDefaults.ZoneListLimit);
        Assert.Equal("not listed", result.Best.Method);
        Assert.Empty(result.Best.Packages);
        Assert.Contains("beyond the listing limits", result.Best.Reason);
        Assert.Equal(System.Numerics.BigInteger.Pow(2, 40), result.Zone.Packages);
        // The Nash solution is still there: the best package by the same criterion, from the frontier.
        Assert.NotEmpty(result.Solutions.Single(s => s.Kind == "Nash").Points);
    }
}
