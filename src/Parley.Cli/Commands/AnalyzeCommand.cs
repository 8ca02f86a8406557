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
/// every required party would accept, and the best of them by Nash product.
/// </summary>
public sealed class AnalyzeCommand(CliContext context) : Command<AnalyzeSettings>
{
    public override int Execute(CommandContext commandContext, AnalyzeSettings settings, CancellationToken cancellationToken)
    {
        var scenario = settings.Genius ? ImportGenius(settings.Scenario!, settings.Profiles) : ScenarioResolver.Resolve(settings.Scenario, context);
        var model = Models.Utility(scenario);
        var proposals = scenario.Proposals.OrderBy(p => p.Date ?? new PartialDate(9999)).ToList();
        var evaluations = proposals.Select(p => (Proposal: p, Evaluation: ProposalEvaluator.Evaluate(model, p))).ToList();

        var clock = Stopwatch.StartNew();
        BargainingReport bargaining;
        AgreementSpaceSummary space;
        Dictionary<string, Bridge?> bridges;
        // Progress by stage (frontier and zone, best packages, one bridge search per proposal), on stderr after a second.
        using (var progress = new ProgressReporter(context.Error, "analysing", context.ShowProgress))
        {
            try
            {
                bargaining = BargainingAnalysis.Run(model, stakes: scenario.PackageCount <= 1e8, cancellationToken);
            }
            catch (NotSupportedException e)
            {
                throw new CliException(ExitCodes.AnalysisFailed, e.Message);
            }
            progress.Report(0.3);
            space = BestByNash(scenario, model, bargaining, settings, cancellationToken, new Stage(progress, 0.3, 0.3));
            progress.Report(0.6);
            bridges = ProposalBridges(scenario, model, evaluations, cancellationToken, new Stage(progress, 0.6, 0.4));
        }
        var elapsed = clock.Elapsed;

        var report = AnalysisDto.From(scenario, model, evaluations, space, elapsed) with
        {
            Bargaining = BargainingDto.From(scenario, bargaining),
            ToAgreement = evaluations.Select(e => ToAgreementDto.From(scenario, e.Proposal, bridges[e.Proposal.Id])).ToList(),
        };
        switch (settings.Format)
        {
            case OutputFormat.Json:
                Json.Write(context.Out, report);
                break;
            case OutputFormat.Markdown:
                context.Out.Profile.Out.Writer.Write(Markdown(scenario, model, evaluations, space, bridges) + BargainingView.Markdown(scenario, bargaining));
                break;
            default:
                Render(scenario, model, evaluations, space, elapsed, bargaining, bridges);
                BargainingView.Render(context.Out, scenario, bargaining);
                break;
        }
        return ExitCodes.Ok;
    }

    /// <summary>Up to this many packages, the best ones by Nash product are listed by enumeration.</summary>
    private const double ListLimit = 2e7;
    /// <summary>Zones up to this size are listed from the zone itself, which is far quicker than enumerating every package.</summary>
    private const double ZoneListLimit = 1e6;

    /// <summary>
    /// The best packages by Nash product: ranked from the zone itself when it is small enough to list
    /// (the zone explorer walks only prefixes that can still reach every reservation value), by
    /// enumerating every package when the scenario is small, and not at all otherwise.
    /// </summary>
    private AgreementSpaceSummary BestByNash(Scenario scenario, UtilityModel model, BargainingReport bargaining, AnalyzeSettings settings, CancellationToken cancellation,
        IProgress<double> progress)
    {
        var zone = bargaining.Zone;
        if (zone.IsExact && (double)zone.Exact <= ZoneListLimit)
        {
            var packages = ZoneExplorer.Page(bargaining.Problem, 0, (int)zone.Exact, cancellation);
            var required = model.Required.Select(i => model.Parties[i]).ToArray();
            var best = packages
                .Select(choices => (Choices: choices, Nash: required.Aggregate(1.0, (product, p) => product * Math.Max(0, p.Utility(choices) - p.Reservation))))
                .OrderByDescending(b => b.Nash)
                .ThenBy(b => string.Join(",", b.Choices))
                .Take(settings.Top)
                .Select(b => new RankedPackage(new Package(b.Choices), model.Parties.Select(p => p.Utility(b.Choices)).ToArray(), b.Nash))
                .ToList();
            return new AgreementSpaceSummary(scenario.PackageCount, (long)zone.Exact, best);
        }
        if (scenario.PackageCount <= ListLimit)
        {
            return ExhaustiveAnalysis.Run(model, settings.Top, progress, cancellation, settings.Threads);
        }
        return new AgreementSpaceSummary(scenario.PackageCount, zone.IsExact ? (long)zone.Exact : -1, []);
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

    /// <summary>
    /// For each proposal, the fewest issues it must move to become acceptable to every required party (its
    /// open issues being settled freely): the smallest concession that would unlock it.
    /// </summary>
    /// <summary>
    /// The work one proposal's bridge search may take (partial packages built plus dominance comparisons; about
    /// 10^8 a second). With three or more required parties the search's frontier can grow without bound: a
    /// 30-issue, 3-party scenario ran past 100 s in its first bridge. Beyond this the column says the search
    /// stopped, and the analysis goes on.
    /// </summary>
    internal const long BridgeWorkLimit = 300_000_000;

    /// <summary>One stage's fraction mapped onto [offset, offset + width] of the whole.</summary>
    private sealed class Stage(IProgress<double> whole, double offset, double width) : IProgress<double>
    {
        public void Report(double value) => whole.Report(offset + width * value);
    }

    /// <summary>Stands for a bridge search stopped at <see cref="BridgeWorkLimit"/>.</summary>
    internal static readonly Bridge NotSearched = new([], [], [], [], -1);

    private static Dictionary<string, Bridge?> ProposalBridges(Scenario scenario, UtilityModel model,
        List<(Proposal Proposal, ProposalEvaluation Evaluation)> evaluations, CancellationToken cancellation, IProgress<double>? progress = null)
    {
        var problem = new BargainingProblem(model);
        var result = new Dictionary<string, Bridge?>();
        var done = 0;
        foreach (var (proposal, evaluation) in evaluations)
        {
            try
            {
                result[proposal.Id] = Bridging.Find(problem, evaluation.Package.Choices.ToArray(), null, cancellation, BridgeWorkLimit).FewestChanges;
            }
            catch (CompositionTooLargeException)
            {
                result[proposal.Id] = NotSearched;
            }
            catch (NotSupportedException)
            {
                result[proposal.Id] = null; // too many coupled red lines for the exact search: the column says so
            }
            progress?.Report(++done / (double)evaluations.Count);
        }
        return result;
    }

    private static string ToAgreement(Scenario scenario, Bridge? bridge) => bridge switch
    {
        _ when ReferenceEquals(bridge, NotSearched) => $"not found: search too large (over {BridgeWorkLimit:0.#e0} steps)",
        null => "no package reaches agreement",
        { ChangeCount: 0, Settled.Count: 0 } => "already an agreement",
        { ChangeCount: 0 } => "settle the open issues",
        _ => $"move {string.Join(", ", bridge.Changes.Select(c => $"{scenario.Issues[c.Issue].Id}→{scenario.Issues[c.Issue].Options[c.To].Id}"))}",
    };

    private void Render(Scenario scenario, UtilityModel model, List<(Proposal Proposal, ProposalEvaluation Evaluation)> evaluations, AgreementSpaceSummary space, TimeSpan elapsed, BargainingReport bargaining,
        IReadOnlyDictionary<string, Bridge?> bridges)
    {
        var o = context.Out;
        o.Write(new Rule($"[bold]{Markup.Escape(scenario.Title)}[/]").LeftJustified());
        o.MarkupLine($"Agreement needs: {Markup.Escape(string.Join(", ", scenario.Agreement.RequiredParties))} (marked *). Cells: margin = utility − reservation value; ✓ accepts, ✗ rejects, ? depends on issues the proposal leaves open.");

        // Required parties get a column each; the others are summarised, so the table stays readable with many parties.
        var required = model.Required.ToList();
        var table = new Table().Title("Proposals").AddColumn("proposal").AddColumn("date");
        foreach (var p in required) table.AddColumn(Markup.Escape(Header(model, p)));
        table.AddColumn("verdict").AddColumn("smallest step to agreement").AddColumn("other parties");
        foreach (var (proposal, evaluation) in evaluations)
        {
            var cells = new List<string> { Markup.Escape(proposal.Id), proposal.Date?.ToString() ?? "" };
            cells.AddRange(required.Select(p => Cell(evaluation.Verdicts[p])));
            cells.Add(EvaluationView.ShortOverall(evaluation));
            cells.Add(Markup.Escape(ToAgreement(scenario, bridges[proposal.Id])));
            cells.Add(Others(evaluation));
            table.AddRow(cells.ToArray());
        }
        o.Write(table);

        var zone = bargaining.Zone;
        o.MarkupLine(zone.IsExact
            ? $"[bold]Zone of possible agreement:[/] {Fmt.Count((double)zone.Exact)} of {Fmt.Count(zone.PackageCount)} complete packages ({zone.Share:P2}) are accepted by every required party (exact count, {elapsed.TotalSeconds:0.00}s)."
            : $"[bold]Zone of possible agreement:[/] about {Fmt.Count(zone.Estimate)} of {Fmt.Count(zone.PackageCount)} complete packages ({zone.Share:P2}) [yellow]estimated[/] (95% interval {Fmt.Count(zone.Low)}–{Fmt.Count(zone.High)}, {zone.Samples} samples; {elapsed.TotalSeconds:0.00}s).");
        if (zone.Value == 0)
        {
            o.MarkupLine("[red]No complete package is acceptable to every required party.[/]");
            return;
        }
        if (space.BestByNash.Count == 0) return;
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

    private static string Markdown(Scenario scenario, UtilityModel model, List<(Proposal Proposal, ProposalEvaluation Evaluation)> evaluations, AgreementSpaceSummary space,
        IReadOnlyDictionary<string, Bridge?> bridges)
    {
        var headers = new List<string> { "proposal", "author", "date" };
        headers.AddRange(model.Parties.Select((_, p) => Header(model, p)));
        headers.Add("verdict");
        headers.Add("smallest step to agreement");
        var table = new MarkdownTable(headers.ToArray());
        foreach (var (proposal, evaluation) in evaluations)
        {
            var cells = new List<object?> { proposal.Id, proposal.Author, proposal.Date?.ToString() };
            cells.AddRange(evaluation.Verdicts.Select(PlainCell));
            cells.Add(Markup.Remove(EvaluationView.ShortOverall(evaluation)));
            cells.Add(ToAgreement(scenario, bridges[proposal.Id]));
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

/// <summary>The fewest issues a proposal must move to be accepted by every required party; null changes when no package is.</summary>
public sealed record ToAgreementDto(string Proposal, int? Changes, IReadOnlyList<string> Moves, IReadOnlyDictionary<string, string>? Package)
{
    public static ToAgreementDto From(Scenario scenario, Proposal proposal, Bridge? bridge) => ReferenceEquals(bridge, AnalyzeCommand.NotSearched)
        ? new(proposal.Id, null, [], null)
        : new(
        proposal.Id, bridge?.ChangeCount,
        bridge?.Changes.Select(c => $"{scenario.Issues[c.Issue].Id}: {(c.From is { } f ? scenario.Issues[c.Issue].Options[f].Id : "(open)")} → {scenario.Issues[c.Issue].Options[c.To].Id}").ToList() ?? [],
        bridge is null ? null : new Package(bridge.Package).ToTerms(scenario));
}

public sealed record AnalysisDto(string Scenario, IReadOnlyList<string> Required, IReadOnlyList<EvaluationDto> Proposals, ZopaDto Zopa)
{
    /// <summary>Per proposal, the smallest step to an agreement.</summary>
    public IReadOnlyList<ToAgreementDto>? ToAgreement { get; init; }

    /// <summary>Frontier, exact or estimated zone size, bargaining solutions and issue stakes.</summary>
    public BargainingDto? Bargaining { get; init; }

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
