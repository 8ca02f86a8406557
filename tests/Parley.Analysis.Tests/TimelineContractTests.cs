using Parley.Analysis.Analyses;
using Parley.Analysis.Contracts;
using Parley.Analysis.Json;
using Parley.Analysis.Results;
using Parley.Core.Evaluation;
using Parley.Core.Format;
using Parley.Core.Model;
using Xunit;

namespace Parley.Analysis.Tests;

public class TimelineContractTests
{
    private static Scenario Load(string name) =>
        name.StartsWith("builtin:", StringComparison.Ordinal)
            ? BuiltInScenarios.Load(name["builtin:".Length..]).GetOrThrow()
            : ScenarioLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "examples", name)).GetOrThrow();

    private static PartialDate Date(string text) => PartialDate.TryParse(text, out var error) ?? throw new FormatException(error);

    [Theory]
    [InlineData("river-valley.yaml")]
    [InlineData("tasovar-enclave.yaml")]
    public void Each_point_is_the_bargaining_analysis_of_the_scenario_as_it_stood_that_day(string name)
    {
        var scenario = Load(name);
        var timeline = new TimelineAnalysisContract().Compute(scenario, new AnalysisOptions { Top = 3 });
        Assert.NotEmpty(timeline.Points);
        Assert.Equal(scenario.Agreement.RequiredParties, timeline.Required);
        foreach (var point in timeline.Points)
        {
            var date = Date(point.Date);
            var then = scenario.AsOf(date);
            var bargaining = new BargainingAnalysisContract().Compute(then, new AnalysisOptions { Top = 3 });
            Assert.True(bargaining.Zone.Exact);
            Assert.Equal((long?)bargaining.Zone.Acceptable, point.ZoneOfAgreement);
            Assert.Equal(bargaining.Best.Packages.Select(b => b.Terms), point.BestByNash.Select(b => b.Terms));
            Assert.Equal(bargaining.Best.Packages.Select(b => b.NashProduct), point.BestByNash.Select(b => b.NashProduct));
            foreach (var (expected, actual) in bargaining.Best.Packages.Zip(point.BestByNash))
                Assert.Equal(expected.Parties.Select(p => (p.Party, p.Gain)), actual.Parties.Select(p => (p.Party, p.Gain)));
            foreach (var party in then.Preferences.Keys)
                Assert.Equal(then.Preferences[party].Reservation.Value, point.Reservations[party], 12);
            // Every proposal of the whole scenario, judged with that day's preferences, and marked as made or not yet.
            Assert.Equal(scenario.Proposals.Select(p => p.Id), point.Proposals.Select(p => p.Proposal));
            // The scenario as of a date holds the proposals made by then, which its bargaining analysis judges; later
            // ones are judged on their own with that day's preferences.
            var model = new UtilityModel(then);
            foreach (var verdict in point.Proposals)
            {
                var proposal = scenario.Proposals.Single(p => p.Id == verdict.Proposal);
                var evaluation = bargaining.Proposals.SingleOrDefault(e => e.Proposal == verdict.Proposal)
                                 ?? EvaluationDto.From(then, ProposalEvaluator.Evaluate(model, Package.FromTerms(then, proposal.Terms)), proposal);
                Assert.Equal(evaluation.Overall, verdict.Overall);
                Assert.Equal(evaluation.Parties.ToDictionary(p => p.Party, p => p.Verdict), verdict.Parties);
                Assert.Equal(proposal.Date is null || proposal.Date <= date, verdict.Made);
                Assert.Equal(verdict.Made, bargaining.Proposals.Any(e => e.Proposal == verdict.Proposal));
            }
        }
    }

    [Fact]
    public void The_built_in_scenario_starts_at_its_first_snapshot_and_covers_every_snapshot()
    {
        var scenario = Load("builtin:ukraine-2022");
        var timeline = new TimelineAnalysisContract().Compute(scenario, AnalysisOptions.Default);
        var first = scenario.Snapshots.Min(s => s.Date);
        Assert.Equal(first.ToString(), timeline.SkippedBefore);
        var dates = timeline.Points.Select(p => Date(p.Date)).ToList();
        Assert.Equal(first, dates[0]);
        Assert.Equal(dates.Order(), dates);
        Assert.All(scenario.Snapshots, s => Assert.Contains(s.Date, dates));
        Assert.All(timeline.Points, p => Assert.InRange(p.BestByNash.Count, 0, AnalysisDefaults.TimelineTop));
        Assert.Equal(BargainingAnalysisContract.ExactPackageCount(scenario), timeline.Packages);
    }

    [Theory]
    [InlineData("river-valley.yaml")]
    [InlineData("builtin:ukraine-2022")]
    public void Two_runs_give_byte_identical_documents(string name)
    {
        var scenario = Load(name);
        var contract = new TimelineAnalysisContract();
        Assert.Equal(ResultJson.Serialize(contract.Run(scenario, AnalysisOptions.Default)), ResultJson.Serialize(contract.Run(scenario, AnalysisOptions.Default)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(AnalysisDefaults.MaxFollowed + 1)]
    public void A_top_out_of_range_is_refused_at_top(int top)
    {
        var scenario = Load("river-valley.yaml");
        var problem = Assert.Single(new TimelineAnalysisContract().Validate(scenario, new AnalysisOptions { Top = top }));
        Assert.Equal("top", problem.Path);
        Assert.Throws<AnalysisException>(() => new TimelineAnalysisContract().Compute(scenario, new AnalysisOptions { Top = top }));
    }

    [Fact]
    public void A_scenario_without_preferences_is_refused_at_its_preferences()
    {
        var scenario = Load("river-valley.yaml") with { Preferences = new Dictionary<string, PartyPreferences>(), Snapshots = [] };
        var problem = Assert.Single(new TimelineAnalysisContract().Validate(scenario, AnalysisOptions.Default));
        Assert.Equal("preferences", problem.Path);
    }
}
