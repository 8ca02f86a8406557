using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Parley.Core.Evaluation;
using Parley.Core.Format;
using Parley.Web.Services;
using Parley.Web.Tests.Storage;

namespace Parley.Web.Tests.Api;

public sealed class ApiTests : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _database = TestPaths.NewDatabase();
    private readonly List<ParleyFactory> _factories = [];

    private HttpClient Client(long? maxUpload = null)
    {
        var factory = new ParleyFactory(_database, maxUpload);
        _factories.Add(factory);
        return factory.CreateClient();
    }

    public void Dispose()
    {
        foreach (var factory in _factories) factory.Dispose();
        TestPaths.DeleteDatabase(_database);
    }

    private static async Task<HttpResponseMessage> Upload(HttpClient client, string text, string fileName = "upload.yaml", string author = "tester")
    {
        var content = new StringContent(text, Encoding.UTF8, "application/yaml");
        return await client.PostAsync($"/api/scenarios?author={author}&fileName={fileName}", content);
    }

    private static async Task<ImportResponse> ImportRiverValley(HttpClient client)
    {
        var response = await Upload(client, await File.ReadAllTextAsync(TestPaths.RiverValley), "river-valley.yaml");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ImportResponse>(Json))!;
    }

    private static Task<HttpResponseMessage> Edit(HttpClient client, string slug, int baseVersion, string editsJson, string author = "tester") =>
        client.PostAsync($"/api/scenarios/{slug}/edits", new StringContent(
            $$"""{"baseVersion": {{baseVersion}}, "author": "{{author}}", "message": "test edit", "edits": {{editsJson}}}""", Encoding.UTF8, "application/json"));

    [Fact]
    public async Task The_built_in_scenario_imports_in_one_call_and_exports_as_an_equal_model()
    {
        var client = Client();
        var response = await client.PostAsync("/api/scenarios/builtin/ukraine-2022?author=ann", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/scenarios/ukraine-2022/versions/1", response.Headers.Location?.ToString());

        var list = await client.GetFromJsonAsync<JsonElement>("/api/scenarios");
        Assert.Equal("ukraine-2022", list[0].GetProperty("slug").GetString());
        Assert.Equal("ann", list[0].GetProperty("latestAuthor").GetString());

        var exported = await client.GetStringAsync("/api/scenarios/ukraine-2022/versions/1/yaml");
        var reloaded = ScenarioLoader.LoadText(exported, "export.yaml").GetOrThrow();
        Assert.Null(ModelComparer.FirstDifference(BuiltInScenarios.Load("ukraine-2022").GetOrThrow(), reloaded));

        var view = await client.GetFromJsonAsync<JsonElement>("/api/scenarios/ukraine-2022/versions/latest");
        var scenario = view.GetProperty("scenario");
        Assert.Equal(["UA", "RU"], scenario.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(scenario.GetProperty("proposals").EnumerateArray(), p => p.GetProperty("id").GetString() == "kanninen-patomaki-10y");

        var again = await client.PostAsync("/api/scenarios/builtin/ukraine-2022", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/scenarios/builtin/ukrane-2022", null)).StatusCode);
    }

    [Fact]
    public async Task A_malformed_upload_gets_every_problem_with_line_column_and_path()
    {
        var client = Client();
        var text = (await File.ReadAllTextAsync(TestPaths.RiverValley))
            .Replace("weights: {border: 0.4, water: 0.4, troops: 0.2}", "weights: {border: 0.4, watr: 0.4, troops: 0.2}")
            .Replace("role: mediator", "role: mediater");
        var response = await Upload(client, text, "broken.yaml");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>(Json))!;

        // The same diagnostics as `parley validate` on the same text.
        var expected = ScenarioLoader.LoadText(text, "broken.yaml").Diagnostics;
        Assert.Equal(expected.Select(d => d.ToString()), problem.Diagnostics!.Select(d => d.Text));
        var unknownIssue = Assert.Single(problem.Diagnostics!, d => d.Path == "preferences.S.weights.watr");
        Assert.Equal("unknown-reference", unknownIssue.Code);
        Assert.Contains("did you mean 'water'", unknownIssue.Message);
        Assert.NotNull(unknownIssue.Line);
        Assert.Contains(problem.Diagnostics!, d => d.Path == "parties[2].role" && d.Message.Contains("mediator"));

        var syntax = await Upload(client, "id: x\ntitle: [unclosed\n", "syntax.yaml");
        Assert.Equal(HttpStatusCode.BadRequest, syntax.StatusCode);
        var syntaxProblem = (await syntax.Content.ReadFromJsonAsync<ProblemDto>(Json))!;
        Assert.Equal("syntax", Assert.Single(syntaxProblem.Diagnostics!).Code);

        Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>("/api/scenarios") ?? []);
    }

    [Fact]
    public async Task A_json_scenario_and_a_multipart_file_import_too()
    {
        var client = Client();
        var json = """
            {"id": "tiny", "title": "Tiny", "sources": [{"id": "s", "title": "S"}],
             "parties": [{"id": "A", "name": "A", "role": "belligerent"}, {"id": "B", "name": "B", "role": "belligerent"}],
             "issues": [{"id": "i", "name": "I", "options": [{"id": "x"}, {"id": "y"}]}]}
            """;
        var response = await client.PostAsync("/api/scenarios?fileName=tiny.json", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(await File.ReadAllTextAsync(TestPaths.RiverValley)), "file", "river-valley.yaml");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/scenarios", form)).StatusCode);
    }

    [Fact]
    public async Task An_oversized_upload_is_refused_with_the_limit_in_the_message()
    {
        var client = Client(maxUpload: 64 * 1024);
        var big = "id: big\n# " + new string('x', 70 * 1024) + "\n";
        var response = await Upload(client, big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>(Json))!;
        Assert.Contains("limited to 64 KB", problem.Error);

        // Without a declared length the stream is cut at the limit all the same.
        var streamed = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        streamed.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/scenarios") { Content = streamed };
        request.Headers.TransferEncodingChunked = true;
        var chunked = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Contains("64 KB", (await chunked.Content.ReadFromJsonAsync<ProblemDto>(Json))!.Error);
    }

    [Fact]
    public async Task The_default_limit_is_two_megabytes()
    {
        var client = Client();
        var response = await Upload(client, "id: big\n# " + new string('x', 2 * 1024 * 1024) + "\n");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("limited to 2 MB", (await response.Content.ReadFromJsonAsync<ProblemDto>(Json))!.Error);
    }

    [Fact]
    public async Task Every_save_is_a_new_version_with_author_and_diff_and_old_versions_stay()
    {
        var client = Client();
        await ImportRiverValley(client);
        var response = await Edit(client, "river-valley", 1, """
            [{"op": "set-weight", "party": "S", "issue": "border", "value": 0.5},
             {"op": "set-weight", "party": "S", "issue": "water", "value": 0.3}]
            """, author: "bob");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<ImportResponse>(Json))!.Version);

        var versions = await client.GetFromJsonAsync<JsonElement>("/api/scenarios/river-valley/versions");
        Assert.Equal([2, 1], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal("bob", versions[0].GetProperty("author").GetString());
        Assert.Equal("test edit", versions[0].GetProperty("message").GetString());

        var diff = await client.GetStringAsync("/api/scenarios/river-valley/versions/2/diff");
        var removed = diff.Split('\n').Where(l => l.StartsWith('-')).ToList();
        var added = diff.Split('\n').Where(l => l.StartsWith('+')).ToList();
        // The uploaded text keeps S's weights on one flow line; the edit changes the two numbers in it and nothing else.
        Assert.Equal(["-    weights: {border: 0.4, water: 0.4, troops: 0.2}"], removed);
        Assert.Equal(["+    weights: {border: 0.5, water: 0.3, troops: 0.2}"], added);

        var v1 = ScenarioLoader.LoadText(await client.GetStringAsync("/api/scenarios/river-valley/versions/1/yaml"), "v1.yaml").GetOrThrow();
        var v2 = ScenarioLoader.LoadText(await client.GetStringAsync("/api/scenarios/river-valley/versions/2/yaml"), "v2.yaml").GetOrThrow();
        Assert.Equal(0.4, v1.Preferences["S"].Weight("border"));
        Assert.Equal(0.5, v2.Preferences["S"].Weight("border"));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/scenarios/river-valley/versions/3/yaml")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/scenarios/river-valley/versions/zero/yaml")).StatusCode);
    }

    [Fact]
    public async Task A_save_naming_a_stale_version_gets_409_and_loses_nothing()
    {
        var client = Client();
        await ImportRiverValley(client);
        var yaml = await client.GetStringAsync("/api/scenarios/river-valley/versions/1/yaml");

        // Two editors start from version 1; the first save wins, the second is told to reload.
        var first = await client.PostAsJsonAsync("/api/scenarios/river-valley/versions",
            new SaveYamlRequest(1, yaml.Replace("title: River valley dispute (teaching example)", "title: First editor"), "ann", "retitle"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var second = await client.PostAsJsonAsync("/api/scenarios/river-valley/versions",
            new SaveYamlRequest(1, yaml.Replace("title: River valley dispute (teaching example)", "title: Second editor"), "bob", "retitle"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = (await second.Content.ReadFromJsonAsync<ProblemDto>(Json))!;
        Assert.Equal(2, problem.LatestVersion);
        Assert.Contains("reload", problem.Error);

        var staleEdit = await Edit(client, "river-valley", 1, """[{"op": "set-reservation", "party": "N", "value": 0.55}]""");
        Assert.Equal(HttpStatusCode.Conflict, staleEdit.StatusCode);

        var latest = await client.GetFromJsonAsync<JsonElement>("/api/scenarios/river-valley/versions/latest");
        Assert.Equal(2, latest.GetProperty("version").GetProperty("version").GetInt32());
        Assert.Equal("First editor", latest.GetProperty("scenario").GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_invalid_edit_is_refused_with_the_clis_messages_at_the_field_paths()
    {
        var client = Client();
        await ImportRiverValley(client);
        var response = await Edit(client, "river-valley", 1, """
            [{"op": "set-weight", "party": "N", "issue": "border", "value": 0.7},
             {"op": "set-value", "party": "S", "issue": "water", "option": "shared", "value": 1.5},
             {"op": "set-proposal", "id": "new", "name": "New", "author": "me", "terms": {"border": "nowhere"}}]
            """);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var diagnostics = (await response.Content.ReadFromJsonAsync<ProblemDto>(Json))!.Diagnostics!;
        var byPath = diagnostics.Where(d => d.Severity == "error").ToLookup(d => d.Path);
        Assert.Contains("lies outside its range [0.4, 0.6]", Assert.Single(byPath["preferences.N.weights.border"]).Message);
        Assert.Equal("weights of 'N' sum to 1.2, not 1", Assert.Single(byPath["preferences.N.weights"]).Message);
        Assert.Equal("out-of-range", Assert.Single(byPath["preferences.S.values.water.shared"]).Code);
        Assert.Contains("has no option 'nowhere'", Assert.Single(byPath["proposals[2].terms.border"]).Message);

        var unknownParty = await Edit(client, "river-valley", 1, """[{"op": "set-reservation", "party": "X", "value": 0.5}]""");
        Assert.Equal(HttpStatusCode.BadRequest, unknownParty.StatusCode);
        Assert.Equal("preferences.X", Assert.Single((await unknownParty.Content.ReadFromJsonAsync<ProblemDto>(Json))!.Diagnostics!).Path);

        var notJson = await client.PostAsync("/api/scenarios/river-valley/edits", new StringContent("{\"baseVersion\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Contains("not valid JSON", (await notJson.Content.ReadFromJsonAsync<ProblemDto>(Json))!.Error);

        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/api/scenarios/river-valley")).GetProperty("summary").GetProperty("latestVersion").GetInt32());
    }

    [Fact]
    public async Task Evaluate_returns_the_hand_computed_river_valley_verdicts()
    {
        var client = Client();
        await ImportRiverValley(client);

        // U_N = .5·border + .3·water + .2·troops, U_S = .4·border + .4·water + .2·troops (tests/Parley.Core.Tests/Evaluation).
        var mediator = await Evaluate(client, """{"proposal": "mediator"}""");
        var north = mediator.Parties.Single(p => p.Party == "N");
        var south = mediator.Parties.Single(p => p.Party == "S");
        Assert.Equal(0.8, north.UtilityMin, 12);
        Assert.Equal(0.3, north.MarginMin, 12);
        Assert.Equal("accept", north.Verdict);
        Assert.Equal(0.4, south.UtilityMin, 12);
        Assert.Equal(-0.05, south.MarginMin, 12);
        Assert.Equal("reject", south.Verdict);
        Assert.Equal(["water", "border", "troops"], south.Costs.Select(c => c.Issue));
        Assert.Equal(0.28, south.Costs[0].Cost, 12);
        Assert.Equal(["S"], mediator.Blockers);
        Assert.Equal("reject", mediator.Overall);
        Assert.Equal("The mediator", mediator.Author);

        var dam = await Evaluate(client, """{"terms": {"border": "median", "water": "upstream", "troops": "withdrawn"}}""");
        Assert.Equal(0.56, dam.Parties.Single(p => p.Party == "N").UtilityMin, 12);
        Assert.Equal(0.68, dam.Parties.Single(p => p.Party == "S").UtilityMin, 12);
        Assert.Equal("accept", dam.Overall);

        var partial = await Evaluate(client, """{"terms": {"border": "median"}}""");
        Assert.Equal(["water", "troops"], partial.OpenIssues);
        Assert.Equal(0.36, partial.Parties.Single(p => p.Party == "N").UtilityMin, 12);
        Assert.Equal(0.8, partial.Parties.Single(p => p.Party == "N").UtilityMax, 12);
        Assert.Equal("depends", partial.Overall);

        var redLine = await Evaluate(client, """{"terms": {"border": "south", "water": "shared", "troops": "stationed"}}""");
        Assert.Equal(["no-troops-at-south-ridge"], redLine.Parties.Single(p => p.Party == "N").RedLinesHit);

        var bad = await client.PostAsync("/api/scenarios/river-valley/versions/1/evaluate",
            new StringContent("""{"terms": {"border": "middle"}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("has no option 'middle'", (await bad.Content.ReadFromJsonAsync<ProblemDto>(Json))!.Error);
    }

    [Fact]
    public async Task Evaluate_agrees_with_the_core_evaluator_on_every_complete_and_partial_package()
    {
        var client = Client();
        await ImportRiverValley(client);
        var model = new UtilityModel(ScenarioLoader.LoadFile(TestPaths.RiverValley).GetOrThrow());
        var issues = model.Scenario.Issues;
        // Every package with each issue open or settled: 4·3·3 = 36.
        foreach (var border in new int[] { -1, 0, 1, 2 })
        foreach (var water in new int[] { -1, 0, 1 })
        foreach (var troops in new int[] { -1, 0, 1 })
        {
            var package = new Package([border, water, troops]);
            var expected = ProposalEvaluator.Evaluate(model, package);
            var terms = package.ToTerms(model.Scenario);
            var actual = await Evaluate(client, JsonSerializer.Serialize(new { terms }));
            Assert.Equal(expected.Overall.ToString().ToLowerInvariant(), actual.Overall);
            foreach (var v in expected.Verdicts)
            {
                var a = actual.Parties.Single(p => p.Party == v.Party.Id);
                Assert.Equal(v.UtilityMin, a.UtilityMin, 12);
                Assert.Equal(v.UtilityMax, a.UtilityMax, 12);
                Assert.Equal(v.Verdict.ToString().ToLowerInvariant(), a.Verdict);
            }
        }
        Assert.Equal(3, issues.Count);
    }

    private static async Task<EvaluationDto> Evaluate(HttpClient client, string body)
    {
        var response = await client.PostAsync("/api/scenarios/river-valley/versions/latest/evaluate", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<EvaluationDto>(Json))!;
    }

    [Fact]
    public async Task An_analysis_run_is_stored_and_matches_brute_force_from_the_definitions()
    {
        var client = Client();
        await ImportRiverValley(client);
        var start = await client.PostAsJsonAsync("/api/analyses", new StartAnalysisRequest("river-valley", 1, 12, 42, "ann"));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var run = await WaitForRun(client, (await start.Content.ReadFromJsonAsync<AnalysisRunDto>(Json))!.Id);
        Assert.Equal("succeeded", run.Status);
        Assert.Equal(42, run.Seed);
        Assert.Equal("{\"top\":12}", run.Parameters);
        Assert.NotNull(run.DurationMs);

        // Brute force straight from the scenario text: both belligerents must reach their reservation without a red line.
        var scenario = ScenarioLoader.LoadFile(TestPaths.RiverValley).GetOrThrow();
        var acceptable = new List<string>();
        foreach (var border in scenario.Issues[0].Options)
        foreach (var water in scenario.Issues[1].Options)
        foreach (var troops in scenario.Issues[2].Options)
        {
            var terms = new Dictionary<string, string> { ["border"] = border.Id, ["water"] = water.Id, ["troops"] = troops.Id };
            var ok = scenario.Agreement.RequiredParties.All(id =>
            {
                var p = scenario.Preferences[id];
                var u = terms.Sum(t => p.Weight(t.Key) * p.Value(t.Key, t.Value));
                var red = p.RedLines.Any(r => r.Conditions.All(c => c.OptionIds.Contains(terms[c.IssueId])));
                return !red && u >= p.Reservation.Value - 1e-12;
            });
            if (ok) acceptable.Add($"{border.Id},{water.Id},{troops.Id}");
        }
        var result = run.Bargaining();
        Assert.Equal("bargaining", run.Engine);
        Assert.True(result.Zone.Exact);
        Assert.Equal(12, result.Zone.Packages);
        Assert.Equal(acceptable.Count, result.Zone.Acceptable);
        Assert.Equal(acceptable.Order(), result.Best.Packages.Select(b => $"{b.Terms["border"]},{b.Terms["water"]},{b.Terms["troops"]}").Order());
        Assert.Equal(2, result.Proposals.Count);

        // The Nash solution of the bargaining engine attains the largest product of gains found by brute force.
        var bestProduct = acceptable.Max(key =>
        {
            var options = key.Split(',');
            var terms = new Dictionary<string, string> { ["border"] = options[0], ["water"] = options[1], ["troops"] = options[2] };
            return scenario.Agreement.RequiredParties.Aggregate(1.0, (product, id) =>
            {
                var p = scenario.Preferences[id];
                return product * (terms.Sum(t => p.Weight(t.Key) * p.Value(t.Key, t.Value)) - p.Reservation.Value);
            });
        });
        var nash = result.Solutions.Single(x => x.Kind == "Nash");
        Assert.Equal(bestProduct, nash.Points[0].Parties.Aggregate(1.0, (product, g) => product * g.Gain), 6);
        Assert.Equal(bestProduct, result.Best.Packages[0].NashProduct, 9);

        var exhaustive = await client.PostAsJsonAsync("/api/analyses", new StartAnalysisRequest("river-valley", 1, 12, null, "ann", "exhaustive"));
        var exhaustiveRun = await WaitForRun(client, (await exhaustive.Content.ReadFromJsonAsync<AnalysisRunDto>(Json))!.Id);
        Assert.Equal("exhaustive", exhaustiveRun.Engine);
        Assert.Equal(acceptable.Count, exhaustiveRun.Bargaining().Zone.Acceptable);
        Assert.Null(exhaustiveRun.Bargaining().Frontier);

        var listed = await client.GetFromJsonAsync<AnalysisRunDto[]>("/api/analyses?scenario=river-valley", Json);
        Assert.Equal([exhaustiveRun.Id, run.Id], listed!.Select(r => r.Id));

        var second = await client.PostAsJsonAsync("/api/analyses", new StartAnalysisRequest("river-valley", 1, 1, null, "bob"));
        var secondRun = await WaitForRun(client, (await second.Content.ReadFromJsonAsync<AnalysisRunDto>(Json))!.Id);
        var compared = await client.GetFromJsonAsync<JsonElement>($"/api/analyses/compare?a={run.Id}&b={secondRun.Id}");
        Assert.Equal(Math.Min(12, acceptable.Count), compared.GetProperty("a").GetProperty("result").GetProperty("result").GetProperty("best").GetProperty("packages").GetArrayLength());
        Assert.Equal(1, compared.GetProperty("b").GetProperty("result").GetProperty("result").GetProperty("best").GetProperty("packages").GetArrayLength());

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/analyses", new StartAnalysisRequest("nope", null, 5, null, null))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/analyses", new StartAnalysisRequest("river-valley", null, 5000, null, null))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/analyses", new StartAnalysisRequest("river-valley", null, 5, null, null, "magic"))).StatusCode);
    }

    [Fact]
    public async Task The_bridge_for_the_mediators_package_is_the_acceptable_package_with_fewest_changes()
    {
        var client = Client();
        await ImportRiverValley(client);
        var response = await client.PostAsync("/api/scenarios/river-valley/versions/1/bridge",
            new StringContent("""{"proposal": "mediator"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bridge = (await response.Content.ReadFromJsonAsync<BridgeDto>(Json))!;

        // Brute force: the acceptable complete packages and how many of the mediator's three terms each changes.
        var scenario = ScenarioLoader.LoadFile(TestPaths.RiverValley).GetOrThrow();
        var mediator = scenario.FindProposal("mediator")!.Terms;
        var candidates = new List<(Dictionary<string, string> Terms, int Changes)>();
        foreach (var border in scenario.Issues[0].Options)
        foreach (var water in scenario.Issues[1].Options)
        foreach (var troops in scenario.Issues[2].Options)
        {
            var terms = new Dictionary<string, string> { ["border"] = border.Id, ["water"] = water.Id, ["troops"] = troops.Id };
            var ok = scenario.Agreement.RequiredParties.All(id =>
            {
                var p = scenario.Preferences[id];
                var red = p.RedLines.Any(r => r.Conditions.All(c => c.OptionIds.Contains(terms[c.IssueId])));
                return !red && terms.Sum(t => p.Weight(t.Key) * p.Value(t.Key, t.Value)) >= p.Reservation.Value - 1e-12;
            });
            if (ok) candidates.Add((terms, terms.Count(t => mediator[t.Key] != t.Value)));
        }
        var fewest = candidates.Min(c => c.Changes);
        var found = bridge.FewestChanges!;
        Assert.Equal(fewest, found.Changes);
        Assert.Contains(candidates, c => c.Changes == fewest && c.Terms.All(t => found.Terms[t.Key] == t.Value));
        // The mediator M authored it but has no preferences, so there is no bridge by the author's cost.
        Assert.Null(bridge.LeastCostToAuthor);
        Assert.Equal("the author 'M' has no preferences", bridge.Note);
    }

    [Fact]
    public async Task A_long_run_reports_progress_and_can_be_cancelled()
    {
        var client = Client();
        // The gate analysis reports half its progress and blocks until it is cancelled: no timing assumption.
        Assert.Equal(HttpStatusCode.Created, (await Upload(client, File.ReadAllText(TestPaths.RiverValley), "river-valley.yaml")).StatusCode);
        var start = await client.PostAsJsonAsync("/api/analyses", new StartAnalysisRequest("river-valley", null, 5, null, "ann", GateAnalysis.AnalysisName));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = (await start.Content.ReadFromJsonAsync<AnalysisRunDto>(Json))!.Id;
        // A run is queued until the engine takes it up, which is at once when nothing else runs.
        var running = await client.GetFromJsonAsync<AnalysisRunDto>($"/api/analyses/{id}", Json);
        for (var polls = 0; polls < 200 && running!.Status == "queued"; polls++)
        {
            await Task.Delay(25);
            running = await client.GetFromJsonAsync<AnalysisRunDto>($"/api/analyses/{id}", Json);
        }
        Assert.Equal("running", running!.Status);
        for (var polls = 0; polls < 200 && running!.Progress < 0.5; polls++)
        {
            await Task.Delay(25);
            running = await client.GetFromJsonAsync<AnalysisRunDto>($"/api/analyses/{id}", Json);
        }
        Assert.Equal(0.5, running!.Progress);

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/analyses/{id}/cancel", null)).StatusCode);
        var run = await WaitForRun(client, id);
        Assert.Equal("cancelled", run.Status);
        Assert.Null(run.Result);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/analyses/{id}/cancel", null)).StatusCode);
    }

    /// <summary>Two belligerents with opposed, evenly spread values on every issue (weights 0.1, the first takes the rest); nothing else.</summary>
    internal static string LargeScenario(int issues, int options)
    {
        var yaml = new StringBuilder("""
            id: large
            title: A large synthetic outcome space
            sources:
              - {id: note, title: Generated for a test}
            parties:
              - {id: A, name: Alpha, role: belligerent}
              - {id: B, name: Beta, role: belligerent}
            issues:

            """);
        for (var i = 0; i < issues; i++)
        {
            yaml.Append($"  - id: i{i}\n    name: Issue {i}\n    options:\n");
            for (var o = 0; o < options; o++) yaml.Append($"      - {{id: o{o}, label: Option {o}}}\n");
        }
        yaml.Append("preferences:\n");
        foreach (var (party, flip) in new[] { ("A", false), ("B", true) })
        {
            yaml.Append($"  {party}:\n    reservation: 0.4\n    weights: {{{string.Join(", ", Enumerable.Range(0, issues).Select(i => $"i{i}: {(i == 0 ? 1.0 - (issues - 1) * 0.1 : 0.1):0.##}"))}}}\n    values:\n");
            for (var i = 0; i < issues; i++)
                yaml.Append($"      i{i}: {{{string.Join(", ", Enumerable.Range(0, options).Select(o => $"o{o}: {(flip ? options - 1 - o : o) / (double)(options - 1):0.###}"))}}}\n");
        }
        return yaml.ToString();
    }

    private static async Task<AnalysisRunDto> WaitForRun(HttpClient client, long id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var run = (await client.GetFromJsonAsync<AnalysisRunDto>($"/api/analyses/{id}", Json))!;
            if (run.Status is not ("running" or "queued") || DateTime.UtcNow > deadline) return run;
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Everything_saved_is_there_after_a_restart_on_the_same_file()
    {
        long runId;
        using (var before = new ParleyFactory(_database))
        {
            var client = before.CreateClient();
            await ImportRiverValley(client);
            Assert.Equal(HttpStatusCode.Created, (await Edit(client, "river-valley", 1, """[{"op": "set-reservation", "party": "N", "value": 0.55}]""")).StatusCode);
            var start = await client.PostAsJsonAsync("/api/analyses", new StartAnalysisRequest("river-valley", 2, 3, 7, "ann"));
            runId = (await WaitForRun(client, (await start.Content.ReadFromJsonAsync<AnalysisRunDto>(Json))!.Id)).Id;
        }

        var after = Client();
        var scenario = await after.GetFromJsonAsync<JsonElement>("/api/scenarios/river-valley");
        Assert.Equal(2, scenario.GetProperty("summary").GetProperty("latestVersion").GetInt32());
        var v2 = await after.GetFromJsonAsync<JsonElement>("/api/scenarios/river-valley/versions/2");
        Assert.Equal(0.55, v2.GetProperty("scenario").GetProperty("preferences").GetProperty("N").GetProperty("reservation").GetProperty("value").GetDouble());
        var run = (await after.GetFromJsonAsync<AnalysisRunDto>($"/api/analyses/{runId}", Json))!;
        Assert.Equal("succeeded", run.Status);
        Assert.Equal(2, run.Version);
        Assert.Equal(7, run.Seed);
        Assert.Equal("{\"top\":3}", run.Parameters);
        Assert.Equal("river-valley", run.Result!.Value.GetProperty("scenario").GetString());
        Assert.Equal(12, run.Bargaining().Zone.Packages);
    }

    [Fact]
    public async Task The_api_is_described_by_an_openapi_document_and_charts_are_svg()
    {
        var client = Client();
        var openapi = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = openapi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/scenarios", paths);
        Assert.Contains("/api/scenarios/{slug}/versions/{version}/evaluate", paths);
        Assert.Contains("/api/analyses/{id}", paths);

        await ImportRiverValley(client);
        var response = await client.GetAsync("/api/scenarios/river-valley/versions/1/charts/utility-space?x=N&y=S");
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
        var circles = svg.Descendants().Where(e => e.Name.LocalName == "circle").ToList();
        // 12 complete packages, all drawn (fewer than the sample size), each with a hover title naming it.
        Assert.Equal(12, circles.Count);
        Assert.All(circles, c => Assert.StartsWith("border=", c.Elements().Single(e => e.Name.LocalName == "title").Value));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/scenarios/river-valley/versions/1/charts/utility-space?x=N&y=Q")).StatusCode);
    }
}
