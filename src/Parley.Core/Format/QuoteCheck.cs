using Parley.Core.Diagnostics;
using Parley.Core.Model;
using YamlDotNet.RepresentationModel;

namespace Parley.Core.Format;

/// <summary>
/// Checks every citation's quote against its source's text file, when the source names one. The file is read through
/// <see cref="InputFile"/>: inside the scenario's directory only, a regular file, at most <see cref="InputFile.MaxBytes"/>,
/// strict UTF-8. A missing or unreadable file is a warning (its quotes go unchecked); a refused one is an error at its <c>file</c>.
/// </summary>
public static class QuoteCheck
{
    /// <summary>
    /// The check of an engine section's citations (<c>spatial</c>, <c>conflict</c>, any later section): each quote
    /// must occur in its source's text file when the source names one that can be read from
    /// <paramref name="baseDirectory"/> under the same rules as the core's check. Files the core could not read
    /// were reported by the core already, so they are skipped here; unknown sources are the section's to report.
    /// </summary>
    public static void CheckSectionQuotes(IReadOnlyList<Source> sources, IEnumerable<(Citation Citation, YamlNode Node, string Path)> citations,
        string? baseDirectory, YamlReader yaml)
    {
        if (baseDirectory is null) return;
        var matchers = new Dictionary<string, QuoteMatcher?>();
        foreach (var (citation, node, path) in citations)
        {
            if (sources.FirstOrDefault(s => s.Id == citation.SourceId) is not { File: { } file } source) continue;
            if (!matchers.TryGetValue(source.Id, out var matcher))
            {
                matcher = InputFile.TryReadInside(baseDirectory, file) is { } text ? new QuoteMatcher(text) : null;
                matchers[source.Id] = matcher;
            }
            if (matcher is not null && !matcher.Contains(citation.Quote))
                yaml.Error(node, YamlReader.Join(path, "quote"), DiagnosticCodes.QuoteNotFound, NotFound(citation, matcher));
        }
    }

    internal static void Check(Scenario scenario, IReadOnlyList<(Citation Citation, YamlNode Node, string Path)> citations,
        IReadOnlyDictionary<string, (YamlNode Node, string Path)> fileNodes, string baseDirectory, YamlReader yaml)
    {
        var matchers = new Dictionary<string, QuoteMatcher?>();
        foreach (var source in scenario.Sources.Where(s => s.File is not null))
        {
            var (node, path) = fileNodes.TryGetValue(source.Id, out var at) ? at : (null, $"sources.{source.Id}.file");
            var location = node is null ? null : yaml.Locate(node);
            matchers[source.Id] = null;
            try
            {
                matchers[source.Id] = new QuoteMatcher(InputFile.ReadText(InputFile.ResolveInside(baseDirectory, source.File!)));
            }
            catch (InputFileException e) when (e.Problem is InputFileProblem.Missing or InputFileProblem.Unreadable)
            {
                yaml.Diagnostics.Warning(DiagnosticCodes.SourceUnreadable, path, location,
                    $"cannot read source file '{source.File}', so its quotes were not checked: {e.Message}");
            }
            catch (InputFileException e) when (e.Problem is InputFileProblem.InvalidUtf8)
            {
                yaml.Diagnostics.AddRange([ScenarioLoader.FileDiagnostic(e, path)]);
            }
            catch (InputFileException e)
            {
                yaml.Diagnostics.Error(e.Problem == InputFileProblem.TooLarge ? DiagnosticCodes.TooLarge : DiagnosticCodes.UnsafePath, path, location,
                    $"source file refused: {e.Message}");
            }
        }
        foreach (var (citation, node, path) in citations)
        {
            if (matchers.TryGetValue(citation.SourceId, out var matcher) && matcher is not null && !matcher.Contains(citation.Quote))
                yaml.Error(node, YamlReader.Join(path, "quote"), DiagnosticCodes.QuoteNotFound, NotFound(citation, matcher));
        }
    }

    /// <summary>The quote-not-found message, naming the source's nearest passage so that a slip can be fixed in place.</summary>
    internal static string NotFound(Citation citation, QuoteMatcher matcher)
    {
        var message = $"the quote \"{Shorten(citation.Quote)}\" does not occur in source '{citation.SourceId}'";
        return matcher.Nearest(citation.Quote) is { } nearest
            ? $"{message}; the nearest passage (line {nearest.Line} of its file) reads \"{nearest.Text}\""
            : $"{message}, nor anything close to it";
    }

    private static string Shorten(string quote) => quote.Length <= 60 ? quote : quote[..57] + "...";
}
