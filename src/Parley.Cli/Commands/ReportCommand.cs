using System.ComponentModel;
using Parley.Cli.Infrastructure;
using Parley.Cli.Output;
using Parley.Report;
using Parley.Robustness;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Parley.Cli.Commands;

public sealed class ReportSettings : ScenarioSettings
{
    [CommandOption("-o|--out <DIR>")]
    [Description("Directory to write report.html, report.pdf and charts/ into (created if missing)")]
    public string? Out { get; init; }

    [CommandOption("-n|--draws <N>")]
    [Description("Robustness draws (default 10000)")]
    [DefaultValue(Parley.Analysis.Contracts.AnalysisDefaults.Draws)]
    public int Draws { get; init; } = Parley.Analysis.Contracts.AnalysisDefaults.Draws;

    [CommandOption("--seed <SEED>")]
    [Description("Random seed of the robustness draws (default 1)")]
    [DefaultValue(1UL)]
    public ulong Seed { get; init; } = 1;

    [CommandOption("--no-pdf")]
    [Description("Write only the HTML report and charts")]
    public bool NoPdf { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Out)) return ValidationResult.Error("--out DIR is required: where to write the report");
        if (Draws is < 1 or > RobustnessOptions.MaxDraws) return ValidationResult.Error($"--draws must be between 1 and {RobustnessOptions.MaxDraws}");
        return ValidationResult.Success();
    }
}

/// <summary><c>parley report --out DIR</c>: the mediator's report as HTML (charts embedded and beside it) and PDF.</summary>
public sealed class ReportCommand(CliContext context) : Command<ReportSettings>
{
    public override int Execute(CommandContext commandContext, ReportSettings settings, CancellationToken cancellationToken)
    {
        var scenario = ScenarioResolver.Resolve(settings.Scenario, context);
        Models.Utility(scenario);
        var options = new ReportOptions { Draws = settings.Draws, Seed = settings.Seed, Pdf = !settings.NoPdf, Generator = "parley report" };
        ReportFiles files;
        try
        {
            ReportData data;
            using (var progress = new ProgressReporter(context.Error, "analysing", context.ShowProgress && settings.Format == OutputFormat.Table))
                data = MediatorReport.Analyse(scenario, options, progress, cancellationToken);
            files = MediatorReport.Write(data, settings.Out!, options, cancellationToken);
        }
        catch (RobustnessException e)
        {
            throw new CliException(ExitCodes.AnalysisFailed, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.AnalysisFailed, $"cannot write the report to '{settings.Out}': {e.Message}");
        }
        if (!files.PdfOutcome.Produced && options.Pdf) context.Error.WriteLine($"parley: {files.PdfOutcome.Message}");

        switch (settings.Format)
        {
            case OutputFormat.Json:
                Json.Write(context.Out, new ReportDto(scenario.Id, files.Html, files.Pdf, files.Charts, files.PdfOutcome.Message));
                break;
            default:
                context.Out.MarkupLine($"HTML report: [bold]{Markup.Escape(files.Html)}[/]");
                context.Out.MarkupLine(files.Pdf is { } pdf ? $"PDF report:  [bold]{Markup.Escape(pdf)}[/]" : $"[yellow]{Markup.Escape(files.PdfOutcome.Message)}[/]");
                context.Out.MarkupLine($"Charts:      {Markup.Escape(string.Join(", ", files.Charts.Select(Path.GetFileName)))} in {Markup.Escape(Path.GetDirectoryName(files.Charts.FirstOrDefault() ?? "") ?? "")}");
                break;
        }
        return ExitCodes.Ok;
    }
}

public sealed record ReportDto(string Scenario, string Html, string? Pdf, IReadOnlyList<string> Charts, string PdfMessage);
