using Parley.Bargaining;
using Parley.Cli.Output;
using Parley.Core.Evaluation;
using Parley.Core.Model;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary>The bargaining part of <c>parley analyze</c>: frontier, solutions (with the proposals nearest to each) and issue stakes.</summary>
internal static class BargainingView
{
    public static void Render(IAnsiConsole o, Scenario scenario, BargainingReport report)
    {
        var problem = report.Problem;
        o.MarkupLine($"[bold]Pareto frontier:[/] {report.Frontier.Points.Count} utility vectors, {report.Frontier.PackageCount} packages (ties included); {report.Frontier.ZonePoints.Count()} of the vectors lie in the zone.");
        var table = new Table().Title("Bargaining solutions over the zone (Pareto-optimal maximisers)").AddColumn("solution").AddColumn("package");
        foreach (var p in problem.Parties) table.AddColumn(Markup.Escape(p.Party.Id) + " gain");
        table.AddColumn("nearest proposals");
        foreach (var solution in report.Solutions)
        {
            if (!solution.Exists)
            {
                table.AddRow(new[] { Markup.Escape(solution.Name), "[red]none: the zone is empty[/]" }.Concat(problem.Parties.Select(_ => "")).Append("").ToArray());
                continue;
            }
            var point = solution.Points[0];
            var package = report.Frontier.Packages(point).First();
            var more = solution.Points.Sum(p => (double)p.PackageCount) - 1;
            var cells = new List<string>
            {
                Markup.Escape(solution.Name),
                Markup.Escape(new Package(package).Describe(scenario)) + (more > 0 ? $" [grey](+{more} tied)[/]" : ""),
            };
            cells.AddRange(problem.Parties.Select((p, k) => Fmt.Signed(point.Utility(k) - p.Reservation)));
            cells.Add(Markup.Escape(string.Join("; ", report.NearestProposals(package).Select(Nearest))));
            table.AddRow(cells.ToArray());
        }
        o.Write(table);
        foreach (var proposal in report.Solutions.Where(s => s.Exists)
                     .SelectMany(s => report.NearestProposals(report.Frontier.Packages(s.Points[0]).First())).Select(d => d.Proposal).DistinctBy(p => p.Id))
            foreach (var c in proposal.Citations)
                o.MarkupLine($"[grey]  {Markup.Escape(proposal.Id)} — {Markup.Escape(c.SourceId)}: “{Markup.Escape(c.Quote)}”[/]");

        if (report.Stakes is { } stakes)
        {
            var stakeTable = new Table().Title("Issues inside the zone: options that occur, and each party's stake (share of its utility at play)").AddColumn("issue").AddColumn("options in zone");
            foreach (var p in problem.Parties) stakeTable.AddColumn(Markup.Escape(p.Party.Id));
            stakeTable.AddColumn("role");
            foreach (var s in stakes)
            {
                var issue = scenario.Issues[s.Issue];
                var cells = new List<string>
                {
                    Markup.Escape(issue.Id),
                    Markup.Escape(string.Join(", ", s.Options.Where(x => x.Occurs).Select(x => issue.Options[x.Option].Id + (x.Share is { } share ? $" {share:P0}" : "")))),
                };
                cells.AddRange(s.StakeShare.Select(x => $"{x:P0}"));
                cells.Add(s.Role switch
                {
                    IssueRole.Tradeable => s.CaresMost >= 0 ? $"tradeable; weighs most for {Markup.Escape(problem.Parties[s.CaresMost].Party.Id)}" : "tradeable",
                    IssueRole.Settled => "settled by the zone",
                    _ => "[red]no zone[/]",
                });
                stakeTable.AddRow(cells.ToArray());
            }
            o.Write(stakeTable);
        }
    }

    private static string Nearest(ProposalDistance d) =>
        $"{d.Proposal.Id} ({d.Changes} change{(d.Changes == 1 ? "" : "s")}{(d.Open > 0 ? $", {d.Open} open" : "")})";

    public static string Markdown(Scenario scenario, BargainingReport report)
    {
        var problem = report.Problem;
        var headers = new List<string> { "solution", "package" };
        headers.AddRange(problem.Parties.Select(p => p.Party.Id + " gain"));
        headers.Add("nearest proposals");
        var table = new MarkdownTable(headers.ToArray());
        foreach (var solution in report.Solutions.Where(s => s.Exists))
        {
            var point = solution.Points[0];
            var package = report.Frontier.Packages(point).First();
            var cells = new List<object?> { solution.Name, new Package(package).Describe(scenario) };
            cells.AddRange(problem.Parties.Select((p, k) => Fmt.Signed(point.Utility(k) - p.Reservation)));
            cells.Add(string.Join("; ", report.NearestProposals(package).Select(Nearest)));
            table.Add(cells.ToArray());
        }
        return $"\n## Pareto frontier and bargaining solutions\n\n{report.Frontier.Points.Count} utility vectors on the frontier, {report.Frontier.PackageCount} packages. Zone: {report.Zone}.\n\n" + table;
    }
}

public sealed record BargainingDto(int FrontierPoints, string FrontierPackages, ZoneDto Zone, IReadOnlyList<SolutionDto> Solutions, IReadOnlyList<StakeDto>? Issues)
{
    public static BargainingDto From(Scenario scenario, BargainingReport report) => new(
        report.Frontier.Points.Count, report.Frontier.PackageCount.ToString(),
        new ZoneDto(report.Zone.IsExact, report.Zone.IsExact ? report.Zone.Exact.ToString() : null, report.Zone.Value,
            report.Zone.IsExact ? null : report.Zone.Low, report.Zone.IsExact ? null : report.Zone.High, report.Zone.PackageCount),
        report.Solutions.Select(s => new SolutionDto(s.Kind.ToString(), s.Name, s.Definition, s.Exists ? s.Value : null,
            s.Points.Select(p => new SolutionPointDto(
                report.Problem.Parties.Select((party, k) => new PartyGainDto(party.Party.Id, p.Utility(k), p.Utility(k) - party.Reservation)).ToList(),
                p.PackageCount.ToString(),
                report.Frontier.Packages(p).Take(10).Select(x => new Package(x).ToTerms(scenario)).ToList(),
                report.NearestProposals(report.Frontier.Packages(p).First()).Select(d => new NearestProposalDto(d.Proposal.Id, d.Changes, d.Open,
                    d.Proposal.Citations.Select(c => $"{c.SourceId}: {c.Quote}").ToList())).ToList())).ToList())).ToList(),
        report.Stakes?.Select(s => new StakeDto(scenario.Issues[s.Issue].Id, s.Role.ToString(),
            s.Options.Where(o => o.Occurs).Select(o => scenario.Issues[s.Issue].Options[o.Option].Id).ToList(),
            report.Problem.Parties.Select((p, k) => new KeyValuePair<string, double>(p.Party.Id, s.StakeShare[k])).ToDictionary())).ToList());
}

public sealed record ZoneDto(bool Exact, string? Count, double Value, double? Low, double? High, double Packages);
public sealed record SolutionDto(string Kind, string Name, string Definition, double? Value, IReadOnlyList<SolutionPointDto> Points);
public sealed record SolutionPointDto(IReadOnlyList<PartyGainDto> Parties, string Packages, IReadOnlyList<IReadOnlyDictionary<string, string>> Examples, IReadOnlyList<NearestProposalDto> NearestProposals);
public sealed record NearestProposalDto(string Proposal, int Changes, int Open, IReadOnlyList<string> Citations);
public sealed record StakeDto(string Issue, string Role, IReadOnlyList<string> OptionsInZone, IReadOnlyDictionary<string, double> StakeShare);
