using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Parley.Analysis.Contracts;
using Parley.Analysis.Json;
using Parley.Analysis.Results;
using Parley.Web.Engines;
using Parley.Web.Services;

namespace Parley.Web.Tests.Api;

/// <summary>
/// Imports of other tools' files and the stability and forecast engines through the API, against values
/// worked by hand from the files' own numbers.
/// </summary>
public sealed class EngineApiTests : ApiTestBase
{

    private async Task<HttpResponseMessage> UploadFile(string name, string? text = null) =>
        await _client.PostAsync($"/api/scenarios?author=tester&fileName={name}",
            new StringContent(text ?? await File.ReadAllTextAsync(TestPaths.Data(name)), Encoding.UTF8, "text/plain"));

    private async Task<ImportResponse> Created(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ImportResponse>(Json))!;
    }

    /// <summary>The on-request stability endpoint's document, read as the analysis layer writes it.</summary>
    private async Task<StabilityResult> Stability(string url) =>
        ResultJson.Deserialize<AnalysisDocument<StabilityResult>>(await _client.GetStringAsync(url)).Result;

    private async Task<AnalysisRunDto> RunToEnd(string body)
    {
        var response = await _client.PostAsync("/api/analyses", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var run = (await response.Content.ReadFromJsonAsync<AnalysisRunDto>(Json))!;
        await _factory.Services.GetService(typeof(AnalysisRunner)).As<AnalysisRunner>().WaitAsync(run.Id);
        return (await _client.GetFromJsonAsync<AnalysisRunDto>($"/api/analyses/{run.Id}", Json))!;
    }

    // Prisoners.gmcr (gmcr-py's sample): option 0 "Cooperate with 2" belongs to Prisoner One, option 1 to
    // prisoner 2; state numbers follow the bit patterns 00, 10, 01, 11 (option 0 first), so 1 = nobody
    // cooperates, 4 = both do. Prisoner One's statements: "option 1 taken" (weight 2), "option 0 not taken"
    // (weight 1) give scores 1, 0, 3, 2 for states 1..4; prisoner 2's mirror gives 1, 3, 0, 2. By hand:
    // state 1 is Nash-stable for both (each unilateral move lowers the mover's score 1 → 0); states 2 and 3
    // are not (the cooperator gains by withdrawing); from 4 each gains by defecting (2 → 3), but the other
    // then defects too, reaching state 1 (score 1 < 2), a credible sanction (the sanctioner goes 0 → 1), so
    // state 4 is GMR, SMR and SEQ stable for both: mutual cooperation is sustained only by sanctions.
    [Fact]
    public async Task A_gmcr_file_becomes_a_scenario_whose_stability_is_the_prisoners_dilemma_worked_by_hand()
    {
        var imported = await Created(await UploadFile("Prisoners.gmcr"));
        Assert.Equal("prisoners", imported.Slug);
        var version = await _client.GetFromJsonAsync<JsonElement>("/api/scenarios/prisoners/versions/1", Json);
        Assert.Equal(2, version.GetProperty("scenario").GetProperty("parties").GetArrayLength());
        Assert.Equal(2, version.GetProperty("scenario").GetProperty("issues").GetArrayLength());
        Assert.Contains("conflict", version.GetProperty("scenario").GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));

        var stability = await Stability("/api/scenarios/prisoners/versions/latest/stability");
        Assert.Equal(4, stability.StateCount);
        Assert.Equal([1], stability.Equilibria["Nash"]);
        Assert.Equal([1, 4], stability.Equilibria["GMR"]);
        Assert.Equal([1, 4], stability.Equilibria["SMR"]);
        Assert.Equal([1, 4], stability.Equilibria["SEQ"]);
        var both = stability.States.Single(s => s.Number == 4);
        Assert.Equal([false, false], both.Stable["Nash"]);
        Assert.Equal([true, true], both.Stable["GMR"]);
        // State 3 (only prisoner 2 cooperates): Prisoner One would lose by cooperating too (3 → 2), prisoner 2 gains by stopping (0 → 1).
        Assert.Equal([true, false], stability.States.Single(s => s.Number == 3).Stable["Nash"]);

        // From state 4 (both cooperate) the Nash equilibrium is reached by legal moves.
        var fromCooperation = await Stability("/api/scenarios/prisoners/versions/1/stability?statusQuo=4");
        Assert.Equal(4, fromCooperation.StatusQuo!.State);
        Assert.Equal(1, Assert.Single(fromCooperation.StatusQuo.ReachableEquilibria["Nash"]).State);

        // The same as a stored run.
        var run = await RunToEnd("""{"scenario":"prisoners","engine":"stability","author":"tester"}""");
        Assert.Equal("succeeded", run.Status);
        Assert.Equal([1], ResultJson.Deserialize<AnalysisDocument<StabilityResult>>(run.Result!.Value.GetRawText()).Result.Equilibria["Nash"]);
        Assert.NotNull(run.DurationMs);
    }

    [Fact]
    public async Task Malformed_gmcr_and_ktab_files_are_refused_with_located_messages()
    {
        var gmcr = await UploadFile("broken.gmcr", """{"options": [{"name": "a"}], "decisionMakers": [{"name": "X", "options": [5], "preferences": []}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, gmcr.StatusCode);
        var problem = (await gmcr.Content.ReadFromJsonAsync<ProblemDto>(Json))!;
        Assert.Contains("broken.gmcr", Assert.Single(problem.Diagnostics!).Text);

        var csv = (await File.ReadAllTextAsync(TestPaths.Data("dummyData_3Dim.csv"))).Replace("53.393", "lots", StringComparison.Ordinal);
        var ktab = await UploadFile("bad.csv", csv);
        Assert.Equal(HttpStatusCode.BadRequest, ktab.StatusCode);
        var diagnostic = Assert.Single((await ktab.Content.ReadFromJsonAsync<ProblemDto>(Json))!.Diagnostics!);
        Assert.Equal(4, diagnostic.Line);
        Assert.Contains("bad.csv:4", diagnostic.Text);
    }

    // Laptop-C-prof1/prof2 (Genius): utility = min(1, Σ weight × evaluation / highest evaluation of the issue); the
    // profiles' weights sum to 1.0000518, so HP/60 Gb/19'' is worth exactly 1 to prof1, as in Genius.
    [Theory]
    [InlineData("HP", "60 Gb", "19'' LCD",
        0.4452125771655631 * 30 / 30 + 0.37808251708013424 * 30 / 30 + 0.1767567099260568 * 30 / 30,
        0.37808251708013424 * 20 / 30 + 0.1767567099260568 * 20 / 30 + 0.4452125771655631 * 3 / 3)]
    [InlineData("Macintosh", "80 Gb", "23'' LCD",
        0.4452125771655631 * 20 / 30 + 0.37808251708013424 * 20 / 30 + 0.1767567099260568 * 20 / 30,
        0.37808251708013424 * 30 / 30 + 0.1767567099260568 * 30 / 30 + 0.4452125771655631 * 1 / 3)]
    public async Task A_genius_domain_with_its_profiles_imports_in_one_upload_with_the_utilities_of_the_xml(
        string laptop, string harddisk, string monitor, double prof1, double prof2)
    {
        using var form = new MultipartFormDataContent();
        foreach (var name in new[] { "Laptop-C-prof1.xml", "Laptop-C-domain.xml", "Laptop-C-prof2.xml" })
            form.Add(new StringContent(await File.ReadAllTextAsync(TestPaths.Data(name))), "file", name);
        var imported = await Created(await _client.PostAsync("/api/scenarios?author=tester", form));
        var scenario = (await _client.GetFromJsonAsync<JsonElement>($"/api/scenarios/{imported.Slug}/versions/1", Json)).GetProperty("scenario");
        var issues = scenario.GetProperty("issues").EnumerateArray().ToList();
        Assert.Equal(["Laptop", "Harddisk", "External Monitor"], issues.Select(i => i.GetProperty("name").GetString()));
        string Option(JsonElement issue, string label) => issue.GetProperty("options").EnumerateArray()
            .Single(o => o.GetProperty("label").GetString() == label).GetProperty("id").GetString()!;
        var terms = new Dictionary<string, string>
        {
            [issues[0].GetProperty("id").GetString()!] = Option(issues[0], laptop),
            [issues[1].GetProperty("id").GetString()!] = Option(issues[1], harddisk),
            [issues[2].GetProperty("id").GetString()!] = Option(issues[2], monitor),
        };
        var response = await _client.PostAsJsonAsync($"/api/scenarios/{imported.Slug}/versions/1/evaluate", new { terms }, Json);
        var evaluation = (await response.Content.ReadFromJsonAsync<EvaluationDto>(Json))!;
        var byName = evaluation.Parties.ToDictionary(p => p.Name, p => p.UtilityMin);
        Assert.Equal(Math.Min(1, prof1), byName["Laptop-C-prof1.xml"], 6);
        Assert.Equal(Math.Min(1, prof2), byName["Laptop-C-prof2.xml"], 6);
    }

    [Fact]
    public async Task A_geniusweb_domain_with_its_profiles_imports_with_the_utilities_of_the_json()
    {
        using var form = new MultipartFormDataContent();
        var folder = TestPaths.Shared("negotiation-domains", "Party-geniusweb");
        foreach (var name in new[] { "party1.json", "party.json", "party2.json" })
            form.Add(new StringContent(await File.ReadAllTextAsync(Path.Combine(folder, name))), "file", name);
        var imported = await Created(await _client.PostAsync("/api/scenarios?author=tester", form));
        var scenario = (await _client.GetFromJsonAsync<JsonElement>($"/api/scenarios/{imported.Slug}/versions/1", Json)).GetProperty("scenario");
        var issues = scenario.GetProperty("issues").EnumerateArray().ToList();
        Assert.Equal(6, issues.Count);
        // Every issue at its first value; party1 by hand from its JSON:
        // .19·.75 + .28·.263 + .19·.52 + .05·.24 + .19·.65 + .10·.65 = .51544, against the utility of its
        // reservation bid, .19·.51 + .28·.672 + .19·.52 + .05·.48 + .19·.35 + .10·.32 = .50636.
        var terms = issues.ToDictionary(i => i.GetProperty("id").GetString()!, i => i.GetProperty("options")[0].GetProperty("id").GetString()!);
        var response = await _client.PostAsJsonAsync($"/api/scenarios/{imported.Slug}/versions/1/evaluate", new { terms }, Json);
        var evaluation = (await response.Content.ReadFromJsonAsync<EvaluationDto>(Json))!;
        var party1 = evaluation.Parties.Single(p => p.Name.Contains("party1", StringComparison.Ordinal));
        Assert.Equal(0.51544, party1.UtilityMin, 9);
        Assert.Equal(0.50636, party1.Reservation, 9);
    }

    [Fact]
    public async Task A_ktab_file_becomes_a_scenario_with_a_spatial_section_that_forecasts_from_the_files_positions()
    {
        var imported = await Created(await UploadFile("dummyData_3Dim.csv"));
        var forecast = (await _client.GetFromJsonAsync<ForecastDto>($"/api/scenarios/{imported.Slug}/versions/1/forecast?model=smp&seed=7", Json))!;
        Assert.Equal(3, forecast.Dimensions.Count);
        Assert.Equal(7, forecast.Actors.Count);
        // Round 0 is the input: SActor-00's and SActor-02's positions as the CSV states them.
        var first = forecast.Actors.Single(a => a.Name == "SActor-00");
        var expected = new[] { 75.79, 6.37, 70.45 };
        for (var d = 0; d < 3; d++) Assert.Equal(expected[d], first.Paths[forecast.Dimensions[d].Id][0], 9);
        Assert.Equal(90.89, forecast.Actors.Single(a => a.Name == "SActor-02").Paths[forecast.Dimensions[1].Id][0], 9);
        foreach (var d in forecast.Dimensions)
            Assert.InRange(d.Forecast, d.Min, d.Max);

        var svg = await _client.GetStringAsync($"/api/scenarios/{imported.Slug}/versions/1/charts/forecast?model=smp&seed=7&dimension={forecast.Dimensions[0].Id}");
        Assert.StartsWith("<svg", svg);
        Assert.Contains("<title>SActor-00, round 0: 75.79</title>", svg);

        // Stored runs with the same seed agree, and compare side by side.
        var a = await RunToEnd($$"""{"scenario":"{{imported.Slug}}","engine":"forecast","model":"smp","seed":7}""");
        var b = await RunToEnd($$"""{"scenario":"{{imported.Slug}}","engine":"forecast","model":"eum"}""");
        Assert.Equal("succeeded", a.Status);
        Assert.Equal(forecast.Dimensions.Select(d => d.Forecast), a.Forecast!.Dimensions.Select(d => d.Forecast));
        Assert.Equal("eum", b.Forecast!.Engine);
        var compared = await _client.GetFromJsonAsync<JsonElement>($"/api/analyses/compare?a={a.Id}&b={b.Id}", Json);
        Assert.Equal("smp", compared.GetProperty("a").GetProperty("forecast").GetProperty("engine").GetString());
    }

    [Fact]
    public async Task A_cancelled_forecast_run_stops_and_frees_the_runner_for_the_next()
    {
        // 1000 actors: every SMP turn is O(n³) ≈ 10⁹ votes in the best-challenge search plus as many in the
        // coalition sums, and the model cannot settle before its second turn, so no machine finishes the run
        // between the start and the cancel below. The engine checks the token between turns and between the
        // parallel chunks of a turn, so it stops within milliseconds of work.
        var crowd = await Created(await UploadFile("crowd.yaml", LargeSpatialScenario(actors: 1000)));
        var start = await _client.PostAsync("/api/analyses", new StringContent($$"""{"scenario":"{{crowd.Slug}}","engine":"forecast","model":"smp"}""", Encoding.UTF8, "application/json"));
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, await start.Content.ReadAsStringAsync());
        var id = (await start.Content.ReadFromJsonAsync<AnalysisRunDto>(Json))!.Id;
        Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsync($"/api/analyses/{id}/cancel", null)).StatusCode);
        await _factory.Services.GetService(typeof(AnalysisRunner)).As<AnalysisRunner>().WaitAsync(id);
        var run = (await _client.GetFromJsonAsync<AnalysisRunDto>($"/api/analyses/{id}", Json))!;
        Assert.Equal("cancelled", run.Status);
        Assert.Null(run.Forecast);

        // Runs are serialised: the next one can only succeed once the cancelled engine has let go of the runner.
        var small = await Created(await UploadFile("dummyData_3Dim.csv"));
        var next = await RunToEnd($$"""{"scenario":"{{small.Slug}}","engine":"forecast","model":"eum"}""");
        Assert.Equal("succeeded", next.Status);
        Assert.Equal(7, next.Forecast!.Actors.Count);
    }

    /// <summary>Two belligerents and many observers spread over one 0–100 dimension (fixed seed); one issue so the scenario is valid.</summary>
    private static string LargeSpatialScenario(int actors)
    {
        var rng = new Random(17);
        var yaml = new StringBuilder("""
            id: crowd
            title: A crowded synthetic spatial model
            sources:
              - {id: note, title: Generated for a test}
            parties:

            """);
        for (var a = 0; a < actors; a++) yaml.Append($"  - {{id: P{a}, name: Party {a}, role: {(a < 2 ? "belligerent" : "observer")}}}\n");
        yaml.Append("""
            issues:
              - id: i0
                name: Issue
                options:
                  - {id: o0, label: Option 0}
                  - {id: o1, label: Option 1}
            spatial:
              dimensions:
                - {id: x, name: Position, min: 0, max: 100}
              actors:

            """);
        for (var a = 0; a < actors; a++)
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"    P{a}: {{capability: {10 + 190 * rng.NextDouble():0.##}, positions: {{x: {100 * rng.NextDouble():0.##}}}, saliences: {{x: {0.1 + 0.9 * rng.NextDouble():0.###}}}}}\n");
        return yaml.ToString();
    }

    [Fact]
    public async Task The_built_in_status_quo_of_december_2022_is_a_nash_equilibrium_and_scenarios_without_sections_are_told_so()
    {
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/scenarios/builtin/ukraine-2022", null)).StatusCode);
        var stability = await Stability("/api/scenarios/ukraine-2022/versions/1/stability?concepts=Nash");
        Assert.Equal(33, stability.StatusQuo!.State);
        Assert.Contains(33, stability.Equilibria["Nash"]);
        Assert.Contains("Nash", stability.States.Single(s => s.Number == 33).EquilibriumUnder);

        var river = await _client.PostAsync("/api/scenarios?fileName=river-valley.yaml", new StringContent(await File.ReadAllTextAsync(TestPaths.RiverValley)));
        var slug = (await Created(river)).Slug;
        foreach (var (path, section) in new[] { ("stability", "'conflict'"), ("forecast", "'spatial'") })
        {
            var response = await _client.GetAsync($"/api/scenarios/{slug}/versions/1/{path}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(section, (await response.Content.ReadFromJsonAsync<ProblemDto>(Json))!.Error);
        }
    }
}

internal static class ServiceExtensions
{
    public static T As<T>(this object? service) where T : class => (T)service!;
}
