using System.ComponentModel;
using Parley.Analysis.Analyses;
using Parley.Analysis.Contracts;
using Parley.Cli.Infrastructure;
using Parley.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Parley.Cli.Commands;

public sealed class TimelineSettings : ScenarioSettings
{
    [CommandOption("--chart <FILE>")]
    [Description("Also draw the timeline chart to FILE (.png or .svg)")]
    public string? Chart { get; init; }

    [CommandOption("--top <N>")]
    [Description("How many best packages to compute per date (default 3)")]
    [DefaultValue(AnalysisDefaults.TimelineTop)]
    public int Top { get; init; } = AnalysisDefaults.TimelineTop;

    public override ValidationResult Validate()
    {
        if (Top is < 1 or > AnalysisDefaults.MaxFollowed) return ValidationResult.Error($"--top must be between 1 and {AnalysisDefaults.MaxFollowed}");
        if (Chart is not null && Path.GetExtension(Chart).ToLowerInvariant() is not (".png" or ".svg"))
            return ValidationResult.Error("--chart must name a .png or .svg file");
        return ValidationResult.Success();
    }
}

/// <summary>
/// <c>parley timeline</c>: the scenario as it stood at each recorded date: the zone of agreement, the best
/// package and every proposal's verdicts as positions changed. The analysis layer composes the result; this
/// command renders it.
/// </summary>
public sealed class TimelineCommand(CliContext context) : Command<TimelineSettings>
{
    public override int Execute(CommandContext commandContext, TimelineSettings settings, CancellationToken cancellationToken)
    {
        var scenario = ScenarioResolver.Resolve(settings.Scenario, context);
        var contract = new TimelineAnalysisContract();
        var options = new AnalysisOptions { Top = settings.Top };
        if (contract.Validate(scenario, options) is { Count: > 0 } problems)
            throw new CliException(ExitCodes.AnalysisFailed, problems[0].Message);
        TimelineResult timeline;
        try
        {
            using var progress = new ProgressReporter(context.Error, "evaluating dates", context.ShowProgress && settings.Format == OutputFormat.Table);
            timeline = contract.Compute(scenario, options, progress, cancellationToken);
        }
        catch (AnalysisException e)
        {
            throw new CliException(ExitCodes.AnalysisFailed, e.Message);
        }
        if (settings.Chart is { } chart)
        {
            try
            {
                Parley.Report.Charts.Save(TimelineChart.Plot(timeline), chart);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.AnalysisFailed, $"cannot write the chart to '{chart}': {e.Message}");
            }
            context.Error.WriteLine($"chart written to {chart}");
        }

        switch (settings.Format)
        {
            case OutputFormat.Json:
                Json.Write(context.Out, AnalysisDocument.Of(contract.Name, scenario, timeline));
                break;
            case OutputFormat.Markdown:
                context.Out.Profile.Out.Writer.Write(Markdown(timeline));
                break;
            default:
                Render(timeline);
                break;
        }
        return ExitCodes.Ok;
    }

    /// <summary>One column per distinct state of the preferences: dates in between change positions, not verdicts.</summary>
    internal static List<TimelinePointDto> States(TimelineResult t) =>
        t.Points.GroupBy(p => string.Join(";", p.PreferencesFrom.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}{kv.Value}")))
            .Select(g => g.First()).ToList();

    /// <summary>The proposals in the scenario's order (every point judges all of them).</summary>
    private static IEnumerable<string> Proposals(TimelineResult t) => t.Points.FirstOrDefault()?.Proposals.Select(v => v.Proposal) ?? [];

    private static string Reservation(TimelinePointDto p, string party) => p.Reservations.TryGetValue(party, out var r) ? Fmt.Num(r, 2) : "–";

    private static string Terms(IReadOnlyDictionary<string, string> terms) => string.Join(", ", terms.Select(t => $"{t.Key}={t.Value}"));

    private void Render(TimelineResult t)
    {
        var o = context.Out;
        var required = t.Required;
        o.Write(new Rule($"[bold]Timeline: {Markup.Escape(t.Title)}[/]").LeftJustified());
        if (t.SkippedBefore is { } first)
            o.MarkupLine(Markup.Escape($"Dates before the first snapshot ({first}) are left out: the main preferences describe the latest date."));
        var table = new Table().AddColumn("date").AddColumn("what happened");
        foreach (var id in required) table.AddColumn($"{Markup.Escape(id)} reservation");
        table.AddColumn("zone of agreement").AddColumn("best package (Nash)");
        foreach (var p in t.Points)
        {
            var events = string.Join("; ", new[] { p.Label }.Concat(p.Positions).Where(x => !string.IsNullOrEmpty(x)));
            var cells = new List<string> { p.Date, Markup.Escape(events.Length > 90 ? events[..87] + "…" : events) };
            cells.AddRange(required.Select(id => Reservation(p, id)));
            cells.Add(p.ZoneOfAgreement is { } z ? Fmt.Count(z) : "–");
            cells.Add(p.BestByNash.FirstOrDefault() is { } b ? $"Nash {Fmt.Num(b.NashProduct, 4)}" : "[red]none[/]");
            table.AddRow(cells.ToArray());
        }
        o.Write(table);

        var states = States(t);
        var verdicts = new Table().Title("Proposals' verdicts with each date's preferences (overall, then " + Markup.Escape(string.Join(" ", required)) + ")").AddColumn("proposal");
        foreach (var p in states) verdicts.AddColumn(p.Date);
        foreach (var proposal in Proposals(t))
        {
            var cells = new List<string> { Markup.Escape(proposal) };
            foreach (var p in states)
            {
                var v = p.Proposals.First(x => x.Proposal == proposal);
                var colour = v.Overall switch { "accept" => "green", "reject" => "red", _ => "yellow" };
                var detail = string.Join(" ", v.Parties.Where(x => required.Contains(x.Key)).Select(x => Wording.Mark(x.Value)));
                cells.Add($"[{colour}]{Wording.Mark(v.Overall)}[/] {detail}{(v.Made ? "" : " [grey](later)[/]")}");
            }
            verdicts.AddRow(cells.ToArray());
        }
        o.Write(verdicts);
        var best = new Table().Title("Best package at each change of preferences").AddColumn("date").AddColumn("package").AddColumn("gains");
        foreach (var p in states)
        {
            var b = p.BestByNash.FirstOrDefault();
            best.AddRow(p.Date, b is null ? "[red]no package acceptable to all required parties[/]" : Markup.Escape(Terms(b.Terms)),
                b is null ? "" : Markup.Escape(string.Join(" ", required.Select(id => b.Parties.FirstOrDefault(g => g.Party == id) is { } g ? $"{id} {Fmt.Signed(g.Gain)}" : $"{id} –"))));
        }
        o.Write(best);
    }

    private static string Markdown(TimelineResult t)
    {
        var required = t.Required;
        var headers = new List<string> { "date", "snapshot" };
        headers.AddRange(required.Select(id => $"{id} reservation"));
        headers.AddRange(["zone of agreement", "best Nash product"]);
        var table = new MarkdownTable(headers.ToArray());
        foreach (var p in t.Points)
        {
            var cells = new List<object?> { p.Date, p.Label };
            cells.AddRange(required.Select(id => Reservation(p, id)));
            cells.Add(p.ZoneOfAgreement is { } z ? Fmt.Count(z) : "–");
            cells.Add(p.BestByNash.FirstOrDefault() is { } b ? Fmt.Num(b.NashProduct, 4) : "none");
            table.Add(cells.ToArray());
        }
        var states = States(t);
        var vh = new List<string> { "proposal" };
        vh.AddRange(states.Select(p => p.Date));
        var verdicts = new MarkdownTable(vh.ToArray());
        foreach (var proposal in Proposals(t))
        {
            var cells = new List<object?> { proposal };
            cells.AddRange(states.Select(p => p.Proposals.First(x => x.Proposal == proposal)).Select(v => Wording.Mark(v.Overall) + " " +
                string.Join(" ", v.Parties.Where(x => required.Contains(x.Key)).Select(x => $"{x.Key}{Wording.Mark(x.Value)}"))));
            verdicts.Add(cells.ToArray());
        }
        return $"# Timeline: {t.Title}\n\n" + table + "\n## Proposals' verdicts\n\n" + verdicts;
    }
}
