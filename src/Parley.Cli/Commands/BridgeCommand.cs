using System.ComponentModel;
using Parley.Bargaining;
using Parley.Cli.Infrastructure;
using Parley.Cli.Output;
using Parley.Core.Evaluation;
using Parley.Core.Format;
using Parley.Core.Model;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Parley.Cli.Commands;

public sealed class BridgeSettings : PackageSettings
{
    [CommandOption("--author <PARTY>")]
    [Description("The party whose cost the second bridge minimises (default: the proposal's party)")]
    public string? Author { get; init; }
}

/// <summary>
/// <c>parley bridge PROPOSAL</c>: the acceptable package closest to a proposal — fewest issues moved, and
/// least utility lost by its author — with the issues that move and who gains.
/// </summary>
public sealed class BridgeCommand(CliContext context) : Command<BridgeSettings>
{
    public override int Execute(CommandContext commandContext, BridgeSettings settings, CancellationToken cancellationToken)
    {
        var scenario = ScenarioResolver.Resolve(settings.File ?? settings.Scenario, context);
        var model = Models.Utility(scenario);
        var (package, proposal) = PackageArgument.Resolve(scenario, settings);
        var author = settings.Author ?? proposal?.PartyId;
        if (settings.Author is not null && scenario.FindParty(settings.Author) is null)
            throw new CliException(ExitCodes.UnknownName, $"no party '{settings.Author}'{DidYouMean.Hint(settings.Author, scenario.Parties.Select(p => p.Id))}");

        BridgingResult result;
        try
        {
            result = Bridging.Find(new BargainingProblem(model), package.Choices.ToArray(), author, cancellationToken);
        }
        catch (NotSupportedException e)
        {
            throw new CliException(ExitCodes.AnalysisFailed, e.Message);
        }

        switch (settings.Format)
        {
            case OutputFormat.Json:
                Json.Write(context.Out, BridgeDto.From(scenario, proposal, result));
                break;
            case OutputFormat.Markdown:
                context.Out.Profile.Out.Writer.Write(Markdown(scenario, proposal, package, result));
                break;
            default:
                Render(scenario, proposal, package, result);
                break;
        }
        return ExitCodes.Ok;
    }

    internal static string Move(Scenario scenario, BridgeMove move) => IssueMoveDto.Of(scenario, move).ToString();

    private void Render(Scenario scenario, Proposal? proposal, Package package, BridgingResult result)
    {
        var o = context.Out;
        o.Write(new Rule($"[bold]Bridge from {Markup.Escape(proposal is null ? "ad-hoc package" : $"{proposal.Id}: {proposal.Name}")}[/]").LeftJustified());
        if (proposal is not null)
            foreach (var c in proposal.Citations) o.MarkupLine($"[grey]  {Markup.Escape(c.SourceId)}: “{Markup.Escape(c.Quote)}”[/]");
        o.MarkupLine($"Proposal: {Markup.Escape(package.Describe(scenario))}");
        if (result.FewestChanges is null)
        {
            o.MarkupLine($"[red]{Markup.Escape(result.Note ?? "no bridge")}[/]");
            return;
        }
        RenderBridge(scenario, "Fewest changes", result.FewestChanges, null);
        if (result.LeastCostToAuthor is { } cheapest)
            RenderBridge(scenario, $"Least cost to the author {result.AuthorPartyId}", cheapest, result.AuthorCost);
        else if (result.Note is not null)
            o.MarkupLine($"[grey]No author bridge: {Markup.Escape(result.Note)}.[/]");
    }

    private void RenderBridge(Scenario scenario, string title, Bridge bridge, double? cost)
    {
        var o = context.Out;
        o.MarkupLine($"[bold]{Markup.Escape(title)}:[/] {bridge.ChangeCount} issue(s) move" +
                     (cost is { } c ? $"; the author gives up {Fmt.Num(c)} of utility (negative: gains)" : "") +
                     (bridge.EquallyGoodPackages > 1 ? $"; {bridge.EquallyGoodPackages} undominated packages do as well" : ""));
        foreach (var move in bridge.Changes) o.MarkupLine($"  [bold]{Markup.Escape(Move(scenario, move))}[/]");
        foreach (var move in bridge.Settled) o.MarkupLine($"  [grey]{Markup.Escape(Move(scenario, move))}[/]");
        var table = new Table().AddColumns("party", "proposal", "bridge", "change");
        foreach (var s in bridge.Shifts)
            table.AddRow(Markup.Escape(s.PartyId + (s.Required ? "*" : "")), Fmt.Range(s.ProposalMin, s.ProposalMax), Fmt.Num(s.Bridge),
                s.Gain > 1e-12 ? $"[green]gains {Fmt.Signed(s.Gain)}[/]" : s.Gain < -1e-12 ? $"[red]loses {Fmt.Signed(s.Gain)}[/]" : "[grey]within range[/]");
        o.Write(table);
    }

    private static string Markdown(Scenario scenario, Proposal? proposal, Package package, BridgingResult result)
    {
        var text = $"# Bridge from {(proposal is null ? "ad-hoc package" : proposal.Id)}\n\nProposal: {package.Describe(scenario)}\n\n";
        if (result.FewestChanges is null) return text + (result.Note ?? "no bridge") + "\n";
        foreach (var (title, bridge) in new[] { ("Fewest changes", result.FewestChanges), ($"Least cost to the author {result.AuthorPartyId}", result.LeastCostToAuthor) })
        {
            if (bridge is null) continue;
            var table = new MarkdownTable("party", "proposal", "bridge", "gain");
            foreach (var s in bridge.Shifts) table.Add(s.PartyId + (s.Required ? "*" : ""), Fmt.Range(s.ProposalMin, s.ProposalMax), Fmt.Num(s.Bridge), Fmt.Signed(s.Gain));
            text += $"## {title}\n\n{bridge.ChangeCount} issue(s) move: {string.Join("; ", bridge.Changes.Concat(bridge.Settled).Select(m => Move(scenario, m)))}\n\n{table}\n";
        }
        return text;
    }
}
