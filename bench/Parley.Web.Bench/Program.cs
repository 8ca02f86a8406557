using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Parley.Core.Format;

// Load test of the evaluate endpoint over loopback HTTP: the workbench runs on a real Kestrel port in this
// process, N workers each send POST /api/scenarios/{id}/versions/1/evaluate with a random complete package
// (fixed seed) for a fixed time, and the table reports throughput and latency percentiles. Bounded: each
// cell runs at most `seconds` and `maxRequests`.
internal static class WebBench
{
    private const int Iterations = 3;

    public static async Task Main(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        var maxRequests = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
        int[] concurrencies = [1, 4, 16, 64];

        var database = Path.Combine(Path.GetTempPath(), $"parley-web-bench-{Guid.NewGuid():N}.db");
        // The bench is no test project, so the factory cannot guess the web project's content root; name it.
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Parley.slnx"))) root = root.Parent;
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PARLEY_WEB",
            Path.Combine(root?.FullName ?? throw new InvalidOperationException("run the bench from the repository"), "src", "Parley.Web"));
        using var factory = new BenchFactory(database);
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(address),
        };

        await Import(http, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "river-valley.yaml")), "river-valley.yaml");
        await Import(http, BuiltInScenarios.ReadText("ukraine-2022"), "ukraine-2022.yaml");

        var scenarios = new[] { "river-valley", "ukraine-2022" }.Select(id => (Id: id, Issues: ScenarioLoader.LoadText(
                id == "ukraine-2022" ? BuiltInScenarios.ReadText(id) : File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "river-valley.yaml")), id)
            .GetOrThrow().Issues.Select(i => (i.Id, Options: i.Options.Select(o => o.Id).ToArray())).ToArray())).ToList();

        Console.WriteLine($"Parley.Web evaluate endpoint over loopback ({address}), {Environment.ProcessorCount} cores, server and load generator in one process");
        Console.WriteLine($"each cell: 1 s warm-up, then {Iterations} iterations of {seconds:0.#} s or {maxRequests} requests; req/s is the median iteration,");
        Console.WriteLine("percentiles are over every request of the cell; random complete packages, seed 42 + worker");
        Console.WriteLine();
        // Let tiered JIT settle on both endpoints before the first measured cell.
        foreach (var (id, issues) in scenarios) await Run(http, id, issues, 4, 3, int.MaxValue);
        Console.WriteLine($"{"scenario",-14} {"workers",7} {"requests",9} {"req/s",9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8} {"errors",6}");
        foreach (var (scenario, issues) in scenarios)
        {
            foreach (var workers in concurrencies)
            {
                await Run(http, scenario, issues, workers, 1, int.MaxValue); // warm-up
                var iterations = new List<(List<double> Latencies, int Errors, TimeSpan Elapsed)>();
                for (var i = 0; i < Iterations; i++) iterations.Add(await Run(http, scenario, issues, workers, seconds, maxRequests));
                var rates = iterations.Select(c => c.Latencies.Count / c.Elapsed.TotalSeconds).Order().ToArray();
                var sorted = iterations.SelectMany(c => c.Latencies).Order().ToArray();
                double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
                Console.WriteLine(FormattableString.Invariant(
                    $"{scenario,-14} {workers,7} {sorted.Length,9} {rates[rates.Length / 2],9:0} {Percentile(0.50),8:0.00} {Percentile(0.95),8:0.00} {Percentile(0.99),8:0.00} {sorted.LastOrDefault(),8:0.00} {iterations.Sum(c => c.Errors),6}"));
            }
        }
        Console.WriteLine();
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:0} MB, allocated {GC.GetTotalAllocatedBytes() / 1024.0 / 1024.0:0} MB in total");

        factory.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { database, database + "-wal", database + "-shm" }) File.Delete(file);
    }

    private static async Task Import(HttpClient http, string yaml, string fileName)
    {
        var response = await http.PostAsync($"/api/scenarios?fileName={fileName}&author=bench", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"import of {fileName} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<(List<double> Latencies, int Errors, TimeSpan Elapsed)> Run(HttpClient http, string scenario, (string Id, string[] Options)[] issues, int workers, double seconds, int maxRequests)
    {
        var deadline = Stopwatch.StartNew();
        var latencies = new List<double>[workers];
        var errors = 0;
        var issued = 0;
        var url = $"/api/scenarios/{scenario}/versions/1/evaluate";
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
        {
            var random = new Random(42 + w);
            var mine = latencies[w] = [];
            while (deadline.Elapsed.TotalSeconds < seconds && Interlocked.Increment(ref issued) <= maxRequests)
            {
                var terms = issues.ToDictionary(i => i.Id, i => i.Options[random.Next(i.Options.Length)]);
                var clock = Stopwatch.StartNew();
                using var response = await http.PostAsJsonAsync(url, new { terms });
                await response.Content.ReadAsByteArrayAsync();
                clock.Stop();
                if (response.IsSuccessStatusCode) mine.Add(clock.Elapsed.TotalMilliseconds);
                else Interlocked.Increment(ref errors);
            }
        }));
        return (latencies.SelectMany(l => l).ToList(), errors, deadline.Elapsed);
    }
}

internal sealed class BenchFactory(string database) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Parley:Database", database);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseEnvironment("Production");
    }
}
