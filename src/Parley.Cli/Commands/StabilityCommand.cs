using System.ComponentModel;
using Parley.Analysis.Analyses;
using Parley.Analysis.Contracts;
using Parley.Analysis.Json;
using Parley.Analysis.Results;
using Parley.Cli.Infrastructure;
using Parley.Cli.Output;
using Parley.Core.Diagnostics;
using Parley.Stability.Gmcr;
using Parley.Stability.Model;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Parley.Cli.Commands;

public enum StabilityFormat { Table, Json, Csv, Markdown }

public sealed class StabilitySettings : CommandSettings
{
    [CommandArgument(0, "[SCENARIO]")]
    [Description("A built-in scenario id, a scenario file with a 'conflict' section, or a gmcr-py .gmcr file. Default: ukraine-2022")]
    public string? Scenario { get; init; }

    [CommandOption("--gmcr <FILE>")]
    [Description("A gmcr-py save file (.gmcr) instead of a scenario")]
    public string? Gmcr { get; init; }

    [CommandOption("--status-quo <STATE>")]
    [Description("Status quo analysis from this state: a state number, an option form (YNNY…), the options taken (a,b) or 'default' (the scenario's status_quo)")]
    public string? StatusQuo { get; init; }

    [CommandOption("-c|--concepts <CONCEPTS>")]
    [Description("Comma-separated solution concepts: Nash, GMR, SMR, SEQ, SIM, SEQ+SIM (default: all)")]
    public string? Concepts { get; init; }

    [CommandOption("--explain <STATE>")]
    [Description("Explain the verdicts for one state: each decision maker's improvements and the sanctions that deter them")]
    public string? Explain { get; init; }

    [CommandOption("--coalition <A+B>")]
    [Description("Coalition analysis for these decision makers (ids joined by '+'; repeatable). A .gmcr file's own coalitions are used when none is given")]
    public string[] Coalitions { get; init; } = [];

    [CommandOption("--horizon <H>")]
    [Description("Add limited-move (L_h) stability with this horizon: each decision maker looks H moves ahead (two decision makers only)")]
    public int? Horizon { get; init; }

    [CommandOption("--non-myopic")]
    [Description("Add non-myopic stability (L_h for all large horizons; two decision makers only)")]
    public bool NonMyopic { get; init; }

    [CommandOption("--inverse <STATE>")]
    [Description("Inverse analysis: the preference conditions, in words, under which this state is stable for each decision maker (an equilibrium) under each concept, and how many rankings meet them when the conflict is small")]
    public string? Inverse { get; init; }

    [CommandOption("--concept <CONCEPTS>")]
    [Description("The concept(s) for --inverse and --goal (default: those of --concepts for --inverse, Nash for --goal)")]
    public string? Concept { get; init; }

    [CommandOption("--goal <GOAL>")]
    [Description("Goal seeker (repeatable): stable:STATE or unstable:STATE, optionally :CONCEPT and :DECISION-MAKER; prints the preference relations each decision maker needs, or the goals that contradict each other")]
    public string[] Goals { get; init; } = [];

    [CommandOption("--composite <A+B>")]
    [Description("gmcr-py's coalition analysis: these decision makers act as one composite decision maker (ids joined by '+'; repeatable, disjoint). A .gmcr file's own coalitions are used when none is given")]
    public string[] Composites { get; init; } = [];

    [CommandOption("--threads <N>")]
    [Description("Worker threads (default: every core); does not change the result")]
    public int? Threads { get; init; }

    [CommandOption("--force")]
    [Description("Run even when the estimated time or memory is over the limits (docs/reliability.md)")]
    public bool Force { get; init; }

    [CommandOption("--all-states")]
    [Description("List every state in the table, not only equilibria, even for large conflicts")]
    public bool AllStates { get; init; }

    [CommandOption("-f|--format <FORMAT>")]
    [Description("table (default), json, csv or markdown")]
    [DefaultValue(StabilityFormat.Table)]
    public StabilityFormat Format { get; init; } = StabilityFormat.Table;

    public override ValidationResult Validate() =>
        Scenario is not null && Gmcr is not null ? ValidationResult.Error("give a SCENARIO or --gmcr FILE, not both")
        : Threads is < 1 or > 1024 ? ValidationResult.Error("--threads must be between 1 and 1024")
        : ValidationResult.Success();
}

/// <summary>
/// <c>parley stability</c>: reads a scenario's conflict section or a gmcr-py file, runs the analysis layer's
/// stability contract with the options given and renders its <see cref="StabilityResult"/> as a table, Markdown,
/// CSV or the analysis document (JSON).
/// </summary>
public sealed class StabilityCommand(CliContext context) : Command<StabilitySettings>
{
    public override int Execute(CommandContext commandContext, StabilitySettings settings, CancellationToken cancellationToken)
    {
        var (input, result) = Analyse(settings, context, cancellationToken);
        var writer = context.Out.Profile.Out.Writer;
        switch (settings.Format)
        {
            case StabilityFormat.Json:
                // Written as it is produced: the states of a large conflict are built one by one while the document is written.
                using (var stream = new TextWriterStream(writer, cancellationToken))
                    ResultJson.Write(stream, new StabilityAnalysisContract().Document(input, result));
                writer.WriteLine();
                break;
            case StabilityFormat.Csv:
                StabilityView.WriteCsv(writer, result, cancellationToken);
                break;
            case StabilityFormat.Markdown:
                writer.Write(new StabilityView(result).Markdown());
                break;
            default:
                new StabilityView(result).Render(context.Out, cancellationToken);
                break;
        }
        return ExitCodes.Ok;
    }

    /// <summary>The options of the command line as the contract's options; JSON and CSV list every state.</summary>
    internal static AnalysisOptions Options(StabilitySettings settings) => new()
    {
        StatusQuo = settings.StatusQuo,
        Threads = settings.Threads,
        Concepts = settings.Concepts,
        Coalitions = settings.Coalitions,
        Composites = settings.Composites,
        Horizon = settings.Horizon,
        NonMyopic = settings.NonMyopic,
        Inverse = settings.Inverse,
        InverseConcepts = settings.Concept,
        Goals = settings.Goals,
        Explain = settings.Explain,
        AllStates = settings.AllStates || settings.Format is StabilityFormat.Json or StabilityFormat.Csv,
        Force = settings.Force,
    };

    /// <summary>Loads the input and runs the contract; refusals become the documented exit codes.</summary>
    internal static (ConflictInput Input, StabilityResult Result) Analyse(StabilitySettings settings, CliContext context, CancellationToken cancellationToken)
    {
        var input = Load(settings, context);
        try
        {
            using var progress = new ProgressReporter(context.Error, "analysing the conflict", context.ShowProgress && settings.Format == StabilityFormat.Table);
            return (input, new StabilityAnalysisContract().Compute(input, Options(settings), progress, cancellationToken));
        }
        catch (AnalysisException e)
        {
            throw Refusal(e);
        }
    }

    /// <summary>Command-line flags of the contract's options, put in place of their names in messages.</summary>
    private static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>
    {
        ["statusQuo"] = "--status-quo", ["explain"] = "--explain", ["inverse"] = "--inverse", ["goals"] = "--goal", ["coalitions"] = "--coalition",
        ["composites"] = "--composite", ["horizon"] = "--horizon", ["inverseConcepts"] = "--concept", ["concepts"] = "--concepts",
    };

    private static CliException Refusal(AnalysisException e)
    {
        if (e.Diagnostics.Count == 0) return new CliException(ExitCodes.AnalysisFailed, e.Message);
        var d = e.Diagnostics[0];
        var message = d.Message;
        if (Flags.TryGetValue(d.Path, out var flag) && StabilityAnalysisContract.OptionWords.TryGetValue(d.Path, out var word) && message.StartsWith(word + " ", StringComparison.Ordinal))
            message = flag + message[word.Length..];
        var code = d.Path == Parley.Stability.Scenarios.ConflictSection.SectionName ? ExitCodes.InvalidScenario : d.Code switch
        {
            DiagnosticCodes.UnknownReference => ExitCodes.UnknownName,
            DiagnosticCodes.Syntax or DiagnosticCodes.OutOfRange or DiagnosticCodes.WrongType => ExitCodes.Usage,
            _ => ExitCodes.AnalysisFailed,
        };
        return new CliException(code, message);
    }

    private static ConflictInput Load(StabilitySettings settings, CliContext context)
    {
        var gmcrPath = settings.Gmcr ?? (settings.Scenario is { } s && s.EndsWith(".gmcr", StringComparison.OrdinalIgnoreCase) ? s : null);
        if (gmcrPath is not null)
        {
            if (!File.Exists(gmcrPath)) throw new CliException(ExitCodes.UnknownName, $"file '{gmcrPath}' does not exist");
            try
            {
                return ConflictInput.FromGmcr(Path.GetFileName(gmcrPath), GmcrFile.Load(gmcrPath));
            }
            catch (ConflictModelException e)
            {
                throw new CliException(ExitCodes.InvalidScenario, e.Message);
            }
        }

        var scenario = ScenarioResolver.Resolve(settings.Scenario, context);
        var bag = new DiagnosticBag();
        var input = StabilityAnalysisContract.ReadConflict(scenario, bag);
        foreach (var warning in bag.Items.Where(d => d.Severity == Severity.Warning))
            context.Error.WriteLine($"parley: {warning}");
        if (input is not null) return input;
        var errors = bag.Items.Where(d => d.Severity == Severity.Error).ToList();
        if (!scenario.Extensions.ContainsKey(Parley.Stability.Scenarios.ConflictSection.SectionName))
            throw new CliException(ExitCodes.AnalysisFailed, errors[0].Message);
        throw new CliException(ExitCodes.InvalidScenario, $"the conflict section of '{scenario.Id}' has {errors.Count} error(s)",
            errors.Select(d => d.ToString()).Take(20).ToList());
    }
}
