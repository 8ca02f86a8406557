using System.Net;
using System.Net.Http.Json;
using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Parley.Core.Model;
using Parley.Stability.Engine;
using Parley.Stability.Scenarios;
using Parley.Web.Engines;
using Parley.Web.Services;

namespace Parley.Web.Tests.Api;

/// <summary>
/// The second example (docs/examples/tasovar-enclave.yaml: six issues, 972 packages, three snapshots, a
/// `conflict` and a `spatial` section) through the workbench: uploaded byte for byte, then every engine run
/// through /api/analyses and checked against evidence computed here from the definitions — utilities, red
/// lines and the zone of agreement package by package, Nash stability move by move.
/// </summary>
public sealed class SecondExampleApiTests : ApiTestBase
{
    private static readonly string ExamplePath = Path.Combine(AppContext.BaseDirectory, "examples", "tasovar-enclave.yaml");

    private AnalysisRunner Runner => _factory.Services.GetService(typeof(AnalysisRunner)).As<AnalysisRunner>();

    private async Task<AnalysisRunDto> RunToEnd(object body)
    {
        var response = await _client.PostAsJsonAsync("/api/analyses", body, Json);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var run = (await response.Content.ReadFromJsonAsync<AnalysisRunDto>(Json))!;
        await Runner.WaitAsync(run.Id);
        var done = (await _client.GetFromJsonAsync<AnalysisRunDto>($"/api/analyses/{run.Id}", Json))!;
        Assert.True(done.Status == "succeeded", $"{done.Engine}: {done.Status} {done.Error}");
        return done;
    }

    // ---- The definitions (docs/scenario-format.md, "Preferences"), written out without the engines. ----

    /// <summary>U(p) = Σ weight[issue] · value[issue][option chosen]; issues without a weight count 0.</summary>
    private static double Utility(Scenario scenario, PartyPreferences preferences, int[] choices)
    {
        var sum = 0.0;
        for (var i = 0; i < scenario.Issues.Count; i++)
        {
            var issue = scenario.Issues[i];
            if (!preferences.Weights.TryGetValue(issue.Id, out var weight)) continue;
            sum += weight.Value * preferences.Values[issue.Id][issue.Options[choices[i]].Id].Value;
        }
        return sum;
    }

    private static bool HitsRedLine(Scenario scenario, PartyPreferences preferences, int[] choices) =>
        preferences.RedLines.Any(r => r.Conditions.All(c =>
        {
            var i = scenario.Issues.Select((issue, k) => (issue, k)).Single(x => x.issue.Id == c.IssueId).k;
            return c.OptionIds.Contains(scenario.Issues[i].Options[choices[i]].Id);
        }));

    /// <summary>Accepts: no red line hit and U ≥ reservation (ties accepted; the numbers have two decimals, so 1e-9 only absorbs rounding).</summary>
    private static bool Accepts(Scenario scenario, string party, int[] choices)
    {
        var preferences = scenario.Preferences[party];
        return !HitsRedLine(scenario, preferences, choices) && Utility(scenario, preferences, choices) >= preferences.Reservation.Value - 1e-9;
    }

    private static IEnumerable<int[]> AllPackages(Scenario scenario)
    {
        var counts = scenario.Issues.Select(i => i.Options.Count).ToArray();
        var choices = new int[counts.Length];
        while (true)
        {
            yield return (int[])choices.Clone();
            var k = 0;
            while (k < counts.Length && ++choices[k] == counts[k]) choices[k++] = 0;
            if (k == counts.Length) yield break;
        }
    }

    private static IReadOnlyList<string> Required(Scenario scenario) => scenario.Agreement.RequiredParties;

    private static List<int[]> BruteForceZone(Scenario scenario) =>
        AllPackages(scenario).Where(p => Required(scenario).All(party => Accepts(scenario, party, p))).ToList();

    private static double NashProduct(Scenario scenario, int[] choices) =>
        Required(scenario).Aggregate(1.0, (product, party) =>
            product * (Utility(scenario, scenario.Preferences[party], choices) - scenario.Preferences[party].Reservation.Value));

    private static int[] Choices(Scenario scenario, IReadOnlyDictionary<string, string> terms) =>
        scenario.Issues.Select(i => i.Options.Select((o, k) => (o, k)).Single(x => x.o.Id == terms[i.Id]).k).ToArray();

    private static PartialDate Date(string text) => PartialDate.TryParse(text, out var error) ?? throw new FormatException(error);

    [Fact]
    public async Task The_second_example_uploads_byte_for_byte_and_every_engine_agrees_with_brute_force()
    {
        var bytes = await File.ReadAllBytesAsync(ExamplePath);
        var upload = await _client.PostAsync("/api/scenarios?author=tester&fileName=tasovar-enclave.yaml", new ByteArrayContent(bytes));
        Assert.True(upload.StatusCode == HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
        Assert.Equal(bytes, await _client.GetByteArrayAsync("/api/scenarios/tasovar-enclave/versions/1/export"));

        var text = await File.ReadAllTextAsync(ExamplePath);
        var scenario = ScenarioLoader.LoadText(text, ExamplePath).GetOrThrow();
        Assert.Equal(972, AllPackages(scenario).Count());
        Assert.Equal(["KR", "TV", "DV"], Required(scenario));
        var zone = BruteForceZone(scenario);
        Assert.NotEmpty(zone);
        var bestNash = zone.Max(p => NashProduct(scenario, p));

        // Bargaining and exhaustive: the zone's size and the best package by Nash product, as enumerated above.
        foreach (var engine in new[] { "bargaining", "exhaustive" })
        {
            var result = (await RunToEnd(new { scenario = "tasovar-enclave", engine, top = 5 })).Bargaining();
            Assert.True(result.Zone.Exact, engine);
            Assert.Equal(zone.Count, result.Zone.Acceptable);
            Assert.Equal(972, result.Zone.Packages);
            Assert.NotEmpty(result.Best.Packages);
            Assert.Equal(bestNash, result.Best.Packages[0].NashProduct, 9);
            foreach (var best in result.Best.Packages)
            {
                var choices = Choices(scenario, best.Terms);
                Assert.Contains(zone, p => p.SequenceEqual(choices));
                Assert.Equal(NashProduct(scenario, choices), best.NashProduct, 9);
            }
            // Every complete proposal's verdict, party by party, as the definitions give it.
            foreach (var evaluation in result.Proposals.Where(e => e.OpenIssues.Count == 0))
            {
                var choices = Choices(scenario, evaluation.Terms);
                foreach (var party in evaluation.Parties)
                {
                    Assert.Equal(Utility(scenario, scenario.Preferences[party.Party], choices), party.UtilityMin, 9);
                    Assert.Equal(Accepts(scenario, party.Party, choices) ? "accept" : "reject", party.Verdict);
                }
                Assert.Equal(Required(scenario).All(p => Accepts(scenario, p, choices)), evaluation.Overall == "accept");
            }
            Assert.Equal(scenario.Proposals.Select(p => p.Id), result.Proposals.Select(e => e.Proposal));
        }

        // Stability: the Nash equilibria are the states from which no decision maker has a unilateral move it prefers.
        var conflict = ConflictSection.Read(scenario, new DiagnosticBag())!;
        var graph = ConflictGraph.Build(conflict.Conflict);
        var nash = Enumerable.Range(0, graph.StateCount).Where(s =>
            Enumerable.Range(0, graph.DecisionMakerCount).All(d =>
                Enumerable.Range(0, graph.StateCount).All(t => !graph.CanMove(d, s, t) || graph.Ranks[d][t] <= graph.Ranks[d][s])))
            .Select(s => s + 1).ToList();
        var stability = Parley.Analysis.Json.ResultJson.Deserialize<Parley.Analysis.Contracts.AnalysisDocument<Parley.Analysis.Results.StabilityResult>>(
            (await RunToEnd(new { scenario = "tasovar-enclave", engine = "stability", statusQuo = "default" })).Result!.Value.GetRawText()).Result;
        Assert.Equal(graph.StateCount, stability.StateCount);
        Assert.Equal(["KR", "TV", "DV", "HV"], conflict.DecisionMakerIds);
        Assert.Equal(nash, stability.Equilibria["Nash"]);
        Assert.NotEmpty(nash);
        Assert.Equal(["tv_referendum"], stability.StatusQuo!.Taken);

        // Forecasts: both models stay inside each dimension's range, every actor in every round.
        foreach (var model in ForecastService.Models)
        {
            var forecast = (await RunToEnd(new { scenario = "tasovar-enclave", engine = "forecast", model, seed = 7 })).Forecast!;
            Assert.Equal(model, forecast.Engine, ignoreCase: true);
            Assert.Equal(["status", "security"], forecast.Dimensions.Select(d => d.Id));
            Assert.Equal(6, forecast.Actors.Count);
            Assert.True(forecast.Rounds >= 1);
            foreach (var dimension in forecast.Dimensions)
            {
                Assert.Equal((0, 100), (dimension.Min, dimension.Max));
                Assert.InRange(dimension.Forecast, dimension.Min, dimension.Max);
                Assert.InRange(dimension.WeightedMean, dimension.Min, dimension.Max);
                Assert.All(forecast.Actors, a => Assert.All(a.Paths[dimension.Id], x => Assert.InRange(x, dimension.Min, dimension.Max)));
            }
        }

        // Robustness with a few draws: every proposal followed, and its base verdicts are the definitions' verdicts.
        var robustness = (await RunToEnd(new { scenario = "tasovar-enclave", engine = "robustness", draws = 200, seed = 3 })).Robustness();
        Assert.Equal(200, robustness.Draws);
        Assert.Equal(200, robustness.ZoneNonEmpty.Trials);
        Assert.True(robustness.Estimates > 0);
        Assert.NotEmpty(robustness.Tornado!);
        foreach (var proposal in scenario.Proposals.Where(p => p.Terms.Count == scenario.Issues.Count))
        {
            var followed = robustness.Packages.Single(p => p.Id == proposal.Id);
            var choices = Choices(scenario, proposal.Terms);
            Assert.All(followed.Parties, p => Assert.NotEqual(Accepts(scenario, p.Party, choices), p.BaseVerdict == "reject"));
            Assert.InRange(followed.AllRequiredAccept.Estimate, 0, 1);
        }

        // Timeline: at every recorded date from the first snapshot on, the zone of the scenario as it stood then, counted package by package.
        var timeline = (await RunToEnd(new { scenario = "tasovar-enclave", engine = "timeline", top = 3 })).Timeline();
        var dates = timeline.Points.Select(p => Date(p.Date)).ToList();
        Assert.Equal(scenario.Snapshots[0].Date, dates[0]);
        Assert.Equal(dates.Order(), dates);
        Assert.All(scenario.Snapshots, s => Assert.Contains(s.Date, dates));
        foreach (var point in timeline.Points)
        {
            var then = scenario.AsOf(Date(point.Date));
            Assert.Equal(BruteForceZone(then).Count, point.ZoneOfAgreement);
            foreach (var party in Required(scenario)) Assert.Equal(then.Preferences[party].Reservation.Value, point.Reservations[party], 12);
        }
    }
}
