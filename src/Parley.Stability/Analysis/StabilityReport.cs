using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Stability.Engine;

namespace Parley.Stability.Analysis;

/// <summary>Renders a stability table as text, CSV or JSON (per state: option form, payoffs, moves, verdicts).</summary>
public static class StabilityReport
{
    /// <summary>States beyond this are summarised (equilibria only) in the text table.</summary>
    public const int MaxTableStates = 64;

    public static string Text(StabilityTable table)
    {
        var g = table.Graph;
        var concepts = table.Concepts.ToArray();
        var sb = new StringBuilder();
        sb.AppendLine($"Conflict '{g.Conflict.Name}': {g.DecisionMakerCount} decision makers, {g.OptionCount} options, {g.StateCount} feasible states.");
        if (g.StateCount <= MaxTableStates)
        {
            sb.Append("state  option form".PadRight(14 + g.OptionCount));
            foreach (var concept in concepts) sb.Append(' ').Append(concept.Label().PadRight(Math.Max(8, g.DecisionMakerCount + 2)));
            sb.AppendLine();
            for (var s = 0; s < g.StateCount; s++)
            {
                sb.Append($"{s + 1,5}  {g.OptionForm(s)}".PadRight(14 + g.OptionCount));
                foreach (var concept in concepts)
                {
                    var marks = new string(Enumerable.Range(0, g.DecisionMakerCount).Select(d => table.IsStable(concept, d, s) ? 'S' : '.').ToArray());
                    if (table.Equilibria(concept).Contains(s)) marks += " E";
                    sb.Append(' ').Append(marks.PadRight(Math.Max(8, g.DecisionMakerCount + 2)));
                }
                sb.AppendLine();
            }
            sb.AppendLine($"S = stable for the decision maker in that column position ({string.Join(", ", g.Conflict.DecisionMakers.Select(d => d.Name))}); E = equilibrium.");
            sb.AppendLine($"Options in bit order: {string.Join(", ", g.Conflict.Options.Select((o, k) => $"{k + 1}. {o.Name}"))}.");
        }
        sb.AppendLine("Equilibria:");
        foreach (var concept in concepts)
        {
            var eq = table.Equilibria(concept).Members().ToArray();
            var shown = string.Join(", ", eq.Take(40).Select(s => $"{s + 1} ({g.OptionForm(s)})"));
            sb.AppendLine($"  {concept.Label(),-8} {eq.Length,6}  {shown}{(eq.Length > 40 ? ", …" : "")}");
        }
        return sb.ToString();
    }

    public static string Csv(StabilityTable table)
    {
        var writer = new StringWriter();
        WriteCsv(writer, table);
        return writer.ToString();
    }

    /// <summary>The CSV table written row by row, so a large table is never held as one string.</summary>
    public static void WriteCsv(TextWriter writer, StabilityTable table, CancellationToken cancellation = default)
    {
        var g = table.Graph;
        var concepts = table.Concepts.ToArray();
        var sb = new StringBuilder();
        sb.Append("state,decimal,option_form");
        foreach (var dm in g.Conflict.DecisionMakers) sb.Append(",payoff_").Append(CsvName(dm.Name));
        foreach (var concept in concepts)
        {
            foreach (var dm in g.Conflict.DecisionMakers) sb.Append(',').Append(concept.Label()).Append('_').Append(CsvName(dm.Name));
            sb.Append(',').Append(concept.Label()).Append("_equilibrium");
        }
        sb.AppendLine();
        var equilibria = concepts.ToDictionary(c => c, table.Equilibria);
        for (var s = 0; s < g.StateCount; s++)
        {
            sb.Append(s + 1).Append(',').Append(g.Codes[s]).Append(',').Append(g.OptionForm(s));
            for (var d = 0; d < g.DecisionMakerCount; d++) sb.Append(',').Append(g.Ranks[d][s]);
            foreach (var concept in concepts)
            {
                for (var d = 0; d < g.DecisionMakerCount; d++) sb.Append(',').Append(table.IsStable(concept, d, s) ? "1" : "0");
                sb.Append(',').Append(equilibria[concept].Contains(s) ? "1" : "0");
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

    /// <param name="includeStates">false leaves <c>states</c> an empty array, for a writer that streams them (<see cref="WriteState"/>)</param>
    public static JsonObject Json(StabilityTable table, bool includeMoves = true, bool includeStates = true)
    {
        var g = table.Graph;
        var concepts = table.Concepts.ToArray();
        var states = new JsonArray();
        for (var s = 0; s < (includeStates ? g.StateCount : 0); s++)
        {
            var state = new JsonObject
            {
                ["number"] = s + 1,
                ["decimal"] = g.Codes[s],
                ["optionForm"] = g.OptionForm(s),
                ["payoffs"] = new JsonArray(Enumerable.Range(0, g.DecisionMakerCount).Select(d => (JsonNode)g.Ranks[d][s]).ToArray()),
            };
            if (includeMoves)
                state["reachable"] = new JsonArray(Enumerable.Range(0, g.DecisionMakerCount)
                    .Select(d => (JsonNode)new JsonArray(g.Moves(d, s).Order().Select(t => (JsonNode)(t + 1)).ToArray())).ToArray());
            var verdicts = new JsonObject();
            foreach (var concept in concepts)
                verdicts[concept.Label()] = new JsonArray(Enumerable.Range(0, g.DecisionMakerCount).Select(d => (JsonNode)table.IsStable(concept, d, s)).ToArray());
            state["stable"] = verdicts;
            states.Add(state);
        }
        var equilibria = new JsonObject();
        foreach (var concept in concepts)
            equilibria[concept.Label()] = new JsonArray(table.Equilibria(concept).Members().Select(s => (JsonNode)(s + 1)).ToArray());
        return new JsonObject
        {
            ["conflict"] = g.Conflict.Name,
            ["decisionMakers"] = new JsonArray(g.Conflict.DecisionMakers.Select(d => (JsonNode)d.Name).ToArray()),
            ["options"] = new JsonArray(g.Conflict.Options.Select(o => (JsonNode)o.Name).ToArray()),
            ["note"] = "payoffs are ranks: higher is more preferred, equal is a tie; state numbers follow gmcr-py",
            ["equilibria"] = equilibria,
            ["states"] = states,
        };
    }

    /// <summary>
    /// One element of <c>states</c> exactly as <see cref="Json"/> builds it, written straight to
    /// <paramref name="writer"/> so that a large table never exists as a document in memory;
    /// <paramref name="taken"/> adds the view's <c>taken</c> list when given.
    /// </summary>
    public static void WriteState(Utf8JsonWriter writer, StabilityTable table, int s, bool includeMoves = true, IEnumerable<string>? taken = null)
    {
        var g = table.Graph;
        writer.WriteStartObject();
        writer.WriteNumber("number", s + 1);
        writer.WriteNumber("decimal", g.Codes[s]);
        writer.WriteString("optionForm", g.OptionForm(s));
        writer.WriteStartArray("payoffs");
        for (var d = 0; d < g.DecisionMakerCount; d++) writer.WriteNumberValue(g.Ranks[d][s]);
        writer.WriteEndArray();
        if (includeMoves)
        {
            writer.WriteStartArray("reachable");
            for (var d = 0; d < g.DecisionMakerCount; d++)
            {
                writer.WriteStartArray();
                foreach (var t in g.Moves(d, s).Order()) writer.WriteNumberValue(t + 1);
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
        }
        writer.WriteStartObject("stable");
        foreach (var concept in table.Concepts)
        {
            writer.WriteStartArray(concept.Label());
            for (var d = 0; d < g.DecisionMakerCount; d++) writer.WriteBooleanValue(table.IsStable(concept, d, s));
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
        if (taken is not null)
        {
            writer.WriteStartArray("taken");
            foreach (var name in taken) writer.WriteStringValue(name);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }
}
