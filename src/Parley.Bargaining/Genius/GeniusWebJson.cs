using System.Text;
using System.Text.Json;
using Parley.Core.Diagnostics;
using Parley.Core.Format;

namespace Parley.Bargaining.Genius;

/// <summary>
/// A parsed JSON file that remembers where each value starts, so an error can name the file, the line and
/// column, and the JSON path (<c>$.LinearAdditiveUtilitySpace.issueWeights.Food</c>). JsonDocument keeps
/// no positions, so one extra pass of Utf8JsonReader records them by path.
/// </summary>
internal sealed class GeniusWebJson : IDisposable
{
    private readonly Dictionary<string, (int Line, int Column)> _positions;

    public string File { get; }
    public JsonDocument Document { get; }
    public JsonElement Root => Document.RootElement;

    private GeniusWebJson(string file, JsonDocument document, Dictionary<string, (int, int)> positions)
    {
        File = file;
        Document = document;
        _positions = positions;
    }

    public void Dispose() => Document.Dispose();

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    /// <summary>Reads and parses <paramref name="path"/>; on failure reports why and where, and returns null.</summary>
    public static GeniusWebJson? Load(string path, DiagnosticBag bag)
    {
        if (!System.IO.File.Exists(path))
        {
            bag.Error(DiagnosticCodes.SourceUnreadable, "", null, $"file '{path}' does not exist");
            return null;
        }
        byte[] bytes;
        try
        {
            bytes = InputFile.ReadBytes(path);
        }
        catch (InputFileException e)
        {
            bag.AddRange([ScenarioLoader.FileDiagnostic(e, e.Problem == InputFileProblem.TooLarge ? "$" : "")]);
            return null;
        }
        return Parse(path, bytes, bag);
    }

    public static GeniusWebJson? Parse(string path, byte[] bytes, DiagnosticBag bag)
    {
        var start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        var memory = bytes.AsMemory(start);
        // System.Text.Json checks UTF-8 inside strings only when a string is read, and then throws InvalidOperationException.
        if (FirstInvalidUtf8(memory.Span) is { } bad)
        {
            bag.Error(DiagnosticCodes.Syntax, "$", new SourceLocation(path, bad.Line, bad.Column), "malformed JSON: the file is not valid UTF-8 here");
            return null;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(memory, DocumentOptions);
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            var column = (int)(e.BytePositionInLine ?? 0) + 1;
            bag.Error(DiagnosticCodes.Syntax, "$", new SourceLocation(path, line, column), $"malformed JSON: {JsonErrorText.Reason(e)}");
            return null;
        }
        var positions = Positions(memory.Span, out var duplicate);
        if (duplicate is { } twice)
        {
            // JsonDocument keeps both members and TryGetProperty picks one, so a repeated key would be read silently.
            document.Dispose();
            bag.Error(DiagnosticCodes.DuplicateId, twice.Path, new SourceLocation(path, twice.Line, twice.Column),
                $"'{twice.Name}' appears twice in the same object (JSON readers disagree on which one counts)");
            return null;
        }
        return new GeniusWebJson(path, document, positions);
    }

    /// <summary>The line and byte column (1-based) of the first byte that is not part of valid UTF-8, or null.</summary>
    private static (int Line, int Column)? FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return null;
        var at = 0;
        while (at < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[at..], out _, out var consumed) != System.Buffers.OperationStatus.Done) break;
            at += consumed;
        }
        var before = bytes[..at];
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return (before.Count((byte)'\n') + 1, at - lineStart + 1);
    }

    /// <summary>Where the value at <paramref name="jsonPath"/> starts, or its nearest recorded ancestor.</summary>
    public SourceLocation At(string jsonPath)
    {
        for (var path = jsonPath; path.Length > 0; path = Parent(path))
            if (_positions.TryGetValue(path, out var position)) return new SourceLocation(File, position.Line, position.Column);
        return new SourceLocation(File, 1, 1);
    }

    private static string Parent(string path)
    {
        if (path == "$") return "";
        if (path.EndsWith(']'))
        {
            // A bracketed member can itself contain '[' inside its quotes; search for the opening "['" or "[digit".
            var quoted = path.EndsWith("']") ? path.LastIndexOf("['", StringComparison.Ordinal) : path.LastIndexOf('[');
            return path[..quoted];
        }
        var dot = path.LastIndexOf('.');
        return dot > 0 ? path[..dot] : "$";
    }

    /// <summary>The JSON path of member <paramref name="name"/> of the object at <paramref name="parent"/>.</summary>
    public static string Member(string parent, string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0])
            ? $"{parent}.{name}"
            : $"{parent}['{name.Replace("\\", "\\\\").Replace("'", "\\'")}']";

    public static string Element(string parent, int index) => $"{parent}[{index}]";

    private static Dictionary<string, (int, int)> Positions(ReadOnlySpan<byte> bytes, out (string Name, string Path, int Line, int Column)? duplicate)
    {
        duplicate = null;
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
            if (bytes[i] == (byte)'\n') lineStarts.Add(i + 1);

        var positions = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        // One frame per open container: its path, whether it is an array, and the next array index.
        var frames = new Stack<(string Path, bool IsArray, int Next)>();
        string? name = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                {
                    name = reader.GetString();
                    // Point at the member's name: that is where a reader looks for it. A path seen before is a repeated key.
                    var memberPath = Member(frames.Peek().Path, name!);
                    var position = Position(bytes, lineStarts, reader.TokenStartIndex);
                    if (!positions.TryAdd(memberPath, position))
                        duplicate ??= (name!, memberPath, position.Item1, position.Item2);
                    break;
                }
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.Pop();
                    break;
                default:
                    var path = frames.Count == 0 ? "$" : NextPath(frames, name);
                    positions.TryAdd(path, Position(bytes, lineStarts, reader.TokenStartIndex));
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        frames.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
                    break;
            }
        }
        return positions;
    }

    private static string NextPath(Stack<(string Path, bool IsArray, int Next)> frames, string? name)
    {
        var top = frames.Pop();
        frames.Push(top with { Next = top.Next + 1 });
        return top.IsArray ? Element(top.Path, top.Next) : Member(top.Path, name!);
    }

    private static (int, int) Position(ReadOnlySpan<byte> bytes, List<int> lineStarts, long offset)
    {
        var index = lineStarts.BinarySearch((int)offset);
        var line = index >= 0 ? index : ~index - 1;
        var column = Encoding.UTF8.GetCharCount(bytes[lineStarts[line]..(int)offset]) + 1;
        return (line + 1, column);
    }
}
