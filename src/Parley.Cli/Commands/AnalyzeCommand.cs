using Parley.Analysis.Tables;
using System.ComponentModel;
using System.Diagnostics;
using Parley.Analysis.Analyses;
using Parley.Analysis.Contracts;
using Parley.Analysis.Results;
using Parley.Cli.Infrastructure;
using Parley.Cli.Output;
using Parley.Core.Model;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Parley.Cli.Commands;

public sealed class AnalyzeSettings : ScenarioSettings
{
    [CommandOption("--top <N>")]
    [Description("How many of the best packages to list (default 5)")]
    [DefaultValue(5)]
    public int Top { get; init; } = 5;

    [CommandOption("--genius")]
    [Description("Read a Genius / ANAC domain instead of a scenario: analyze --genius DOMAIN.xml PROFILE1.xml PROFILE2.xml ... (GeniusWeb .json files too)")]
    public bool Genius { get; init; }

    [CommandArgument(1, "[PROFILES]")]
    [Description("With --genius: the utility profiles, one per party")]
    public string[] Profiles { get; init; } = [];

    [CommandOption("--threads <N>")]
    [Description("Worker threads for the enumeration of packages (default: every core); does not change the result")]
    public int? Threads { get; init; }

    public override ValidationResult Validate()
    {
        if (Top is < 0 or > 1000) return ValidationResult.Error("--top must be between 0 and 1000");
        if (Threads is < 1 or > 1024) return ValidationResult.Error("--threads must be between 1 and 1024");
        if (Genius && (Scenario is null || Profiles.Length == 0)) return ValidationResult.Error("--genius needs a domain file and at least one profile file");
        if (!Genius && Profiles.Length > 0) return ValidationResult.Error("extra arguments after the scenario; did you mean --genius DOMAIN PROFILE...?");
        return ValidationResult.Success();
    }
}

/// <summary>
/// <c>parley analyze</c>, the main job: every proposal's verdict side by side, how many complete packages
/// every required party would accept, and the best of them by Nash product. The analysis layer composes
/// the result; this command only renders it.
/// </summary>
public sealed class AnalyzeCommand(CliContext context) : Command<AnalyzeSettings>
{
    public override int Execute(CommandContext commandContext, AnalyzeSettings settings, CancellationToken cancellationToken)
    {
        var scenario = settings.Genius ? ImportGenius(settings.Scenario!, settings.Profiles) : ScenarioResolver.Resolve(settings.Scenario, context);
        var contract = new BargainingAnalysisContract();
        var options = new AnalysisOptions { Top = settings.Top, Threads = settings.Threads };
        if (contract.Validate(scenario, options) is { Count: > 0 } problems)
            throw new CliException(ExitCodes.AnalysisFailed, problems[0].Message);
        var clock = Stopwatch.StartNew();
        BargainingResult result;
        try
        {
            using var progress = new ProgressReporter(context.Error, "analysing", context.ShowProgress && settings.Format == OutputFormat.Table);
            result = contract.Compute(scenario, options, progress, cancellationToken);
        }
        catch (AnalysisException e)
        {
            throw new CliException(ExitCodes.AnalysisFailed, e.Message);
        }
        var elapsed = clock.Elapsed;
        switch (settings.Format)
        {
            case OutputFormat.Json:
                Json.Write(context.Out, AnalysisDocument.Of(contract.Name, scenario, result));
                break;
            case OutputFormat.Markdown:
                context.Out.Profile.Out.Writer.Write(Markdown(result) + BargainingView.Markdown(result));
                break;
            default:
                Render(result, elapsed);
                BargainingView.Render(context.Out, scenario, result);
                break;
        }
        return ExitCodes.Ok;
    }

    private Scenario ImportGenius(string domain, IReadOnlyList<string> profiles)
    {
        var result = Parley.Bargaining.Genius.GeniusWebImporter.IsGeniusWebFile(domain)
            ? Parley.Bargaining.Genius.GeniusWebImporter.Import(domain, profiles)
            : Parley.Bargaining.Genius.GeniusImporter.Import(domain, profiles);
        foreach (var warning in result.Diagnostics.Where(d => d.Severity == Parley.Core.Diagnostics.Severity.Warning))
            context.Error.WriteLine(warning.ToString());
        if (!result.Succeeded)
            throw new CliException(ExitCodes.InvalidScenario, "the Genius files have errors",
                result.Diagnostics.Where(d => d.Severity == Parley.Core.Diagnostics.Severity.Error).Select(d => d.ToString()).Take(20).ToList());
        return result.Scenario!;
    }

    private void Render(BargainingResult result, TimeSpan elapsed)
    {
        var o = context.Out;
        o.Write(new Rule($"[bold]{Markup.Escape(result.Title)}[/]").LeftJustified());
        o.MarkupLine($"Agreement needs: {Markup.Escape(string.Join(", ", result.Required))} (marked *).");
        if (result.Proposals.Count > 0) ConsoleTable.Write(o, BargainingTables.Proposals(result));
        else o.MarkupLine("[grey]No proposals are recorded in this scenario.[/]");

        var zone = result.Zone;
        o.MarkupLine(zone.Exact
            ? $"[bold]Zone of possible agreement:[/] {Fmt.Count(zone.Acceptable)} of {Fmt.Count(zone.Packages)} complete packages ({Fmt.Percent(zone.Share)}) are accepted by every required party (exact count, {Fmt.Seconds(elapsed)})."
            : $"[bold]Zone of possible agreement:[/] about {Fmt.Count(zone.Acceptable)} of {Fmt.Count(zone.Packages)} complete packages ({Fmt.Percent(zone.Share)}) [yellow]estimated[/] (95% interval {Fmt.Count(zone.Low ?? 0)}–{Fmt.Count(zone.High ?? 0)}, {zone.Samples} samples; {Fmt.Seconds(elapsed)}).");
        if (zone.Acceptable == 0)
        {
            o.MarkupLine("[red]No complete package is acceptable to every required party.[/]");
            return;
        }
        if (result.Best.Packages.Count == 0)
        {
            if (result.Best.Reason is { } reason) o.MarkupLine($"[grey]Best packages not listed: {Markup.Escape(reason)}.[/]");
            return;
        }
        ConsoleTable.Write(o, BargainingTables.BestPackages(result));
    }

    private static string Markdown(BargainingResult result)
    {
        var zone = result.Zone;
        return $"# {result.Title}: analysis\n\nRequired parties (marked *): {string.Join(", ", result.Required)}.\n\n## Proposals\n\n" +
               (result.Proposals.Count > 0 ? TableExport.Markdown(BargainingTables.Proposals(result), withTitle: false) : "No proposals are recorded in this scenario.\n") +
               $"\n## Zone of possible agreement\n\n{Fmt.Count(zone.Acceptable)} of {Fmt.Count(zone.Packages)} complete packages ({Fmt.Percent(zone.Share)}) are accepted by every required party" +
               (zone.Exact ? " (exact count)" : $" (estimate, 95% interval {Fmt.Count(zone.Low ?? 0)}–{Fmt.Count(zone.High ?? 0)})") + ".\n\n" +
               "## Best packages by Nash product\n\n" + (result.Best.Packages.Count > 0 ? TableExport.Markdown(BargainingTables.BestPackages(result), withTitle: false) : $"Not listed: {result.Best.Reason}.\n");
    }
}
