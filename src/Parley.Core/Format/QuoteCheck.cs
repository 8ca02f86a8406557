using Parley.Core.Diagnostics;
using Parley.Core.Model;
using YamlDotNet.RepresentationModel;

namespace Parley.Core.Format;

/// <summary>Checks every citation's quote against its source's text file, when the source names one.</summary>
internal static class QuoteCheck
{
    public static void Check(Scenario scenario, IReadOnlyList<(Citation Citation, YamlNode Node, string Path)> citations, string baseDirectory, YamlReader yaml)
    {
        var matchers = new Dictionary<string, QuoteMatcher?>();
        foreach (var source in scenario.Sources.Where(s => s.File is not null))
        {
            var path = Path.GetFullPath(Path.Combine(baseDirectory, source.File!));
            try
            {
                matchers[source.Id] = new QuoteMatcher(File.ReadAllText(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                yaml.Diagnostics.Warning(DiagnosticCodes.SourceUnreadable, $"sources.{source.Id}.file", null,
                    $"cannot read source file '{path}', so its quotes were not checked: {e.Message}");
                matchers[source.Id] = null;
            }
        }
        foreach (var (citation, node, path) in citations)
        {
            if (matchers.TryGetValue(citation.SourceId, out var matcher) && matcher is not null && !matcher.Contains(citation.Quote))
                yaml.Error(node, YamlReader.Join(path, "quote"), DiagnosticCodes.QuoteNotFound,
                    $"the quote \"{Shorten(citation.Quote)}\" does not occur in source '{citation.SourceId}'");
        }
    }

    private static string Shorten(string quote) => quote.Length <= 60 ? quote : quote[..57] + "...";
}
