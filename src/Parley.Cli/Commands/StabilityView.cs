using System.Text;
using Parley.Analysis.Contracts;
using Parley.Analysis.Results;
using Parley.Cli.Output;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary>Renders a <see cref="StabilityResult"/> as a console table, Markdown or CSV.</summary>
internal sealed class StabilityView
{
    private readonly StabilityResult _result;
    /// <summary>Per extra column, per decision maker: the states stable for it.</summary>
    private readonly HashSet<int>[][] _columnStable;
    private readonly HashSet<int>[] _columnEquilibria;

    public StabilityView(StabilityResult result)
    {
        _result = result;
        _columnStable = result.ExtraVerdicts.Select(c => result.DecisionMakers.Select(d => c.Stable[d].ToHashSet()).ToArray()).ToArray();
        _columnEquilibria = result.ExtraVerdicts.Select(c => c.Equilibria.ToHashSet()).ToArray();
    }

    /// <summary>
    /// Above this many rows the table is written as plain fixed-width lines, one per state as it is formatted:
    /// Spectre's layout measures every cell of every row first, which took 19 s for 1.5·10^5 states (the
    /// analysis itself 2.4 s).
    /// </summary>
    internal const int PlainTableRows = 500;

    /// <summary>A listed state by its number (every equilibrium and the status quo are listed).</summary>
    private StabilityStateDto? Find(int number)
    {
        var states = _result.States;
        if (_result.AllStatesListed) return number >= 1 && number <= states.Count ? states[number - 1] : null;
        int low = 0, high = states.Count - 1;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            var n = states[mid].Number;
            if (n == number) return states[mid];
            if (n < number) low = mid + 1;
            else high = mid - 1;
        }
        return null;
    }

    private static string TakenText(IReadOnlyList<string> taken) => taken.Count == 0 ? "none" : string.Join(", ", taken);

    private string Taken(int number) => Find(number) is { } s ? TakenText(s.Taken) : "?";

    private static string Marks(StabilityStateDto s, string concept) =>
        string.Concat(s.Stable[concept].Select(x => x ? 'S' : '.')) + (s.EquilibriumUnder.Contains(concept) ? " E" : "");

    private string ColumnMarks(int column, StabilityStateDto s) =>
        string.Concat(_columnStable[column].Select(set => set.Contains(s.Number) ? 'S' : '.')) + (_columnEquilibria[column].Contains(s.Number) ? " E" : "");

    private string Header() =>
        $"{_result.Source}: conflict '{_result.Conflict}', {_result.DecisionMakers.Count} decision makers, {_result.Options.Count} options, {_result.StateCount} feasible states";

    private string Legend() =>
        $"S = stable for the decision maker at that position ({string.Join(", ", _result.DecisionMakers)}); . = unstable; E = equilibrium.";

    private string OptionsLegend() =>
        "Options (option-form order): " + string.Join("; ", _result.Options.Select(o =>
            $"{o.Number}. {o.Id}{(o.Label != o.Id ? $" = {o.Label}" : "")} [{o.DecisionMaker}]{(o.Direction == "both" ? "" : $" ({o.Direction} only)")}"));

    private IEnumerable<string> Labels => _result.Concepts.Concat(_result.ExtraVerdicts.Select(c => c.Label));

    private IEnumerable<string> RowMarks(StabilityStateDto s) =>
        _result.Concepts.Select(c => Marks(s, c)).Concat(_result.ExtraVerdicts.Select((_, k) => ColumnMarks(k, s)));

    private IEnumerable<(string Label, IReadOnlyList<int> States)> EquilibriaRows() =>
        _result.Concepts.Select(c => (c, _result.Equilibria[c])).Concat(_result.ExtraVerdicts.Select(c => (c.Label, c.Equilibria)));

    public void Render(IAnsiConsole o, CancellationToken cancellation = default)
    {
        o.MarkupLine($"[bold]{Markup.Escape(Header())}[/]");
        o.MarkupLine(Markup.Escape(OptionsLegend()));
        if (_result.States.Count > PlainTableRows)
            WritePlainRows(o.Profile.Out.Writer, cancellation);
        else
        {
            var t = new Table().AddColumns("state", "option form", "taken");
            foreach (var label in Labels) t.AddColumn(label);
            foreach (var s in _result.States)
            {
                var equilibria = _result.Concepts.Select(c => s.EquilibriumUnder.Contains(c)).Concat(_columnEquilibria.Select(e => e.Contains(s.Number))).ToArray();
                t.AddRow([s.Number.ToString(), s.OptionForm, Markup.Escape(TakenText(s.Taken)),
                    .. RowMarks(s).Select((m, k) => equilibria[k] ? $"[green]{m}[/]" : m)]);
            }
            o.Write(t);
        }
        if (!_result.AllStatesListed) o.MarkupLine($"[grey]Only the states that are an equilibrium under some concept are listed; --all-states lists all {_result.StateCount}.[/]");
        o.MarkupLine(Markup.Escape(Legend()));
        o.MarkupLine("[bold]Equilibria[/]");
        foreach (var (label, states) in EquilibriaRows())
            o.MarkupLine(Markup.Escape($"  {label,-8} {states.Count,4}: {string.Join("; ", states.Take(30).Select(s => $"{s} [{Taken(s)}]"))}{(states.Count > 30 ? "; …" : "")}"));
        foreach (var line in Sections())
            o.MarkupLine(line.StartsWith('#') ? $"[bold]{Markup.Escape(line.TrimStart('#', ' '))}[/]" : Markup.Escape(line));
    }

    internal void WritePlainRows(TextWriter writer, CancellationToken cancellation = default)
    {
        var labels = Labels.ToArray();
        var dms = _result.DecisionMakers.Count;
        var width = labels.Select(l => Math.Max(l.Length, dms + 2)).ToArray();
        var numberWidth = Math.Max(5, _result.StateCount.ToString().Length);
        var formWidth = Math.Max("option form".Length, _result.Options.Count);
        var line = new StringBuilder();
        line.Append("state".PadLeft(numberWidth)).Append("  ").Append("option form".PadRight(formWidth));
        for (var c = 0; c < labels.Length; c++) line.Append("  ").Append(labels[c].PadRight(width[c]));
        line.Append("  taken");
        writer.WriteLine(line.ToString());
        var rows = 0;
        foreach (var s in _result.States)
        {
            if ((rows++ & 1023) == 0) cancellation.ThrowIfCancellationRequested();
            line.Clear();
            line.Append(s.Number.ToString().PadLeft(numberWidth)).Append("  ").Append(s.OptionForm.PadRight(formWidth));
            var c = 0;
            foreach (var marks in RowMarks(s)) line.Append("  ").Append(marks.PadRight(width[c++]));
            line.Append("  ").Append(TakenText(s.Taken));
            writer.WriteLine(line.ToString());
        }
    }

    public string Markdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"## Stability: {_result.Conflict}").AppendLine().AppendLine(Header() + ".").AppendLine().AppendLine(OptionsLegend()).AppendLine();
        var md = new MarkdownTable(["state", "option form", "taken", .. Labels]);
        foreach (var s in _result.States) md.Add([s.Number, s.OptionForm, TakenText(s.Taken), .. RowMarks(s)]);
        sb.Append(md).AppendLine().AppendLine(Legend()).AppendLine();
        var eqTable = new MarkdownTable("concept", "equilibria", "states");
        foreach (var (label, states) in EquilibriaRows())
            eqTable.Add(label, states.Count, string.Join("; ", states.Select(s => $"{s} ({Taken(s)})")));
        sb.AppendLine("### Equilibria").AppendLine().Append(eqTable);
        foreach (var line in Sections())
            sb.AppendLine(line.StartsWith('#') ? Environment.NewLine + "###" + line.TrimStart('#') + Environment.NewLine : line);
        return sb.ToString();
    }

    /// <summary>The table of every state as CSV, written row by row: state, decimal code, option form, payoffs, then per concept each decision maker's flag and the equilibrium flag.</summary>
    public static void WriteCsv(TextWriter writer, StabilityResult result, CancellationToken cancellation = default)
    {
        var sb = new StringBuilder();
        sb.Append("state,decimal,option_form");
        foreach (var dm in result.DecisionMakers) sb.Append(",payoff_").Append(CsvName(dm));
        foreach (var concept in result.Concepts)
        {
            foreach (var dm in result.DecisionMakers) sb.Append(',').Append(concept).Append('_').Append(CsvName(dm));
            sb.Append(',').Append(concept).Append("_equilibrium");
        }
        sb.AppendLine();
        foreach (var s in result.States)
        {
            sb.Append(s.Number).Append(',').Append(s.Decimal).Append(',').Append(s.OptionForm);
            foreach (var payoff in s.Payoffs) sb.Append(',').Append(payoff);
            foreach (var concept in result.Concepts)
            {
                foreach (var flag in s.Stable[concept]) sb.Append(',').Append(flag ? "1" : "0");
                sb.Append(',').Append(s.EquilibriumUnder.Contains(concept) ? "1" : "0");
            }
            sb.AppendLine();
            if (sb.Length >= 1 << 16)
            {
                cancellation.ThrowIfCancellationRequested();
                writer.Write(sb);
                sb.Clear();
            }
        }
        writer.Write(sb);
    }

    private static string CsvName(string name) => new(name.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());

    /// <summary>The parts after the table, as text lines (a line starting with '#' is a heading).</summary>
    private IEnumerable<string> Sections() =>
        CoalitionLines().Concat(StatusQuoLines()).Concat(ExplanationLines()).Concat(ColumnNotes()).Concat(CompositeLines()).Concat(InverseLines()).Concat(GoalLines());

    private static string StateLabel(int number, string optionForm) => $"{number} ({optionForm})";

    private static string PathText(IReadOnlyList<StabilityMoveDto>? path) => path is null ? "not reachable"
        : path.Count == 0 ? "already there"
        : string.Join(", then ", path.Select(m => $"{m.Mover} → {StateLabel(m.State, m.OptionForm)}"));

    private IEnumerable<string> CoalitionLines()
    {
        foreach (var c in _result.Coalitions)
        {
            yield return $"# Coalition {string.Join("+", c.Members)}";
            foreach (var (concept, stable) in c.Stable)
            {
                var robust = c.EquilibriaStableForCoalition[concept];
                yield return $"{concept}: {stable.Count} states stable for the coalition; equilibria also stable for it: " +
                             (robust.Count == 0 ? "none" : string.Join("; ", robust.Select(s => $"{s} [{Taken(s)}]")));
                var upset = _result.Equilibria[concept].Where(s => !stable.Contains(s)).ToArray();
                if (upset.Length > 0)
                    yield return $"  upset by the coalition: {string.Join("; ", upset.Select(s => $"{s} [{Taken(s)}]"))}";
            }
        }
    }

    private IEnumerable<string> StatusQuoLines()
    {
        if (_result.StatusQuo is not { } sq) yield break;
        yield return $"# From the status quo {StateLabel(sq.State, sq.OptionForm)} [{TakenText(sq.Taken)}]";
        foreach (var concept in _result.Concepts)
        {
            var reachable = sq.ReachableEquilibria[concept];
            yield return $"{concept}: {reachable.Count} of {_result.Equilibria[concept].Count} equilibria reachable by legal moves";
            foreach (var r in reachable)
            {
                yield return $"  {StateLabel(r.State, r.OptionForm)} [{TakenText(r.Taken)}]";
                yield return $"    by moves:        {PathText(r.ByMoves)}";
                yield return $"    by improvements: {PathText(r.ByImprovements)}";
            }
        }
    }

    private IEnumerable<string> ExplanationLines()
    {
        if (_result.Explanation is not { } x) yield break;
        yield return $"# Why state {StateLabel(x.State, x.OptionForm)} [{TakenText(x.Taken)}] is or is not stable";
        foreach (var verdict in x.Verdicts) yield return verdict.Text;
    }

    private IEnumerable<string> ColumnNotes() => _result.ExtraVerdicts.Select(c => $"{c.Label}: {c.Note}.");

    private IEnumerable<string> CompositeLines()
    {
        if (_result.Composite is not { } composite) yield break;
        yield return $"# Composite decision makers ({(composite.Source == "requested" ? "--composite" : "the file's gmcr-py coalitions")}): {string.Join(", ", composite.DecisionMakers)}";
        yield return "gmcr-py's coalition analysis: each coalition acts as one decision maker controlling all its members' options and " +
                     "prefers a state only when every member strictly prefers it. S marks per effective decision maker in this order.";
        foreach (var (concept, eq) in composite.Equilibria)
            yield return $"{concept}: {eq.Count} equilibria: {(eq.Count == 0 ? "none" : string.Join("; ", eq.Select(x => $"{x} [{Taken(x)}]")))}";
        foreach (var (concept, perGroup) in composite.Stable)
            foreach (var (group, states) in perGroup)
                yield return $"  {concept} stable for {group}: {string.Join(", ", states)}";
    }

    private IEnumerable<string> InverseLines()
    {
        if (_result.Inverse is not { } inverse) yield break;
        var s = inverse.State;
        yield return $"# What makes state {StateLabel(s, inverse.OptionForm)} [{TakenText(inverse.Taken)}] stable";
        foreach (var item in inverse.Concepts)
        {
            yield return $"{item.Concept}: state {s} is an equilibrium exactly when every decision maker finds it stable:";
            foreach (var condition in item.Conditions)
            {
                yield return $"  stable for {condition.DecisionMaker} iff {condition.Text}";
                if (condition.MustNotPrefer is { Count: > 0 } moves)
                    yield return $"    in words: {condition.DecisionMaker} must not prefer {string.Join(", nor ", moves)}, while the others keep to state {s}";
            }
            yield return item.RankingCount is { } count
                ? $"  strict rankings (no ties) making it an equilibrium: {count} of {item.RankingsExamined}"
                : $"  rankings not counted: {item.CountNote}";
        }
        foreach (var line in StateLegend(inverse.StatesMentioned)) yield return line;
    }

    private IEnumerable<string> GoalLines()
    {
        if (_result.Goals is not { } goals) yield break;
        yield return "# Goal seeking";
        foreach (var goal in goals.Goals) yield return $"goal: {goal}";
        if (goals.Achievable)
        {
            var forms = goals.StatesMentioned.ToDictionary(s => s.Number, s => s.OptionForm);
            string Relation(GoalRelationDto r) => $"{StateLabel(r.Better, forms[r.Better])} {(r.Strict ? "≻" : "⪰")} {StateLabel(r.Worse, forms[r.Worse])}";
            yield return "Achievable. Preference relations that suffice (each decision maker's ranking must contain these):";
            foreach (var dm in _result.DecisionMakers)
            {
                var relations = goals.Relations.Where(r => r.DecisionMaker == dm).ToArray();
                yield return $"  {dm}: " + (relations.Length == 0 ? "no requirement" : string.Join("; ", relations.Select(Relation)));
            }
            foreach (var line in StateLegend(goals.StatesMentioned)) yield return line;
        }
        else yield return goals.Decided ? $"Not achievable: {goals.Explanation}." : $"Not decided: {goals.Explanation}.";
    }

    private static IEnumerable<string> StateLegend(IReadOnlyList<StabilityStateRefDto> states)
    {
        if (states.Count == 0) yield break;
        var shown = AnalysisDefaults.StabilityStatesMentioned;
        yield return "States mentioned (options taken): " + string.Join("; ", states.Take(shown).Select(s => $"{s.Number} ({s.OptionForm}) = {TakenText(s.Taken)}")) +
                     (states.Count > shown ? "; …" : "");
    }
}
