using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Web.Tests;

/// <summary>The workbench in-process on a given database file; several factories on one file model restarts.</summary>
public sealed class ParleyFactory(string databasePath, long? maxUploadBytes = null) : WebApplicationFactory<Program>
{
    public string DatabasePath { get; } = databasePath;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Parley:Database", DatabasePath);
        if (maxUploadBytes is { } limit) builder.UseSetting("Parley:MaxUploadBytes", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseEnvironment("Production");
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
