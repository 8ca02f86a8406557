namespace Parley.Web.Services;

/// <summary>Settings under <c>Parley:</c> in configuration (appsettings, PARLEY__X environment variables, --db/--port/--host).</summary>
public sealed class ParleyWebOptions
{
    /// <summary>The default <see cref="MaxScenarioBytes"/>: 2 MB.</summary>
    public const long DefaultMaxScenarioBytes = 2 * 1024 * 1024;

    public string Database { get; set; } = "parley.db";
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 5080;

    /// <summary>
    /// The one size limit on a scenario text, in UTF-8 bytes: an upload (all its files together), a pasted text,
    /// a YAML editor save, an API save and the text a form edit produces. <c>Parley:MaxUploadBytes</c>, its old
    /// name, is still read when this one is not set.
    /// </summary>
    public long MaxScenarioBytes { get; set; } = DefaultMaxScenarioBytes;

    /// <summary>Host names answered besides the loopback names and the configured host (';'-separated), e.g. the machine's name when bound to 0.0.0.0.</summary>
    public string? AllowedHosts { get; set; }

    /// <summary>Runs that may wait for the one running run; one more is refused with 429.</summary>
    public int MaxQueuedRuns { get; set; } = 4;

    /// <summary>Seconds an on-request computation (stability, forecast, timeline, bridge, charts) may take, waiting for the engine included.</summary>
    public double RequestBudgetSeconds { get; set; } = 30;

    public static ParleyWebOptions From(IConfiguration configuration)
    {
        var options = new ParleyWebOptions();
        var section = configuration.GetSection("Parley");
        section.Bind(options);
        if (section["MaxScenarioBytes"] is null && long.TryParse(section["MaxUploadBytes"], out var legacy)) options.MaxScenarioBytes = legacy;
        return options;
    }
}
