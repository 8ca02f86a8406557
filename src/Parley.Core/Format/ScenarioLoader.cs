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
    /// and enforces the structural limits before YamlDotNet builds its node tree:
    /// <list type="bullet">
    /// <item>nesting deeper than <see cref="ScenarioLimits.MaxNestingDepth"/>: YamlDotNet builds the tree recursively,
    /// so ten thousand nested brackets would overflow the stack and kill the process;</item>
    /// <item>an alias used as a mapping key: YamlDotNet hashes and compares key nodes by their whole (expanded) content,
    /// so a key aliasing nested aliases (a "billion laughs" in under 1 KB) cost seconds to minutes of CPU;</item>
    /// <item>aliases standing for more than <see cref="ScenarioLimits.MaxAliasExpandedNodes"/> nodes in all: any reader
    /// that walks the tree walks every alias's target again, so the expanded size is what reading costs.</item>
    /// </list>
    /// Each refusal names the place (line, column) and the document path.
    /// </summary>
    private sealed class LocationTrackingParser(IParser inner) : IParser
    {
        /// <summary>An open list or mapping: its anchor, the expanded node count when it opened, its children so far and (for a mapping) the current key.</summary>
        private sealed class Frame(bool isMapping, string? anchor, long startNodes)
        {
            public bool IsMapping { get; } = isMapping;
            public string? Anchor { get; } = anchor;
            public long StartNodes { get; } = startNodes;
            public long Children { get; set; }
            public string? Key { get; set; }

            /// <summary>True when the next node in this mapping is a key.</summary>
            public bool AtKey => IsMapping && Children % 2 == 0;
        }

        private readonly List<Frame> _frames = [];
        private readonly Dictionary<string, long> _anchorSizes = new(StringComparer.Ordinal);
        private long _nodes;
        private long _aliasNodes;

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
            Track(current);
            return moved;
        }

        private void Track(YamlDotNet.Core.Events.ParsingEvent current)
        {
            var parent = _frames.Count > 0 ? _frames[^1] : null;
            switch (current)
            {
                case YamlDotNet.Core.Events.AnchorAlias alias:
                {
                    var name = alias.Value.Value;
                    if (parent is { AtKey: true })
                        throw new LimitException(current.Start, Path(),
                            $"the alias *{name} is used as a mapping key; keys must be written out (ids and names), never aliases");
                    var size = _anchorSizes.GetValueOrDefault(name, 1);
                    _nodes += size;
                    _aliasNodes += size;
                    if (_aliasNodes > ScenarioLimits.MaxAliasExpandedNodes)
                        throw new LimitException(current.Start, Path(),
                            $"aliases here stand for more than {ScenarioLimits.MaxAliasExpandedNodes:N0} nodes in all (the alias *{name} alone for {size:N0}); a scenario repeats far less");
                    Completed(parent, null);
                    break;
                }
                case YamlDotNet.Core.Events.Scalar scalar:
                    _nodes++;
                    if (!scalar.Anchor.IsEmpty) _anchorSizes[scalar.Anchor.Value] = 1;
                    Completed(parent, scalar.Value);
                    break;
                case YamlDotNet.Core.Events.SequenceStart or YamlDotNet.Core.Events.MappingStart:
                {
                    if (_frames.Count + 1 > ScenarioLimits.MaxNestingDepth)
                        throw new LimitException(current.Start, Path(),
                            $"lists and mappings are nested more than {ScenarioLimits.MaxNestingDepth} levels deep here; a scenario needs fewer than ten");
                    var anchor = ((YamlDotNet.Core.Events.NodeEvent)current).Anchor;
                    _nodes++;
                    _frames.Add(new Frame(current is YamlDotNet.Core.Events.MappingStart, anchor.IsEmpty ? null : anchor.Value, _nodes - 1));
                    break;
                }
                case YamlDotNet.Core.Events.SequenceEnd or YamlDotNet.Core.Events.MappingEnd when parent is not null:
                    _frames.RemoveAt(_frames.Count - 1);
                    if (parent.Anchor is { } closed) _anchorSizes[closed] = _nodes - parent.StartNodes;
                    Completed(_frames.Count > 0 ? _frames[^1] : null, null);
                    break;
            }
        }

        private static void Completed(Frame? parent, string? scalar)
        {
            if (parent is null) return;
            if (parent.AtKey) parent.Key = scalar ?? "?";
            parent.Children++;
        }

        /// <summary>The document path of the node being read: keys joined by dots, list indexes in brackets.</summary>
        private string Path()
        {
            var path = "";
            for (var i = 0; i < _frames.Count; i++)
            {
                var frame = _frames[i];
                // A mapping leads to its value under the current key; at a key position the path stops at the mapping.
                if (frame.IsMapping)
                {
                    if (frame.AtKey) break;
                    path = YamlReader.Join(path, frame.Key ?? "?");
                }
                else path = YamlReader.Index(path, (int)frame.Children);
            }
            return path;
        }
    }

    /// <summary>A structural limit hit while parsing, with its place and document path.</summary>
    private sealed class LimitException(Mark at, string path, string reason) : Exception(reason)
    {
        public Mark At { get; } = at;
        public string DocumentPath { get; } = path;
    }

    public static LoadResult LoadFile(string path)
    {
        var bag = new DiagnosticBag();
        string text;
        try
        {
            text = InputFile.ReadText(path);
        }
        catch (InputFileException e)
        {
            bag.AddRange([FileDiagnostic(e)]);
            return new LoadResult(null, bag.Items);
        }
        return LoadText(text, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>A refused input file as a diagnostic: an invalid byte at its line and column, a size at the file's start.</summary>
    public static Diagnostic FileDiagnostic(InputFileException e, string path = "", Severity severity = Severity.Error) => e.Problem switch
    {
        InputFileProblem.InvalidUtf8 => new Diagnostic(severity, DiagnosticCodes.Syntax, e.Message, path, new SourceLocation(e.FilePath, e.Line ?? 1, e.Column ?? 1)),
        InputFileProblem.TooLarge => new Diagnostic(severity, DiagnosticCodes.TooLarge, e.Message, path, new SourceLocation(e.FilePath, 1, 1)),
        _ => new Diagnostic(severity, DiagnosticCodes.SourceUnreadable, e.Message, path, null),
    };

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
            QuoteCheck.Check(scenario, reader.Citations, reader.SourceFiles, baseDirectory, yaml);
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
        catch (LimitException e)
        {
            bag.Error(DiagnosticCodes.TooLarge, e.DocumentPath, new SourceLocation(fileName, (int)e.At.Line, (int)e.At.Column), e.Message);
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
