using System.ComponentModel;
using Microsoft.Extensions.Hosting;
using Parley.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Parley.Cli.Commands;

public sealed class ServeSettings : CommandSettings
{
    [CommandOption("--port <N>")]
    [Description("Port to listen on (default 5080)")]
    public int? Port { get; init; }

    [CommandOption("--db <FILE>")]
    [Description("The SQLite database file, created and migrated on start (default: parley.db in the working directory)")]
    public string? Database { get; init; }

    [CommandOption("--host <ADDRESS>")]
    [Description("Interface to listen on (default 127.0.0.1: the workbench has no authentication)")]
    public string? Host { get; init; }

    public override ValidationResult Validate() =>
        Port is < 1 or > 65535 ? ValidationResult.Error($"--port must be between 1 and 65535, got {Port}") : ValidationResult.Success();
}

/// <summary><c>parley serve</c>: starts the web workbench (src/Parley.Web, docs/web.md) until Ctrl+C.</summary>
public sealed class ServeCommand(CliContext context) : Command<ServeSettings>
{
    public override int Execute(CommandContext commandContext, ServeSettings settings, CancellationToken cancellationToken)
    {
        var args = new List<string>();
        if (settings.Port is { } port) args.AddRange(["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (settings.Database is { } db) args.AddRange(["--db", db]);
        if (settings.Host is { } host) args.AddRange(["--host", host]);
        try
        {
            var app = Parley.Web.ParleyWebHost.Build(args.ToArray());
            app.StartAsync(cancellationToken).GetAwaiter().GetResult();
            context.Error.WriteLine($"parley: workbench at {string.Join(", ", app.Urls)}; Ctrl+C stops it");
            app.WaitForShutdownAsync(cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            throw new CliException(ExitCodes.AnalysisFailed, $"cannot start the workbench: {e.Message}");
        }
        return ExitCodes.Ok;
    }
}
