using Parley.Analysis.Results;
using Parley.Cli.Output;
using Parley.Core.Model;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary>The bargaining part of <c>parley analyze</c>: frontier, solutions (with the proposals nearest to each) and issue stakes, rendered from the result. Both are over the required parties.</summary>
internal static class BargainingView
{
    public static void Render(IAnsiConsole o, Scenario scenario, BargainingResult result)
    {
        if (result.Frontier is not { } frontier) return;
        o.MarkupLine($"[bold]Pareto frontier:[/] {frontier.Points} utility vectors, {Fmt.Count(frontier.Packages)} packages (ties included); {frontier.ZonePoints} of the vectors lie in the zone.");
        var table = new Table().Title("Bargaining solutions over the zone (Pareto-optimal maximisers)").AddColumn("solution").AddColumn("package");
        foreach (var p in result.Required) table.AddColumn(Markup.Escape(p) + " gain");
        table.AddColumn("nearest proposals");
        foreach (var solution in result.Solutions)
        {
            if (solution.Points.Count == 0)
            {
                table.AddRow(new[] { Markup.Escape(solution.Name), "[red]none: the zone is empty[/]" }.Concat(result.Required.Select(_ => "")).Append("").ToArray());
                continue;
            }
            var tied = Tied(solution);
            var cells = new List<string>
            {
                Markup.Escape(solution.Name),
                Markup.Escape(Describe(solution.Points[0].Examples[0])) + (tied > 0 ? $" [grey](+{Fmt.Count(tied)} tied)[/]" : ""),
            };
            cells.AddRange(solution.Points[0].Parties.Select(g => Fmt.Signed(g.Gain)));
            cells.Add(Markup.Escape(NearestProposals(solution.Points[0])));
            table.AddRow(cells.ToArray());
        }
        o.Write(table);
        foreach (var id in result.Solutions.Where(s => s.Points.Count > 0).SelectMany(s => s.Points[0].NearestProposals).Select(d => d.Proposal).Distinct())
            foreach (var c in scenario.FindProposal(id)?.Citations ?? [])
                o.MarkupLine($"[grey]  {Markup.Escape(id)} — {Markup.Escape(c.SourceId)}: “{Markup.Escape(c.Quote)}”[/]");

        if (result.Issues is { } stakes)
        {
            var stakeTable = new Table().Title("Issues inside the zone: options that occur, and each party's stake (share of its utility at play)").AddColumn("issue").AddColumn("options in zone");
            foreach (var p in result.Required) stakeTable.AddColumn(Markup.Escape(p));
            stakeTable.AddColumn("role");
            foreach (var s in stakes)
            {
                var cells = new List<string> { Markup.Escape(s.Issue), Markup.Escape(OptionsInZone(s)) };
                cells.AddRange(result.Required.Select(p => Fmt.PercentRounded(s.StakeShare[p])));
                cells.Add(s.Role is "tradeable" or "settled" ? Markup.Escape(Role(s)) : $"[red]{Role(s)}[/]");
                stakeTable.AddRow(cells.ToArray());
            }
            o.Write(stakeTable);
        }
    }

    /// <summary>"issue=option, …" as <c>Package.Describe</c> writes it.</summary>
    public static string Describe(IReadOnlyDictionary<string, string> terms) => string.Join(", ", terms.Select(t => $"{t.Key}={t.Value}"));

    private static string Nearest(NearestProposalDto d) =>
        $"{d.Proposal} ({d.Changes} change{(d.Changes == 1 ? "" : "s")}{(d.Open > 0 ? $", {d.Open} open" : "")})";

    public static string Markdown(BargainingResult result)
    {
        if (result.Frontier is not { } frontier) return "";
        var headers = new List<string> { "solution", "package" };
        headers.AddRange(result.Required.Select(p => p + " gain"));
        headers.Add("nearest proposals");
        var table = new MarkdownTable(headers.ToArray());
        foreach (var solution in result.Solutions)
        {
            if (solution.Points.Count == 0)
            {
                table.Add(new object?[] { solution.Name, "none: the zone is empty" }.Concat(result.Required.Select(_ => (object?)"")).Append("").ToArray());
                continue;
            }
            var tied = Tied(solution);
            var cells = new List<object?> { solution.Name, Describe(solution.Points[0].Examples[0]) + (tied > 0 ? $" (+{Fmt.Count(tied)} tied)" : "") };
            cells.AddRange(solution.Points[0].Parties.Select(g => Fmt.Signed(g.Gain)));
            cells.Add(NearestProposals(solution.Points[0]));
            table.Add(cells.ToArray());
        }
        var zone = result.Zone;
        var zoneText = zone.Exact
            ? $"{Fmt.Count(zone.Acceptable)} of {Fmt.Count(zone.Packages)} packages (exact)"
            : $"≈ {Fmt.Count(zone.Acceptable)} of {Fmt.Count(zone.Packages)} packages (estimate, 95% CI {Fmt.Count(zone.Low ?? 0)}–{Fmt.Count(zone.High ?? 0)}, {zone.Samples} samples)";
        var text = $"\n## Pareto frontier and bargaining solutions\n\n{frontier.Points} utility vectors on the frontier, {Fmt.Count(frontier.Packages)} packages (ties included). Zone: {zoneText}.\n\n" + table;
        if (result.Issues is not { } stakes) return text;
        var stakeHeaders = new List<string> { "issue", "options in zone" };
        stakeHeaders.AddRange(result.Required);
        stakeHeaders.Add("role");
        var stakeTable = new MarkdownTable(stakeHeaders.ToArray());
        foreach (var s in stakes)
        {
            var cells = new List<object?> { s.Issue, OptionsInZone(s) };
            cells.AddRange(result.Required.Select(p => (object?)Fmt.PercentRounded(s.StakeShare[p])));
            cells.Add(Role(s));
            stakeTable.Add(cells.ToArray());
        }
        return text + "\n## Issues inside the zone\n\nOptions that occur in the zone, and each party's stake (share of its utility at play).\n\n" + stakeTable;
    }

    /// <summary>How many more packages tie with a solution's first package.</summary>
    private static System.Numerics.BigInteger Tied(SolutionDto solution) =>
        solution.Points.Aggregate(System.Numerics.BigInteger.Zero, (n, p) => n + p.Packages) - 1;

    private static string NearestProposals(SolutionPointDto point) => string.Join("; ", point.NearestProposals.Select(Nearest));

    private static string OptionsInZone(StakeDto stake) =>
        string.Join(", ", stake.OptionsInZone.Select(x => x.Option + (x.Share is { } share ? $" {Fmt.PercentRounded(share)}" : "")));

    private static string Role(StakeDto stake) => stake.Role switch
    {
        "tradeable" => stake.WeighsMostFor is { } party ? $"tradeable; weighs most for {party}" : "tradeable",
        "settled" => "settled by the zone",
        _ => "no zone",
    };
}
