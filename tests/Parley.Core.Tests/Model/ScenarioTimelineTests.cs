using Parley.Core.Evaluation;
using Parley.Core.Format;
using Parley.Core.Model;

namespace Parley.Core.Tests.Model;

public class ScenarioTimelineTests
{
    private static readonly Scenario Scenario = ScenarioLoader.LoadFile(TestPaths.RiverValley).GetOrThrow();

    [Fact]
    public void A_snapshot_replaces_only_what_it_states()
    {
        var march = Assert.Single(Scenario.Snapshots);
        Assert.Equal(new PartialDate(2024, 3), march.Date);
        var north = march.Preferences["N"];
        Assert.Equal(0.7, north.Reservation.Value);
        Assert.Equal("northern-ridge-only", Assert.Single(north.RedLines).Id);
        // Weights and values come from the main preferences.
        Assert.Same(Scenario.Preferences["N"].Weights["border"], north.Weights["border"]);
        Assert.Equal(0.6, north.Value("border", "median"));
        // The snapshot's citation stands behind the reservation's rationale.
        Assert.Equal("briefing", north.Reservation.Provenance.Citations[0].SourceId);
    }

    [Fact]
    public void As_of_a_date_uses_the_latest_snapshot_before_it()
    {
        var before = Scenario.AsOf(new PartialDate(2024, 2));
        Assert.Equal(0.5, before.Preferences["N"].Reservation.Value);
        Assert.Empty(before.Positions);

        var march = Scenario.AsOf(new PartialDate(2024, 3, 15));
        Assert.Equal(0.7, march.Preferences["N"].Reservation.Value);
        Assert.Equal(0.45, march.Preferences["S"].Reservation.Value);
        Assert.Equal(2, march.Positions.Count);
        Assert.Empty(march.Proposals); // both proposals came later

        // In March Northland's red line rules out the median border the mediator later proposed.
        var model = new UtilityModel(march);
        var package = Package.FromTerms(march, new Dictionary<string, string> { ["border"] = "median", ["water"] = "upstream", ["troops"] = "withdrawn" });
        Assert.Equal(Verdict.Reject, ProposalEvaluator.Evaluate(model, package).Verdicts.Single(v => v.Party.Id == "N").Verdict);
    }

    [Fact]
    public void Dates_lists_snapshots_and_positions_in_order()
    {
        Assert.Equal([new PartialDate(2024, 3)], Scenario.Dates());
    }

    [Fact]
    public void A_snapshot_for_a_party_without_preferences_is_an_error()
    {
        var text = File.ReadAllText(TestPaths.RiverValley).Replace("    preferences:\n      N:\n        reservation: {value: 0.7", "    preferences:\n      M:\n        reservation: {value: 0.7");
        var result = ScenarioLoader.LoadText(text, "variant.yaml", TestPaths.Examples);
        Assert.Contains(result.Diagnostics, d => d.Path == "snapshots[0].preferences.M" && d.Message.Contains("no main preferences"));
    }
}
