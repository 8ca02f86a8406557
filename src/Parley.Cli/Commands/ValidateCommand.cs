using System.ComponentModel;
using Parley.Cli.Infrastructure;
using Parley.Cli.Output;
using Parley.Core.Diagnostics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Parley.Cli.Commands;

public sealed class ValidateSettings : FormatSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("A YAML/JSON scenario file, or a built-in scenario id")]
    public string File { get; init; } = "";
}

/// <summary><c>parley validate FILE</c>: every problem with its place; exit 2 when there is an error.</summary>
public sealed class ValidateCommand(CliContext context) : Command<ValidateSettings>
{
    public override int Execute(CommandContext commandContext, ValidateSettings settings, CancellationToken cancellationToken)
    {
        var baseDirectory = File.Exists(settings.File) ? Path.GetDirectoryName(Path.GetFullPath(settings.File)) : null;
        var result = Parley.Analysis.Contracts.ScenarioSections.Check(ScenarioResolver.Load(settings.File), baseDirectory);
        var errors = result.Diagnostics.Count(d => d.Severity == Severity.Error);
        var warnings = result.Diagnostics.Count - errors;
        if (settings.Format == OutputFormat.Json)
        {
            Json.Write(context.Out, new
            {
                file = settings.File,
                valid = result.Succeeded,
                errors,
                warnings,
                diagnostics = result.Diagnostics.Select(d => new
                {
                    severity = d.Severity.ToString().ToLowerInvariant(),
                    d.Code,
                    d.Message,
                    d.Path,
                    file = d.Location?.File,
                    line = d.Location?.Line,
                    column = d.Location?.Column,
                }),
            });
        }
        else
        {
            foreach (var d in result.Diagnostics)
                context.Out.MarkupLine($"[{(d.Severity == Severity.Error ? "red" : "yellow")}]{Markup.Escape(d.ToString())}[/]");
            var s = result.Scenario;
            context.Out.MarkupLine(result.Succeeded
                ? $"[green]valid[/]: {Markup.Escape(s!.Id)} — {s.Parties.Count} parties, {s.Issues.Count} issues, {s.Proposals.Count} proposals, {s.Positions.Count} positions; {warnings} warning(s)"
                : $"[red]invalid[/]: {errors} error(s), {warnings} warning(s)");
        }
        return result.Succeeded ? ExitCodes.Ok : ExitCodes.InvalidScenario;
    }
}
