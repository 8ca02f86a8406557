using Parley.Cli.Infrastructure;
using Parley.Cli.Output;
using Parley.Core.Evaluation;
using Parley.Core.Format;
using Parley.Core.Model;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Parley.Cli.Commands;

public sealed class EvaluateSettings : PackageSettings;

/// <summary><c>parley evaluate PROPOSAL</c>: per party utility, reservation, margin, verdict, red lines and costliest issues.</summary>
public sealed class EvaluateCommand(CliContext context) : Command<EvaluateSettings>
{
    public override int Execute(CommandContext commandContext, EvaluateSettings settings, CancellationToken cancellationToken)
    {
        var scenario = ScenarioResolver.Resolve(settings.File ?? settings.Scenario, context);
        var model = Models.Utility(scenario);
        var (package, proposal) = PackageArgument.Resolve(scenario, settings);
        var title = proposal is null ? "ad-hoc package" : $"{proposal.Id}: {proposal.Name}";
        var evaluation = ProposalEvaluator.Evaluate(model, package);

        switch (settings.Format)
        {
            case OutputFormat.Json:
                Json.Write(context.Out, EvaluationDto.From(scenario, evaluation, proposal));
                break;
            case OutputFormat.Markdown:
                context.Out.Profile.Out.Writer.Write(EvaluationView.Markdown(scenario, evaluation, title));
                break;
            default:
                EvaluationView.Render(context.Out, scenario, evaluation, title, proposal);
                break;
        }
        return ExitCodes.Ok;
    }
}

internal static class Models
{
    /// <summary>The compiled utility model, or a clear error when the scenario cannot support bargaining analysis.</summary>
    public static UtilityModel Utility(Scenario scenario)
    {
        if (scenario.Preferences.Count == 0)
            throw new CliException(ExitCodes.AnalysisFailed, $"scenario '{scenario.Id}' has no preferences, so packages cannot be evaluated");
        return new UtilityModel(scenario);
    }
}

internal static class EvaluationView
{
    public static string VerdictText(Verdict v) => Wording.VerdictText(v);

    private static string VerdictMarkup(Verdict v) => v switch
    {
        Verdict.Accept => "[green]accepts[/]",
        Verdict.Reject => "[red]rejects[/]",
        _ => "[yellow]depends[/]",
    };

    public static void Render(IAnsiConsole o, Scenario scenario, ProposalEvaluation e, string title, Proposal? proposal)
    {
        o.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
        if (proposal is not null)
        {
            o.MarkupLine($"Proposed by {Markup.Escape(proposal.Author)}{(proposal.Date is { } d ? $", {d}" : "")}");
            foreach (var c in proposal.Citations) o.MarkupLine($"[grey]  {Markup.Escape(c.SourceId)}: “{Markup.Escape(c.Quote)}”[/]");
        }
        o.MarkupLine($"Terms: {Markup.Escape(e.Package.Describe(scenario))}");
        if (e.OpenIssues.Count > 0) o.MarkupLine($"Open issues: {Markup.Escape(string.Join(", ", e.OpenIssues.Select(i => i.Id)))}");

        var table = new Table().AddColumns("party", "utility", "reserv.", "margin", "verdict", "red lines", "costliest issues");
        foreach (var v in e.Verdicts)
            table.AddRow(Markup.Escape(v.Party.Id + (v.Required ? "*" : "")), Fmt.Range(v.UtilityMin, v.UtilityMax), Fmt.Num(v.Reservation),
                Fmt.SignedRange(v.MarginMin, v.MarginMax), VerdictMarkup(v.Verdict),
                Markup.Escape(string.Join(", ", v.RedLinesHit.Select(r => r.Label).Concat(v.RedLinesAtRisk.Select(r => r.Label + " (at risk)")))),
                Markup.Escape(string.Join(", ", v.Costs.Take(3).Select(c => $"{c.Issue.Id} −{Fmt.Num(c.Cost)}"))));
        o.Write(table);
        o.MarkupLine("* must accept for an agreement. " + Overall(e));
    }

    public static string Overall(ProposalEvaluation e)
    {
        var blockers = e.Blockers.ToList();
        if (blockers.Count > 0)
            return "[red]Blocked[/] by " + string.Join(", ", blockers.Select(b =>
                Markup.Escape(b.Party.Name) + (b.RedLinesHit.Count > 0 ? " (red line)" : $" (short by {Fmt.Num(-b.MarginMax)})")));
        return e.AcceptedByAllRequired ? "[green]Every required party accepts.[/]" : "[yellow]Acceptance depends on how the open issues are settled.[/]";
    }

    /// <summary>A few words for a table cell.</summary>
    public static string ShortOverall(ProposalEvaluation e)
    {
        var blockers = e.Blockers.Select(b => b.Party.Id).ToList();
        if (blockers.Count > 0) return $"[red]✗ blocked by {Markup.Escape(string.Join(", ", blockers))}[/]";
        return e.AcceptedByAllRequired ? "[green]✓ agreement[/]" : "[yellow]? open issues decide[/]";
    }

    public static string Markdown(Scenario scenario, ProposalEvaluation e, string title)
    {
        var table = new MarkdownTable("party", "must accept", "utility", "reservation", "margin", "verdict", "red lines", "costliest issues");
        foreach (var v in e.Verdicts)
            table.Add(v.Party.Name, v.Required ? "yes" : "", Fmt.Range(v.UtilityMin, v.UtilityMax), Fmt.Num(v.Reservation), Fmt.SignedRange(v.MarginMin, v.MarginMax),
                VerdictText(v.Verdict), string.Join(", ", v.RedLinesHit.Select(r => r.Label)), string.Join(", ", v.Costs.Take(3).Select(c => $"{c.Issue.Id} −{Fmt.Num(c.Cost)}")));
        return $"## {title}\n\nTerms: {e.Package.Describe(scenario)}\n\n{table}\n{Markup.Remove(Overall(e))}\n";
    }
}
