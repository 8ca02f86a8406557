using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Parley.Core.Evaluation;
using Parley.Core.Format;
using Parley.Core.Model;
using Parley.Analysis.Contracts;
using Parley.Analysis.Json;
using Parley.Web.Services;

namespace Parley.Web.Tests.Api;

/// <summary>
/// Robustness and timeline runs through the API against closed forms and brute force: a one-issue scenario
/// whose acceptance probabilities follow from a uniform reservation range, and river-valley's zone of
/// agreement at each date counted package by package.
/// </summary>
public sealed class RobustnessApiTests : ApiTestBase
{

    // One issue with weight 1, so a party's utility is the value of the chosen option. A's reservation is
    // uniform on [0.2, 0.8] (the only estimate with a range); B's reservation is 0, so B accepts everything.
    // P(A accepts option o) = P(r ≤ u_A(o)) = (u − 0.2) / 0.6: y (0.6) → 2/3, x (0.35) → 1/4.
    // Nash product (u_A − r)·u_B: y beats x for every r (0.48 − 0.8r > 0.35 − r), y beats z (0.09 − 0.1r)
    // while 0.39 > 0.7r, i.e. r < 39/70, and z (0.9) is always acceptable: P(Nash = y) = (39/70 − 0.2)/0.6.
    private const string OneIssue = """
        id: one-issue
        title: One issue, one uncertain reservation value
        sources:
          - {id: note, title: A test case worked by hand}
        parties:
          - {id: A, name: Alpha, role: belligerent}
          - {id: B, name: Beta, role: belligerent}
        issues:
          - id: deal
            name: Deal
            options:
              - {id: x, label: X}
              - {id: y, label: Y}
              - {id: z, label: Z}
        preferences:
          A:
            reservation: [0.5, 0.2, 0.8]
            weights: {deal: 1}
            values:
              deal: {x: 0.35, y: 0.6, z: 0.9}
          B:
            reservation: 0
            weights: {deal: 1}
            values:
              deal: {x: 1, y: 0.8, z: 0.1}
        proposals:
          - {id: px, name: Option X, author: A, terms: {deal: x}}
          - {id: py, name: Option Y, author: A, terms: {deal: y}}
        agreement:
          required: [A, B]
        """;

    private async Task Import(string yaml, string fileName)
    {
        var response = await _client.PostAsync($"/api/scenarios?author=tester&fileName={fileName}", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private AnalysisRunner Runner => _factory.Services.GetService(typeof(AnalysisRunner)).As<AnalysisRunner>();

    private async Task<AnalysisRunDto> Start(object body)
    {
        var response = await _client.PostAsJsonAsync("/api/analyses", body, Json);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AnalysisRunDto>(Json))!;
    }

    private async Task<AnalysisRunDto> RunToEnd(object body)
    {
        var run = await Start(body);
        await Runner.WaitAsync(run.Id);
        var done = (await _client.GetFromJsonAsync<AnalysisRunDto>($"/api/analyses/{run.Id}", Json))!;
        Assert.True(done.Status == "succeeded", done.Error);
        return done;
    }

    /// <summary>The 95% Wilson score interval written from its definition.</summary>
    private static (double Low, double High) Wilson(long successes, long trials)
    {
        const double z = 1.959963984540054;
        double n = trials, p = successes / n;
        var centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        var half = z / (1 + z * z / n) * Math.Sqrt(p * (1 - p) / n + z * z / (4 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    private static void AssertNear(double expected, ProportionDto p)
    {
        var (low, high) = Wilson(p.Successes, p.Trials);
        Assert.Equal(low, p.Low, 12);
        Assert.Equal(high, p.High, 12);
        Assert.Equal((double)p.Successes / p.Trials, p.Estimate, 12);
        var standardError = Math.Sqrt(expected * (1 - expected) / p.Trials);
        Assert.True(Math.Abs(p.Estimate - expected) <= 4 * standardError, $"estimate {p.Estimate} is more than 4 standard errors from {expected}");
        Assert.True(p.Low <= expected && expected <= p.High, $"{expected} outside the interval [{p.Low}, {p.High}]");
    }

    [Fact]
    public async Task Acceptance_probabilities_and_nash_frequencies_match_the_closed_form_and_a_seed_reproduces_the_run()
    {
        await Import(OneIssue, "one-issue.yaml");
        var request = new { scenario = "one-issue", engine = "robustness", draws = 4000, seed = 7, distribution = "uniform", top = 0 };
        var first = await RunToEnd(request);
        var r = first.Robustness();
        Assert.Equal(4000, r.Draws);
        Assert.Equal(7UL, r.Seed);
        Assert.Equal("uniform", r.Distribution);
        Assert.Equal(["px", "py"], r.Packages.Select(p => p.Id));

        var px = r.Packages.Single(p => p.Id == "px");
        var py = r.Packages.Single(p => p.Id == "py");
        AssertNear(0.25, px.Parties.Single(a => a.Party == "A").Accepts);
        AssertNear(2.0 / 3, py.Parties.Single(a => a.Party == "A").Accepts);
        Assert.Equal(4000, py.Parties.Single(a => a.Party == "B").Accepts.Successes);
        // B always accepts, so every required party accepts exactly when A does.
        Assert.Equal(py.Parties.Single(a => a.Party == "A").Accepts.Successes, py.AllRequiredAccept.Successes);
        AssertNear(2.0 / 3, py.AllRequiredAccept);
        AssertNear((39.0 / 70 - 0.2) / 0.6, py.IsNashSolution!);
        AssertNear((39.0 / 70 - 0.2) / 0.6, r.NashSolutions.Single(n => n.Terms["deal"] == "y").Share);
        AssertNear(1 - (39.0 / 70 - 0.2) / 0.6, r.NashSolutions.Single(n => n.Terms["deal"] == "z").Share);
        Assert.Equal(4000, r.ZoneNonEmpty.Successes);
        Assert.Equal(0, px.IsNashSolution!.Successes);

        // Tornado by hand: only A's reservation has a range. At 0.2, A accepts px (0.35) too: one flip, and the
        // Nash solution stays y with product (0.6 − 0.2)·0.8 = 0.32. At 0.8, A rejects py: one flip; only z
        // is acceptable, product (0.9 − 0.8)·0.1 = 0.01. Base: y with (0.6 − 0.5)·0.8 = 0.08.
        var bar = Assert.Single(r.Tornado!);
        Assert.Equal("preferences.A.reservation", bar.Estimate);
        Assert.Equal((0.5, 0.2, 0.8), (bar.Value, bar.Low, bar.High));
        Assert.Equal((1, 1, 1, 1), (bar.FlipsAtLow, bar.FlipsAtHigh, bar.RequiredFlipsAtLow, bar.RequiredFlipsAtHigh));
        Assert.False(bar.NashChangesAtLow);
        Assert.True(bar.NashChangesAtHigh);
        Assert.Equal(0.32, bar.NashProductAtLow, 9);
        Assert.Equal(0.01, bar.NashProductAtHigh, 9);
        Assert.Equal(0.08, bar.BaseNashProduct, 9);
        // The thresholds: A's verdict on px flips at 0.35, on py at 0.6, both inside [0.2, 0.8].
        Assert.Equal([0.35, 0.6], r.Thresholds!.Where(t => t.Party == "A").Select(t => Math.Round(t.Threshold, 9)).Order());

        var again = (await RunToEnd(request)).Robustness();
        Assert.Equal(r.Packages.SelectMany(p => p.Parties.Select(a => a.Accepts.Successes)), again.Packages.SelectMany(p => p.Parties.Select(a => a.Accepts.Successes)));
        Assert.Equal(r.NashSolutions.Select(n => n.Share.Successes), again.NashSolutions.Select(n => n.Share.Successes));
        var other = (await RunToEnd(request with { seed = 8 })).Robustness();
        Assert.NotEqual(py.Parties[0].Accepts.Successes, other.Packages.Single(p => p.Id == "py").Parties[0].Accepts.Successes);

        var compare = await _client.GetFromJsonAsync<JsonElement>($"/api/analyses/compare?a={first.Id}&b={first.Id + 1}", Json);
        Assert.Equal(py.AllRequiredAccept.Successes, compare.GetProperty("a").GetProperty("result").GetProperty("result").GetProperty("packages")[1].GetProperty("allRequiredAccept").GetProperty("successes").GetInt64());
        Assert.Equal(py.AllRequiredAccept.Successes, compare.GetProperty("b").GetProperty("result").GetProperty("result").GetProperty("packages")[1].GetProperty("allRequiredAccept").GetProperty("successes").GetInt64());
        Assert.Contains("\"draws\":4000", first.Parameters);

        var svg = await _client.GetStringAsync($"/api/analyses/{first.Id}/charts/tornado");
        Assert.StartsWith("<svg", svg);
        Assert.Contains("preferences.A.reservation: estimate 0.5 [0.2–0.8]; at low 0.2: Nash product 0.32", svg);
        Assert.Contains("at high 0.8: Nash product 0.01", svg);
    }

    [Fact]
    public async Task Bad_robustness_parameters_are_refused_and_a_long_run_can_be_cancelled()
    {
        await Import(OneIssue, "one-issue.yaml");
        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { scenario = "one-issue", engine = "robustness", draws = 0 }, "draws"),
                     (new { scenario = "one-issue", engine = "robustness", distribution = "normal" }, "distribution"),
                     (new { scenario = "one-issue", engine = "robustness", seed = -1 }, "seed"),
                 })
        {
            var response = await _client.PostAsJsonAsync("/api/analyses", body, Json);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(field, await response.Content.ReadAsStringAsync());
        }

        // Ten million draws of the built-in scenario's full analysis take many minutes, so the run is certainly
        // still going between the first progress report and the cancellation (one-issue draws were fast enough
        // for a quick machine to pass 90 % in that gap).
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/scenarios/builtin/ukraine-2022", null)).StatusCode);
        var run = await Start(new { scenario = "ukraine-2022", engine = "robustness", draws = 10_000_000, seed = 1 });
        // Wait until the draws report progress, so the cancellation reaches the running simulation.
        for (var polls = 0; polls < 400 && (await _client.GetFromJsonAsync<AnalysisRunDto>($"/api/analyses/{run.Id}", Json))!.Progress <= 0; polls++)
            await Task.Delay(25);
        var running = (await _client.GetFromJsonAsync<AnalysisRunDto>($"/api/analyses/{run.Id}", Json))!;
        Assert.Equal("running", running.Status);
        Assert.InRange(running.Progress, double.Epsilon, 0.9);
        var cancel = await _client.PostAsync($"/api/analyses/{run.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        await Runner.WaitAsync(run.Id);
        var done = (await _client.GetFromJsonAsync<AnalysisRunDto>($"/api/analyses/{run.Id}", Json))!;
        Assert.Equal("cancelled", done.Status);
        Assert.Null(done.Result);
    }

    private static PartialDate Date(string text) => PartialDate.TryParse(text, out var error) ?? throw new FormatException(error);

    /// <summary>Every complete package of the scenario as it stood at the date, judged one by one.</summary>
    private static long BruteForceZone(Scenario scenario, PartialDate date)
    {
        var model = new UtilityModel(scenario.AsOf(date));
        var counts = scenario.Issues.Select(i => i.Options.Count).ToArray();
        long zone = 0;
        var choices = new int[counts.Length];
        while (true)
        {
            if (ProposalEvaluator.Evaluate(model, new Package(choices)).Overall == Verdict.Accept) zone++;
            var k = 0;
            while (k < counts.Length && ++choices[k] == counts[k]) choices[k++] = 0;
            if (k == counts.Length) return zone;
        }
    }

    [Fact]
    public async Task Timeline_zone_sizes_and_reservations_per_date_equal_brute_force_over_all_twelve_packages()
    {
        var yaml = await File.ReadAllTextAsync(TestPaths.RiverValley);
        // A second version adds a later snapshot restating Northland's main preferences, so the timeline has two states.
        var later = yaml.Replace("\npositions:", "\n  - date: 2024-06\n    label: Exhaustion sets in\n    preferences:\n      N: {}\n\npositions:");
        Assert.NotEqual(yaml, later);
        await Import(yaml, "river-valley.yaml");
        var save = await _client.PostAsJsonAsync("/api/scenarios/river-valley/versions", new { baseVersion = 1, yaml = later, author = "tester", message = "June snapshot" }, Json);
        Assert.True(save.IsSuccessStatusCode, await save.Content.ReadAsStringAsync());

        var scenario = ScenarioLoader.LoadText(later, "later.yaml").GetOrThrow();
        Assert.Equal(12, scenario.PackageCount);
        var run = await RunToEnd(new { scenario = "river-valley", engine = "timeline", top = 3 });
        var t = run.Timeline();
        Assert.Equal(2, run.Version);
        Assert.Equal(["N", "S"], t.Required);
        Assert.Equal(["2024-03", "2024-06"], t.Points.Select(p => p.Date));
        foreach (var point in t.Points)
            Assert.Equal(BruteForceZone(scenario, Date(point.Date)), point.ZoneOfAgreement);
        // By hand in March: N's reservation 0.7 and red line keep the border north; of the four such packages N
        // reaches 0.7 with 1.0, 0.8 and 0.76, and S (reservation 0.45) only with upstream + withdrawn (0.48).
        Assert.Equal(1, t.Points[0].ZoneOfAgreement);
        Assert.Equal(new Dictionary<string, string> { ["border"] = "north", ["water"] = "upstream", ["troops"] = "withdrawn" }, t.Points[0].BestByNash.Single().Terms);
        Assert.Equal(0.7, t.Points[0].Reservations["N"], 12);
        Assert.Equal(0.5, t.Points[1].Reservations["N"], 12);
        Assert.Equal(0.45, t.Points[1].Reservations["S"], 12);
        // The mediator's package (median, shared, withdrawn) hits March's red line and is made only in May.
        var mediator = t.Points[0].Proposals.Single(p => p.Proposal == "mediator");
        Assert.Equal(("reject", false), (mediator.Overall, mediator.Made));
        Assert.Equal("reject", mediator.Parties["N"]);

        // The on-request timeline is the same document as parley timeline --format json.
        var directDocument = ResultJson.Deserialize<AnalysisDocument<TimelineResult>>(await _client.GetStringAsync("/api/scenarios/river-valley/versions/1/timeline"));
        Assert.Equal(("timeline", "river-valley"), (directDocument.Analysis, directDocument.Scenario));
        var direct = directDocument.Result;
        Assert.Equal(["2024-03"], direct.Points.Select(p => p.Date));
        Assert.Equal(BruteForceZone(ScenarioLoader.LoadText(yaml, "v1.yaml").GetOrThrow(), Date("2024-03")), direct.Points[0].ZoneOfAgreement);

        var svg = await _client.GetStringAsync($"/api/analyses/{run.Id}/charts/timeline");
        Assert.Contains("2024-03 — Before exhaustion set in: zone of agreement 1 packages; N reservation 0.7, S reservation 0.45", svg);
        Assert.Contains($"2024-06 — Exhaustion sets in: zone of agreement {t.Points[1].ZoneOfAgreement} packages", svg);
        var wrong = await _client.GetAsync($"/api/analyses/{run.Id}/charts/tornado");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);

        var openApi = await _client.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/analyses/{id}/charts/tornado", "/api/analyses/{id}/charts/timeline", "/api/scenarios/{slug}/versions/{version}/timeline", "TimelineResult" })
            Assert.Contains(path, openApi);
    }
}
