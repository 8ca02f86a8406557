using Parley.Core.Diagnostics;
using Parley.Core.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Parley.Core.Format;

/// <summary>The outcome of loading: the scenario when it has no errors, and every diagnostic either way.</summary>
public sealed record LoadResult(Scenario? Scenario, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Scenario is not null && Diagnostics.All(d => d.Severity != Severity.Error);

    /// <summary>The scenario, or a <see cref="ScenarioException"/> listing the errors.</summary>
    public Scenario GetOrThrow() => Succeeded ? Scenario! : throw new ScenarioException(Diagnostics);
}

/// <summary>Reads scenarios from YAML or JSON files and text. JSON is read by the same YAML parser, of which it is a subset.</summary>
public static class ScenarioLoader
{
    /// <summary>
    /// Remembers where the last successfully parsed event ended, to locate errors the parser reports without a place,
    /// and refuses nesting deeper than <see cref="ScenarioLimits.MaxNestingDepth"/>: YamlDotNet builds the node tree
    /// recursively, so ten thousand nested brackets would overflow the stack and kill the process.
    /// </summary>
    private sealed class LocationTrackingParser(IParser inner) : IParser
    {
        private int _depth;

        public Mark LastGoodEnd { get; private set; } = Mark.Empty;

        /// <summary>Where the event before the current one started: the last one the node builder accepted when it rejects the current.</summary>
        public Mark PreviousStart { get; private set; } = Mark.Empty;

        public YamlDotNet.Core.Events.ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (inner.Current is { } previous) PreviousStart = previous.Start;
            var moved = inner.MoveNext();
            if (!moved || inner.Current is not { } current) return moved;
            LastGoodEnd = current.End;
            if (current is YamlDotNet.Core.Events.SequenceStart or YamlDotNet.Core.Events.MappingStart && ++_depth > ScenarioLimits.MaxNestingDepth)
                throw new NestingTooDeepException(current.Start);
            if (current is YamlDotNet.Core.Events.SequenceEnd or YamlDotNet.Core.Events.MappingEnd) _depth--;
            return moved;
        }
    }

    private sealed class NestingTooDeepException(Mark at) : Exception
    {
        public Mark At { get; } = at;
    }

    public static LoadResult LoadFile(string path)
    {
        var bag = new DiagnosticBag();
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            bag.Error(DiagnosticCodes.SourceUnreadable, "", null, $"file '{path}' does not exist");
            return new LoadResult(null, bag.Items);
        }
        if (info.Length > ScenarioLimits.MaxFileBytes)
        {
            bag.Error(DiagnosticCodes.TooLarge, "", new SourceLocation(path, 1, 1),
                $"the file is {info.Length / 1024 / 1024} MiB; scenarios are limited to {ScenarioLimits.MaxFileBytes / 1024 / 1024} MiB");
            return new LoadResult(null, bag.Items);
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            bag.Error(DiagnosticCodes.SourceUnreadable, "", null, $"cannot read '{path}': {e.Message}");
            return new LoadResult(null, bag.Items);
        }
        return LoadText(text, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <param name="baseDirectory">Where relative source <c>file</c> paths resolve; null skips the quote check for sources with files.</param>
    public static LoadResult LoadText(string text, string fileName, string? baseDirectory = null)
    {
        var bag = new DiagnosticBag();
        if (text.Length > ScenarioLimits.MaxFileBytes)
        {
            bag.Error(DiagnosticCodes.TooLarge, "", new SourceLocation(fileName, 1, 1), "the scenario text is too large");
            return new LoadResult(null, bag.Items);
        }
        var root = Parse(text, fileName, bag);
        if (root is null) return new LoadResult(null, bag.Items);

        var yaml = new YamlReader(fileName, bag);
        var reader = new ScenarioReader(yaml);
        var scenario = reader.Read(root);
        if (scenario is not null && baseDirectory is not null)
            QuoteCheck.Check(scenario, reader.Citations, baseDirectory, yaml);
        return new LoadResult(bag.HasErrors ? null : scenario, bag.Items);
    }

    private static YamlNode? Parse(string text, string fileName, DiagnosticBag bag)
    {
        var stream = new YamlStream();
        var parser = new LocationTrackingParser(new Parser(new StringReader(text)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            // YamlDotNet prefixes its messages with the location; keep only the reason.
            var message = e.InnerException?.Message ?? e.Message;
            var reason = message.Contains("): ", StringComparison.Ordinal) ? message[(message.IndexOf("): ", StringComparison.Ordinal) + 3)..] : message;
            bag.Error(DiagnosticCodes.Syntax, "", new SourceLocation(fileName, (int)e.Start.Line, (int)e.Start.Column), $"malformed YAML/JSON: {reason}");
            return null;
        }
        catch (NestingTooDeepException e)
        {
            bag.Error(DiagnosticCodes.TooLarge, "", new SourceLocation(fileName, (int)e.At.Line, (int)e.At.Column),
                $"lists and mappings are nested more than {ScenarioLimits.MaxNestingDepth} levels deep here; a scenario needs fewer than ten");
            return null;
        }
        catch (ArgumentException) when (parser.Current is not null)
        {
            // YamlDotNet's parser lets some malformed constructs through (an empty key in a block list item: "- : x") and
            // its node builder then rejects the next event it cannot place; the event before it is the culprit.
            var at = parser.PreviousStart;
            bag.Error(DiagnosticCodes.Syntax, "", new SourceLocation(fileName, Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column)),
                "malformed YAML/JSON: a mapping here cannot be read (an empty key, as in '- : value'?)");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some unterminated constructs; the last good event tells where.
            var at = parser.LastGoodEnd;
            bag.Error(DiagnosticCodes.Syntax, "", new SourceLocation(fileName, Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column)),
                "malformed YAML/JSON: the document breaks off after this point (an unclosed bracket, brace or quote?)");
            return null;
        }
        if (stream.Documents.Count == 0)
        {
            bag.Error(DiagnosticCodes.Empty, "", new SourceLocation(fileName, 1, 1), "the file is empty");
            return null;
        }
        if (stream.Documents.Count > 1)
            bag.Error(DiagnosticCodes.Syntax, "", new SourceLocation(fileName, 1, 1), "the file holds several YAML documents; a scenario is one document");
        return stream.Documents[0].RootNode;
    }
}
