using System.Reflection;

namespace Parley.Core.Format;

/// <summary>Scenarios shipped inside the library as embedded YAML resources.</summary>
public static class BuiltInScenarios
{
    private const string Prefix = "Parley.Scenarios.";
    private const string Suffix = ".yaml";

    public static IReadOnlyList<string> Ids { get; } =
        typeof(BuiltInScenarios).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(Suffix, StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..^Suffix.Length])
            .Order(StringComparer.Ordinal)
            .ToList();

    public const string Default = "ukraine-2022";

    public static bool Exists(string id) => Ids.Contains(id);

    public static string ReadText(string id)
    {
        using var stream = typeof(BuiltInScenarios).Assembly.GetManifestResourceStream(Prefix + id + Suffix)
            ?? throw new ArgumentException($"no built-in scenario '{id}'{DidYouMean.Hint(id, Ids)}", nameof(id));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Loads a built-in scenario. Its sources name no files, so quotes are checked by the test suite against the seed.</summary>
    public static LoadResult Load(string id) => ScenarioLoader.LoadText(ReadText(id), $"builtin:{id}");
}
