using Parley.Core.Evaluation;
using Parley.Core.Format;

namespace Parley.Core.Tests.Evaluation;

/// <summary>
/// Expected utilities are worked by hand from docs/examples/river-valley.yaml:
/// U_N = .5·border + .3·water + .2·troops with N's values; U_S = .4·border + .4·water + .2·troops.
/// </summary>
public class ProposalEvaluatorTests
{
    private static readonly UtilityModel Model = new(ScenarioLoader.LoadFile(TestPaths.RiverValley).GetOrThrow());

    [Fact]
    public void Mediators_package_is_blocked_by_Southland_by_five_hundredths()
    {
        var evaluation = ProposalEvaluator.Evaluate(Model, Model.Scenario.FindProposal("mediator")!);

        var north = evaluation.Verdicts.Single(v => v.Party.Id == "N");
        Assert.Equal(0.5 * 0.6 + 0.3 * 1 + 0.2 * 1, north.UtilityMin, 12); // 0.8
        Assert.True(north.IsExact);
        Assert.Equal(Verdict.Accept, north.Verdict);
        Assert.Equal(0.3, north.MarginMin, 12);

        var south = evaluation.Verdicts.Single(v => v.Party.Id == "S");
        Assert.Equal(0.4 * 0.5 + 0.4 * 0.3 + 0.2 * 0.4, south.UtilityMin, 12); // 0.40
        Assert.Equal(Verdict.Reject, south.Verdict);
        Assert.Equal(-0.05, south.MarginMin, 12);
        // Southland loses most on water: .4·(1−.3) = .28, then border .4·(1−.5) = .2, then troops .2·(1−.4) = .12.
        Assert.Equal(["water", "border", "troops"], south.Costs.Select(c => c.Issue.Id));
        Assert.Equal(0.28, south.Costs[0].Cost, 12);

        Assert.Equal(["S"], evaluation.Blockers.Select(b => b.Party.Id));
        Assert.Equal(Verdict.Reject, evaluation.Overall);
    }

    [Fact]
    public void Giving_Southland_the_dam_makes_a_package_both_accept()
    {
        var package = Package.FromTerms(Model.Scenario, new Dictionary<string, string>
            { ["border"] = "median", ["water"] = "upstream", ["troops"] = "withdrawn" });
        var evaluation = ProposalEvaluator.Evaluate(Model, package);

        Assert.Equal(0.3 + 0.3 * 0.2 + 0.2, evaluation.Verdicts.Single(v => v.Party.Id == "N").UtilityMin, 12); // 0.56
        Assert.Equal(0.2 + 0.4 + 0.08, evaluation.Verdicts.Single(v => v.Party.Id == "S").UtilityMin, 12);     // 0.68
        Assert.True(evaluation.AcceptedByAllRequired);
        Assert.Equal(Verdict.Accept, evaluation.Overall);
    }

    [Fact]
    public void A_partial_proposal_reports_bounds_over_its_open_issues()
    {
        var evaluation = ProposalEvaluator.Evaluate(Model, Model.Scenario.FindProposal("median-only")!);
        Assert.Equal(["water", "troops"], evaluation.OpenIssues.Select(i => i.Id));

        var north = evaluation.Verdicts.Single(v => v.Party.Id == "N");
        Assert.Equal(0.3 + 0.06 + 0.0, north.UtilityMin, 12);
        Assert.Equal(0.3 + 0.3 + 0.2, north.UtilityMax, 12);
        Assert.Equal(Verdict.Depends, north.Verdict);
        Assert.Empty(north.RedLinesAtRisk); // the red line needs the southern ridge
        Assert.Equal(Verdict.Depends, evaluation.Overall);
    }

    [Fact]
    public void A_red_line_rejects_whatever_the_utility()
    {
        var package = Package.FromTerms(Model.Scenario, new Dictionary<string, string>
            { ["border"] = "south", ["water"] = "shared", ["troops"] = "stationed" });
        var north = ProposalEvaluator.Evaluate(Model, package).Verdicts.Single(v => v.Party.Id == "N");
        Assert.Equal(Verdict.Reject, north.Verdict);
        Assert.Equal("no-troops-at-south-ridge", Assert.Single(north.RedLinesHit).Id);

        var partial = Package.FromTerms(Model.Scenario, new Dictionary<string, string> { ["border"] = "south" });
        var atRisk = ProposalEvaluator.Evaluate(Model, partial).Verdicts.Single(v => v.Party.Id == "N");
        Assert.Single(atRisk.RedLinesAtRisk);
        Assert.NotEqual(Verdict.Accept, atRisk.Verdict);
    }

    [Fact]
    public void Utility_of_every_complete_package_equals_the_weighted_sum_of_its_values()
    {
        var scenario = Model.Scenario;
        foreach (var party in Model.Parties)
        {
            var prefs = scenario.Preferences[party.Party.Id];
            for (var b = 0; b < 3; b++)
            for (var w = 0; w < 2; w++)
            for (var t = 0; t < 2; t++)
            {
                int[] choices = [b, w, t];
                var expected = scenario.Issues.Select((issue, i) =>
                    prefs.Weight(issue.Id) * prefs.Value(issue.Id, issue.Options[choices[i]].Id)).Sum();
                Assert.Equal(expected, party.Utility(choices), 12);
            }
        }
    }
}
