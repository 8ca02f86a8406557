using Parley.Analysis.Results;
using Parley.Analysis.Tables;
using Parley.Cli.Output;
using Parley.Core.Model;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary>The bargaining part of <c>parley analyze</c>: frontier, solutions (with the proposals nearest to each) and issue stakes, rendered from the result's tables. Both are over the required parties.</summary>
internal static class BargainingView
{
    public static void Render(IAnsiConsole o, Scenario scenario, BargainingResult result)
    {
        if (result.Frontier is not { } frontier) return;
        o.MarkupLine($"[bold]Pareto frontier:[/] {frontier.Points} utility vectors, {Fmt.Count(frontier.Packages)} packages (ties included); {frontier.ZonePoints} of the vectors lie in the zone.");
        ConsoleTable.Write(o, BargainingTables.Solutions(result));
        foreach (var id in result.Solutions.Where(s => s.Points.Count > 0).SelectMany(s => s.Points[0].NearestProposals).Select(d => d.Proposal).Distinct())
            foreach (var c in scenario.FindProposal(id)?.Citations ?? [])
                o.MarkupLine($"[grey]  {Markup.Escape(id)} — {Markup.Escape(c.SourceId)}: “{Markup.Escape(c.Quote)}”[/]");
        if (result.Issues is not null) ConsoleTable.Write(o, BargainingTables.Stakes(result));
    }

    public static string Markdown(BargainingResult result)
    {
        if (result.Frontier is not { } frontier) return "";
        var text = $"\n## Pareto frontier and bargaining solutions\n\n{frontier.Points} utility vectors on the frontier, {Fmt.Count(frontier.Packages)} packages (ties included).\n\n" +
                   TableExport.Markdown(BargainingTables.Solutions(result));
        return result.Issues is null ? text : text + "\n## Issues inside the zone\n\n" + TableExport.Markdown(BargainingTables.Stakes(result), withTitle: false);
    }
}
