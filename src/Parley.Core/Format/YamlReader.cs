using System.Globalization;
using Parley.Core.Diagnostics;
using Parley.Core.Model;
using YamlDotNet.RepresentationModel;

namespace Parley.Core.Format;

/// <summary>
/// Typed, located access to a YAML document. Every getter reports a problem to the bag with the file, line,
/// column and document path, and returns null instead of throwing, so one pass finds every problem.
/// Engines use it to read their own scenario sections.
/// </summary>
public sealed class YamlReader(string file, DiagnosticBag diagnostics)
{
    public string File { get; } = file;
    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public SourceLocation Locate(YamlNode node) => new(File, (int)node.Start.Line, (int)node.Start.Column);

    public void Error(YamlNode node, string path, string code, string message) => Diagnostics.Error(code, path, Locate(node), message);
    public void Warning(YamlNode node, string path, string code, string message) => Diagnostics.Warning(code, path, Locate(node), message);

    public static string Join(string path, string key) => string.IsNullOrEmpty(path) ? key : $"{path}.{key}";
    public static string Index(string path, int index) => $"{path}[{index}]";

    public YamlMappingNode? AsMap(YamlNode node, string path, string what = "a mapping")
    {
        if (node is YamlMappingNode map) return map;
        Error(node, path, DiagnosticCodes.WrongType, $"expected {what}, found {Describe(node)}");
        return null;
    }

    public YamlSequenceNode? AsList(YamlNode node, string path, string what = "a list")
    {
        if (node is YamlSequenceNode list) return list;
        Error(node, path, DiagnosticCodes.WrongType, $"expected {what}, found {Describe(node)}");
        return null;
    }

    /// <summary>Reports keys that are not in <paramref name="allowed"/>, with a did-you-mean.</summary>
    public void CheckKeys(YamlMappingNode map, string path, params string[] allowed)
    {
        foreach (var (keyNode, _) in map.Children)
        {
            var key = KeyText(keyNode);
            if (!allowed.Contains(key))
                Error(keyNode, Join(path, key), DiagnosticCodes.UnknownKey,
                    $"unknown key '{key}'{DidYouMean.Hint(key, allowed)}; allowed here: {string.Join(", ", allowed)}");
        }
    }

    public static string KeyText(YamlNode key) => key is YamlScalarNode s ? s.Value ?? "" : key.ToString();

    public YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public YamlNode? Required(YamlMappingNode map, string path, string key)
    {
        var node = Child(map, key);
        if (node is null || IsNull(node))
            Error(map, Join(path, key), DiagnosticCodes.MissingKey, $"missing required key '{key}'");
        return node is null || IsNull(node) ? null : node;
    }

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: not (YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted) } s
        && (s.Value is null || s.Value is "" or "~" or "null" or "Null" or "NULL");

    public string? Scalar(YamlNode node, string path, string what = "a text")
    {
        if (node is YamlScalarNode s && !IsNull(node)) return s.Value;
        Error(node, path, DiagnosticCodes.WrongType, $"expected {what}, found {Describe(node)}");
        return null;
    }

    public string? String(YamlMappingNode map, string path, string key, bool required = false)
    {
        var node = required ? Required(map, path, key) : Child(map, key);
        if (node is null || IsNull(node)) return null;
        return Scalar(node, Join(path, key));
    }

    /// <summary>
    /// A number, finite and within ±<see cref="ScenarioLimits.MaxMagnitude"/>: NaN, infinities (<c>.inf</c>, <c>1e309</c>)
    /// and numbers so large that sums of them overflow into infinity are refused here, where they are read, with their
    /// place. Each reader then checks the number's own range (values in [0, 1], a capability above 0, ...).
    /// </summary>
    public double? Number(YamlNode node, string path)
    {
        if (node is YamlScalarNode s && s.Value is not null
            && s.Style is not (YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted))
        {
            var text = s.Value.Trim();
            var yamlSpecial = text.TrimStart('+', '-').ToLowerInvariant() is ".nan" or ".inf";
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || yamlSpecial)
            {
                if (double.IsFinite(value) && !yamlSpecial && Math.Abs(value) <= ScenarioLimits.MaxMagnitude) return value;
                Error(node, path, DiagnosticCodes.OutOfRange, double.IsNaN(value) || text.TrimStart('+', '-').Equals(".nan", StringComparison.OrdinalIgnoreCase)
                    ? $"{Describe(node)} is not a number; write a number"
                    : FormattableString.Invariant($"{Describe(node)} is out of range: numbers in a scenario lie within ±{ScenarioLimits.MaxMagnitude:0.#e0}"));
                return null;
            }
        }
        Error(node, path, DiagnosticCodes.WrongType, $"expected a number, found {Describe(node)}");
        return null;
    }

    public PartialDate? Date(YamlNode node, string path)
    {
        var text = Scalar(node, path, "a date");
        if (text is null) return null;
        var date = PartialDate.TryParse(text, out var error);
        if (date is null) Error(node, path, DiagnosticCodes.BadDate, error!);
        return date;
    }

    /// <summary>A list of scalars; a single scalar counts as a one-element list.</summary>
    public IReadOnlyList<(string Value, YamlNode Node)> ScalarList(YamlNode node, string path)
    {
        if (node is YamlScalarNode)
            return Scalar(node, path) is { } one ? [(one, node)] : [];
        var list = AsList(node, path, "a text or a list of texts");
        if (list is null) return [];
        var result = new List<(string, YamlNode)>();
        for (var i = 0; i < list.Children.Count; i++)
            if (Scalar(list.Children[i], Index(path, i)) is { } text) result.Add((text, list.Children[i]));
        return result;
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode s => $"'{Truncate(s.Value ?? "", 40)}'",
        _ => "an unsupported node",
    };

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
