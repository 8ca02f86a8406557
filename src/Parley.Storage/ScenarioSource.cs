using System.Text.Json;

namespace Parley.Storage;

/// <summary>The notation a scenario's text is written in. JSON is a subset of YAML, so the loader reads both.</summary>
public enum SourceFormat { Yaml, Json }

/// <summary>
/// A scenario's text exactly as the user wrote it (an upload, pasted or edited YAML/JSON, or that text with
/// form edits applied in place), kept with its version so export gives back the user's bytes: comments, key
/// order, layout, quoting and any section the model only carries raw. <see cref="Text"/> starts with U+FEFF
/// when the upload began with a UTF-8 byte order mark; <see cref="Body"/> is the text without it, for parsing.
/// </summary>
public sealed record ScenarioSource(string Text, SourceFormat Format)
{
    private const char ByteOrderMark = '\uFEFF';

    public string Body => Text.Length > 0 && Text[0] == ByteOrderMark ? Text[1..] : Text;

    public string FormatName => Format == SourceFormat.Json ? "json" : "yaml";

    public string MediaType => Format == SourceFormat.Json ? "application/json" : "application/yaml";

    public string Extension => Format == SourceFormat.Json ? ".json" : ".yaml";

    /// <summary>The text as given; JSON when it is a well-formed JSON document (strict: no comments, no trailing commas), YAML otherwise.</summary>
    public static ScenarioSource Of(string text, bool byteOrderMark = false)
    {
        var body = text.Length > 0 && text[0] == ByteOrderMark ? text[1..] : text;
        return new ScenarioSource(byteOrderMark && body.Length == text.Length ? ByteOrderMark + text : text, IsJson(body) ? SourceFormat.Json : SourceFormat.Yaml);
    }

    public static SourceFormat? ParseFormat(string? name) => name switch
    {
        "yaml" => SourceFormat.Yaml,
        "json" => SourceFormat.Json,
        _ => null,
    };

    private static bool IsJson(string body)
    {
        var start = body.AsSpan().TrimStart();
        if (start.IsEmpty || start[0] is not ('{' or '[')) return false;
        try
        {
            using var document = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
