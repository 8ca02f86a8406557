using Parley.Core.Diagnostics;
using Parley.Core.Model;
using YamlDotNet.RepresentationModel;

namespace Parley.Core.Format;

/// <summary>
/// Reads numbers and citations the way the scenario format writes them: a plain number, an estimate
/// <c>[value, low, high]</c>, or <c>{value, range, rationale, cite}</c>, with provenance inherited from the
/// nearest enclosing <c>basis</c> (docs/scenario-format.md, "Numbers"). The core reads its own sections
/// with it, and engines read theirs, so every section follows the same rules and diagnostic codes.
/// Every citation read is remembered with its node, for quote checks.
/// </summary>
public sealed class QuantityReader(YamlReader yaml)
{
    private readonly List<(Citation Citation, YamlNode Node, string Path)> _citations = [];

    public YamlReader Yaml => yaml;

    public IReadOnlyList<(Citation Citation, YamlNode Node, string Path)> Citations => _citations;

    public Quantity? Read(YamlNode node, string path, Provenance inherited)
    {
        switch (node)
        {
            case YamlScalarNode:
            {
                var value = yaml.Number(node, path);
                if (value is null) return null;
                WarnIfUncited(node, path, inherited);
                return new Quantity(value.Value, null, inherited);
            }
            case YamlSequenceNode list:
            {
                if (list.Children.Count != 3)
                {
                    yaml.Error(node, path, DiagnosticCodes.WrongType, "an estimate list is [value, low, high]");
                    return null;
                }
                var value = yaml.Number(list.Children[0], YamlReader.Index(path, 0));
                var low = yaml.Number(list.Children[1], YamlReader.Index(path, 1));
                var high = yaml.Number(list.Children[2], YamlReader.Index(path, 2));
                if (value is null || low is null || high is null) return null;
                WarnIfUncited(node, path, inherited);
                return MakeEstimate(node, path, value.Value, low.Value, high.Value, inherited);
            }
            case YamlMappingNode map:
            {
                yaml.CheckKeys(map, path, "value", "range", "rationale", "cite");
                var valueNode = yaml.Required(map, path, "value");
                var value = valueNode is null ? null : yaml.Number(valueNode, YamlReader.Join(path, "value"));
                var provenance = ReadOwnProvenance(map, path, inherited);
                WarnIfUncited(node, path, provenance);
                if (value is null) return null;
                if (yaml.Child(map, "range") is not { } rangeNode || YamlReader.IsNull(rangeNode))
                    return new Quantity(value.Value, null, provenance);
                var rangePath = YamlReader.Join(path, "range");
                if (yaml.AsList(rangeNode, rangePath, "a range [low, high]") is not { } range) return null;
                if (range.Children.Count != 2)
                {
                    yaml.Error(range, rangePath, DiagnosticCodes.WrongType, "a range is [low, high]");
                    return null;
                }
                var low = yaml.Number(range.Children[0], YamlReader.Index(rangePath, 0));
                var high = yaml.Number(range.Children[1], YamlReader.Index(rangePath, 1));
                if (low is null || high is null) return null;
                return MakeEstimate(rangeNode, path, value.Value, low.Value, high.Value, provenance);
            }
            default:
                yaml.Error(node, path, DiagnosticCodes.WrongType, "expected a number, [value, low, high] or {value, range, rationale, cite}");
                return null;
        }
    }

    /// <summary>Reports a quantity (value or any end of its range) outside [low, high].</summary>
    public bool CheckWithin(Quantity q, YamlNode node, string path, double low, double high, string what)
    {
        var lowest = Math.Min(q.Value, q.Range?.Low ?? q.Value);
        var highest = Math.Max(q.Value, q.Range?.High ?? q.Value);
        if (lowest >= low && highest <= high) return true;
        yaml.Error(node, path, DiagnosticCodes.OutOfRange,
            FormattableString.Invariant($"{what} {q.Value}{(q.Range is { } r ? " " + r : "")} must lie in [{low}, {high}]"));
        return false;
    }

    /// <summary>The <c>basis</c> of a block, or the inherited provenance when it has none.</summary>
    public Provenance ReadBasis(YamlMappingNode map, string path, Provenance inherited)
    {
        var node = yaml.Child(map, "basis");
        if (node is null || YamlReader.IsNull(node)) return inherited;
        var basisPath = YamlReader.Join(path, "basis");
        if (yaml.AsMap(node, basisPath) is not { } basisMap) return inherited;
        yaml.CheckKeys(basisMap, basisPath, "rationale", "cite");
        return ReadOwnProvenance(basisMap, basisPath, inherited);
    }

    public IReadOnlyList<Citation> ReadCitations(YamlMappingNode map, string path)
    {
        var node = yaml.Child(map, "cite");
        if (node is null || YamlReader.IsNull(node)) return [];
        var citePath = YamlReader.Join(path, "cite");
        var result = new List<Citation>();
        if (node is YamlSequenceNode list)
        {
            for (var i = 0; i < list.Children.Count; i++)
                if (ReadCitation(list.Children[i], YamlReader.Index(citePath, i)) is { } c) result.Add(c);
        }
        else if (ReadCitation(node, citePath) is { } c) result.Add(c);
        return result;
    }

    /// <summary>The rationale and citations written in this mapping, falling back to the inherited ones for whatever is absent.</summary>
    public Provenance ReadOwnProvenance(YamlMappingNode map, string path, Provenance inherited)
    {
        var rationale = yaml.String(map, path, "rationale");
        var citations = ReadCitations(map, path);
        return new Provenance(rationale ?? inherited.Rationale, citations.Count > 0 ? citations : inherited.Citations);
    }

    private Citation? ReadCitation(YamlNode node, string path)
    {
        if (yaml.AsMap(node, path, "a citation {source, quote}") is not { } map) return null;
        yaml.CheckKeys(map, path, "source", "quote", "page");
        var source = yaml.String(map, path, "source", required: true);
        var quote = yaml.String(map, path, "quote", required: true);
        if (source is null || quote is null) return null;
        var citation = new Citation(source, quote) { Page = yaml.String(map, path, "page") };
        _citations.Add((citation, map, path));
        return citation;
    }

    private Quantity? MakeEstimate(YamlNode node, string path, double value, double low, double high, Provenance provenance)
    {
        if (low > high)
        {
            yaml.Error(node, path, DiagnosticCodes.RangeExcludesValue, FormattableString.Invariant($"range [{low}, {high}] has its low end above its high end"));
            return null;
        }
        var range = new ValueRange(low, high);
        if (!range.Contains(value))
            yaml.Error(node, path, DiagnosticCodes.RangeExcludesValue, FormattableString.Invariant($"the estimate {value} lies outside its range {range}"));
        return new Quantity(value, range, provenance);
    }

    private void WarnIfUncited(YamlNode node, string path, Provenance provenance)
    {
        if (!provenance.IsCited)
            yaml.Warning(node, path, DiagnosticCodes.Uncited, "this number has no citation and no basis with one");
    }
}
