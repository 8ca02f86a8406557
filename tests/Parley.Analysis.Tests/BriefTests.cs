using Parley.Analysis.Analyses;
using Parley.Analysis.Brief;
using Parley.Analysis.Contracts;
using Parley.Analysis.Json;
using Parley.Core.Format;
using Parley.Core.Model;
using Xunit;

namespace Parley.Analysis.Tests;

/// <summary>The brief against the river-valley example worked by hand (see the comments in the CLI's tests).</summary>
public class BriefTests
{
    private static Scenario RiverValley() =>
        ScenarioLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "examples", "river-valley.yaml")).GetOrThrow();

    [Fact]
    public void The_bottom_line_states_the_zone_counted_by_hand()
    {
        // N: .5b+.3w+.2t ≥ .5, S: .4b+.4w+.2t ≥ .45, minus N's red line: 5 of the 12 packages pass.
        var brief = new BriefAnalysisContract().Compose(RiverValley(), AnalysisOptions.Default);
        Assert.StartsWith("There is room for agreement now: 5 of 12 complete packages (41.67 %)", brief.BottomLine.Text);
        // It rests on the count and on both required parties' alternatives, which are estimates with ranges.
        Assert.Contains(brief.BottomLine.Evidence, e => e.Kind == "computed");
        Assert.Contains(brief.BottomLine.Evidence, e => e.Text.StartsWith("N's alternative to agreement, 0.500 (range 0.400–0.600)", StringComparison.Ordinal));
        Assert.Contains(brief.BottomLine.Evidence, e => e.Text.StartsWith("S's alternative to agreement, 0.450 (range 0.350–0.550)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_blocked_proposal_names_its_blocker_the_shortfall_and_the_change_that_unlocks_it()
    {
        // The mediator's package gives S .40 against its .45: short by .05; moving water to upstream gives S .68 and N .56.
        var brief = new BriefAnalysisContract().Compose(RiverValley(), AnalysisOptions.Default);
        var proposals = brief.Sections.Single(s => s.Id == "proposals");
        var mediator = Assert.Single(proposals.Points, p => p.Text.StartsWith("mediator ", StringComparison.Ordinal));
        Assert.Equal("mediator is blocked by S (short by 0.050); the smallest change that unlocks it: water → upstream.", mediator.Text);
        Assert.Contains(mediator.Evidence, e => e.Kind == "citation" && e.Text.StartsWith("mediator: ", StringComparison.Ordinal));
        Assert.Contains(proposals.Points, p => p.Text.Contains("leaves issues open") && p.Text.EndsWith("median-only.", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_zone_the_bottom_line_says_so()
    {
        var scenario = RiverValley();
        // Reservation values above anything a package can give: no package is acceptable.
        var impossible = scenario with
        {
            Preferences = scenario.Preferences.ToDictionary(kv => kv.Key, kv => kv.Value with { Reservation = Quantity.Exact(0.99) }),
        };
        var brief = new BriefAnalysisContract().Compose(impossible, AnalysisOptions.Default);
        Assert.StartsWith("There is no room for agreement now", brief.BottomLine.Text);
        Assert.DoesNotContain(brief.Sections, s => s.Id == "best-package");
    }

    [Fact]
    public void Two_briefs_of_the_built_in_scenario_are_byte_identical()
    {
        var scenario = BuiltInScenarios.Load("ukraine-2022").GetOrThrow();
        var contract = new BriefAnalysisContract();
        Assert.Equal(ResultJson.Serialize(contract.Run(scenario, AnalysisOptions.Default)), ResultJson.Serialize(contract.Run(scenario, AnalysisOptions.Default)));
    }
}
