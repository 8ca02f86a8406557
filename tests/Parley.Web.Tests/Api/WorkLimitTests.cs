using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Web.Services;

namespace Parley.Web.Tests.Api;

/// <summary>Bounded work: a bounded run queue with queued runs shown as such, and on-request engines in the same slot within a budget.</summary>
public sealed class WorkLimitTests : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly List<ParleyFactory> _factories = [];

    private HttpClient Client(Dictionary<string, string> settings, out ParleyFactory factory)
    {
        factory = new ParleyFactory(TestPaths.NewDatabase(), settings: settings);
        _factories.Add(factory);
        return factory.CreateClient();
    }

    public void Dispose()
    {
        foreach (var factory in _factories)
        {
            factory.Dispose();
            TestPaths.DeleteDatabase(factory.DatabasePath);
        }
    }

    private static async Task<string> Upload(HttpClient client, string text, string fileName)
    {
        var response = await client.PostAsync($"/api/scenarios?fileName={fileName}", new StringContent(text, Encoding.UTF8, "application/yaml"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ImportResponse>(Json))!.Slug;
    }

    private static Task<HttpResponseMessage> Start(HttpClient client, string slug, string engine = GateAnalysis.AnalysisName) =>
        client.PostAsJsonAsync("/api/analyses", new StartAnalysisRequest(slug, null, 5, null, "ann", engine));

    private static async Task<AnalysisRunDto> Get(HttpClient client, long id) => (await client.GetFromJsonAsync<AnalysisRunDto>($"/api/analyses/{id}", Json))!;

    private static async Task<AnalysisRunDto> WaitFor(HttpClient client, long id, Func<AnalysisRunDto, bool> done, int seconds = 60)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var run = await Get(client, id);
            if (done(run) || clock.Elapsed.TotalSeconds > seconds) return run;
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task The_queue_is_bounded_and_waiting_runs_are_shown_as_queued()
    {
        var client = Client(new() { ["Parley:MaxQueuedRuns"] = "2" }, out _);
        var slug = await Upload(client, ApiTests.LargeScenario(issues: 9, options: 10), "large.yaml");
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var started = await Start(client, slug);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            ids.Add((await started.Content.ReadFromJsonAsync<AnalysisRunDto>(Json))!.Id);
        }
        try
        {
            Assert.Equal("running", (await WaitFor(client, ids[0], r => r.Status == "running")).Status);
            foreach (var id in ids.Skip(1))
            {
                var queued = await Get(client, id);
                Assert.Equal("queued", queued.Status);
                Assert.Equal(0, queued.Progress);
                Assert.Null(queued.DurationMs);
            }

            // One running and two waiting: the fourth is refused, with Retry-After and a JSON message, and not stored.
            var refused = await Start(client, slug);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(AnalysisRunner.QueueRetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
            Assert.Contains("queue is full", (await refused.Content.ReadFromJsonAsync<ProblemDto>(Json))!.Error);
            Assert.Equal(3, (await client.GetFromJsonAsync<JsonElement[]>("/api/analyses"))!.Length);

            // A queued run can be cancelled; it never ran, so it took no time, and its place is free again.
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/analyses/{ids[2]}/cancel", null)).StatusCode);
            var cancelled = await WaitFor(client, ids[2], r => r.Status != "queued");
            Assert.Equal("cancelled", cancelled.Status);
            Assert.Equal(0, cancelled.DurationMs);
            var again = await Start(client, slug);
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
            ids.Add((await again.Content.ReadFromJsonAsync<AnalysisRunDto>(Json))!.Id);
        }
        finally
        {
            foreach (var id in ids) await client.PostAsync($"/api/analyses/{id}/cancel", null);
        }
    }

    [Fact]
    public async Task A_queued_run_s_duration_counts_from_when_it_starts_executing()
    {
        var client = Client([], out _);
        var large = await Upload(client, ApiTests.LargeScenario(issues: 9, options: 10), "large.yaml");
        var river = await Upload(client, await File.ReadAllTextAsync(TestPaths.RiverValley), "river-valley.yaml");
        var first = (await (await Start(client, large)).Content.ReadFromJsonAsync<AnalysisRunDto>(Json))!;
        var second = (await (await Start(client, river, "bargaining")).Content.ReadFromJsonAsync<AnalysisRunDto>(Json))!;
        Assert.Equal("running", (await WaitFor(client, first.Id, r => r.Status == "running")).Status);
        await Task.Delay(2000);
        Assert.Equal("queued", (await Get(client, second.Id)).Status);
        await client.PostAsync($"/api/analyses/{first.Id}/cancel", null);

        var done = await WaitFor(client, second.Id, r => r.Status is not ("queued" or "running"));
        Assert.Equal("succeeded", done.Status);
        // It waited at least 2 s; its duration is its own execution (river-valley takes milliseconds), and its start is when it began.
        Assert.True(done.DurationMs < 1500, $"duration {done.DurationMs} ms includes the wait");
        Assert.True(done.StartedAt >= second.StartedAt.AddSeconds(2), $"started {done.StartedAt:O}, queued {second.StartedAt:O}");
        Assert.True(done.FinishedAt - done.StartedAt < TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public async Task On_request_engines_wait_for_the_running_analysis_and_are_told_busy()
    {
        var client = Client(new() { ["Parley:RequestBudgetSeconds"] = "2" }, out _);
        var large = await Upload(client, ApiTests.LargeScenario(issues: 9, options: 10), "large.yaml");
        var prisoners = await Upload(client, await File.ReadAllTextAsync(TestPaths.Data("Prisoners.gmcr")), "Prisoners.gmcr");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/scenarios/{prisoners}/versions/latest/stability")).StatusCode);
        var run = (await (await Start(client, large)).Content.ReadFromJsonAsync<AnalysisRunDto>(Json))!;
        try
        {
            Assert.Equal("running", (await WaitFor(client, run.Id, r => r.Status == "running")).Status);
            var clock = Stopwatch.StartNew();
            var busy = await client.GetAsync($"/api/scenarios/{prisoners}/versions/latest/stability");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.NotNull(busy.Headers.RetryAfter?.Delta);
            Assert.Contains("engine is busy", (await busy.Content.ReadFromJsonAsync<ProblemDto>(Json))!.Error);
            Assert.InRange(clock.Elapsed.TotalSeconds, 1.5, 10);
        }
        finally
        {
            await client.PostAsync($"/api/analyses/{run.Id}/cancel", null);
        }
        await WaitFor(client, run.Id, r => r.Status is not ("queued" or "running"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/scenarios/{prisoners}/versions/latest/stability")).StatusCode);
    }

    private static string A160 => File.ReadAllText(TestPaths.Data("dummyData-a160.csv"));

    /// <summary>A one-dimension KTAB CSV of <paramref name="actors"/> actors with spread positions, saliences and influences.</summary>
    private static string SyntheticKtab(int actors)
    {
        var random = new Random(5);
        var text = new System.Text.StringBuilder($"XYZ,  XYZ Issue,  {actors},  1,  \nActor,  Description,  Influence,  XYZ Position,  XYZ Salience\n");
        for (var i = 0; i < actors; i++)
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"Act-{i},  Desc-{i},  {1 + random.NextDouble():0.00},  {random.NextDouble() * 100:0.00},  {10 + random.NextDouble() * 80:0.00}\n");
        return text.ToString();
    }

    [Fact]
    public async Task A_forecast_over_the_request_budget_is_stopped_with_422()
    {
        // A budget of 0.01 s: a 160-actor forecast takes far longer on any machine, so the refusal does not hang on timing.
        var client = Client(new() { ["Parley:RequestBudgetSeconds"] = "0.01" }, out _);
        var slug = await Upload(client, A160, "dummyData-a160.csv");
        var clock = Stopwatch.StartNew();
        var response = await client.GetAsync($"/api/scenarios/{slug}/versions/latest/forecast?model=smp&seed=1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>(Json))!;
        Assert.Contains("request budget of 0.01 s", problem.Error);
        Assert.Contains("POST /api/analyses", problem.Error);
        Assert.True(clock.Elapsed.TotalSeconds < 15, $"answered after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_forecast_whose_client_went_away_stops_and_frees_the_engine()
    {
        var client = Client(new() { ["Parley:RequestBudgetSeconds"] = "300" }, out var factory);
        // 1,000 actors: SMP's turns are cubic in the actors, so the forecast is still in its first turns when the
        // client leaves after 0.8 s on any machine (the 160-actor sample converged in time on a fast one).
        var slug = await Upload(client, SyntheticKtab(1000), "synthetic-a1000.csv");
        var prisoners = await Upload(client, await File.ReadAllTextAsync(TestPaths.Data("Prisoners.gmcr")), "Prisoners.gmcr");
        using (var gone = new CancellationTokenSource(TimeSpan.FromMilliseconds(800)))
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync($"/api/scenarios/{slug}/versions/latest/forecast?model=smp&seed=1", gone.Token));

        // The engine slot is free again soon after, not when the forecast would have finished.
        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        do status = (await client.GetAsync($"/api/scenarios/{prisoners}/versions/latest/stability")).StatusCode;
        while (status != HttpStatusCode.OK && clock.Elapsed.TotalSeconds < 30);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(clock.Elapsed.TotalSeconds < 12, $"the engine was busy for {clock.Elapsed.TotalSeconds:0.0} s after the client left");
        Assert.Equal(0, factory.Services.GetRequiredService<AnalysisRunner>().Pending);
    }
}
