using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Storage;
using Parley.Web.Api;
using Parley.Web.Services;

namespace Parley.Web.Tests.Api;

/// <summary>Malformed input gets 400 with a clean message: multipart forms, ids, bodies; lookups by id; stored results parsed once.</summary>
public sealed class InputHardeningTests : ApiTestBase
{
    private static void AssertClean(string body)
    {
        foreach (var leak in new[] { "Exception", "System.", "Microsoft.", "Parley.", "/tmp", "ASPNETCORE_", "/work/", "   at " })
            Assert.DoesNotContain(leak, body);
    }

    private static HttpContent Raw(string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    public static TheoryData<string, string, string> MalformedForms => new()
    {
        { "no boundary", "multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.yaml\"\r\n\r\nid: a\r\n--x--\r\n" },
        { "boundary over 70 characters", "multipart/form-data; boundary=" + new string('b', 80), "--" + new string('b', 80) + "\r\n\r\nid: a\r\n" },
        { "truncated body", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.yaml\"\r\n\r\nid: a\r\nmore" },
        { "header line over the limit", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + new string('n', 20_000) + "\"\r\n\r\nid: a\r\n--x--\r\n" },
        { "headers never end", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.yaml\"\r\nid: a\r\n--x--" },
        { "too many parts", "multipart/form-data; boundary=x", string.Concat(Enumerable.Repeat("--x\r\nContent-Disposition: form-data; name=\"v\"\r\n\r\n1\r\n", 1100)) + "--x--\r\n" },
        { "no content disposition", "multipart/form-data; boundary=x", "--x\r\nContent-Type: text/plain\r\n\r\nid: a\r\n--x--\r\n" },
    };

    [Theory]
    [MemberData(nameof(MalformedForms))]
    public async Task A_malformed_multipart_upload_gets_400_with_a_clean_message(string what, string contentType, string body)
    {
        _ = what;
        var response = await _client.PostAsync("/api/scenarios", Raw(body, contentType));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        var problem = JsonSerializer.Deserialize<ProblemDto>(text, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.False(string.IsNullOrWhiteSpace(problem.Error));
        AssertClean(text);
        Assert.Empty(await _client.GetFromJsonAsync<JsonElement[]>("/api/scenarios") ?? []);
    }

    [Fact]
    public async Task Malformed_json_bodies_and_parameters_get_messages_without_type_names()
    {
        await _client.PostAsync("/api/scenarios?fileName=river-valley.yaml", new StringContent(await File.ReadAllTextAsync(TestPaths.RiverValley), Encoding.UTF8, "application/yaml"));
        foreach (var (method, url, body) in new[]
                 {
                     ("POST", "/api/scenarios/river-valley/versions", """{"baseVersion": "one", "yaml": "x"}"""),
                     ("POST", "/api/scenarios/river-valley/versions", """{"baseVersion": 1, "yaml": """),
                     ("POST", "/api/scenarios/river-valley/edits", """{"baseVersion": 1, "edits": [{"op": "set-weight", "value": "heavy"}]}"""),
                     ("POST", "/api/analyses", """{"scenario": 5}"""),
                     ("GET", "/api/analyses/compare?a=1", ""),
                     ("GET", "/api/scenarios/river-valley/versions/latest/forecast?seed=-1", ""),
                 })
        {
            var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (method == "POST") request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            var response = await _client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode} {text}");
            AssertClean(text);
        }
    }

    [Theory]
    [InlineData("""Failed to read parameter "SaveYamlRequest body" from the request body as JSON.""", "Failed to read parameter 'body' from the request body as JSON.")]
    [InlineData("""Required parameter "long a" was not provided from query string.""", "Required parameter 'a' was not provided from query string.")]
    [InlineData("The JSON value could not be converted to Parley.Web.Services.SaveYamlRequest.", "The JSON value could not be converted to a value.")]
    [InlineData("Could not find file '/tmp/ASPNETCORE_1c0f.tmp'.", "Could not find file '(a server file)'.")]
    [InlineData("see /openapi/v1.json and POST /api/analyses", "see /openapi/v1.json and POST /api/analyses")]
    public void Messages_are_sanitised(string message, string expected) => Assert.Equal(expected, ApiErrors.Sanitize(message));

    [Fact]
    public async Task A_very_long_id_is_refused_up_front_and_never_echoed()
    {
        var river = await File.ReadAllTextAsync(TestPaths.RiverValley);
        var longId = new string('a', 100_000);
        var response = await _client.PostAsync("/api/scenarios?fileName=long.yaml", new StringContent(river.Replace("id: river-valley", $"id: {longId}"), Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Length < 4096, $"the answer is {text.Length} characters");
        Assert.Contains("at most 100 characters", text);
        Assert.Empty(await _client.GetFromJsonAsync<JsonElement[]>("/api/scenarios") ?? []);

        var exactly = new string('a', ScenarioIds.MaxLength);
        var ok = await _client.PostAsync("/api/scenarios?fileName=ok.yaml", new StringContent(river.Replace("id: river-valley", $"id: {exactly}"), Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal($"/api/scenarios/{exactly}/versions/1", ok.Headers.Location?.ToString());

        foreach (var url in new[] { $"/api/scenarios/{new string('a', 1000)}", $"/api/scenarios/{new string('a', 1000)}/versions/latest/stability",
                     "/api/scenarios/bad%20id/versions", "/api/scenarios/-x/versions/1/yaml", $"/api/scenarios/{exactly}/versions/{new string('9', 500)}" })
        {
            var refused = await _client.GetAsync(url);
            var body = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{url[..Math.Min(40, url.Length)]}: {(int)refused.StatusCode}");
            Assert.True(body.Length < 300, body);
        }
        var run = await _client.PostAsJsonAsync("/api/analyses", new StartAnalysisRequest(longId, null, 5, null, "ann"));
        Assert.Equal(HttpStatusCode.BadRequest, run.StatusCode);
        Assert.True((await run.Content.ReadAsStringAsync()).Length < 500);
    }

    [Fact]
    public void A_scenario_is_looked_up_by_its_id_not_by_listing_every_one()
    {
        var database = _factory.Services.GetRequiredService<ParleyDatabase>();
        var store = _factory.Services.GetRequiredService<ScenarioStore>();
        for (var i = 0; i < 50; i++) store.Create($"s{i:00}", $"Scenario {i}", "id: x\n", $"author{i}", null);
        store.Save("s17", 1, "Scenario 17 edited", "id: x\n", "zoe", "second");
        var found = store.Find("s17")!;
        Assert.Equal(("s17", "Scenario 17 edited", 2, "zoe"), (found.Slug, found.Title, found.LatestVersion, found.LatestAuthor));
        Assert.Null(store.Find("s1"));
        Assert.Null(store.Find("s%"));

        // The statement searches the unique index on slug: no scan over the scenarios.
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + ScenarioStore.FindSql;
        command.Parameters.AddWithValue("@slug", "s17");
        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) plan.Add(reader.GetString(3));
        Assert.Contains(plan, step => step.StartsWith("SEARCH s USING INDEX", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_finished_run_s_result_is_parsed_once_and_polls_reuse_it()
    {
        await _client.PostAsync("/api/scenarios?fileName=river-valley.yaml", new StringContent(await File.ReadAllTextAsync(TestPaths.RiverValley), Encoding.UTF8, "application/yaml"));
        var started = await _client.PostAsJsonAsync("/api/analyses", new StartAnalysisRequest("river-valley", null, 5, null, "ann"));
        var id = (await started.Content.ReadFromJsonAsync<AnalysisRunDto>(Json))!.Id;
        var runner = _factory.Services.GetRequiredService<AnalysisRunner>();
        await runner.WaitAsync(id);
        var first = runner.ToDto(runner.Runs.Get(id)!);
        var second = runner.ToDto(runner.Runs.Get(id)!);
        Assert.Equal("succeeded", first.Status);
        Assert.NotNull(first.Result);
        var run = runner.Runs.Get(id)!;
        Assert.Same(runner.BargainingOf(run), runner.BargainingOf(runner.Runs.Get(id)!));
        Assert.Equal(first.Result!.Value.GetRawText(), second.Result!.Value.GetRawText());
        Assert.Equal(await _client.GetStringAsync($"/api/analyses/{id}"), await _client.GetStringAsync($"/api/analyses/{id}"));
    }
}
