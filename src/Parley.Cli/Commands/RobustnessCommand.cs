using System.ComponentModel;
using System.Diagnostics;
using Parley.Analysis.Analyses;
using Parley.Analysis.Contracts;
using Parley.Cli.Infrastructure;
using Parley.Cli.Output;
using SamplingDistribution = Parley.Robustness.SamplingDistribution;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Parley.Cli.Commands;

public enum NashSolverChoice { Frontier, Engine }

public sealed class RobustnessSettings : ScenarioSettings
{
    [CommandOption("-n|--draws <N>")]
    [Description("How many scenarios to draw from the estimates' ranges (default 10000)")]
    [DefaultValue(AnalysisDefaults.Draws)]
    public int Draws { get; init; } = AnalysisDefaults.Draws;

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
        if (Draws is < 1 or > AnalysisDefaults.MaxDraws) return ValidationResult.Error($"--draws must be between 1 and {AnalysisDefaults.MaxDraws}");
        if (Threads is < 1 or > 1024) return ValidationResult.Error("--threads must be between 1 and 1024");
        if (Top is < 0 or > AnalysisDefaults.MaxFollowed) return ValidationResult.Error($"--top must be between 0 and {AnalysisDefaults.MaxFollowed}");
        return ValidationResult.Success();
    }
}

/// <summary>
/// <c>parley robustness</c>: how likely each proposal and best package is to be accepted when every
/// estimate is drawn from its range, how often each package is the Nash solution, and which estimates
/// move the verdicts (tornado, thresholds). The analysis layer composes the result; this command renders it.
/// </summary>
public sealed class RobustnessCommand(CliContext context) : Command<RobustnessSettings>
{
    public override int Execute(CommandContext commandContext, RobustnessSettings settings, CancellationToken cancellationToken)
    {
        var scenario = ScenarioResolver.Resolve(settings.Scenario, context);
        var contract = new RobustnessAnalysisContract();
        var options = new AnalysisOptions
        {
            Draws = settings.Draws, Seed = settings.Seed, Distribution = settings.Distribution.ToString().ToLowerInvariant(), Threads = settings.Threads,
            Top = settings.Top, Solver = settings.Solver.ToString().ToLowerInvariant(), Sensitivity = !settings.NoSensitivity, Force = settings.Force,
        };
        if (contract.Validate(scenario, options) is { Count: > 0 } problems)
            throw new CliException(ExitCodes.AnalysisFailed, problems[0].Message);
        var clock = Stopwatch.StartNew();
        RobustnessResult result;
        try
        {
            using var progress = new ProgressReporter(context.Error, $"drawing {Fmt.Count(settings.Draws)} scenarios", context.ShowProgress);
            result = contract.Compute(scenario, options, progress, cancellationToken);
        }
        catch (AnalysisException e)
        {
            throw new CliException(ExitCodes.AnalysisFailed, e.Message);
        }

        switch (settings.Format)
        {
            case OutputFormat.Json:
                Json.Write(context.Out, AnalysisDocument.Of(contract.Name, scenario, result));
                break;
            case OutputFormat.Markdown:
                context.Out.Profile.Out.Writer.Write(Markdown(result));
                break;
            default:
                Render(result, clock.Elapsed);
                break;
        }
        return ExitCodes.Ok;
    }

    private static string Terms(IReadOnlyDictionary<string, string> terms) => string.Join(", ", terms.Select(t => $"{t.Key}={t.Value}"));

    private static string Range(TornadoDto b) => Fmt.Estimate(b.Value, b.Low, b.High);

    private static string Range(ThresholdDto t) => Fmt.Estimate(t.Value, t.Low, t.High);

    private static string Flip(ThresholdDto t) => $"{Wording.VerdictText(t.Below)} → {Wording.VerdictText(t.Above)}";

    private void Render(RobustnessResult r, TimeSpan elapsed)
    {
        var o = context.Out;
        o.Write(new Rule($"[bold]Robustness: {Markup.Escape(r.Title)}[/]").LeftJustified());
        o.MarkupLine(Markup.Escape($"{Fmt.Count(r.Draws)} draws of {r.Estimates} estimates ({r.Distribution}, seed {r.Seed}), Nash solver: {r.Solver}, {Fmt.Seconds(elapsed)}. Percentages with 95% Wilson intervals."));
        o.MarkupLine(Markup.Escape("every completion: each required party accepts however the open issues are settled; some completion: one settlement is accepted by all required parties."));
        var table = new Table().Title("Acceptance across draws").AddColumn("package").AddColumn("all required, every completion").AddColumn("some completion");
        foreach (var p in r.Required) table.AddColumn($"{Markup.Escape(p)} accepts / not reject");
        table.AddColumn("Nash solution");
        foreach (var p in r.Packages)
        {
            var cells = new List<string> { Markup.Escape(p.Id), Markup.Escape(Fmt.Proportion(p.AllRequiredAccept)), Markup.Escape(Fmt.Proportion(p.SomeCompletionAcceptedByAllRequired)) };
            cells.AddRange(r.Required.Select(id => p.Parties.FirstOrDefault(a => a.Party == id) is { } a
                ? Markup.Escape($"{Fmt.Share(a.Accepts.Estimate)} / {Fmt.Share(a.DoesNotReject.Estimate)}") : "–"));
            cells.Add(p.IsNashSolution is { } nash ? Markup.Escape(Fmt.Proportion(nash)) : "–");
            table.AddRow(cells.ToArray());
        }
        o.Write(table);
        o.MarkupLine(Markup.Escape($"A zone of agreement exists in {Fmt.Proportion(r.ZoneNonEmpty)} of the draws; {Fmt.Count(r.DistinctNashSolutions)} distinct Nash solutions."));
        var nashTable = new Table().Title("Most frequent Nash solutions").AddColumn("share").AddColumn("package").AddColumn("followed as");
        foreach (var n in r.NashSolutions) nashTable.AddRow(Markup.Escape(Fmt.Proportion(n.Share)), Markup.Escape(Terms(n.Terms)), Markup.Escape(n.FollowedAs ?? ""));
        o.Write(nashTable);
        if (r.Tornado is null || r.Thresholds is null) return;
        var tornado = new Table().Title("Tornado: verdict flips with one estimate at the low / high end of its range").AddColumn("estimate").AddColumn("value [[range]]")
            .AddColumn("flips low").AddColumn("flips high").AddColumn("Nash changes");
        foreach (var b in r.Tornado.Take(12))
            tornado.AddRow(Markup.Escape(b.Estimate), Markup.Escape(Range(b)), Fmt.Count(b.FlipsAtLow), Fmt.Count(b.FlipsAtHigh),
                b.NashChangesAtLow || b.NashChangesAtHigh ? "yes" : "no");
        o.Write(tornado);
        var thresholds = new Table().Title("Thresholds inside the plausible range (required parties)").AddColumn("package").AddColumn("party").AddColumn("estimate")
            .AddColumn("value [[range]]").AddColumn("threshold").AddColumn("verdict below → above");
        foreach (var t in r.Thresholds.Take(20))
            thresholds.AddRow(Markup.Escape(t.Package), Markup.Escape(t.Party), Markup.Escape(t.Estimate), Markup.Escape(Range(t)), Fmt.Num(t.Threshold, 4), Markup.Escape(Flip(t)));
        o.Write(thresholds);
    }

    private static string Markdown(RobustnessResult r)
    {
        var headers = new List<string> { "package", "all required, every completion", "some completion" };
        headers.AddRange(r.Required.Select(p => $"{p} accepts"));
        headers.Add("Nash solution");
        var table = new MarkdownTable(headers.ToArray());
        foreach (var p in r.Packages)
        {
            var cells = new List<object?> { p.Id, Fmt.Proportion(p.AllRequiredAccept), Fmt.Proportion(p.SomeCompletionAcceptedByAllRequired) };
            cells.AddRange(r.Required.Select(id => p.Parties.FirstOrDefault(a => a.Party == id) is { } a ? Fmt.Proportion(a.Accepts) : "–"));
            cells.Add(p.IsNashSolution is { } nash ? Fmt.Proportion(nash) : "–");
            table.Add(cells.ToArray());
        }
        var nashTable = new MarkdownTable("share", "package");
        foreach (var n in r.NashSolutions) nashTable.Add(Fmt.Proportion(n.Share), Terms(n.Terms));
        var text = $"# Robustness: {r.Title}\n\n{Fmt.Count(r.Draws)} draws, seed {r.Seed}, {r.Distribution}; 95% Wilson intervals.\n\n" +
                   table + $"\nA zone of agreement exists in {Fmt.Proportion(r.ZoneNonEmpty)} of the draws.\n\n## Most frequent Nash solutions\n\n" + nashTable;
        if (r.Tornado is null || r.Thresholds is null) return text;
        var tornado = new MarkdownTable("estimate", "value [range]", "flips low", "flips high", "Nash changes");
        foreach (var b in r.Tornado.Take(12))
            tornado.Add(b.Estimate, Range(b), b.FlipsAtLow, b.FlipsAtHigh, b.NashChangesAtLow || b.NashChangesAtHigh ? "yes" : "no");
        var thresholds = new MarkdownTable("package", "party", "estimate", "value [range]", "threshold", "below → above");
        foreach (var t in r.Thresholds.Take(20))
            thresholds.Add(t.Package, t.Party, t.Estimate, Range(t), Fmt.Num(t.Threshold, 4), Flip(t));
        return text + "\n## Tornado\n\n" + tornado + "\n## Thresholds inside the plausible range\n\n" + thresholds;
    }
}
