using System.Buffers;
using System.ComponentModel;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Cli.Infrastructure;
using Parley.Cli.Output;
using Parley.Core.Diagnostics;
using Parley.Stability.Analysis;
using Parley.Stability.Coalitions;
using Parley.Stability.Engine;
using Parley.Stability.Gmcr;
using Parley.Stability.Model;
using Parley.Stability.Scenarios;
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
/// <c>parley stability</c>: the graph-model stability of every state of a scenario's conflict (or a gmcr-py
/// file) for every decision maker under each solution concept, the equilibria, and on request the
/// equilibria reachable from a status quo and explanations of one state's verdicts.
/// </summary>
public sealed class StabilityCommand(CliContext context) : Command<StabilitySettings>
{
    /// <summary>Above this many states the table lists only states that are an equilibrium under some concept.</summary>
    public const int FullTableLimit = 64;

    public override int Execute(CommandContext commandContext, StabilitySettings settings, CancellationToken cancellationToken)
    {
        var report = View(settings, context, cancellationToken);
        var writer = context.Out.Profile.Out.Writer;
        switch (settings.Format)
        {
            case StabilityFormat.Json:
                report.WriteJson(writer, cancellationToken);
                break;
            case StabilityFormat.Csv:
                StabilityReport.WriteCsv(writer, report.Table, cancellationToken);
                break;
            case StabilityFormat.Markdown:
                writer.Write(report.Markdown());
                break;
            default:
                report.Render(context.Out, cancellationToken);
                break;
        }
        return ExitCodes.Ok;
    }

    /// <summary>Above this many states the cost is estimated first (a fraction of a second) and refused over the limits.</summary>
    internal const int EstimateAbove = 1 << 16;

    /// <summary>Loads the input and runs every analysis the settings ask for.</summary>
    internal static StabilityView View(StabilitySettings settings, CliContext context, CancellationToken cancellationToken)
    {
        var input = StabilityInput.Load(settings, context);
        var concepts = ParseConcepts(settings.Concepts);
        ConflictGraph graph;
        try
        {
            graph = ConflictGraph.Build(input.Conflict, new StabilityOptions { MaxDegreeOfParallelism = settings.Threads, Cancellation = cancellationToken });
        }
        catch (ConflictModelException e)
        {
            throw new CliException(ExitCodes.InvalidScenario, $"{input.Origin}: {e.Message}");
        }
        var analyzer = new StabilityAnalyzer(graph);
        if (graph.StateCount > EstimateAbove)
        {
            var estimate = analyzer.Estimate(concepts);
            EngineLimits.Check($"{input.Origin}: the analysis of {graph.StateCount:N0} states ({string.Join(", ", concepts.Select(c => c.Label()))})",
                estimate.Seconds, estimate.Bytes, settings.Force,
                "choose fewer concepts (-c; SIM and SEQ+SIM cost most with few decision makers of many options), add infeasibility conditions or merge options");
        }
        StabilityTable table;
        using (var progress = new ProgressReporter(context.Error, $"analysing {graph.StateCount:N0} states", context.ShowProgress))
            table = analyzer.AnalyzeAll(concepts, progress);
        var statusQuo = settings.StatusQuo is { } sq ? ParseState(graph, input, sq, "--status-quo") : (int?)null;
        var explain = settings.Explain is { } ex ? ParseState(graph, input, ex, "--explain") : (int?)null;
        var coalitions = ParseCoalitions(graph, input, settings.Coalitions);
        var coalitionResults = AnalyzeCoalitions(graph, coalitions, concepts);
        var analyses = StabilityAnalyses.Run(graph, input, settings, concepts);
        var report = new StabilityView(input, graph, table, concepts, statusQuo, explain, settings.AllStates || graph.StateCount <= FullTableLimit, coalitionResults, analyses);
        return report;
    }

    internal static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static IReadOnlyList<SolutionConcept> ParseConcepts(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return SolutionConcepts.All;
        var result = new List<SolutionConcept>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                result.Add(SolutionConcepts.Parse(part));
            }
            catch (ArgumentException e)
            {
                throw new CliException(ExitCodes.Usage, e.Message);
            }
        }
        return result.Distinct().ToArray();
    }

    private static IReadOnlyList<Coalition> ParseCoalitions(ConflictGraph graph, StabilityInput input, string[] texts)
    {
        var names = graph.Conflict.DecisionMakers.Select(d => d.Name).ToArray();
        if (texts.Length == 0)
            return input.Gmcr is { } doc && GmcrFile.Coalitions(doc) is { } groups
                ? groups.Where(g => g.Count > 1).Select(g => Coalition.Of(g.ToArray())).ToArray()
                : [];
        return texts.Select(text =>
        {
            var members = text.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(name =>
            {
                var d = Array.FindIndex(names, n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
                if (d < 0)
                    throw new CliException(ExitCodes.UnknownName,
                        $"--coalition {text}: unknown decision maker '{name}'{Parley.Core.Format.DidYouMean.Hint(name, names)}; decision makers: {string.Join(", ", names)}");
                return d;
            }).ToArray();
            if (members.Length == 0) throw new CliException(ExitCodes.Usage, $"--coalition '{text}' names no decision maker");
            return Coalition.Of(members);
        }).Distinct().ToArray();
    }

    private static IReadOnlyList<CoalitionResult> AnalyzeCoalitions(ConflictGraph graph, IReadOnlyList<Coalition> coalitions, IReadOnlyList<SolutionConcept> concepts)
    {
        if (coalitions.Count == 0) return [];
        if (graph.StateCount > CoalitionAnalyzer.MaxStates)
            throw new CliException(ExitCodes.AnalysisFailed, $"coalition analysis supports at most {CoalitionAnalyzer.MaxStates} states; this conflict has {graph.StateCount}");
        var analyzer = new CoalitionAnalyzer(graph);
        var supported = concepts.Where(CoalitionAnalyzer.Concepts.Contains).ToArray();
        return coalitions.Select(c => new CoalitionResult(c, supported.ToDictionary(concept => concept, concept => analyzer.Stable(concept, c)))).ToArray();
    }

    /// <summary>A state given on the command line: a number, an option form, the options taken, or <c>default</c> for the input's status quo.</summary>
    internal static int ParseState(ConflictGraph graph, StabilityInput input, string text, string option)
    {
        if (text.Equals("default", StringComparison.OrdinalIgnoreCase))
            return input.StatusQuo is { } code
                ? graph.IndexOf(code)
                : throw new CliException(ExitCodes.UnknownName, $"{option} default: {input.Origin} names no status quo (a 'status_quo' list in its conflict section); give the state instead");
        try
        {
            return StateNotation.Parse(graph, text);
        }
        catch (StateNotationException e)
        {
            throw new CliException(e.UnknownName ? ExitCodes.UnknownName : ExitCodes.Usage, $"{option} {text}: {e.Message}");
        }
    }
}

/// <summary>The states stable for one coalition, per concept (Nash, GMR, SMR, SEQ).</summary>
internal sealed record CoalitionResult(Coalition Coalition, IReadOnlyDictionary<SolutionConcept, StateSet> Stable);

/// <summary>The conflict to analyse, from a scenario's conflict section or a gmcr-py file.</summary>
internal sealed record StabilityInput(string Origin, Conflict Conflict, IReadOnlyList<string> DecisionMakerNames, IReadOnlyList<string>? OptionLabels,
    ulong? StatusQuo, GmcrDocument? Gmcr)
{
    public static StabilityInput Load(StabilitySettings settings, CliContext context)
    {
        var gmcrPath = settings.Gmcr ?? (settings.Scenario is { } s && s.EndsWith(".gmcr", StringComparison.OrdinalIgnoreCase) ? s : null);
        if (gmcrPath is not null) return FromGmcr(gmcrPath);

        var scenario = ScenarioResolver.Resolve(settings.Scenario, context);
        var bag = new DiagnosticBag();
        var conflict = ConflictSection.Read(scenario, bag);
        foreach (var warning in bag.Items.Where(d => d.Severity == Severity.Warning))
            context.Error.WriteLine($"parley: {warning}");
        if (conflict is null)
        {
            var errors = bag.Items.Where(d => d.Severity == Severity.Error).ToList();
            if (!scenario.Extensions.ContainsKey(ConflictSection.SectionName))
                throw new CliException(ExitCodes.AnalysisFailed, errors[0].Message);
            throw new CliException(ExitCodes.InvalidScenario, $"the conflict section of '{scenario.Id}' has {errors.Count} error(s)",
                errors.Select(d => d.ToString()).Take(20).ToList());
        }
        return new StabilityInput(scenario.Id, conflict.Conflict, conflict.DecisionMakerNames, conflict.OptionLabels, conflict.StatusQuo, null);
    }

    private static StabilityInput FromGmcr(string path)
    {
        if (!File.Exists(path)) throw new CliException(ExitCodes.UnknownName, $"file '{path}' does not exist");
        try
        {
            var document = GmcrFile.Load(path);
            var conflict = GmcrFile.ToConflict(document);
            return new StabilityInput(Path.GetFileName(path), conflict, conflict.DecisionMakers.Select(d => d.Name).ToArray(), null, null, document);
        }
        catch (ConflictModelException e)
        {
            throw new CliException(ExitCodes.InvalidScenario, e.Message);
        }
    }
}

/// <summary>Renders the analysis as a console table, Markdown or JSON.</summary>
internal sealed class StabilityView(
    StabilityInput input, ConflictGraph graph, StabilityTable table, IReadOnlyList<SolutionConcept> concepts, int? statusQuo, int? explain, bool allStates,
    IReadOnlyList<CoalitionResult> coalitions, StabilityAnalyses analyses)
{
    public StabilityTable Table => table;

    private IEnumerable<string> CoalitionLines()
    {
        foreach (var c in coalitions)
        {
            yield return $"# Coalition {c.Coalition.Label(graph)}";
            foreach (var (concept, stable) in c.Stable)
            {
                var robust = table.Equilibria(concept).Members().Where(stable.Contains).ToArray();
                yield return $"{concept.Label()}: {stable.Count} states stable for the coalition; equilibria also stable for it: " +
                             (robust.Length == 0 ? "none" : string.Join("; ", robust.Select(s => $"{s + 1} [{Taken(s)}]")));
                var upset = table.Equilibria(concept).Members().Where(s => !stable.Contains(s)).ToArray();
                if (upset.Length > 0)
                    yield return $"  upset by the coalition: {string.Join("; ", upset.Select(s => $"{s + 1} [{Taken(s)}]"))}";
            }
        }
    }

    private string Dm(int d) => graph.Conflict.DecisionMakers[d].Name;

    private string StateLabel(int s) => $"{s + 1} ({graph.OptionForm(s)})";

    private string Taken(int s) => string.Join(", ", StateNotation.TakenOptions(graph, graph.Codes[s]) is { Count: > 0 } t ? t : ["none"]);

    private string Marks(SolutionConcept concept, int s)
    {
        var marks = new string(Enumerable.Range(0, graph.DecisionMakerCount).Select(d => table.IsStable(concept, d, s) ? 'S' : '.').ToArray());
        return table.Equilibria(concept).Contains(s) ? marks + " E" : marks;
    }

    private IEnumerable<int> ListedStates()
    {
        if (allStates) return Enumerable.Range(0, graph.StateCount);
        var any = new StateSet(graph.StateCount);
        foreach (var concept in concepts) any.UnionWith(table.Equilibria(concept));
        foreach (var column in analyses.Columns) any.UnionWith(column.Equilibria);
        return any.Members();
    }

    private string Header() =>
        $"{input.Origin}: conflict '{graph.Conflict.Name}', {graph.DecisionMakerCount} decision makers, {graph.OptionCount} options, {graph.StateCount} feasible states";

    private string Legend() =>
        $"S = stable for the decision maker at that position ({string.Join(", ", Enumerable.Range(0, graph.DecisionMakerCount).Select(Dm))}); . = unstable; E = equilibrium.";

    private string OptionsLegend() =>
        "Options (option-form order): " + string.Join("; ", graph.Conflict.Options.Select((o, k) =>
            $"{k + 1}. {o.Name}{(input.OptionLabels is { } l && l[k] != o.Name ? $" = {l[k]}" : "")} [{OwnerOf(k)}]{(o.Direction == OptionDirection.Both ? "" : $" ({o.Direction.ToString().ToLowerInvariant()} only)")}"));

    private string OwnerOf(int option) => graph.Conflict.DecisionMakers.First(d => d.Options.Contains(option)).Name;

    public void Render(IAnsiConsole o, CancellationToken cancellation = default)
    {
        o.MarkupLine($"[bold]{Markup.Escape(Header())}[/]");
        o.MarkupLine(Markup.Escape(OptionsLegend()));
        var listed = ListedStates();
        var rowCount = allStates ? graph.StateCount : ((ICollection<int>)(listed = listed.ToList())).Count;
        if (rowCount > PlainTableRows)
            WritePlainRows(o.Profile.Out.Writer, listed, cancellation);
        else
        {
            var t = new Table().AddColumns("state", "option form", "taken");
            foreach (var concept in concepts) t.AddColumn(concept.Label());
            foreach (var column in analyses.Columns) t.AddColumn(column.Label);
            foreach (var s in listed)
                t.AddRow([(s + 1).ToString(), graph.OptionForm(s), Markup.Escape(Taken(s)), .. concepts.Select(c => table.Equilibria(c).Contains(s) ? $"[green]{Marks(c, s)}[/]" : Marks(c, s)),
                    .. analyses.Columns.Select(c => c.Equilibria.Contains(s) ? $"[green]{c.Marks(s)}[/]" : c.Marks(s))]);
            o.Write(t);
        }
        if (!allStates) o.MarkupLine($"[grey]Only the states that are an equilibrium under some concept are listed; --all-states lists all {graph.StateCount}.[/]");
        o.MarkupLine(Markup.Escape(Legend()));
        o.MarkupLine("[bold]Equilibria[/]");
        foreach (var concept in concepts)
        {
            var eq = table.Equilibria(concept).Members().ToArray();
            o.MarkupLine(Markup.Escape($"  {concept.Label(),-8} {eq.Length,4}: {string.Join("; ", eq.Take(30).Select(s => $"{s + 1} [{Taken(s)}]"))}{(eq.Length > 30 ? "; …" : "")}"));
        }
        foreach (var column in analyses.Columns)
        {
            var eq = column.Equilibria.Members().ToArray();
            o.MarkupLine(Markup.Escape($"  {column.Label,-8} {eq.Length,4}: {string.Join("; ", eq.Take(30).Select(s => $"{s + 1} [{Taken(s)}]"))}{(eq.Length > 30 ? "; …" : "")}"));
        }
        foreach (var line in CoalitionLines()) o.MarkupLine(line.StartsWith('#') ? $"[bold]{Markup.Escape(line.TrimStart('#', ' '))}[/]" : Markup.Escape(line));
        foreach (var line in StatusQuoLines()) o.MarkupLine(line.StartsWith('#') ? $"[bold]{Markup.Escape(line.TrimStart('#', ' '))}[/]" : Markup.Escape(line));
        foreach (var line in ExplanationLines()) o.MarkupLine(line.StartsWith('#') ? $"[bold]{Markup.Escape(line.TrimStart('#', ' '))}[/]" : Markup.Escape(line));
        foreach (var line in analyses.Lines(graph, Taken)) o.MarkupLine(line.StartsWith('#') ? $"[bold]{Markup.Escape(line.TrimStart('#', ' '))}[/]" : Markup.Escape(line));
    }

    /// <summary>
    /// Above this many rows the table is written as plain fixed-width lines, one per state as it is formatted:
    /// Spectre's layout measures every cell of every row first, which took 19 s for 1.5·10^5 states (the
    /// analysis itself 2.4 s).
    /// </summary>
    internal const int PlainTableRows = 500;

    internal void WritePlainRows(TextWriter writer, IEnumerable<int> states, CancellationToken cancellation = default)
    {
        var labels = concepts.Select(c => c.Label()).Concat(analyses.Columns.Select(c => c.Label)).ToArray();
        var width = labels.Select(l => Math.Max(l.Length, graph.DecisionMakerCount + 2)).ToArray();
        var numberWidth = Math.Max(5, graph.StateCount.ToString().Length);
        var formWidth = Math.Max("option form".Length, graph.OptionCount);
        var line = new StringBuilder();
        line.Append("state".PadLeft(numberWidth)).Append("  ").Append("option form".PadRight(formWidth));
        for (var c = 0; c < labels.Length; c++) line.Append("  ").Append(labels[c].PadRight(width[c]));
        line.Append("  taken");
        writer.WriteLine(line.ToString());
        var rows = 0;
        foreach (var s in states)
        {
            if ((rows++ & 1023) == 0) cancellation.ThrowIfCancellationRequested();
            line.Clear();
            line.Append((s + 1).ToString().PadLeft(numberWidth)).Append("  ").Append(graph.OptionForm(s).PadRight(formWidth));
            var c = 0;
            foreach (var concept in concepts) line.Append("  ").Append(Marks(concept, s).PadRight(width[c++]));
            foreach (var column in analyses.Columns) line.Append("  ").Append(column.Marks(s).PadRight(width[c++]));
            line.Append("  ").Append(Taken(s));
            writer.WriteLine(line.ToString());
        }
    }

    public string Markdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"## Stability: {graph.Conflict.Name}").AppendLine().AppendLine(Header() + ".").AppendLine().AppendLine(OptionsLegend()).AppendLine();
        var md = new MarkdownTable(["state", "option form", "taken", .. concepts.Select(c => c.Label()), .. analyses.Columns.Select(c => c.Label)]);
        foreach (var s in ListedStates()) md.Add([s + 1, graph.OptionForm(s), Taken(s), .. concepts.Select(c => Marks(c, s)), .. analyses.Columns.Select(c => c.Marks(s))]);
        sb.Append(md).AppendLine().AppendLine(Legend()).AppendLine();
        var eqTable = new MarkdownTable("concept", "equilibria", "states");
        foreach (var concept in concepts)
        {
            var eq = table.Equilibria(concept).Members().ToArray();
            eqTable.Add(concept.Label(), eq.Length, string.Join("; ", eq.Select(s => $"{s + 1} ({Taken(s)})")));
        }
        foreach (var column in analyses.Columns)
        {
            var eq = column.Equilibria.Members().ToArray();
            eqTable.Add(column.Label, eq.Length, string.Join("; ", eq.Select(s => $"{s + 1} ({Taken(s)})")));
        }
        sb.AppendLine("### Equilibria").AppendLine().Append(eqTable);
        foreach (var line in CoalitionLines().Concat(StatusQuoLines()).Concat(ExplanationLines()).Concat(analyses.Lines(graph, Taken)))
            sb.AppendLine(line.StartsWith('#') ? Environment.NewLine + "###" + line.TrimStart('#') + Environment.NewLine : line);
        return sb.ToString();
    }

    private string PathText(ConflictPath? path) => path is null ? "not reachable"
        : path.Moves.Count == 0 ? "already there"
        : string.Join(", then ", path.Moves.Select(m => $"{Dm(m.Mover)} → {StateLabel(m.State)}"));

    private IEnumerable<string> StatusQuoLines()
    {
        if (statusQuo is not { } sq) yield break;
        yield return $"# From the status quo {StateLabel(sq)} [{Taken(sq)}]";
        var analysis = new StatusQuoAnalysis(graph);
        foreach (var concept in concepts)
        {
            var reachable = analysis.ReachableEquilibria(sq, table.Equilibria(concept));
            yield return $"{concept.Label()}: {reachable.Count} of {table.Equilibria(concept).Count} equilibria reachable by legal moves";
            foreach (var r in reachable)
            {
                yield return $"  {StateLabel(r.State)} [{Taken(r.State)}]";
                yield return $"    by moves:        {PathText(r.ByMoves)}";
                yield return $"    by improvements: {PathText(r.ByImprovements)}";
            }
        }
    }

    private IEnumerable<string> ExplanationLines()
    {
        if (explain is not { } s) yield break;
        yield return $"# Why state {StateLabel(s)} [{Taken(s)}] is or is not stable";
        var explainer = new StabilityExplainer(graph);
        foreach (var concept in concepts)
            for (var d = 0; d < graph.DecisionMakerCount; d++)
                yield return explainer.Explain(concept, d, s).Describe(graph);
    }

    /// <summary>
    /// The same document as <see cref="Json"/>, written as a stream: the states, which make up nearly all of a large
    /// document (263 MB at 36,864 states), go out one by one through a 64 KB buffer instead of being built as nodes
    /// first (which took 12.8 GB and failed at 147,456 states).
    /// </summary>
    public void WriteJson(TextWriter output, CancellationToken cancellation = default)
    {
        var root = Json(includeStates: false);
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        foreach (var (name, node) in root)
        {
            if (name == "states")
            {
                writer.WriteStartArray(name);
                for (var s = 0; s < graph.StateCount; s++)
                {
                    StabilityReport.WriteState(writer, table, s, includeMoves: true, StateNotation.TakenOptions(graph, graph.Codes[s]));
                    if (writer.BytesPending + buffer.WrittenCount >= 1 << 16)
                    {
                        cancellation.ThrowIfCancellationRequested();
                        Flush();
                    }
                }
                writer.WriteEndArray();
                continue;
            }
            writer.WritePropertyName(name);
            if (node is null) writer.WriteNullValue();
            else node.WriteTo(writer);
        }
        writer.WriteEndObject();
        Flush();
        output.WriteLine();

        void Flush()
        {
            writer.Flush();
            output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
            buffer.ResetWrittenCount();
        }
    }

    public JsonObject Json(bool includeStates = true)
    {
        var root = StabilityReport.Json(table, includeStates: includeStates);
        root["source"] = input.Origin;
        root["decisionMakerNames"] = new JsonArray(input.DecisionMakerNames.Select(n => (JsonNode)n).ToArray());
        if (input.OptionLabels is { } labels) root["optionLabels"] = new JsonArray(labels.Select(n => (JsonNode)n).ToArray());
        foreach (var state in root["states"]!.AsArray())
        {
            var s = state!["number"]!.GetValue<int>() - 1;
            state["taken"] = new JsonArray(StateNotation.TakenOptions(graph, graph.Codes[s]).Select(n => (JsonNode)n).ToArray());
        }
        if (coalitions.Count > 0)
            root["coalitions"] = new JsonArray(coalitions.Select(c =>
            {
                var stable = new JsonObject();
                var equilibria = new JsonObject();
                foreach (var (concept, set) in c.Stable)
                {
                    stable[concept.Label()] = new JsonArray(set.Members().Select(s => (JsonNode)(s + 1)).ToArray());
                    equilibria[concept.Label()] = new JsonArray(table.Equilibria(concept).Members().Where(set.Contains).Select(s => (JsonNode)(s + 1)).ToArray());
                }
                return (JsonNode)new JsonObject
                {
                    ["members"] = new JsonArray(c.Coalition.Indexes().Select(d => (JsonNode)Dm(d)).ToArray()),
                    ["stable"] = stable,
                    ["equilibriaStableForCoalition"] = equilibria,
                };
            }).ToArray());
        if (statusQuo is { } sq)
        {
            var analysis = new StatusQuoAnalysis(graph);
            var reachable = new JsonObject();
            foreach (var concept in concepts)
                reachable[concept.Label()] = new JsonArray(analysis.ReachableEquilibria(sq, table.Equilibria(concept)).Select(r => (JsonNode)new JsonObject
                {
                    ["state"] = r.State + 1,
                    ["optionForm"] = graph.OptionForm(r.State),
                    ["byMoves"] = PathJson(r.ByMoves),
                    ["byImprovements"] = PathJson(r.ByImprovements),
                }).ToArray());
            root["statusQuo"] = new JsonObject { ["state"] = sq + 1, ["optionForm"] = graph.OptionForm(sq), ["reachableEquilibria"] = reachable };
        }
        if (explain is { } e)
        {
            var explainer = new StabilityExplainer(graph);
            var items = new JsonArray();
            foreach (var concept in concepts)
                for (var d = 0; d < graph.DecisionMakerCount; d++)
                {
                    var x = explainer.Explain(concept, d, e);
                    items.Add(new JsonObject
                    {
                        ["concept"] = concept.Label(),
                        ["decisionMaker"] = Dm(d),
                        ["stable"] = x.Stable,
                        ["perceived"] = x.Perceived,
                        ["improvements"] = new JsonArray(x.Improvements.Select(i => (JsonNode)new JsonObject
                        {
                            ["target"] = i.Target + 1,
                            ["sanctioned"] = i.Sanctioned,
                            ["simultaneous"] = i.Simultaneous,
                            ["sanction"] = i.Sanction is null ? null : MovesJson(i.Sanction),
                        }).ToArray()),
                        ["text"] = x.Describe(graph),
                    });
                }
            root["explanation"] = new JsonObject { ["state"] = e + 1, ["verdicts"] = items };
        }
        analyses.AddJson(root, graph);
        return root;
    }

    private JsonNode? PathJson(ConflictPath? path) => path is null ? null : MovesJson(path.Moves);

    private JsonArray MovesJson(IReadOnlyList<MoveStep> moves) =>
        new(moves.Select(m => (JsonNode)new JsonObject { ["mover"] = Dm(m.Mover), ["state"] = m.State + 1 }).ToArray());
}
