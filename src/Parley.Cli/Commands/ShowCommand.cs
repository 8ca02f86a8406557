using Parley.Cli.Infrastructure;
using Parley.Cli.Output;
using Parley.Core.Model;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Parley.Cli.Commands;

/// <summary><c>parley show [SCENARIO]</c>: parties, issues, positions and proposals, with their sources.</summary>
public sealed class ShowCommand(CliContext context) : Command<ScenarioSettings>
{
    public override int Execute(CommandContext commandContext, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        var scenario = ScenarioResolver.Resolve(settings.Scenario, context);
        switch (settings.Format)
        {
            case OutputFormat.Json:
                Json.Write(context.Out, ScenarioDto.From(scenario));
                break;
            case OutputFormat.Markdown:
                WriteMarkdown(scenario);
                break;
            default:
                WriteTables(scenario);
                break;
        }
        return ExitCodes.Ok;
    }

    private static string Cites(IReadOnlyList<Citation> citations) =>
        string.Join("; ", citations.Select(c => $"{c.SourceId}: “{c.Quote}”"));

    private static string Stance(Scenario scenario, IReadOnlyDictionary<string, string> terms) =>
        string.Join(", ", scenario.Issues.Where(i => terms.ContainsKey(i.Id)).Select(i => $"{i.Id}={terms[i.Id]}"));

    private void WriteTables(Scenario scenario)
    {
        var o = context.Out;
        o.Write(new Rule($"[bold]{Markup.Escape(scenario.Title)}[/] ({Markup.Escape(scenario.Id)})").LeftJustified());
        if (scenario.Description is not null) o.WriteLine(scenario.Description.Trim());

        var parties = new Table().Title("Parties").AddColumns("id", "name", "role", "must accept", "source");
        foreach (var p in scenario.Parties)
            parties.AddRow(Markup.Escape(p.Id), Markup.Escape(p.Name), p.Role.ToString().ToLowerInvariant(),
                scenario.Agreement.RequiredParties.Contains(p.Id) ? "yes" : "", Markup.Escape(Cites(p.Citations)));
        o.Write(parties);

        var issues = new Table().Title("Issues").AddColumns("id", "name", "options");
        foreach (var i in scenario.Issues)
            issues.AddRow(Markup.Escape(i.Id), Markup.Escape(i.Name), Markup.Escape(string.Join("\n", i.Options.Select(x => $"{x.Id}: {x.Label}"))));
        o.Write(issues);

        if (scenario.Positions.Count > 0)
        {
            var positions = new Table().Title("Positions").AddColumns("date", "party", "stance", "note");
            foreach (var p in scenario.Positions.OrderBy(p => p.Date))
                positions.AddRow(p.Date.ToString(), Markup.Escape(p.PartyId), Markup.Escape(Stance(scenario, p.Stance)), Markup.Escape(p.Note ?? ""));
            o.Write(positions);
        }

        if (scenario.Proposals.Count > 0)
        {
            var proposals = new Table().Title("Proposals").AddColumns("id", "date", "author", "terms");
            foreach (var p in scenario.Proposals.OrderBy(p => p.Date ?? new PartialDate(9999)))
                proposals.AddRow(Markup.Escape(p.Id), p.Date?.ToString() ?? "", Markup.Escape(p.Author), Markup.Escape(Stance(scenario, p.Terms)));
            o.Write(proposals);
        }

        var sources = new Table().Title("Sources").AddColumns("id", "title", "authors", "publication", "date");
        foreach (var s in scenario.Sources)
            sources.AddRow(Markup.Escape(s.Id), Markup.Escape(s.Title), Markup.Escape(string.Join(", ", s.Authors)), Markup.Escape(s.Publication ?? ""), s.Date?.ToString() ?? "");
        o.Write(sources);
    }

    private void WriteMarkdown(Scenario scenario)
    {
        var w = context.Out.Profile.Out.Writer;
        w.WriteLine($"# {scenario.Title}\n");
        if (scenario.Description is not null) w.WriteLine(scenario.Description.Trim() + "\n");
        var parties = new MarkdownTable("id", "name", "role", "source");
        foreach (var p in scenario.Parties) parties.Add(p.Id, p.Name, p.Role.ToString().ToLowerInvariant(), Cites(p.Citations));
        w.WriteLine("## Parties\n\n" + parties);
        var issues = new MarkdownTable("id", "name", "options");
        foreach (var i in scenario.Issues) issues.Add(i.Id, i.Name, string.Join("; ", i.Options.Select(x => $"`{x.Id}` {x.Label}")));
        w.WriteLine("## Issues\n\n" + issues);
        var positions = new MarkdownTable("date", "party", "stance", "source");
        foreach (var p in scenario.Positions.OrderBy(p => p.Date)) positions.Add(p.Date, p.PartyId, Stance(scenario, p.Stance), Cites(p.Citations));
        w.WriteLine("## Positions\n\n" + positions);
        var proposals = new MarkdownTable("id", "date", "author", "terms", "source");
        foreach (var p in scenario.Proposals) proposals.Add(p.Id, p.Date, p.Author, Stance(scenario, p.Terms), Cites(p.Citations));
        w.WriteLine("## Proposals\n\n" + proposals);
    }
}

/// <summary>The scenario as plain data for JSON output.</summary>
public sealed record ScenarioDto(string Id, string Title, string? Description, object Sources, object Parties, object Issues, object Positions, object Proposals, IReadOnlyList<string> Required)
{
    public static ScenarioDto From(Scenario s) => new(s.Id, s.Title, s.Description,
        s.Sources.Select(x => new { x.Id, x.Title, x.Authors, x.Publication, date = x.Date?.ToString() }),
        s.Parties.Select(x => new { x.Id, x.Name, role = x.Role.ToString().ToLowerInvariant(), x.Description, citations = x.Citations }),
        s.Issues.Select(x => new { x.Id, x.Name, x.Description, options = x.Options.Select(o => new { o.Id, o.Label, o.Description }), citations = x.Citations }),
        s.Positions.Select(x => new { party = x.PartyId, date = x.Date.ToString(), stance = x.Stance, x.Note, citations = x.Citations }),
        s.Proposals.Select(x => new { x.Id, x.Name, x.Author, party = x.PartyId, date = x.Date?.ToString(), terms = x.Terms, citations = x.Citations }),
        s.Agreement.RequiredParties);
}
