using System.ComponentModel;
using System.Globalization;
using Parley.Cli.Infrastructure;
using Parley.Cli.Output;
using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Parley.Forecast;
using Parley.Forecast.Analysis;
using Parley.Forecast.Charts;
using Parley.Forecast.Eum;
using Parley.Forecast.Import;
using Parley.Forecast.Model;
using Parley.Forecast.Scenarios;
using Parley.Forecast.Smp;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Parley.Cli.Commands;

public sealed class ForecastSettings : ScenarioSettings
{
    [CommandOption("--ktab <FILE>")]
    [Description("Forecast a KTAB scenario file (.csv or .xml) instead of a scenario")]
    public string? Ktab { get; init; }

    [CommandOption("--bdm <FILE>")]
    [Description("Forecast a BDM-style CSV (actor, capability, position, salience) instead of a scenario")]
    public string? Bdm { get; init; }

    [CommandOption("-m|--model <MODEL>")]
    [Description("smp (KTAB Spatial Model of Politics) or eum (expected-utility model). Default: eum for --bdm, smp otherwise")]
    public string? Model { get; init; }

    [CommandOption("--eum-variant <FORM>")]
    [Description("EUM form: published (default; BDM 1994 / Scholz et al. 2011 as published) or scholz-code (the public Python reconstruction of Scholz et al.'s code: its probability form and offer rule)")]
    public string? EumVariant { get; init; }

    [CommandOption("--seed <N>")]
    [Description("Seed for SMP's stochastic state transitions (overrides a KTAB file's prngSeed)")]
    public ulong? Seed { get; init; }

    [CommandOption("--chart <FILE>")]
    [Description("Also draw every actor's path per round to FILE (.png or .svg)")]
    public string? Chart { get; init; }

    [CommandOption("--no-pivotal")]
    [Description("Skip the pivotal-actor analysis (it reruns the model twice per actor)")]
    public bool NoPivotal { get; init; }

    public override ValidationResult Validate()
    {
        var inputs = new[] { Scenario, Ktab, Bdm }.Count(x => x is not null);
        if (inputs > 1) return ValidationResult.Error("give one input: a SCENARIO, --ktab FILE or --bdm FILE");
        if (Model is not null && Model is not ("eum" or "smp")) return ValidationResult.Error($"--model must be eum or smp, got '{Model}'");
        if (EumVariant is not null && EumVariant is not ("published" or "scholz-code"))
            return ValidationResult.Error($"--eum-variant must be published or scholz-code, got '{EumVariant}'");
        if (Chart is not null && Path.GetExtension(Chart).ToLowerInvariant() is not (".png" or ".svg"))
            return ValidationResult.Error($"--chart must name a .png or .svg file, got '{Chart}'");
        if (Ktab is not null && Path.GetExtension(Ktab).ToLowerInvariant() is not (".csv" or ".xml"))
            return ValidationResult.Error($"--ktab takes a KTAB .csv or .xml file, got '{Ktab}'");
        return ValidationResult.Success();
    }
}

/// <summary>
/// <c>parley forecast</c>: where multi-party bargaining settles on each dimension of a scenario's
/// <c>spatial</c> section (or a KTAB/BDM file), each actor's path per round, who moves whom and which
/// actors are pivotal. Models and formulas: docs/forecast.md.
/// </summary>
public sealed class ForecastCommand(CliContext context) : Command<ForecastSettings>
{
    /// <summary>Above this many actors the pivotal analysis (2n+1 runs) is skipped unless asked for by a smaller input.</summary>
    private const int MaxActorsForPivotal = 60;

    /// <summary>Round columns shown in the table; JSON always has every round.</summary>
    private const int MaxRoundColumns = 10;

    public override int Execute(CommandContext commandContext, ForecastSettings settings, CancellationToken cancellationToken)
    {
        var (model, source) = LoadModel(settings);
        var engineName = settings.Model ?? (settings.Bdm is not null ? "eum" : "smp");
        var smpOptions = (model.SmpOptions ?? new SmpOptions()) is var o && (settings.Seed ?? model.Seed) is { } seed ? o with { Seed = seed } : o;
        var eumOptions = new EumOptions { Variant = settings.EumVariant == "scholz-code" ? EumVariant.ScholzCode : EumVariant.Published };
        IForecastEngine engine = engineName == "eum" ? new EumEngine(eumOptions) : new SmpEngine(smpOptions);

        ForecastResult result;
        IReadOnlyList<PivotalEffect>? pivotal = null;
        var notes = new List<string>();
        var withPivotal = !settings.NoPivotal && model.ActorCount <= MaxActorsForPivotal;
        if (!settings.NoPivotal && !withPivotal)
            notes.Add($"pivotal-actor analysis skipped: {model.ActorCount} actors (limit {MaxActorsForPivotal}; it reruns the model twice per actor)");
        using (var progress = new ProgressReporter(context.Error, "forecasting", context.ShowProgress && settings.Format == OutputFormat.Table))
        {
            // Ctrl+C stops the engine within a round; ParleyApp turns the OperationCanceledException into exit code 130.
            var runs = 1.0 + (withPivotal ? PivotalActors.RerunCount(model.ActorCount) : 0);
            result = engine.Run(model, new ScaledProgress(progress, 0, 1 / runs), cancellationToken);
            if (withPivotal)
                pivotal = PivotalActors.Analyse(model, engine, result, progress: new ScaledProgress(progress, 1 / runs, 1 - 1 / runs),
                    cancellationToken: cancellationToken);
        }
        if (engineName == "eum" && settings.Seed is not null) notes.Add("--seed ignored: the expected-utility model is deterministic");
        if (engineName != "eum" && settings.EumVariant is not null) notes.Add("--eum-variant ignored: it applies to the expected-utility model (--model eum)");

        if (settings.Chart is not null)
        {
            try
            {
                TrajectoryChart.Save(result, settings.Chart);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.AnalysisFailed, $"cannot write the chart '{settings.Chart}': {e.Message}");
            }
        }

        var report = ForecastDto.From(source, result, pivotal, notes, settings.Chart);
        switch (settings.Format)
        {
            case OutputFormat.Json:
                Json.Write(context.Out, report);
                break;
            case OutputFormat.Markdown:
                context.Out.Profile.Out.Writer.Write(Markdown(report, result));
                break;
            default:
                Render(report, result);
                break;
        }
        return ExitCodes.Ok;
    }

    private (SpatialModel Model, string Source) LoadModel(ForecastSettings settings)
    {
        if (settings.Ktab is not null || settings.Bdm is not null)
        {
            var file = (settings.Ktab ?? settings.Bdm)!;
            if (!File.Exists(file)) throw new CliException(ExitCodes.UnknownName, $"file '{file}' does not exist");
            try
            {
                var model = settings.Bdm is not null ? BdmCsvReader.ReadFile(file)
                    : Path.GetExtension(file).Equals(".xml", StringComparison.OrdinalIgnoreCase) ? KtabXmlReader.ReadFile(file)
                    : KtabCsvReader.ReadFile(file);
                return (model, file);
            }
            catch (ForecastInputException e)
            {
                throw new CliException(ExitCodes.InvalidScenario, e.Message);
            }
            catch (InputFileException e) when (e.Problem is not (InputFileProblem.Missing or InputFileProblem.Unreadable))
            {
                throw new CliException(ExitCodes.InvalidScenario, e.Message);
            }
            catch (IOException e)
            {
                throw new CliException(ExitCodes.UnknownName, $"cannot read '{file}': {e.Message}");
            }
        }

        var scenario = ScenarioResolver.Resolve(settings.Scenario, context);
        if (!SpatialSection.IsPresent(scenario))
            throw new CliException(ExitCodes.AnalysisFailed,
                $"scenario '{scenario.Id}' has no 'spatial' section, so there is nothing to forecast; docs/forecast.md describes the section");
        var bag = new DiagnosticBag();
        var section = SpatialSection.Read(scenario, bag);
        if (section is null)
            throw new CliException(ExitCodes.InvalidScenario,
                $"the spatial section has {bag.ErrorCount} error(s)",
                bag.Items.Where(d => d.Severity == Severity.Error).Select(d => d.ToString()).Take(20).ToList());
        try
        {
            return (section.ToModel(), scenario.Id);
        }
        catch (ForecastInputException e)
        {
            throw new CliException(ExitCodes.InvalidScenario, e.Message);
        }
    }

    /// <summary>Which rounds get a column: all when few, else evenly spread ones plus the last.</summary>
    private static int[] ShownRounds(int roundCount)
    {
        if (roundCount + 1 <= MaxRoundColumns) return Enumerable.Range(0, roundCount + 1).ToArray();
        return Enumerable.Range(0, MaxRoundColumns - 1).Select(k => k * roundCount / (MaxRoundColumns - 1)).Append(roundCount).Distinct().ToArray();
    }

    private static string Num(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Probability(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Signed(double value) => (value >= 0 ? "+" : "") + value.ToString("0.##", CultureInfo.InvariantCulture);

    private void Render(ForecastDto report, ForecastResult result)
    {
        var o = context.Out;
        o.Write(new Rule($"[bold]Forecast: {Markup.Escape(report.Source)}[/] ({Markup.Escape(report.EngineName)})").LeftJustified());
        o.MarkupLine(Markup.Escape(report.Converged
            ? $"Settled after {report.Rounds} round(s)."
            : $"Did not settle: stopped after {report.Rounds} round(s); the forecast is the last round's."));

        var forecasts = new Table().Title("Forecast per dimension").AddColumns("dimension", "scale", "forecast", "nearest anchor", "weighted mean", "median: start → end");
        foreach (var d in report.Dimensions)
            forecasts.AddRow(Markup.Escape(d.Name), Markup.Escape($"{Num(d.Min)} {d.MinLabel} … {Num(d.Max)} {d.MaxLabel}".Trim()),
                $"[bold]{Num(d.Forecast)}[/]", Markup.Escape(d.NearestAnchor ?? ""), Num(d.WeightedMean),
                $"{Num(d.InitialWeightedMedian)} → {Num(d.WeightedMedian)}");
        o.Write(forecasts);

        var shown = ShownRounds(result.RoundCount);
        for (var d = 0; d < report.Dimensions.Count; d++)
        {
            var table = new Table().Title($"{Markup.Escape(report.Dimensions[d].Name)}: position per round" +
                (shown.Length < result.Rounds.Count ? " (some rounds; --format json has all)" : ""));
            table.AddColumn("actor").AddColumn(new TableColumn("cap.").RightAligned()).AddColumn(new TableColumn("sal.").RightAligned());
            foreach (var t in shown) table.AddColumn(new TableColumn(t.ToString(CultureInfo.InvariantCulture)).RightAligned());
            foreach (var actor in report.Actors)
            {
                var path = actor.Paths[report.Dimensions[d].Id];
                var cells = new List<string> { Markup.Escape(actor.Name), Num(actor.Capability), actor.Saliences[report.Dimensions[d].Id].ToString("0.##", CultureInfo.InvariantCulture) };
                cells.AddRange(shown.Select(t => Num(path[t])));
                table.AddRow(cells.ToArray());
            }
            o.Write(table);
        }

        if (result.WinProbabilities is not null)
        {
            var table = new Table().Title("Probability that each actor's position wins, per round (KTAB's winning probabilities; actors on one position share it)" +
                (shown.Length < result.Rounds.Count ? " (some rounds; --format json has all)" : ""));
            table.AddColumn("actor");
            foreach (var t in shown) table.AddColumn(new TableColumn(t.ToString(CultureInfo.InvariantCulture)).RightAligned());
            foreach (var actor in report.Actors)
                table.AddRow(new[] { Markup.Escape(actor.Name) }.Concat(shown.Select(t => Probability(actor.WinProbabilities![t]))).ToArray());
            o.Write(table);
        }

        if (report.Pivotal is { Count: > 0 } pivotal)
        {
            var table = new Table().Title("Pivotal actors: how far the forecast moves").AddColumn("actor").AddColumn("change");
            foreach (var dim in report.Dimensions) table.AddColumn(new TableColumn(Markup.Escape(dim.Id)).RightAligned());
            foreach (var p in pivotal.Take(10))
            {
                var cells = new List<string> { Markup.Escape(p.Actor), Markup.Escape(p.Change) };
                cells.AddRange(report.Dimensions.Select(dim => Signed(p.Shift[dim.Id])));
                table.AddRow(cells.ToArray());
            }
            o.Write(table);
        }

        if (report.Influence.Count > 0)
        {
            var table = new Table().Title("Who moved whom (distance moved, fraction of the scale summed over dimensions and rounds)")
                .AddColumns("mover", "moved").AddColumn(new TableColumn("amount").RightAligned());
            foreach (var i in report.Influence.Take(10)) table.AddRow(Markup.Escape(i.Mover), Markup.Escape(i.Moved), Fmt.Num(i.Amount));
            o.Write(table);
        }
        foreach (var note in report.Notes) o.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        if (report.Chart is not null) o.MarkupLine($"Chart: {Markup.Escape(report.Chart)}");
    }

    private static string Markdown(ForecastDto report, ForecastResult result)
    {
        var w = new System.Text.StringBuilder();
        w.Append($"# Forecast: {report.Source} ({report.EngineName})\n\n");
        w.Append(report.Converged ? $"Settled after {report.Rounds} round(s).\n\n" : $"Did not settle: stopped after {report.Rounds} round(s).\n\n");
        var forecasts = new MarkdownTable("dimension", "scale", "forecast", "nearest anchor", "weighted mean", "median start", "median end");
        foreach (var d in report.Dimensions)
            forecasts.Add(d.Name, $"{Num(d.Min)} {d.MinLabel} … {Num(d.Max)} {d.MaxLabel}".Trim(), Num(d.Forecast), d.NearestAnchor, Num(d.WeightedMean), Num(d.InitialWeightedMedian), Num(d.WeightedMedian));
        w.Append("## Forecast per dimension\n\n").Append(forecasts).Append('\n');
        var shown = ShownRounds(result.RoundCount);
        foreach (var dim in report.Dimensions)
        {
            var headers = new List<string> { "actor" };
            headers.AddRange(shown.Select(t => $"round {t}"));
            var table = new MarkdownTable(headers.ToArray());
            foreach (var actor in report.Actors)
                table.Add(new object?[] { actor.Name }.Concat(shown.Select(t => (object?)Num(actor.Paths[dim.Id][t]))).ToArray());
            w.Append($"## {dim.Name}: position per round\n\n").Append(table).Append('\n');
        }
        if (result.WinProbabilities is not null)
        {
            var headers = new List<string> { "actor" };
            headers.AddRange(shown.Select(t => $"round {t}"));
            var table = new MarkdownTable(headers.ToArray());
            foreach (var actor in report.Actors)
                table.Add(new object?[] { actor.Name }.Concat(shown.Select(t => (object?)Probability(actor.WinProbabilities![t]))).ToArray());
            w.Append("## Probability that each actor's position wins, per round\n\n").Append(table).Append('\n');
        }
        if (report.Pivotal is { Count: > 0 } pivotal)
        {
            var headers = new List<string> { "actor", "change" };
            headers.AddRange(report.Dimensions.Select(d => d.Id));
            var table = new MarkdownTable(headers.ToArray());
            foreach (var p in pivotal.Take(10))
                table.Add(new object?[] { p.Actor, p.Change }.Concat(report.Dimensions.Select(d => (object?)Signed(p.Shift[d.Id]))).ToArray());
            w.Append("## Pivotal actors\n\n").Append(table).Append('\n');
        }
        foreach (var note in report.Notes) w.Append($"- {note}\n");
        return w.ToString();
    }
}

/// <summary>The forecast as plain data for JSON output: every round of every actor on every dimension.</summary>
public sealed record ForecastDto(
    string Source,
    string Engine,
    string EngineName,
    bool Converged,
    int Rounds,
    IReadOnlyList<ForecastDimensionDto> Dimensions,
    IReadOnlyList<ForecastActorDto> Actors,
    IReadOnlyList<InfluenceDto> Influence,
    IReadOnlyList<PivotalDto>? Pivotal,
    IReadOnlyList<string> Notes,
    string? Chart)
{
    public static ForecastDto From(string source, ForecastResult result, IReadOnlyList<PivotalEffect>? pivotal, IEnumerable<string> extraNotes, string? chart)
    {
        var model = result.Model;
        var dims = model.Dimensions;
        return new ForecastDto(
            source,
            result.Engine,
            result.Engine == "eum" ? "expected-utility model" : "KTAB Spatial Model of Politics",
            result.Converged,
            result.RoundCount,
            result.Forecasts.Select(f => new ForecastDimensionDto(f.Dimension.Id, f.Dimension.Name, f.Dimension.Min, f.Dimension.Max,
                f.Dimension.MinLabel, f.Dimension.MaxLabel, f.Dimension.AnchorPoints.Select(a => new AnchorDto(a.Value, a.Label)).ToList(),
                f.Forecast, f.Method, f.Dimension.NearestAnchor(f.Forecast)?.Label, f.WeightedMean, f.WeightedMedian, f.InitialWeightedMedian)).ToList(),
            model.Actors.Select((a, i) => new ForecastActorDto(a.Name, a.Description, a.Capability.Value,
                dims.Select((d, k) => (d.Id, a.Stances[k].Salience.Value)).ToDictionary(x => x.Id, x => x.Value),
                dims.Select((d, k) => (d.Id, result.Path(i, k))).ToDictionary(x => x.Id, x => x.Item2),
                result.WinProbabilities?.Select(p => p[i]).ToArray())).ToList(),
            PivotalActors.TopInfluences(result, int.MaxValue).Select(x => new InfluenceDto(x.Mover, x.Moved, x.Amount)).ToList(),
            pivotal?.Select(p => new PivotalDto(p.Actor, p.Change, dims.Select((d, k) => (d.Id, p.ForecastShift[k])).ToDictionary(x => x.Id, x => x.Item2), p.MaxRelativeShift)).ToList(),
            result.Notes.Concat(extraNotes).ToList(),
            chart);
    }
}

public sealed record AnchorDto(double Value, string Label);
public sealed record ForecastDimensionDto(string Id, string Name, double Min, double Max, string MinLabel, string MaxLabel, IReadOnlyList<AnchorDto> Anchors,
    double Forecast, string Method, string? NearestAnchor, double WeightedMean, double WeightedMedian, double InitialWeightedMedian);
/// <param name="WinProbabilities">SMP only: per round, the probability that this actor's position wins, as KTAB reports it.</param>
public sealed record ForecastActorDto(string Name, string Description, double Capability, IReadOnlyDictionary<string, double> Saliences, IReadOnlyDictionary<string, double[]> Paths,
    double[]? WinProbabilities = null);
public sealed record InfluenceDto(string Mover, string Moved, double Amount);
public sealed record PivotalDto(string Actor, string Change, IReadOnlyDictionary<string, double> Shift, double MaxRelativeShift);
