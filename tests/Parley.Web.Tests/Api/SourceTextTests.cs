using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Parley.Core.Format;
using Parley.Storage;
using Parley.Web.Services;
using Parley.Web.Tests.Storage;

namespace Parley.Web.Tests.Api;

/// <summary>
/// The text a user uploads is kept with its version and exported byte for byte; number edits change only
/// their numbers in it. Expected texts are the uploaded string with the edited numbers replaced by hand.
/// </summary>
public sealed class SourceTextTests : ApiTestBase
{
    /// <summary>Comments, title before id, agreement first, flow and block styles, odd spacing, and an engine section the model keeps raw.</summary>
    private const string Lake = """
        # Hand-written test scenario: comments, odd key order, mixed styles.
        title: 'Lake dispute'   # title first, id second
        id: lake
        agreement: {required: [N, S]}
        issues:
          - id: shore
            name: Shore line
            options:
              - {id: north, label: North shore}
              - id: south
                label: "South shore"
          - {id: fish, name: Fishing, options: [{id: shared, label: Shared}, {id: closed, label: Closed}]}
        parties:
          - {id: N, name: Northland, role: belligerent}
          - id: S
            name: Southland
            role: belligerent
        sources:
          - id: brief
            title: Briefing
        preferences:
          S:   # Southland
            basis: {rationale: "from the briefing", cite: {source: brief, quote: "the lake"}}
            reservation:    0.40    # spaced
            weights:
              fish: 0.25   # fish matter less
              shore: 0.75
            values:
              shore: {north: 0, south: 1}
              fish:
                closed: 0.2
                shared: [0.6, 0.5, 0.7]
          N:
            basis: {rationale: "from the briefing", cite: {source: brief, quote: "the lake"}}
            reservation: {value: 0.35, range: [0.3, 0.4], rationale: "guess"}
            weights: {shore: 0.5, fish: 0.5}
            values:
              shore: {north: 1, south: 0}
              fish: {shared: 1, closed: 0}

        conflict:   # owned by the stability engine; the core keeps it raw
          status_quo: [n_fish]
          decision_makers:
            N:
              options:
                n_fish: {label: "Fish the lake"}   # the only option
              priorities: [n_fish]
            S:
              options:
                s_close: {label: "Close the lake"}
              priorities: ["not n_fish"]
        """ + "\n";

    private const string LakeJson = """
        {"title": "Lake dispute", "id": "lake",
          "agreement": {"required": ["N", "S"]},
          "issues": [{"id": "shore", "name": "Shore line", "options": [{"id": "north", "label": "North shore"}, {"id": "south", "label": "South shore"}]},
                     {"id": "fish", "name": "Fishing", "options": [{"id": "shared", "label": "Shared"}, {"id": "closed", "label": "Closed"}]}],
          "parties": [{"id": "N", "name": "Northland", "role": "belligerent"}, {"id": "S", "name": "Southland", "role": "belligerent"}],
          "sources": [{"id": "brief", "title": "Briefing"}],
          "preferences": {
            "S": {"basis": {"rationale": "from the briefing", "cite": {"source": "brief", "quote": "the lake"}},
                  "reservation": 0.4, "weights": {"fish": 0.25, "shore": 0.75},
                  "values": {"shore": {"north": 0, "south": 1}, "fish": {"closed": 0.2, "shared": [0.6, 0.5, 0.7]}}},
            "N": {"basis": {"rationale": "from the briefing", "cite": {"source": "brief", "quote": "the lake"}},
                  "reservation": 0.35, "weights": {"shore": 0.5, "fish": 0.5},
                  "values": {"shore": {"north": 1, "south": 0}, "fish": {"shared": 1, "closed": 0}}}},
          "conflict": {"status_quo": ["n_fish"], "decision_makers": {"N": {"options": {"n_fish": {"label": "Fish the lake"}}, "priorities": ["n_fish"]},
                                                                  "S": {"options": {"s_close": {"label": "Close the lake"}}, "priorities": ["not n_fish"]}}}
        }
        """;

    private async Task<ImportResponse> UploadBytes(byte[] bytes, string fileName)
    {
        var response = await _client.PostAsync($"/api/scenarios?author=ann&fileName={fileName}", new ByteArrayContent(bytes));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ImportResponse>(Json))!;
    }

    private async Task<(ImportResponse Response, string Message)> Edit(string slug, int baseVersion, string editsJson)
    {
        var response = await _client.PostAsync($"/api/scenarios/{slug}/edits", new StringContent(
            $$"""{"baseVersion": {{baseVersion}}, "author": "bob", "message": "test edit", "edits": {{editsJson}}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var saved = (await response.Content.ReadFromJsonAsync<ImportResponse>(Json))!;
        var versions = await _client.GetFromJsonAsync<JsonElement>($"/api/scenarios/{slug}/versions");
        var message = versions.EnumerateArray().Single(v => v.GetProperty("version").GetInt32() == saved.Version).GetProperty("message").GetString()!;
        return (saved, message);
    }

    private Task<byte[]> Bytes(string url) => _client.GetByteArrayAsync(url);

    private static IReadOnlyList<string> Lines(string diff, char kind) => diff.Split('\n').Where(l => l.Length > 0 && l[0] == kind).ToList();

    /// <summary>Replaces exactly one occurrence, so an expected text cannot silently miss its target.</summary>
    private static string ReplaceOnce(string text, string from, string to)
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0 && text.IndexOf(from, at + 1, StringComparison.Ordinal) < 0, $"'{from}' must occur exactly once");
        return text[..at] + to + text[(at + from.Length)..];
    }

    [Fact]
    public async Task An_uploaded_yaml_exports_as_the_uploaded_bytes()
    {
        var uploaded = Encoding.UTF8.GetBytes(Lake);
        await UploadBytes(uploaded, "lake.yaml");

        Assert.Equal(uploaded, await Bytes("/api/scenarios/lake/versions/1/yaml"));
        var export = await _client.GetAsync("/api/scenarios/lake/versions/latest/export");
        Assert.Equal(uploaded, await export.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/yaml", export.Content.Headers.ContentType?.MediaType);
        Assert.Equal("lake-v1.yaml", export.Content.Headers.ContentDisposition?.FileNameStar ?? export.Content.Headers.ContentDisposition?.FileName);

        // The version is still read as a model, with the engine section intact.
        var view = await _client.GetFromJsonAsync<JsonElement>("/api/scenarios/lake/versions/1");
        Assert.Equal("Lake dispute", view.GetProperty("scenario").GetProperty("title").GetString());
        var versions = await _client.GetFromJsonAsync<JsonElement>("/api/scenarios/lake/versions");
        Assert.Equal("yaml", versions[0].GetProperty("sourceFormat").GetString());
    }

    [Fact]
    public async Task A_byte_order_mark_and_crlf_line_ends_survive_the_round_trip()
    {
        var uploaded = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Lake.Replace("\n", "\r\n"))).ToArray();
        await UploadBytes(uploaded, "lake.yaml");
        Assert.Equal(uploaded, await Bytes("/api/scenarios/lake/versions/1/export"));

        // An edit in place keeps both, and changes only the bytes of the number.
        var (saved, message) = await Edit("lake", 1, """[{"op": "set-reservation", "party": "S", "value": 0.45}]""");
        Assert.Equal("test edit", message);
        var expected = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(
            ReplaceOnce(Lake, "reservation:    0.40    # spaced", "reservation:    0.45    # spaced").Replace("\n", "\r\n"))).ToArray();
        Assert.Equal(expected, await Bytes($"/api/scenarios/lake/versions/{saved.Version}/export"));
    }

    [Fact]
    public async Task A_json_upload_exports_as_the_same_json_and_as_yaml_written_from_the_model()
    {
        var uploaded = Encoding.UTF8.GetBytes(LakeJson);
        await UploadBytes(uploaded, "lake.json");

        var export = await _client.GetAsync("/api/scenarios/lake/versions/1/export");
        Assert.Equal(uploaded, await export.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/json", export.Content.Headers.ContentType?.MediaType);
        Assert.Equal("lake-v1.json", export.Content.Headers.ContentDisposition?.FileNameStar ?? export.Content.Headers.ContentDisposition?.FileName);

        var yaml = await _client.GetStringAsync("/api/scenarios/lake/versions/1/yaml");
        Assert.DoesNotContain("\"preferences\"", yaml);
        Assert.Null(ModelComparer.FirstDifference(ScenarioLoader.LoadText(LakeJson, "lake.json").GetOrThrow(), ScenarioLoader.LoadText(yaml, "lake.yaml").GetOrThrow()));

        // A number edit stays JSON, with only the number changed; a rationale added in place has quoted keys.
        var (saved, _) = await Edit("lake", 1, """
            [{"op": "set-weight", "party": "S", "issue": "fish", "value": 0.3}, {"op": "set-weight", "party": "S", "issue": "shore", "value": 0.7},
             {"op": "set-reservation", "party": "N", "value": 0.35, "rationale": "a \"guess\""}]
            """);
        var edited = Encoding.UTF8.GetString(await Bytes($"/api/scenarios/lake/versions/{saved.Version}/export"));
        var expected = ReplaceOnce(ReplaceOnce(LakeJson, "{\"fish\": 0.25, \"shore\": 0.75}", "{\"fish\": 0.3, \"shore\": 0.7}"),
            "\"reservation\": 0.35,", "\"reservation\": {\"value\": 0.35, \"rationale\": \"a \\\"guess\\\"\"},");
        Assert.Equal(expected, edited);
        using var parsed = JsonDocument.Parse(edited);
        Assert.Equal(0.3, parsed.RootElement.GetProperty("preferences").GetProperty("S").GetProperty("weights").GetProperty("fish").GetDouble());
    }

    [Fact]
    public async Task A_rationale_added_to_a_one_line_estimate_rewrites_only_that_estimate()
    {
        await UploadBytes(Encoding.UTF8.GetBytes(Lake), "lake.yaml");
        const string edits = """
            [{"op": "set-value", "party": "S", "issue": "fish", "option": "shared", "value": 0.6, "low": 0.5, "high": 0.7, "rationale": "new reading"}]
            """;
        var (saved, _) = await Edit("lake", 1, edits);
        var expected = ReplaceOnce(Lake, "shared: [0.6, 0.5, 0.7]", "shared: {value: 0.6, range: [0.5, 0.7], rationale: \"new reading\"}");
        var exported = Encoding.UTF8.GetString(await Bytes($"/api/scenarios/lake/versions/{saved.Version}/export"));
        Assert.Equal(expected, exported);
        var inMemory = ScenarioEditor.Apply(ScenarioLoader.LoadText(Lake, "lake.yaml").GetOrThrow(),
            JsonSerializer.Deserialize<List<ScenarioEdit>>(edits, Json)!);
        Assert.Null(ModelComparer.FirstDifference(inMemory, ScenarioLoader.LoadText(exported, "lake.yaml").GetOrThrow()));
        Assert.Equal("new reading", inMemory.Preferences["S"].Values["fish"]["shared"].Provenance.Rationale);
    }

    [Fact]
    public async Task Number_edits_change_exactly_their_numbers_and_reload_as_the_model_edited_in_memory()
    {
        await UploadBytes(Encoding.UTF8.GetBytes(Lake), "lake.yaml");
        const string edits = """
            [{"op": "set-weight", "party": "S", "issue": "fish", "value": 0.3},
             {"op": "set-weight", "party": "S", "issue": "shore", "value": 0.7},
             {"op": "set-value", "party": "S", "issue": "fish", "option": "shared", "value": 0.65},
             {"op": "set-value", "party": "S", "issue": "fish", "option": "closed", "value": 0.25, "low": 0.1, "high": 0.3},
             {"op": "set-reservation", "party": "N", "value": 0.38, "high": 0.45},
             {"op": "set-weight", "party": "N", "issue": "shore", "value": 0.5, "rationale": "shore first"}]
            """;
        var (saved, message) = await Edit("lake", 1, edits);
        Assert.Equal("test edit", message);

        var expected = Lake;
        expected = ReplaceOnce(expected, "fish: 0.25   # fish matter less", "fish: 0.3   # fish matter less");
        expected = ReplaceOnce(expected, "shore: 0.75\n", "shore: 0.7\n");
        expected = ReplaceOnce(expected, "shared: [0.6, 0.5, 0.7]", "shared: [0.65, 0.5, 0.7]");
        expected = ReplaceOnce(expected, "closed: 0.2\n", "closed: [0.25, 0.1, 0.3]\n");
        expected = ReplaceOnce(expected, "{value: 0.35, range: [0.3, 0.4], rationale: \"guess\"}", "{value: 0.38, range: [0.3, 0.45], rationale: \"guess\"}");
        expected = ReplaceOnce(expected, "weights: {shore: 0.5, fish: 0.5}", "weights: {shore: {value: 0.5, rationale: \"shore first\"}, fish: 0.5}");
        var exported = Encoding.UTF8.GetString(await Bytes($"/api/scenarios/lake/versions/{saved.Version}/export"));
        Assert.Equal(expected, exported);

        var inMemory = ScenarioEditor.Apply(ScenarioLoader.LoadText(Lake, "lake.yaml").GetOrThrow(),
            JsonSerializer.Deserialize<List<ScenarioEdit>>(edits, Json)!);
        Assert.Null(ModelComparer.FirstDifference(inMemory, ScenarioLoader.LoadText(exported, "lake.yaml").GetOrThrow()));
        Assert.Equal(0.25, inMemory.Preferences["S"].Values["fish"]["closed"].Value);

        // The diff compares the texts as written: the six changed lines and nothing else.
        var diff = await _client.GetStringAsync($"/api/scenarios/lake/versions/{saved.Version}/diff");
        var oldLines = Lake.Split('\n');
        var newLines = expected.Split('\n');
        var changed = Enumerable.Range(0, oldLines.Length).Where(i => oldLines[i] != newLines[i]).ToList();
        Assert.Equal(6, changed.Count);
        Assert.Equal(changed.Select(i => "-" + oldLines[i]), Lines(diff, '-'));
        Assert.Equal(changed.Select(i => "+" + newLines[i]), Lines(diff, '+'));
    }

    [Fact]
    public async Task A_weight_edit_of_the_built_in_scenario_keeps_its_comments_and_its_snapshots_follow()
    {
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/scenarios/builtin/ukraine-2022?author=ann", null)).StatusCode);
        var original = BuiltInScenarios.ReadText("ukraine-2022");
        Assert.Equal(original, await _client.GetStringAsync("/api/scenarios/ukraine-2022/versions/1/yaml"));

        const string edits = """
            [{"op": "set-weight", "party": "UA", "issue": "prisoners", "value": 0.06},
             {"op": "set-weight", "party": "UA", "issue": "grain", "value": 0.04}]
            """;
        var (saved, message) = await Edit("ukraine-2022", 1, edits);
        Assert.Equal("test edit", message);
        var exported = await _client.GetStringAsync($"/api/scenarios/ukraine-2022/versions/{saved.Version}/yaml");
        var expected = ReplaceOnce(original, "      prisoners: [0.05, 0.03, 0.07]\n      grain: [0.05, 0.03, 0.07]",
            "      prisoners: [0.06, 0.03, 0.07]\n      grain: [0.04, 0.03, 0.07]");
        Assert.Equal(expected, exported);

        var before = ScenarioLoader.LoadText(original, "ukraine-2022.yaml").GetOrThrow();
        var inMemory = ScenarioEditor.Apply(before, JsonSerializer.Deserialize<List<ScenarioEdit>>(edits, Json)!);
        var reloaded = ScenarioLoader.LoadText(exported, "ukraine-2022.yaml").GetOrThrow();
        Assert.Null(ModelComparer.FirstDifference(inMemory, reloaded));
        // The March snapshot restates UA's reservation and values but not its weights, so it takes the new ones.
        var march = reloaded.Snapshots.First(s => s.Preferences.ContainsKey("UA"));
        Assert.Equal(0.06, march.Preferences["UA"].Weights["prisoners"].Value);

        var diff = await _client.GetStringAsync($"/api/scenarios/ukraine-2022/versions/{saved.Version}/diff");
        Assert.Equal(["-      prisoners: [0.05, 0.03, 0.07]", "-      grain: [0.05, 0.03, 0.07]"], Lines(diff, '-'));
        Assert.Equal(["+      prisoners: [0.06, 0.03, 0.07]", "+      grain: [0.04, 0.03, 0.07]"], Lines(diff, '+'));
    }

    [Fact]
    public async Task An_edit_regenerated_from_the_model_says_so_and_diffs_stay_small()
    {
        // An anchored list could be repeated elsewhere by an alias, so a red line is not added to it in place.
        await UploadBytes(Encoding.UTF8.GetBytes(ReplaceOnce(Lake, "      fish: {shared: 1, closed: 0}\n", "      fish: {shared: 1, closed: 0}\n    red_lines: &none []\n")), "lake.yaml");
        var response = await _client.PostAsync("/api/scenarios/lake/edits", new StringContent("""
            {"baseVersion": 1, "author": "bob", "message": "red line", "edits": [{"op": "add-red-line", "party": "N", "id": "no-north", "when": {"shore": ["north"]}}]}
            """, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var saved = (await response.Content.ReadFromJsonAsync<ImportResponse>(Json))!;
        Assert.Contains(saved.Warnings, w => w.Code == ScenarioLibrary.TextRegenerated && w.Message.Contains("comments and layout of v1 are not kept"));

        var versions = await _client.GetFromJsonAsync<JsonElement>("/api/scenarios/lake/versions");
        Assert.StartsWith("red line [text regenerated from the model (preferences.N.red_lines has an anchor (&none)", versions[0].GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, versions[0].GetProperty("sourceFormat").ValueKind);

        // The regenerated version exports its YAML, which holds the red line and the engine section.
        var yaml = await _client.GetStringAsync("/api/scenarios/lake/versions/2/export");
        Assert.Equal(yaml, await _client.GetStringAsync("/api/scenarios/lake/versions/2/yaml"));
        var reloaded = ScenarioLoader.LoadText(yaml, "lake.yaml").GetOrThrow();
        Assert.Equal("no-north", reloaded.Preferences["N"].RedLines.Single().Id);
        Assert.Equal("n_fish", Assert.IsType<YamlDotNet.RepresentationModel.YamlScalarNode>(
            ((YamlDotNet.RepresentationModel.YamlSequenceNode)((YamlDotNet.RepresentationModel.YamlMappingNode)reloaded.Extensions["conflict"].Node)
                .Children[new YamlDotNet.RepresentationModel.YamlScalarNode("status_quo")]).Children[0]).Value);

        // Against v1 it is compared as YAML written from the model: only the red line is new.
        var diff = await _client.GetStringAsync("/api/scenarios/lake/versions/2/diff");
        Assert.Empty(Lines(diff, '-'));
        Assert.All(Lines(diff, '+'), l => Assert.Matches("red_lines|no-north|shore: north", l));

        // Saving YAML keeps the text as typed again, and the next diff compares it with v2's YAML.
        var typed = "# back to text\n" + yaml;
        var again = await _client.PostAsJsonAsync("/api/scenarios/lake/versions", new SaveYamlRequest(2, typed, "ann", "comment"));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(typed, await _client.GetStringAsync("/api/scenarios/lake/versions/3/export"));
        Assert.Equal("", await _client.GetStringAsync("/api/scenarios/lake/versions/3/diff"));
    }

    [Theory]
    [InlineData("""{"op": "set-reservation", "party": "S", "value": 0.4, "rationale": "new"}""", "multi-line")]
    [InlineData("""{"op": "set-reservation", "party": "S", "value": 0.4, "low": 0.3, "high": 0.5}""", "gains or loses a range")]
    [InlineData("""{"op": "set-weight", "party": "S", "issue": "missing", "value": 0.4}""", null)]
    public async Task An_edit_the_text_cannot_take_in_place_is_regenerated_and_says_why(string edit, string? reason)
    {
        // S's reservation as a block mapping with a literal (multi-line) rationale and no range.
        var text = ReplaceOnce(Lake, "    reservation:    0.40    # spaced\n",
            "    reservation:\n      value: 0.4\n      rationale: |\n        first line\n        second line\n");
        await UploadBytes(Encoding.UTF8.GetBytes(text), "lake.yaml");
        var response = await _client.PostAsync("/api/scenarios/lake/edits", new StringContent(
            $$"""{"baseVersion": 1, "author": "bob", "message": "m", "edits": [{{edit}}]}""", Encoding.UTF8, "application/json"));
        if (reason is null)
        {
            // An edit the model refuses is refused before any text is touched, and nothing is stored.
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(text, await _client.GetStringAsync("/api/scenarios/lake/versions/latest/export"));
            return;
        }
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var saved = (await response.Content.ReadFromJsonAsync<ImportResponse>(Json))!;
        Assert.Contains(saved.Warnings, w => w.Code == ScenarioLibrary.TextRegenerated && w.Message.Contains(reason));
        var yaml = await _client.GetStringAsync("/api/scenarios/lake/versions/2/export");
        Assert.DoesNotContain("# spaced", yaml);
        var diff = await _client.GetStringAsync("/api/scenarios/lake/versions/2/diff");
        Assert.All(Lines(diff, '+').Concat(Lines(diff, '-')), l => Assert.Matches("rationale|range|line", l));
    }

    /// <summary>The schema every database had before the kept text: a copy of migration 1 as it shipped.</summary>
    private const string SchemaVersion1 = """
        CREATE TABLE scenarios (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, title TEXT NOT NULL, created_at TEXT NOT NULL, latest_version INTEGER NOT NULL);
        CREATE TABLE scenario_versions (scenario_id INTEGER NOT NULL REFERENCES scenarios(id), version INTEGER NOT NULL, title TEXT NOT NULL, yaml TEXT NOT NULL,
            author TEXT NOT NULL, message TEXT, created_at TEXT NOT NULL, diff TEXT NOT NULL, PRIMARY KEY (scenario_id, version));
        CREATE TABLE analysis_runs (id INTEGER PRIMARY KEY, scenario_id INTEGER NOT NULL REFERENCES scenarios(id), version INTEGER NOT NULL, engine TEXT NOT NULL,
            parameters TEXT NOT NULL, seed INTEGER, author TEXT NOT NULL, status TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, duration_ms REAL,
            result TEXT, error TEXT, FOREIGN KEY (scenario_id, version) REFERENCES scenario_versions(scenario_id, version));
        CREATE INDEX analysis_runs_by_scenario ON analysis_runs(scenario_id, id);
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        INSERT INTO schema_version (version) VALUES (1);
        """;

    [Fact]
    public async Task A_database_of_schema_1_migrates_on_start_and_still_exports_its_versions()
    {
        var path = TestPaths.NewDatabase();
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                connection.Execute(SchemaVersion1);
                connection.Execute("INSERT INTO scenarios (id, slug, title, created_at, latest_version) VALUES (1, 'lake', 'Lake dispute', '2026-01-01T00:00:00.0000000+00:00', 1)");
                connection.Execute("""
                    INSERT INTO scenario_versions (scenario_id, version, title, yaml, author, message, created_at, diff)
                    VALUES (1, 1, 'Lake dispute', @yaml, 'old', 'stored by schema 1', '2026-01-01T00:00:00.0000000+00:00', '')
                    """, new { yaml = Lake });
            }
            using var factory = new ParleyFactory(path);
            var client = factory.CreateClient();
            var health = await client.GetFromJsonAsync<JsonElement>("/api/health");
            Assert.Equal(2, health.GetProperty("schemaVersion").GetInt32());

            Assert.Equal(Lake, await client.GetStringAsync("/api/scenarios/lake/versions/1/yaml"));
            Assert.Equal(Lake, await client.GetStringAsync("/api/scenarios/lake/versions/1/export"));
            var versions = await client.GetFromJsonAsync<JsonElement>("/api/scenarios/lake/versions");
            Assert.Equal(JsonValueKind.Null, versions[0].GetProperty("sourceFormat").ValueKind);

            // An old version has no kept text, so an edit of it is regenerated YAML, as before, and saying so is not needed.
            var response = await client.PostAsync("/api/scenarios/lake/edits", new StringContent(
                """{"baseVersion": 1, "author": "bob", "message": "m", "edits": [{"op": "set-reservation", "party": "S", "value": 0.45}]}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var saved = (await response.Content.ReadFromJsonAsync<ImportResponse>(Json))!;
            Assert.DoesNotContain(saved.Warnings, w => w.Code == ScenarioLibrary.TextRegenerated);
            Assert.Equal(0.45, ScenarioLoader.LoadText(await client.GetStringAsync("/api/scenarios/lake/versions/2/yaml"), "v2.yaml").GetOrThrow().Preferences["S"].Reservation.Value);

            using var check = new ParleyDatabase(path).Open();
            Assert.Equal(["lake"], check.Query<string>("SELECT s.slug FROM scenario_versions v JOIN scenarios s ON s.id = v.scenario_id WHERE v.version = 1 AND v.source IS NULL"));
        }
        finally
        {
            TestPaths.DeleteDatabase(path);
        }
    }
}
