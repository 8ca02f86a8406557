namespace Parley.Web.Services;

/// <summary>Settings under <c>Parley:</c> in configuration (appsettings, PARLEY__X environment variables, --db/--port/--host).</summary>
public sealed class ParleyWebOptions
{
    public string Database { get; set; } = "parley.db";
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 5080;
    /// <summary>Largest scenario upload accepted, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 2 * 1024 * 1024;

    public static ParleyWebOptions From(IConfiguration configuration)
    {
        var options = new ParleyWebOptions();
        configuration.GetSection("Parley").Bind(options);
        return options;
    }
}
