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
            var (package, tied) = FirstPackage(report, solution);
            var cells = new List<string>
            {
                Markup.Escape(solution.Name),
                Markup.Escape(new Package(package).Describe(scenario)) + (tied > 0 ? $" [grey](+{tied} tied)[/]" : ""),
            };
            cells.AddRange(Gains(problem, solution));
            cells.Add(Markup.Escape(NearestProposals(report, package)));
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
                var cells = new List<string> { Markup.Escape(scenario.Issues[s.Issue].Id), Markup.Escape(OptionsInZone(scenario, s)) };
                cells.AddRange(s.StakeShare.Select(x => $"{x:P0}"));
                cells.Add(s.Role == IssueRole.Tradeable || s.Role == IssueRole.Settled ? Markup.Escape(Role(problem, s)) : $"[red]{Role(problem, s)}[/]");
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
        foreach (var solution in report.Solutions)
        {
            if (!solution.Exists)
            {
                table.Add(new object?[] { solution.Name, "none: the zone is empty" }.Concat(problem.Parties.Select(_ => (object?)"")).Append("").ToArray());
                continue;
            }
            var (package, tied) = FirstPackage(report, solution);
            var cells = new List<object?> { solution.Name, new Package(package).Describe(scenario) + (tied > 0 ? $" (+{tied} tied)" : "") };
            cells.AddRange(Gains(problem, solution));
            cells.Add(NearestProposals(report, package));
            table.Add(cells.ToArray());
        }
        var text = $"\n## Pareto frontier and bargaining solutions\n\n{report.Frontier.Points.Count} utility vectors on the frontier, {report.Frontier.PackageCount} packages (ties included). Zone: {report.Zone}.\n\n" + table;
        if (report.Stakes is not { } stakes) return text;
        var stakeHeaders = new List<string> { "issue", "options in zone" };
        stakeHeaders.AddRange(problem.Parties.Select(p => p.Party.Id));
        stakeHeaders.Add("role");
        var stakeTable = new MarkdownTable(stakeHeaders.ToArray());
        foreach (var s in stakes)
        {
            var cells = new List<object?> { scenario.Issues[s.Issue].Id, OptionsInZone(scenario, s) };
            cells.AddRange(s.StakeShare.Select(x => $"{x:P0}"));
            cells.Add(Role(problem, s));
            stakeTable.Add(cells.ToArray());
        }
        return text + "\n## Issues inside the zone\n\nOptions that occur in the zone, and each party's stake (share of its utility at play).\n\n" + stakeTable;
    }

    /// <summary>The first package of a solution's first utility vector, and how many more packages tie with it.</summary>
    private static (int[] Package, double Tied) FirstPackage(BargainingReport report, BargainingSolution solution) =>
        (report.Frontier.Packages(solution.Points[0]).First(), solution.Points.Sum(p => (double)p.PackageCount) - 1);

    private static IEnumerable<string> Gains(BargainingProblem problem, BargainingSolution solution) =>
        problem.Parties.Select((p, k) => Fmt.Signed(solution.Points[0].Utility(k) - p.Reservation));

    private static string NearestProposals(BargainingReport report, int[] package) =>
        string.Join("; ", report.NearestProposals(package).Select(Nearest));

    private static string OptionsInZone(Scenario scenario, IssueStake stake)
    {
        var issue = scenario.Issues[stake.Issue];
        return string.Join(", ", stake.Options.Where(x => x.Occurs).Select(x => issue.Options[x.Option].Id + (x.Share is { } share ? $" {share:P0}" : "")));
    }

    private static string Role(BargainingProblem problem, IssueStake stake) => stake.Role switch
    {
        IssueRole.Tradeable => stake.CaresMost >= 0 ? $"tradeable; weighs most for {problem.Parties[stake.CaresMost].Party.Id}" : "tradeable",
        IssueRole.Settled => "settled by the zone",
        _ => "no zone",
    };
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
