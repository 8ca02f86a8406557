using Parley.Analysis.Analyses;
using Parley.Analysis.Brief;
using Parley.Analysis.Contracts;
using Parley.Cli.Infrastructure;
using Parley.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Parley.Cli.Commands;

/// <summary><c>parley brief</c>: the mediator's brief in the terminal — the same document the report opens with and the workbench shows first.</summary>
public sealed class BriefCommand(CliContext context) : Command<ScenarioSettings>
{
    public override int Execute(CommandContext commandContext, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        var scenario = ScenarioResolver.Resolve(settings.Scenario, context);
        var contract = new BriefAnalysisContract();
        var options = AnalysisOptions.Default;
        if (contract.Validate(scenario, options) is { Count: > 0 } problems)
            throw new CliException(ExitCodes.AnalysisFailed, problems[0].Message);
        BriefResult brief;
        try
        {
            using var progress = new ProgressReporter(context.Error, "composing the brief", context.ShowProgress && settings.Format == OutputFormat.Table);
            brief = contract.Compose(scenario, options, progress, cancellationToken);
        }
        catch (AnalysisException e)
        {
            throw new CliException(ExitCodes.AnalysisFailed, e.Message);
        }
        switch (settings.Format)
        {
            case OutputFormat.Json:
                Json.Write(context.Out, AnalysisDocument.Of(contract.Name, scenario, brief));
                break;
            case OutputFormat.Markdown:
                context.Out.Profile.Out.Writer.Write(BriefText.Markdown(brief));
                break;
            default:
                Render(brief);
                break;
        }
        return ExitCodes.Ok;
    }

    private void Render(BriefResult brief)
    {
        var o = context.Out;
        o.Write(new Rule($"[bold]Brief: {Markup.Escape(brief.Title)}[/]").LeftJustified());
        o.MarkupLine($"[bold]{Markup.Escape(brief.BottomLine.Text)}[/]");
        Evidence(brief.BottomLine);
        foreach (var section in brief.Sections)
        {
            o.WriteLine();
            o.MarkupLine($"[bold underline]{Markup.Escape(section.Heading)}[/]");
            foreach (var point in section.Points)
            {
                o.Write(new Padder(new Markup("• " + Markup.Escape(point.Text))).Padding(0, 0, 0, 0));
                Evidence(point);
            }
        }
        o.WriteLine();
        o.MarkupLine("[grey]Evidence: ¶ a cited passage, ≈ an estimate with its range, ! an assumption no passage supports, = computed by Parley.[/]");
    }

    private void Evidence(BriefPoint point)
    {
        foreach (var e in point.Evidence)
            context.Out.Write(new Padder(new Markup($"[grey]{BriefText.Mark(e)} {Markup.Escape(BriefText.EvidenceText(e))}[/]")).Padding(4, 0, 0, 0));
    }
}
