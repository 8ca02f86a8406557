using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Web.Tests;

/// <summary>The workbench in-process on a given database file; several factories on one file model restarts.</summary>
/// <remarks>
/// Its clients send <c>X-Requested-With</c> as every API program must for a state-changing call without a JSON or
/// YAML body (multipart uploads, empty POSTs); <see cref="CreateBareClient"/> gives one without it.
/// </remarks>
public sealed class ParleyFactory(string databasePath, long? maxScenarioBytes = null, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    public string DatabasePath { get; } = databasePath;

    /// <summary>A client that sends only what a test adds: the requests a page on another site could make.</summary>
    public HttpClient CreateBareClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Remove(Parley.Web.Api.RequestGuard.ClientHeader);
        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add(Parley.Web.Api.RequestGuard.ClientHeader, "Parley.Web.Tests");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Parley:Database", DatabasePath);
        if (maxScenarioBytes is { } limit) builder.UseSetting("Parley:MaxScenarioBytes", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        builder.UseEnvironment("Production");
        // The shipped analyses plus a gate that blocks until cancelled (GateAnalysis), for the cancellation tests.
        builder.ConfigureServices(services => services.AddSingleton(Parley.Analysis.Contracts.AnalysisCatalog.Standard().With(new GateAnalysis())));
        // Open browser circuits would otherwise hold a stopping server for the default 30 s.
        builder.UseShutdownTimeout(TimeSpan.FromSeconds(2));
    }

    /// <summary>Starts a real Kestrel server on a free loopback port and returns its address.</summary>
    public Uri StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }
}
