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

    private static string Cell(PartyVerdictDto v) => v.Verdict switch
    {
        "accept" => $"[green]{Markup.Escape(Wording.VerdictCell(v))}[/]",
        "reject" => $"[red]{Markup.Escape(Wording.VerdictCell(v))}[/]",
        _ => $"[yellow]{Markup.Escape(Wording.VerdictCell(v))}[/]",
    };

    private static string Others(EvaluationDto evaluation)
    {
        var others = evaluation.Parties.Where(v => !v.Required).ToList();
        string Group(string verdict, string mark, string colour) =>
            others.Where(v => v.Verdict == verdict).Select(v => v.Party).ToList() is { Count: > 0 } ids
                ? $"[{colour}]{mark} {Markup.Escape(string.Join(" ", ids))}[/]" : "";
        return string.Join(" ", new[] { Group("accept", "✓", "green"), Group("reject", "✗", "red"), Group("depends", "?", "yellow") }
            .Where(g => g.Length > 0));
    }

    /// <summary>The overall verdict for a table cell, coloured.</summary>
    internal static string ShortOverall(EvaluationDto e) =>
        $"[{(e.Blockers.Count > 0 ? "red" : e.Overall == "accept" ? "green" : "yellow")}]{Markup.Escape(Wording.ShortVerdict(e))}[/]";

    private static string Header(BargainingResult result, string party) => party + (result.Required.Contains(party) ? "*" : "");

    private void Render(BargainingResult result, TimeSpan elapsed)
    {
        var o = context.Out;
        o.Write(new Rule($"[bold]{Markup.Escape(result.Title)}[/]").LeftJustified());
        o.MarkupLine($"Agreement needs: {Markup.Escape(string.Join(", ", result.Required))} (marked *). Cells: margin = utility − reservation value; ✓ accepts, ✗ rejects, ? depends on issues the proposal leaves open.");

        // Required parties get a column each; the others are summarised, so the table stays readable with many parties.
        var table = new Table().Title("Proposals").AddColumn("proposal").AddColumn("date");
        foreach (var p in result.Required) table.AddColumn(Markup.Escape(Header(result, p)));
        table.AddColumn("verdict").AddColumn("smallest step to agreement").AddColumn("other parties");
        var steps = result.ToAgreement.ToDictionary(s => s.Proposal);
        foreach (var evaluation in result.Proposals)
        {
            var cells = new List<string> { Markup.Escape(evaluation.Proposal!), evaluation.Date ?? "" };
            cells.AddRange(result.Required.Select(p => Cell(evaluation.Parties.First(v => v.Party == p))));
            cells.Add(ShortOverall(evaluation));
            cells.Add(Markup.Escape(Wording.SmallestStep(steps[evaluation.Proposal!])));
            cells.Add(Others(evaluation));
            table.AddRow(cells.ToArray());
        }
        o.Write(table);

        var zone = result.Zone;
        o.MarkupLine(zone.Exact
            ? $"[bold]Zone of possible agreement:[/] {Fmt.Count(zone.Acceptable)} of {Fmt.Count(zone.Packages)} complete packages ({Fmt.Percent(zone.Share)}) are accepted by every required party (exact count, {Fmt.Seconds(elapsed)})."
            : $"[bold]Zone of possible agreement:[/] about {Fmt.Count(zone.Acceptable)} of {Fmt.Count(zone.Packages)} complete packages ({Fmt.Percent(zone.Share)}) [yellow]estimated[/] (95% interval {Fmt.Count(zone.Low ?? 0)}–{Fmt.Count(zone.High ?? 0)}, {zone.Samples} samples; {Fmt.Seconds(elapsed)}).");
        if (zone.Acceptable == 0)
        {
            o.MarkupLine("[red]No complete package is acceptable to every required party.[/]");
            return;
        }
        var best = result.Best.Packages;
        if (best.Count == 0)
        {
            if (result.Best.Reason is { } reason) o.MarkupLine($"[grey]Best packages not listed: {Markup.Escape(reason)}.[/]");
            return;
        }
        // One column per package and one row per issue: packages differ in few issues, and this keeps every name whole.
        var bestTable = new Table().Title("Best packages by Nash product (product of the required parties' gains over their reservation values)").AddColumn("");
        for (var i = 0; i < best.Count; i++) bestTable.AddColumn($"#{i + 1}");
        foreach (var issue in best[0].Terms.Keys)
        {
            var cells = new List<string> { Markup.Escape(issue) };
            foreach (var b in best)
            {
                var option = b.Terms[issue];
                cells.Add(option != best[0].Terms[issue] ? $"[bold]{Markup.Escape(option)}[/]" : $"[grey]{Markup.Escape(option)}[/]");
            }
            bestTable.AddRow(cells.ToArray());
        }
        bestTable.AddEmptyRow();
        foreach (var party in result.Parties)
        {
            var cells = new List<string> { Markup.Escape(Header(result, party)) + " gain" };
            cells.AddRange(best.Select(b => b.Parties.First(g => g.Party == party).Gain is var gain && gain < 0 ? $"[red]{Fmt.Signed(gain)}[/]" : Fmt.Signed(gain)));
            bestTable.AddRow(cells.ToArray());
        }
        bestTable.AddRow(new[] { "[bold]Nash product[/]" }.Concat(best.Select(b => Fmt.Num(b.NashProduct, 5))).ToArray());
        o.Write(bestTable);
    }

    private static string Markdown(BargainingResult result)
    {
        var headers = new List<string> { "proposal", "author", "date" };
        headers.AddRange(result.Parties.Select(p => Header(result, p)));
        headers.Add("verdict");
        headers.Add("smallest step to agreement");
        var table = new MarkdownTable(headers.ToArray());
        var steps = result.ToAgreement.ToDictionary(s => s.Proposal);
        foreach (var evaluation in result.Proposals)
        {
            var cells = new List<object?> { evaluation.Proposal, evaluation.Author, evaluation.Date };
            cells.AddRange(evaluation.Parties.Select(Wording.VerdictCell));
            cells.Add(Markup.Remove(ShortOverall(evaluation)));
            cells.Add(Wording.SmallestStep(steps[evaluation.Proposal!]));
            table.Add(cells.ToArray());
        }
        var bestHeaders = new List<string> { "#", "package" };
        bestHeaders.AddRange(result.Parties.Select(p => Header(result, p)));
        bestHeaders.Add("Nash");
        var best = new MarkdownTable(bestHeaders.ToArray());
        for (var i = 0; i < result.Best.Packages.Count; i++)
        {
            var b = result.Best.Packages[i];
            var cells = new List<object?> { i + 1, BargainingView.Describe(b.Terms) };
            cells.AddRange(b.Parties.Select(g => Fmt.Signed(g.Gain)));
            cells.Add(Fmt.Num(b.NashProduct, 5));
            best.Add(cells.ToArray());
        }
        return $"# {result.Title}: analysis\n\nRequired parties (marked *): {string.Join(", ", result.Required)}. " +
               "Cells give margin = utility − reservation value.\n\n## Proposals\n\n" + table +
               $"\n## Zone of possible agreement\n\n{Fmt.Count(result.Zone.Acceptable)} of {Fmt.Count(result.Zone.Packages)} complete packages are accepted by every required party" +
               (result.Zone.Exact ? "" : " (estimate)") + ".\n\n" +
               "## Best packages by Nash product\n\n" + (result.Best.Packages.Count > 0 ? best.ToString() : $"Not listed: {result.Best.Reason}.\n");
    }
}
