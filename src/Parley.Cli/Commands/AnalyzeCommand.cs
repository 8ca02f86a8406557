using System.ComponentModel;
using System.Diagnostics;
using Parley.Bargaining;
using Parley.Cli.Infrastructure;
using Parley.Cli.Output;
using Parley.Core.Evaluation;
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

    public override ValidationResult Validate() =>
        Top is < 0 or > 1000 ? ValidationResult.Error("--top must be between 0 and 1000") : ValidationResult.Success();
}

/// <summary>
/// <c>parley analyze</c>, the main job: every proposal's verdict side by side, how many complete packages
/// every required party would accept, and the best of them by Nash product.
/// </summary>
public sealed class AnalyzeCommand(CliContext context) : Command<AnalyzeSettings>
{
    public override int Execute(CommandContext commandContext, AnalyzeSettings settings, CancellationToken cancellationToken)
    {
        var scenario = ScenarioResolver.Resolve(settings.Scenario, context);
        var model = Models.Utility(scenario);
        var proposals = scenario.Proposals.OrderBy(p => p.Date ?? new PartialDate(9999)).ToList();
        var evaluations = proposals.Select(p => (Proposal: p, Evaluation: ProposalEvaluator.Evaluate(model, p))).ToList();

        var clock = Stopwatch.StartNew();
        AgreementSpaceSummary space;
        using (var progress = new ProgressReporter(context.Error, "enumerating packages", context.ShowProgress && settings.Format == OutputFormat.Table))
        {
            try
            {
                space = ExhaustiveAnalysis.Run(model, settings.Top, progress, cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                throw new CliException(ExitCodes.AnalysisFailed, e.Message);
            }
        }
        var elapsed = clock.Elapsed;

        var report = AnalysisDto.From(scenario, model, evaluations, space, elapsed);
        switch (settings.Format)
        {
            case OutputFormat.Json:
                Json.Write(context.Out, report);
                break;
            case OutputFormat.Markdown:
                context.Out.Profile.Out.Writer.Write(Markdown(scenario, model, evaluations, space));
                break;
            default:
                Render(scenario, model, evaluations, space, elapsed);
                break;
        }
        return ExitCodes.Ok;
    }

    private static string Cell(PartyVerdict v) => v.Verdict switch
    {
        Verdict.Accept => $"[green]✓ {Fmt.SignedRange(v.MarginMin, v.MarginMax)}[/]",
        Verdict.Reject => $"[red]✗ {(v.RedLinesHit.Count > 0 ? "red line" : Fmt.SignedRange(v.MarginMin, v.MarginMax))}[/]",
        _ => $"[yellow]? {Fmt.SignedRange(v.MarginMin, v.MarginMax)}[/]",
    };

    private static string PlainCell(PartyVerdict v) => v.Verdict switch
    {
        Verdict.Accept => $"✓ {Fmt.SignedRange(v.MarginMin, v.MarginMax)}",
        Verdict.Reject => $"✗ {(v.RedLinesHit.Count > 0 ? "red line" : Fmt.SignedRange(v.MarginMin, v.MarginMax))}",
        _ => $"? {Fmt.SignedRange(v.MarginMin, v.MarginMax)}",
    };

    private static string Others(ProposalEvaluation evaluation)
    {
        var others = evaluation.Verdicts.Where(v => !v.Required).ToList();
        string Group(Verdict verdict, string mark, string colour) =>
            others.Where(v => v.Verdict == verdict).Select(v => v.Party.Id).ToList() is { Count: > 0 } ids
                ? $"[{colour}]{mark} {Markup.Escape(string.Join(" ", ids))}[/]" : "";
        return string.Join(" ", new[] { Group(Verdict.Accept, "✓", "green"), Group(Verdict.Reject, "✗", "red"), Group(Verdict.Depends, "?", "yellow") }
            .Where(g => g.Length > 0));
    }

    private static string Header(UtilityModel model, int p) =>
        model.Parties[p].Party.Id + (model.Required.Contains(p) ? "*" : "");

    private void Render(Scenario scenario, UtilityModel model, List<(Proposal Proposal, ProposalEvaluation Evaluation)> evaluations, AgreementSpaceSummary space, TimeSpan elapsed)
    {
        var o = context.Out;
        o.Write(new Rule($"[bold]{Markup.Escape(scenario.Title)}[/]").LeftJustified());
        o.MarkupLine($"Agreement needs: {Markup.Escape(string.Join(", ", scenario.Agreement.RequiredParties))} (marked *). Cells: margin = utility − reservation value; ✓ accepts, ✗ rejects, ? depends on issues the proposal leaves open.");

        // Required parties get a column each; the others are summarised, so the table stays readable with many parties.
        var required = model.Required.ToList();
        var table = new Table().Title("Proposals").AddColumn("proposal").AddColumn("date");
        foreach (var p in required) table.AddColumn(Markup.Escape(Header(model, p)));
        table.AddColumn("verdict").AddColumn("other parties");
        foreach (var (proposal, evaluation) in evaluations)
        {
            var cells = new List<string> { Markup.Escape(proposal.Id), proposal.Date?.ToString() ?? "" };
            cells.AddRange(required.Select(p => Cell(evaluation.Verdicts[p])));
            cells.Add(EvaluationView.ShortOverall(evaluation));
            cells.Add(Others(evaluation));
            table.AddRow(cells.ToArray());
        }
        o.Write(table);

        var share = space.PackageCount > 0 ? space.AcceptableCount / space.PackageCount : 0;
        o.MarkupLine($"[bold]Zone of possible agreement:[/] {Fmt.Count(space.AcceptableCount)} of {Fmt.Count(space.PackageCount)} complete packages ({share:P2}) are accepted by every required party (exhaustive, {elapsed.TotalSeconds:0.00}s).");
        if (space.BestByNash.Count == 0)
        {
            o.MarkupLine("[red]No complete package is acceptable to every required party.[/]");
            return;
        }
        // One column per package and one row per issue: packages differ in few issues, and this keeps every name whole.
        var best = new Table().Title("Best packages by Nash product (product of the required parties' gains over their reservation values)").AddColumn("");
        for (var i = 0; i < space.BestByNash.Count; i++) best.AddColumn($"#{i + 1}");
        for (var issue = 0; issue < scenario.Issues.Count; issue++)
        {
            var cells = new List<string> { Markup.Escape(scenario.Issues[issue].Id) };
            foreach (var b in space.BestByNash)
            {
                var option = scenario.Issues[issue].Options[b.Package[issue]].Id;
                var differs = space.BestByNash[0].Package[issue] != b.Package[issue];
                cells.Add(differs ? $"[bold]{Markup.Escape(option)}[/]" : $"[grey]{Markup.Escape(option)}[/]");
            }
            best.AddRow(cells.ToArray());
        }
        best.AddEmptyRow();
        for (var p = 0; p < model.Parties.Count; p++)
        {
            var party = model.Parties[p];
            var cells = new List<string> { Markup.Escape(Header(model, p)) + " gain" };
            cells.AddRange(space.BestByNash.Select(b => b.Utilities[p] - party.Reservation is var gain && gain < 0
                ? $"[red]{Fmt.Signed(gain)}[/]" : Fmt.Signed(gain)));
            best.AddRow(cells.ToArray());
        }
        best.AddRow(new[] { "[bold]Nash product[/]" }.Concat(space.BestByNash.Select(b => Fmt.Num(b.NashProduct, 5))).ToArray());
        o.Write(best);
    }

    private static string Markdown(Scenario scenario, UtilityModel model, List<(Proposal Proposal, ProposalEvaluation Evaluation)> evaluations, AgreementSpaceSummary space)
    {
        var headers = new List<string> { "proposal", "author", "date" };
        headers.AddRange(model.Parties.Select((_, p) => Header(model, p)));
        headers.Add("verdict");
        var table = new MarkdownTable(headers.ToArray());
        foreach (var (proposal, evaluation) in evaluations)
        {
            var cells = new List<object?> { proposal.Id, proposal.Author, proposal.Date?.ToString() };
            cells.AddRange(evaluation.Verdicts.Select(PlainCell));
            cells.Add(Markup.Remove(EvaluationView.ShortOverall(evaluation)));
            table.Add(cells.ToArray());
        }
        var bestHeaders = new List<string> { "#", "package" };
        bestHeaders.AddRange(model.Parties.Select((_, p) => Header(model, p)));
        bestHeaders.Add("Nash");
        var best = new MarkdownTable(bestHeaders.ToArray());
        for (var i = 0; i < space.BestByNash.Count; i++)
        {
            var b = space.BestByNash[i];
            var cells = new List<object?> { i + 1, b.Package.Describe(scenario) };
            cells.AddRange(model.Parties.Select((party, p) => Fmt.Signed(b.Utilities[p] - party.Reservation)));
            cells.Add(Fmt.Num(b.NashProduct, 5));
            best.Add(cells.ToArray());
        }
        return $"# {scenario.Title}: analysis\n\nRequired parties (marked *): {string.Join(", ", scenario.Agreement.RequiredParties)}. " +
               "Cells give margin = utility − reservation value.\n\n## Proposals\n\n" + table +
               $"\n## Zone of possible agreement\n\n{Fmt.Count(space.AcceptableCount)} of {Fmt.Count(space.PackageCount)} complete packages are accepted by every required party.\n\n" +
               "## Best packages by Nash product\n\n" + best;
    }
}

public sealed record AnalysisDto(string Scenario, IReadOnlyList<string> Required, IReadOnlyList<EvaluationDto> Proposals, ZopaDto Zopa)
{
    public static AnalysisDto From(Scenario scenario, UtilityModel model, IEnumerable<(Proposal Proposal, ProposalEvaluation Evaluation)> evaluations, AgreementSpaceSummary space, TimeSpan elapsed) => new(
        scenario.Id, scenario.Agreement.RequiredParties,
        evaluations.Select(e => EvaluationDto.From(scenario, e.Evaluation, e.Proposal)).ToList(),
        new ZopaDto(space.PackageCount, space.AcceptableCount, "exhaustive", elapsed.TotalSeconds,
            space.BestByNash.Select(b => new BestPackageDto(b.Package.ToTerms(scenario), b.NashProduct,
                model.Parties.Select((p, i) => new PartyGainDto(p.Party.Id, b.Utilities[i], b.Utilities[i] - p.Reservation)).ToList())).ToList()));
}

public sealed record ZopaDto(double Packages, long Acceptable, string Method, double Seconds, IReadOnlyList<BestPackageDto> BestByNash);
public sealed record BestPackageDto(IReadOnlyDictionary<string, string> Terms, double NashProduct, IReadOnlyList<PartyGainDto> Parties);
public sealed record PartyGainDto(string Party, double Utility, double Gain);
