using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Web.Services;

namespace Parley.Web.Tests.Api;

/// <summary>One limit on a scenario text (Parley:MaxScenarioBytes), whichever way the text arrives.</summary>
public sealed class SizeLimitTests : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _database = TestPaths.NewDatabase();
    private readonly ParleyFactory _factory;
    private readonly HttpClient _client;
    private readonly string _river = File.ReadAllText(TestPaths.RiverValley);

    public SizeLimitTests()
    {
        _factory = new ParleyFactory(_database, maxScenarioBytes: 64 * 1024);
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _factory.Dispose();
        TestPaths.DeleteDatabase(_database);
    }

    /// <summary>The river-valley example, still valid, padded with a comment to <paramref name="bytes"/> bytes.</summary>
    private string Padded(int bytes) => _river + "# " + new string('x', bytes - Encoding.UTF8.GetByteCount(_river) - 3) + "\n";

    private async Task Import() =>
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/scenarios?fileName=river-valley.yaml", new StringContent(_river, Encoding.UTF8, "application/yaml"))).StatusCode);

    private async Task<int> VersionCount() => (await _client.GetFromJsonAsync<JsonElement[]>("/api/scenarios/river-valley/versions"))!.Length;

    private static async Task<ProblemDto> AssertTooLarge(HttpResponseMessage response, string limit = "64 KB")
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>(Json))!;
        Assert.Contains($"limited to {limit}", problem.Error);
        return problem;
    }

    [Fact]
    public async Task An_api_save_over_the_limit_is_refused_with_413_and_stores_nothing()
    {
        await Import();
        Assert.Equal(64 * 1024 + 1, Encoding.UTF8.GetByteCount(Padded(64 * 1024 + 1)));
        var response = await _client.PostAsJsonAsync("/api/scenarios/river-valley/versions", new SaveYamlRequest(1, Padded(64 * 1024 + 1), "ann", "big"));
        Assert.Contains("65537 bytes", (await AssertTooLarge(response)).Error);
        Assert.Equal(1, await VersionCount());

        // Exactly at the limit is accepted.
        var atLimit = await _client.PostAsJsonAsync("/api/scenarios/river-valley/versions", new SaveYamlRequest(1, Padded(64 * 1024), "ann", "at the limit"));
        Assert.Equal(HttpStatusCode.Created, atLimit.StatusCode);
        Assert.Equal(2, await VersionCount());
    }

    [Fact]
    public async Task Multibyte_text_is_counted_in_utf8_bytes()
    {
        await Import();
        // 32,000 'é' are 64,000 bytes: with the example that is over 64 KB although under 64 K characters.
        var text = _river + "# " + new string('é', 32_000) + "\n";
        Assert.True(Encoding.UTF8.GetByteCount(text) > 64 * 1024);
        Assert.True(text.Length < 64 * 1024);
        await AssertTooLarge(await _client.PostAsJsonAsync("/api/scenarios/river-valley/versions", new SaveYamlRequest(1, text, "ann", null)));
        Assert.Equal(1, await VersionCount());
    }

    [Fact]
    public async Task Form_edits_that_grow_the_scenario_past_the_limit_are_refused()
    {
        await Import();
        var edits = $$"""{"baseVersion":1,"author":"ann","edits":[{"op":"set-proposal","id":"long","name":"Long","author":"M","terms":{},"description":"{{new string('y', 70 * 1024)}}"}]}""";
        var response = await _client.PostAsync("/api/scenarios/river-valley/edits", new StringContent(edits, Encoding.UTF8, "application/json"));
        await AssertTooLarge(response);
        Assert.Equal(1, await VersionCount());
    }

    [Fact]
    public async Task A_request_body_far_over_the_limit_is_refused_before_it_is_read()
    {
        await Import();
        // Larger than six times the limit plus 64 KB: refused on the declared length, with both limits named.
        var body = new StringContent(JsonSerializer.Serialize(new SaveYamlRequest(1, Padded(500 * 1024), "ann", null), Json), Encoding.UTF8, "application/json");
        Assert.NotNull(body.Headers.ContentLength);
        var response = await _client.PostAsync("/api/scenarios/river-valley/versions", body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>(Json))!;
        Assert.Contains("scenario texts to 64 KB", problem.Error);
        Assert.Equal(1, await VersionCount());
    }

    [Fact]
    public async Task The_pages_paths_paste_upload_and_yaml_editor_go_through_the_same_limit()
    {
        await Import();
        // The pages call the library directly (over the Blazor circuit), not the API.
        var library = _factory.Services.GetRequiredService<ScenarioLibrary>();
        Assert.Equal(64 * 1024, library.MaxScenarioBytes);
        var editor = Assert.IsType<LibraryOutcome.TooLarge>(library.SaveYaml("river-valley", 1, Padded(65 * 1024), "ann", null));
        Assert.Equal(64 * 1024, editor.Limit);
        Assert.Contains("limited to 64 KB", editor.Message);
        Assert.IsType<LibraryOutcome.TooLarge>(library.Import(Padded(65 * 1024).Replace("id: river-valley", "id: pasted"), "pasted.yaml", "ann"));
        var files = new[] { new Parley.Web.Services.Imports.ImportedFile("a.yaml", Padded(40 * 1024), false), new Parley.Web.Services.Imports.ImportedFile("b.yaml", Padded(40 * 1024), false) };
        Assert.IsType<LibraryOutcome.TooLarge>(library.ImportFiles(files, null, "ann"));
        Assert.Equal(1, await VersionCount());
        Assert.Single(await _client.GetFromJsonAsync<JsonElement[]>("/api/scenarios") ?? []);
    }

    [Fact]
    public async Task Twenty_oversized_saves_leave_the_database_small()
    {
        // The review's case: 20 saves of a 15 MB text grew the file to 927 MB. With the default 2 MB limit, 20 saves of 3 MB are all refused.
        using var factory = new ParleyFactory(TestPaths.NewDatabase());
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/scenarios?fileName=river-valley.yaml", new StringContent(_river, Encoding.UTF8, "application/yaml"))).StatusCode);
        var big = Padded(3 * 1024 * 1024);
        for (var i = 0; i < 20; i++)
            await AssertTooLarge(await client.PostAsJsonAsync("/api/scenarios/river-valley/versions", new SaveYamlRequest(1, big, "ann", $"save {i}")), "2 MB");
        Assert.Single((await client.GetFromJsonAsync<JsonElement[]>("/api/scenarios/river-valley/versions"))!);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var size = new FileInfo(factory.DatabasePath).Length + (File.Exists(factory.DatabasePath + "-wal") ? new FileInfo(factory.DatabasePath + "-wal").Length : 0);
        Assert.True(size < 1024 * 1024, $"database and WAL are {size} bytes");
        TestPaths.DeleteDatabase(factory.DatabasePath);
    }
}
