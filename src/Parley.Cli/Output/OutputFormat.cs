using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Parley.Cli.Output;

public enum OutputFormat { Table, Json, Markdown }

/// <summary>Writes machine-readable results; JSON keeps full precision, tables round for reading.</summary>
public static class Json
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

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

public static class Fmt
{
    public static string Num(double value, int decimals = 3) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);
    public static string Signed(double value) => (value >= 0 ? "+" : "") + value.ToString("F3", CultureInfo.InvariantCulture);
    public static string Count(double value) => value < 1e15 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.###e0", CultureInfo.InvariantCulture);
    public static string Range(double min, double max) => Math.Abs(max - min) < 1e-12 ? Num(min) : $"{Num(min)}–{Num(max)}";
    public static string SignedRange(double min, double max) => Math.Abs(max - min) < 1e-12 ? Signed(min) : $"{Signed(min)}…{Signed(max)}";
}
