using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Parley.Cli.Output;

public enum OutputFormat { Table, Json, Markdown }

/// <summary>Writes machine-readable results in the analysis layer's one JSON form (<see cref="Parley.Analysis.Json.ResultJson"/>).</summary>
public static class Json
{
    private static readonly JsonSerializerOptions Options = Parley.Analysis.Json.ResultJson.Options;

    public static void Write(IAnsiConsole console, object value) =>
        console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(value, Options));

    public static string Serialize(object value) => JsonSerializer.Serialize(value, Options);
}

/// <summary>A GitHub-flavoured Markdown table, for reports.</summary>
public sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public MarkdownTable Add(params object?[] cells)
    {
        _rows.Add(cells.Select(c => Escape(Convert.ToString(c, CultureInfo.InvariantCulture) ?? "")).ToArray());
        return this;
    }

    public override string ToString()
    {
        var builder = new StringBuilder();
        builder.Append("| ").AppendJoin(" | ", headers).AppendLine(" |");
        builder.Append('|').AppendJoin("|", headers.Select(_ => "---")).AppendLine("|");
        foreach (var row in _rows) builder.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        return builder.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
