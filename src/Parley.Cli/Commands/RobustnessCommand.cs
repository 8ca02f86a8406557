using System.ComponentModel;
using System.Globalization;
using Parley.Cli.Infrastructure;
using Parley.Cli.Output;
using Parley.Core.Evaluation;
using Parley.Robustness;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Parley.Cli.Commands;

public enum NashSolverChoice { Frontier, Engine }

public sealed class RobustnessSettings : ScenarioSettings
{
    [CommandOption("-n|--draws <N>")]
    [Description("How many scenarios to draw from the estimates' ranges (default 10000)")]
    [DefaultValue(10_000)]
    public int Draws { get; init; } = 10_000;

    [CommandOption("--seed <SEED>")]
    [Description("Random seed; the same seed gives the same result on any machine and thread count (default 1)")]
    [DefaultValue(1UL)]
    public ulong Seed { get; init; } = 1;

    [CommandOption("--distribution <KIND>")]
    [Description("triangular (default: most likely at the estimate) or uniform (every value of the range equally likely)")]
    [DefaultValue(SamplingDistribution.Triangular)]
    public SamplingDistribution Distribution { get; init; } = SamplingDistribution.Triangular;

    [CommandOption("--threads <N>")]
    [Description("Worker threads (default: every core); does not change the result")]
    public int? Threads { get; init; }

    [CommandOption("--force")]
    [Description("Run even when the estimated time or memory is over the limits (docs/reliability.md)")]
    public bool Force { get; init; }

    [CommandOption("--top <N>")]
    [Description("How many of the best packages to follow (default 5)")]
    [DefaultValue(5)]
    public int Top { get; init; } = 5;

    [CommandOption("--solver <SOLVER>")]
    [Description("Per-draw Nash solver: frontier (default, allocation-free) or engine (the bargaining engine's exact integer-grid composer)")]
    [DefaultValue(NashSolverChoice.Frontier)]
    public NashSolverChoice Solver { get; init; } = NashSolverChoice.Frontier;

    [CommandOption("--no-sensitivity")]
    [Description("Skip the tornado ranking and the verdict thresholds")]
    public bool NoSensitivity { get; init; }

    public override ValidationResult Validate()
    {
        if (Draws is < 1 or > RobustnessOptions.MaxDraws) return ValidationResult.Error($"--draws must be between 1 and {RobustnessOptions.MaxDraws}");
        if (Threads is < 1 or > 1024) return ValidationResult.Error("--threads must be between 1 and 1024");
        if (Top is < 0 or > 100) return ValidationResult.Error("--top must be between 0 and 100");
        return ValidationResult.Success();
    }
}

/// <summary>
/// <c>parley robustness</c>: how likely each proposal and best package is to be accepted when every
/// estimate is drawn from its range, how often each package is the Nash solution, and which estimates
/// move the verdicts (tornado, thresholds).
/// </summary>
public sealed class RobustnessCommand(CliContext context) : Command<RobustnessSettings>
{
    public override int Execute(CommandContext commandContext, RobustnessSettings settings, CancellationToken cancellationToken)
    {
        var scenario = ScenarioResolver.Resolve(settings.Scenario, context);
        Models.Utility(scenario);
        var options = new RobustnessOptions
        {
            Draws = settings.Draws, Seed = settings.Seed, Distribution = settings.Distribution, Threads = settings.Threads, Top = settings.Top,
            Solver = settings.Solver == NashSolverChoice.Engine ? AgreementSolvers.Engine : AgreementSolvers.Default,
        };
        RobustnessResult result;
        SensitivityResult? sensitivity = null;
        try
        {
            var estimate = RobustnessAnalysis.Estimate(scenario, options, settings.Top);
            EngineLimits.Check($"{settings.Draws:N0} draws of {scenario.Id}", estimate.Seconds, estimate.Bytes, settings.Force,
                $"{estimate.DrawsWithin(EngineLimits.Seconds):N0} draws fit in the limit (-n); the 95% intervals narrow with the square root of the draws");
            using (var progress = new ProgressReporter(context.Error, $"drawing {settings.Draws:N0} scenarios", context.ShowProgress))
                result = RobustnessAnalysis.Run(scenario, options, progress, cancellationToken);
            if (!settings.NoSensitivity)
            {
                var space = new ParameterSpace(scenario);
                sensitivity = SensitivityAnalysis.Run(space, TrackedPackage.For(space, result.BaseSpace?.BestByNash.Select(b => b.Package) ?? []),
                    options.Solver!, cancellationToken);
            }
        }
        catch (RobustnessException e)
        {
            throw new CliException(ExitCodes.AnalysisFailed, e.Message);
        }

        switch (settings.Format)
        {
            case OutputFormat.Json:
                Json.Write(context.Out, RobustnessDto.From(result, sensitivity));
                break;
            case OutputFormat.Markdown:
                context.Out.Profile.Out.Writer.Write(Markdown(result, sensitivity));
                break;
            default:
                Render(result, sensitivity);
                break;
        }
        return ExitCodes.Ok;
    }

    internal static string P(Proportion p) =>
        string.Create(CultureInfo.InvariantCulture, $"{100 * p.Estimate:0.0}% [{100 * p.Low:0.0}–{100 * p.High:0.0}]");

    private void Render(RobustnessResult r, SensitivityResult? sensitivity)
    {
        var o = context.Out;
        var s = r.Scenario;
        o.Write(new Rule($"[bold]Robustness: {Markup.Escape(s.Title)}[/]").LeftJustified());
        o.MarkupLine(Markup.Escape($"{r.Options.Draws:N0} draws of {r.EstimateCount} estimates ({r.Options.Distribution.ToString().ToLowerInvariant()}, seed {r.Options.Seed}), Nash solver: {r.SolverName}, {r.Elapsed.TotalSeconds:0.00}s. Percentages with 95% Wilson intervals."));
        o.MarkupLine(Markup.Escape($"every completion: each required party accepts however the open issues are settled; some completion: one settlement is accepted by all required parties."));
        var required = s.Agreement.RequiredParties;
        var table = new Table().Title("Acceptance across draws").AddColumn("package").AddColumn("all required, every completion").AddColumn("some completion");
        foreach (var p in required) table.AddColumn($"{Markup.Escape(p)} accepts / not reject");
        table.AddColumn("Nash solution");
        foreach (var p in r.Packages)
        {
            var cells = new List<string> { Markup.Escape(p.Package.Id), Markup.Escape(P(p.AllRequiredAccept)), Markup.Escape(P(p.SomeCompletionAcceptedByAllRequired)) };
            cells.AddRange(required.Select(id => Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{100 * p.For(id).Accepts.Estimate:0.0}% / {100 * p.For(id).DoesNotReject.Estimate:0.0}%"))));
            cells.Add(p.Package.Package.IsComplete ? Markup.Escape(P(p.IsNashSolution)) : "–");
            table.AddRow(cells.ToArray());
        }
        o.Write(table);
        o.MarkupLine(Markup.Escape($"A zone of agreement exists in {P(r.ZoneNonEmpty)} of the draws; {r.DistinctNashSolutions:N0} distinct Nash solutions."));
        var nash = new Table().Title("Most frequent Nash solutions").AddColumn("share").AddColumn("package").AddColumn("followed as");
        foreach (var n in r.NashSolutions) nash.AddRow(Markup.Escape(P(n.Share)), Markup.Escape(n.Package.Describe(s)), Markup.Escape(n.TrackedId ?? ""));
        o.Write(nash);
        if (sensitivity is null) return;
        var tornado = new Table().Title("Tornado: verdict flips with one estimate at the low / high end of its range").AddColumn("estimate").AddColumn("value [[range]]")
            .AddColumn("flips low").AddColumn("flips high").AddColumn("Nash changes");
        foreach (var b in sensitivity.Tornado.Take(12))
            tornado.AddRow(Markup.Escape(b.Estimate.Path), Markup.Escape(Range(b.Estimate)), b.FlipsAtLow.ToString(CultureInfo.InvariantCulture), b.FlipsAtHigh.ToString(CultureInfo.InvariantCulture),
                b.NashChangesAtLow || b.NashChangesAtHigh ? "yes" : "no");
        o.Write(tornado);
        var thresholds = new Table().Title("Thresholds inside the plausible range (required parties)").AddColumn("package").AddColumn("party").AddColumn("estimate")
            .AddColumn("value [[range]]").AddColumn("threshold").AddColumn("verdict below → above");
        foreach (var t in Fragile(sensitivity, required).Take(20))
            thresholds.AddRow(Markup.Escape(t.PackageId), Markup.Escape(t.PartyId), Markup.Escape(t.Estimate.Path), Markup.Escape(Range(t.Estimate)),
                Fmt.Num(t.Threshold, 4), $"{EvaluationView.VerdictText(t.VerdictBelow)} → {EvaluationView.VerdictText(t.VerdictAbove)}");
        o.Write(thresholds);
    }

    internal static IEnumerable<VerdictThreshold> Fragile(SensitivityResult sensitivity, IReadOnlyList<string> required) =>
        sensitivity.Thresholds.Where(t => t.WithinRange && required.Contains(t.PartyId)).OrderBy(t => t.Slack);

    internal static string Range(Estimate e) => string.Create(CultureInfo.InvariantCulture, $"{e.Value:0.###} [{e.Low:0.###}, {e.High:0.###}]");

    private static string Markdown(RobustnessResult r, SensitivityResult? sensitivity)
    {
        var required = r.Scenario.Agreement.RequiredParties;
        var headers = new List<string> { "package", "all required, every completion", "some completion" };
        headers.AddRange(required.Select(p => $"{p} accepts"));
        headers.Add("Nash solution");
        var table = new MarkdownTable(headers.ToArray());
        foreach (var p in r.Packages)
        {
            var cells = new List<object?> { p.Package.Id, P(p.AllRequiredAccept), P(p.SomeCompletionAcceptedByAllRequired) };
            cells.AddRange(required.Select(id => P(p.For(id).Accepts)));
            cells.Add(p.Package.Package.IsComplete ? P(p.IsNashSolution) : "–");
            table.Add(cells.ToArray());
        }
        var nash = new MarkdownTable("share", "package");
        foreach (var n in r.NashSolutions) nash.Add(P(n.Share), n.Package.Describe(r.Scenario));
        var text = $"# Robustness: {r.Scenario.Title}\n\n{r.Options.Draws:N0} draws, seed {r.Options.Seed}, {r.Options.Distribution.ToString().ToLowerInvariant()}; 95% Wilson intervals.\n\n" +
                   table + $"\nA zone of agreement exists in {P(r.ZoneNonEmpty)} of the draws.\n\n## Most frequent Nash solutions\n\n" + nash;
        if (sensitivity is null) return text;
        var tornado = new MarkdownTable("estimate", "value [range]", "flips low", "flips high", "Nash changes");
        foreach (var b in sensitivity.Tornado.Take(12))
            tornado.Add(b.Estimate.Path, Range(b.Estimate), b.FlipsAtLow, b.FlipsAtHigh, b.NashChangesAtLow || b.NashChangesAtHigh ? "yes" : "no");
        var thresholds = new MarkdownTable("package", "party", "estimate", "value [range]", "threshold", "below → above");
        foreach (var t in Fragile(sensitivity, required).Take(20))
            thresholds.Add(t.PackageId, t.PartyId, t.Estimate.Path, Range(t.Estimate), Fmt.Num(t.Threshold, 4),
                $"{EvaluationView.VerdictText(t.VerdictBelow)} → {EvaluationView.VerdictText(t.VerdictAbove)}");
        return text + "\n## Tornado\n\n" + tornado + "\n## Thresholds inside the plausible range\n\n" + thresholds;
    }
}

public sealed record ProportionDto(long Successes, long Trials, double Estimate, double Low, double High)
{
    public static ProportionDto From(Proportion p) => new(p.Successes, p.Trials, p.Estimate, p.Low, p.High);
}

public sealed record PartyAcceptanceDto(string Party, bool Required, Verdict BaseVerdict, double BaseMarginMin, double BaseMarginMax,
    ProportionDto Accepts, ProportionDto DoesNotReject, double MeanMarginMin, double MeanMarginMax);

public sealed record PackageRobustnessDto(string Id, string Origin, IReadOnlyDictionary<string, string> Terms, ProportionDto AllRequiredAccept,
    ProportionDto SomeCompletionAcceptedByAllRequired, ProportionDto? IsNashSolution, IReadOnlyList<PartyAcceptanceDto> Parties);

public sealed record NashSolutionDto(IReadOnlyDictionary<string, string> Terms, ProportionDto Share, string? FollowedAs);
public sealed record TornadoDto(string Estimate, double Value, double Low, double High, int FlipsAtLow, int FlipsAtHigh, bool NashChangesAtLow, bool NashChangesAtHigh,
    double MarginShift, double NashProductAtLow, double NashProductAtHigh);
public sealed record ThresholdDto(string Package, string Party, string Estimate, double Value, double Low, double High, string Boundary, double Threshold, bool WithinRange, Verdict Below, Verdict Above);

public sealed record RobustnessDto(string Scenario, int Draws, ulong Seed, string Distribution, string Solver, int Estimates, double Seconds,
    ProportionDto ZoneNonEmpty, int DistinctNashSolutions, IReadOnlyList<PackageRobustnessDto> Packages, IReadOnlyList<NashSolutionDto> NashSolutions,
    IReadOnlyList<TornadoDto>? Tornado, IReadOnlyList<ThresholdDto>? Thresholds)
{
    public static RobustnessDto From(RobustnessResult r, SensitivityResult? s) => new(
        r.Scenario.Id, r.Options.Draws, r.Options.Seed, r.Options.Distribution.ToString().ToLowerInvariant(), r.SolverName, r.EstimateCount, r.Elapsed.TotalSeconds,
        ProportionDto.From(r.ZoneNonEmpty), r.DistinctNashSolutions,
        r.Packages.Select(p => new PackageRobustnessDto(p.Package.Id, p.Package.Origin == PackageOrigin.Proposal ? "proposal" : "best-package",
            p.Package.Package.ToTerms(r.Scenario), ProportionDto.From(p.AllRequiredAccept), ProportionDto.From(p.SomeCompletionAcceptedByAllRequired),
            p.Package.Package.IsComplete ? ProportionDto.From(p.IsNashSolution) : null,
            p.Parties.Select(a => new PartyAcceptanceDto(a.PartyId, a.Required, a.BaseVerdict, a.BaseMarginMin, a.BaseMarginMax,
                ProportionDto.From(a.Accepts), ProportionDto.From(a.DoesNotReject), a.MeanMarginMin, a.MeanMarginMax)).ToList())).ToList(),
        r.NashSolutions.Select(n => new NashSolutionDto(n.Package.ToTerms(r.Scenario), ProportionDto.From(n.Share), n.TrackedId)).ToList(),
        s?.Tornado.Select(b => new TornadoDto(b.Estimate.Path, b.Estimate.Value, b.Estimate.Low, b.Estimate.High, b.FlipsAtLow, b.FlipsAtHigh,
            b.NashChangesAtLow, b.NashChangesAtHigh, b.MarginShift, b.NashProductAtLow, b.NashProductAtHigh)).ToList(),
        s?.Thresholds.Select(t => new ThresholdDto(t.PackageId, t.PartyId, t.Estimate.Path, t.Estimate.Value, t.Estimate.Low, t.Estimate.High,
            t.Boundary.ToString(), t.Threshold, t.WithinRange, t.VerdictBelow, t.VerdictAbove)).ToList());
}
