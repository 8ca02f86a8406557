using System.ComponentModel;
using Parley.Cli.Infrastructure;
using Parley.Cli.Output;
using Parley.Core.Evaluation;
using Parley.Report;
using Parley.Robustness;
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
    [DefaultValue(3)]
    public int Top { get; init; } = 3;

    public override ValidationResult Validate()
    {
        if (Top is < 1 or > 100) return ValidationResult.Error("--top must be between 1 and 100");
        if (Chart is not null && Path.GetExtension(Chart).ToLowerInvariant() is not (".png" or ".svg"))
            return ValidationResult.Error("--chart must name a .png or .svg file");
        return ValidationResult.Success();
    }
}

/// <summary>
/// <c>parley timeline</c>: the scenario as it stood at each recorded date: the zone of agreement, the best
/// package and every proposal's verdicts as positions changed.
/// </summary>
public sealed class TimelineCommand(CliContext context) : Command<TimelineSettings>
{
    public override int Execute(CommandContext commandContext, TimelineSettings settings, CancellationToken cancellationToken)
    {
        var scenario = ScenarioResolver.Resolve(settings.Scenario, context);
        Models.Utility(scenario);
        TimelineResult timeline;
        try
        {
            using var progress = new ProgressReporter(context.Error, "evaluating dates", context.ShowProgress && settings.Format == OutputFormat.Table);
            timeline = TimelineAnalysis.Run(scenario, settings.Top, progress, cancellationToken);
        }
        catch (RobustnessException e)
        {
            throw new CliException(ExitCodes.AnalysisFailed, e.Message);
        }
        if (settings.Chart is { } chart)
        {
            try
            {
                Charts.Save(Charts.Timeline(timeline), chart);
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
                Json.Write(context.Out, TimelineDto.From(timeline));
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

    private static string Mark(Verdict v) => v switch { Verdict.Accept => "✓", Verdict.Reject => "✗", _ => "?" };

    /// <summary>One column per distinct state of the preferences: dates in between change positions, not verdicts.</summary>
    internal static List<TimelinePoint> States(TimelineResult t) =>
        t.Points.GroupBy(p => string.Join(";", p.PreferencesFrom.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}{kv.Value}")))
            .Select(g => g.First()).ToList();

    private void Render(TimelineResult t)
    {
        var o = context.Out;
        var s = t.Scenario;
        var required = s.Agreement.RequiredParties;
        o.Write(new Rule($"[bold]Timeline: {Markup.Escape(s.Title)}[/]").LeftJustified());
        if (t.SkippedBefore is { } first)
            o.MarkupLine(Markup.Escape($"Dates before the first snapshot ({first}) are left out: the main preferences describe the latest date."));
        var table = new Table().AddColumn("date").AddColumn("what happened");
        foreach (var id in required) table.AddColumn($"{Markup.Escape(id)} reservation");
        table.AddColumn("zone of agreement").AddColumn("best package (Nash)");
        foreach (var p in t.Points)
        {
            var events = string.Join("; ", new[] { p.Label }.Concat(p.Positions.Select(x => x.Summary)).Where(x => !string.IsNullOrEmpty(x)));
            var cells = new List<string> { p.Date.ToString(), Markup.Escape(events.Length > 90 ? events[..87] + "…" : events) };
            cells.AddRange(required.Select(id => p.Reservations.TryGetValue(id, out var r) ? Fmt.Num(r, 2) : "–"));
            cells.Add(p.ZoneSize is { } z ? Fmt.Count(z) : "–");
            cells.Add(p.Space?.BestByNash.FirstOrDefault() is { } b ? $"Nash {Fmt.Num(b.NashProduct, 4)}" : "[red]none[/]");
            table.AddRow(cells.ToArray());
        }
        o.Write(table);

        var states = States(t);
        var verdicts = new Table().Title("Proposals' verdicts with each date's preferences (overall, then " + Markup.Escape(string.Join(" ", required)) + ")").AddColumn("proposal");
        foreach (var p in states) verdicts.AddColumn(p.Date.ToString());
        for (var i = 0; i < s.Proposals.Count; i++)
        {
            var cells = new List<string> { Markup.Escape(s.Proposals[i].Id) };
            foreach (var p in states)
            {
                var v = p.Proposals[i];
                var colour = v.Evaluation.Overall switch { Verdict.Accept => "green", Verdict.Reject => "red", _ => "yellow" };
                var detail = string.Join(" ", v.Evaluation.Verdicts.Where(x => x.Required).Select(x => Mark(x.Verdict)));
                cells.Add($"[{colour}]{Mark(v.Evaluation.Overall)}[/] {detail}{(v.Made ? "" : " [grey](later)[/]")}");
            }
            verdicts.AddRow(cells.ToArray());
        }
        o.Write(verdicts);
        var best = new Table().Title("Best package at each change of preferences").AddColumn("date").AddColumn("package").AddColumn("gains");
        foreach (var p in states)
        {
            var b = p.Space?.BestByNash.FirstOrDefault();
            best.AddRow(p.Date.ToString(), b is null ? "[red]no package acceptable to all required parties[/]" : Markup.Escape(b.Package.Describe(s)),
                b is null ? "" : Markup.Escape(string.Join(" ", required.Select(id => $"{id} {Fmt.Signed(b.Utilities[s.Parties.Where(x => s.Preferences.ContainsKey(x.Id)).ToList().FindIndex(x => x.Id == id)] - p.Reservations[id])}"))));
        }
        o.Write(best);
    }

    private static string Markdown(TimelineResult t)
    {
        var s = t.Scenario;
        var required = s.Agreement.RequiredParties;
        var headers = new List<string> { "date", "snapshot" };
        headers.AddRange(required.Select(id => $"{id} reservation"));
        headers.AddRange(["zone of agreement", "best Nash product"]);
        var table = new MarkdownTable(headers.ToArray());
        foreach (var p in t.Points)
        {
            var cells = new List<object?> { p.Date.ToString(), p.Label };
            cells.AddRange(required.Select(id => p.Reservations.TryGetValue(id, out var r) ? Fmt.Num(r, 2) : "–"));
            cells.Add(p.ZoneSize is { } z ? Fmt.Count(z) : "–");
            cells.Add(p.Space?.BestByNash.FirstOrDefault() is { } b ? Fmt.Num(b.NashProduct, 4) : "none");
            table.Add(cells.ToArray());
        }
        var states = States(t);
        var vh = new List<string> { "proposal" };
        vh.AddRange(states.Select(p => p.Date.ToString()));
        var verdicts = new MarkdownTable(vh.ToArray());
        for (var i = 0; i < s.Proposals.Count; i++)
        {
            var cells = new List<object?> { s.Proposals[i].Id };
            cells.AddRange(states.Select(p => Mark(p.Proposals[i].Evaluation.Overall) + " " +
                string.Join(" ", p.Proposals[i].Evaluation.Verdicts.Where(x => x.Required).Select(x => $"{x.Party.Id}{Mark(x.Verdict)}"))));
            verdicts.Add(cells.ToArray());
        }
        return $"# Timeline: {s.Title}\n\n" + table + "\n## Proposals' verdicts\n\n" + verdicts;
    }
}

public sealed record TimelineVerdictDto(string Proposal, bool Made, Verdict Overall, IReadOnlyDictionary<string, Verdict> Parties);
public sealed record TimelinePointDto(string Date, string? Label, IReadOnlyDictionary<string, string?> PreferencesFrom, IReadOnlyDictionary<string, double> Reservations,
    IReadOnlyDictionary<string, IReadOnlyList<string>> RedLines, double? Packages, long? ZoneOfAgreement, IReadOnlyList<BestPackageDto> BestByNash,
    IReadOnlyList<TimelineVerdictDto> Proposals);
public sealed record TimelineDto(string Scenario, string? SkippedBefore, IReadOnlyList<TimelinePointDto> Points)
{
    public static TimelineDto From(TimelineResult t)
    {
        var s = t.Scenario;
        var parties = s.Parties.Where(p => s.Preferences.ContainsKey(p.Id)).Select(p => p.Id).ToList();
        return new TimelineDto(s.Id, t.SkippedBefore?.ToString(), t.Points.Select(p => new TimelinePointDto(
            p.Date.ToString(), p.Label, p.PreferencesFrom.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString()), p.Reservations, p.RedLines,
            p.Space?.PackageCount, p.ZoneSize,
            p.Space?.BestByNash.Select(b => new BestPackageDto(b.Package.ToTerms(s), b.NashProduct,
                parties.Select((id, i) => new PartyGainDto(id, b.Utilities[i], b.Utilities[i] - p.Reservations[id])).ToList())).ToList() ?? [],
            p.Proposals.Select(v => new TimelineVerdictDto(v.Proposal.Id, v.Made, v.Evaluation.Overall,
                v.Evaluation.Verdicts.ToDictionary(x => x.Party.Id, x => x.Verdict))).ToList())).ToList());
    }
}
