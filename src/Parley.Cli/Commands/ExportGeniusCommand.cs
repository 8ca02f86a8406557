using System.ComponentModel;
using Parley.Bargaining.Genius;
using Parley.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Parley.Cli.Commands;

public sealed class ExportGeniusSettings : ScenarioSettings
{
    [CommandOption("-o|--out <DIR>")]
    [Description("Directory for the domain and profile files (default: the current directory)")]
    public string? Out { get; init; }
}

/// <summary><c>parley export-genius [SCENARIO] --out DIR</c>: the scenario as a Genius domain and one profile per party with preferences.</summary>
public sealed class ExportGeniusCommand(CliContext context) : Command<ExportGeniusSettings>
{
    public override int Execute(CommandContext commandContext, ExportGeniusSettings settings, CancellationToken cancellationToken)
    {
        var scenario = ScenarioResolver.Resolve(settings.Scenario, context);
        var export = GeniusExporter.Export(scenario);
        IReadOnlyList<string> paths;
        try
        {
            paths = export.Save(settings.Out ?? Directory.GetCurrentDirectory());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.AnalysisFailed, $"cannot write the Genius files: {e.Message}");
        }
        foreach (var path in paths) context.Out.MarkupLine($"wrote {Markup.Escape(path)}");
        foreach (var loss in export.Losses) context.Error.WriteLine($"warning: {loss}");
        return ExitCodes.Ok;
    }
}
