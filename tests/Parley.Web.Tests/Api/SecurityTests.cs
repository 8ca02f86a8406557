using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Parley.Web.Api;
using Parley.Web.Services;

namespace Parley.Web.Tests.Api;

/// <summary>Cross-site request forgery and DNS rebinding: what a page on another origin can no longer do.</summary>
public sealed class SecurityTests : ApiTestBase
{
    private const string Attacker = "http://attacker.example";

    private static HttpRequestMessage Post(string url, HttpContent? content, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    private static async Task<string[]> Slugs(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement[]>("/api/scenarios"))!.Select(s => s.GetProperty("slug").GetString()!).ToArray();

    private static async Task AssertRefused(HttpResponseMessage response, HttpStatusCode status, string expected)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>())!;
        Assert.Contains(expected, problem.Error);
    }

    /// <summary>Every state-changing request a page on another site can send without a preflight: plain text, multipart and empty POSTs.</summary>
    private static IEnumerable<Func<HttpRequestMessage>> ForgeableRequests(string river, (string, string)[] browserHeaders)
    {
        yield return () => Post("/api/scenarios?fileName=x.yaml", new StringContent(river, Encoding.UTF8, "text/plain"), browserHeaders);
        yield return () =>
        {
            var form = new MultipartFormDataContent { { new StringContent(river), "file", "river-valley.yaml" } };
            return Post("/api/scenarios", form, browserHeaders);
        };
        yield return () => Post("/api/scenarios?fileName=x.yaml", new FormUrlEncodedContent([new("file", river)]), browserHeaders);
        yield return () => Post("/api/scenarios/builtin/ukraine-2022", null, browserHeaders);
        yield return () => Post("/api/scenarios/river-valley/versions", new StringContent($$"""{"baseVersion":1,"yaml":"x"}""", Encoding.UTF8, "text/plain"), browserHeaders);
    }

    public static TheoryData<string, string[]> Browsers => new()
    {
        { "cross-origin fetch", ["Origin", Attacker, "Sec-Fetch-Site", "cross-site"] },
        { "another port of localhost (same-site)", ["Origin", "http://localhost:3000", "Sec-Fetch-Site", "same-site"] },
        { "sandboxed frame", ["Origin", "null"] },
        { "DNS-rebound name with Origin only", ["Origin", "http://127.0.0.1.attacker.example"] },
        { "old browser without Origin", [] },
    };

    [Theory]
    [MemberData(nameof(Browsers))]
    public async Task A_page_on_another_origin_can_neither_import_nor_save(string browser, string[] headers)
    {
        _ = browser;
        var pairs = headers.Chunk(2).Select(h => (h[0], h[1])).ToArray();
        var bare = _factory.CreateBareClient();
        var river = await File.ReadAllTextAsync(TestPaths.RiverValley);
        var refused = 0;
        foreach (var make in ForgeableRequests(river, pairs))
        {
            var response = await bare.SendAsync(make());
            await AssertRefused(response, HttpStatusCode.Forbidden, headers.Length == 0 ? "which a page on another site could send" : "cross-origin request refused");
            refused++;
        }
        Assert.Equal(5, refused);
        Assert.Empty(await Slugs(_client));
    }

    [Fact]
    public async Task A_page_on_another_origin_cannot_cancel_a_running_analysis()
    {
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/scenarios?fileName=large.yaml",
            new StringContent(ApiTests.LargeScenario(issues: 9, options: 10), Encoding.UTF8, "application/yaml"))).StatusCode);
        var start = await _client.PostAsJsonAsync("/api/analyses", new StartAnalysisRequest("large", null, 5, null, "ann", GateAnalysis.AnalysisName));
        var id = (await start.Content.ReadFromJsonAsync<AnalysisRunDto>(Json))!.Id;
        try
        {
            var bare = _factory.CreateBareClient();
            await AssertRefused(await bare.SendAsync(Post($"/api/analyses/{id}/cancel", null, ("Origin", Attacker), ("Sec-Fetch-Site", "cross-site"))),
                HttpStatusCode.Forbidden, "cross-origin request refused");
            await AssertRefused(await bare.SendAsync(Post($"/api/analyses/{id}/cancel", null)), HttpStatusCode.Forbidden, "X-Requested-With");
            // A forged start of a run is refused too (a JSON body from another origin needs a preflight, which is never granted, but the Origin alone suffices).
            await AssertRefused(await bare.SendAsync(Post("/api/analyses", JsonContent.Create(new { scenario = "large" }), ("Origin", Attacker))),
                HttpStatusCode.Forbidden, "cross-origin");
            var run = (await _client.GetFromJsonAsync<AnalysisRunDto>($"/api/analyses/{id}", Json))!;
            Assert.Contains(run.Status, new[] { "running", "queued" });
            Assert.Single(await _client.GetFromJsonAsync<JsonElement[]>("/api/analyses") ?? []);
        }
        finally
        {
            Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsync($"/api/analyses/{id}/cancel", null)).StatusCode);
        }
    }

    [Fact]
    public async Task The_workbench_s_own_pages_and_programs_still_get_through()
    {
        var bare = _factory.CreateBareClient();
        var river = await File.ReadAllTextAsync(TestPaths.RiverValley);
        // A page of the workbench itself: same origin, as a browser labels it.
        var own = await bare.SendAsync(Post("/api/scenarios?fileName=river-valley.yaml", new StringContent(river, Encoding.UTF8, "application/yaml"),
            ("Origin", "http://localhost"), ("Sec-Fetch-Site", "same-origin")));
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        // curl with a YAML body: no Origin, a non-simple content type.
        var edit = await bare.SendAsync(Post("/api/scenarios/river-valley/versions",
            JsonContent.Create(new { baseVersion = 1, yaml = river.Replace("title: ", "title: Edited "), author = "ann" })));
        Assert.Equal(HttpStatusCode.Created, edit.StatusCode);
        // curl -F with the marker header; an empty POST with it.
        var form = new MultipartFormDataContent { { new StringContent(river.Replace("id: river-valley", "id: river-copy")), "file", "copy.yaml" } };
        Assert.Equal(HttpStatusCode.Created, (await bare.SendAsync(Post("/api/scenarios", form, (RequestGuard.ClientHeader, "curl")))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await bare.SendAsync(Post("/api/scenarios/builtin/ukraine-2022", null, (RequestGuard.ClientHeader, "curl"), ("Sec-Fetch-Site", "none")))).StatusCode);
        Assert.Equal(["river-copy", "river-valley", "ukraine-2022"], await Slugs(_client));
    }

    [Theory]
    [InlineData("attacker.example")]
    [InlineData("attacker.example:5080")]
    [InlineData("127.0.0.1.nip.io")]
    [InlineData("192.168.1.20")]
    public async Task A_request_for_another_host_name_is_answered_with_400(string host)
    {
        foreach (var path in new[] { "/api/scenarios", "/", "/api/health" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = host;
            var response = await _client.SendAsync(request);
            await AssertRefused(response, HttpStatusCode.BadRequest, "does not answer for the host name");
        }
        var post = Post("/api/scenarios/builtin/ukraine-2022", null);
        post.Headers.Host = host;
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.SendAsync(post)).StatusCode);
        Assert.Empty(await Slugs(_client));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1:5080")]
    [InlineData("[::1]:5080")]
    [InlineData("LOCALHOST")]
    public async Task The_loopback_names_are_answered(string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        request.Headers.Host = host;
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task The_configured_host_and_extra_allowed_hosts_are_answered()
    {
        using var factory = new ParleyFactory(TestPaths.NewDatabase(), settings: new Dictionary<string, string>
        {
            ["Parley:Host"] = "10.1.2.3",
            ["Parley:AllowedHosts"] = "workbench.lan; mediator-pc",
        });
        var client = factory.CreateClient();
        foreach (var (host, status) in new[] { ("10.1.2.3:5080", HttpStatusCode.OK), ("workbench.lan", HttpStatusCode.OK), ("mediator-pc:5080", HttpStatusCode.OK),
                     ("localhost", HttpStatusCode.OK), ("attacker.example", HttpStatusCode.BadRequest) })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
            request.Headers.Host = host;
            Assert.Equal(status, (await client.SendAsync(request)).StatusCode);
        }
        TestPaths.DeleteDatabase(factory.DatabasePath);
    }

    [Fact]
    public async Task A_websocket_handshake_from_another_origin_is_refused()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/_blazor?id=x");
        request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Origin", Attacker);
        await AssertRefused(await _factory.CreateBareClient().SendAsync(request), HttpStatusCode.Forbidden, "cross-origin request refused");
        // The circuit's negotiation is a POST and refused the same way.
        await AssertRefused(await _factory.CreateBareClient().SendAsync(Post("/_blazor/negotiate?negotiateVersion=1", null, ("Origin", Attacker))),
            HttpStatusCode.Forbidden, "cross-origin request refused");
    }

    [Theory]
    [InlineData(null, "127.0.0.1", false)]
    [InlineData(null, "localhost", false)]
    [InlineData(null, "::1", false)]
    [InlineData(null, "0.0.0.0", true)]
    [InlineData(null, "::", true)]
    [InlineData(null, "192.168.1.20", true)]
    [InlineData("http://127.0.0.1:5080;http://[::1]:5080;http://localhost:5000", "0.0.0.0", false)]
    [InlineData("http://*:5080", "127.0.0.1", true)]
    [InlineData("http://+:5080", "127.0.0.1", true)]
    [InlineData("http://0.0.0.0:5080", "127.0.0.1", true)]
    [InlineData("http://127.0.0.1:5080;http://workbench.lan:5080", "127.0.0.1", true)]
    public void Binding_beyond_loopback_is_warned_about(string? urls, string host, bool warned)
    {
        var warning = RequestGuard.ExposureWarning(urls, host);
        Assert.Equal(warned, warning is not null);
        if (warned) Assert.Contains("no accounts", warning);
    }

    [Fact]
    public void Starting_with_host_0_0_0_0_prints_the_warning_on_stderr()
    {
        var database = TestPaths.NewDatabase();
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            using var quiet = Parley.Web.ParleyWebHost.Build(["--host", "0.0.0.0", "--port", "0", "--db", database]);
            Assert.Contains("WARNING: the Parley workbench listens on 0.0.0.0", error.ToString());
            error.GetStringBuilder().Clear();
            using var loopback = Parley.Web.ParleyWebHost.Build(["--port", "0", "--db", database]);
            Assert.DoesNotContain("WARNING", error.ToString());
        }
        finally
        {
            Console.SetError(original);
            TestPaths.DeleteDatabase(database);
        }
    }
}
