using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Parley.Core.Model;
using Parley.Forecast.Model;
using YamlDotNet.RepresentationModel;

namespace Parley.Forecast.Scenarios;

/// <summary>One dimension of the <c>spatial</c> section, with its provenance.</summary>
public sealed record SpatialDimensionSpec(Dimension Dimension, string? Description, IReadOnlyList<Citation> Citations);

/// <summary>One scenario party's capability and, per dimension (in the section's dimension order), position and salience.</summary>
public sealed record SpatialActorSpec(string PartyId, string Name, Quantity Capability, IReadOnlyList<Quantity> Positions, IReadOnlyList<Quantity> Saliences);

/// <summary>
/// The <c>spatial</c> section of a scenario: the input of the forecast engines, written with the same
/// conventions as the rest of the format (party ids, cited numbers or estimates with ranges).
/// Format: docs/forecast.md, "The spatial section".
/// </summary>
public sealed record SpatialSection(
    string ScenarioId,
    string Title,
    IReadOnlyList<SpatialDimensionSpec> Dimensions,
    IReadOnlyList<SpatialActorSpec> Actors,
    IReadOnlyList<LocatedCitation> Citations)
{
    public const string SectionName = "spatial";

    private static readonly string[] SectionKeys = ["basis", "dimensions", "actors"];
    private static readonly string[] DimensionKeys = ["id", "name", "description", "min", "max", "min_label", "max_label", "anchors", "cite"];
    private static readonly string[] AnchorKeys = ["value", "label", "cite"];
    private static readonly string[] ActorKeys = ["basis", "capability", "positions", "saliences"];

    public static bool IsPresent(Scenario scenario) => scenario.Extensions.ContainsKey(SectionName);

    /// <summary>The engines' input: actors named by party id, numbers at their central values.</summary>
    public SpatialModel ToModel() =>
        SpatialModel.Create(ScenarioId, Dimensions.Select(d => d.Dimension).ToArray(),
            Actors.Select(a => new SpatialActor(a.PartyId, ToEstimate(a.Capability),
                a.Positions.Select((p, d) => new Stance(ToEstimate(p), ToEstimate(a.Saliences[d]))).ToArray(), a.Name)).ToArray(),
            Title);

    private static Estimate ToEstimate(Quantity q) =>
        new(q.Value, q.Range?.Low ?? q.Value, q.Range?.High ?? q.Value, q.Provenance.Rationale);

    /// <summary>
    /// Reads the scenario's <c>spatial</c> section, reporting every problem to <paramref name="diagnostics"/>
    /// with file, line, column and path. Returns null when the section is absent (nothing reported) or has errors.
    /// Quotes from sources with a <c>file</c> are checked when that file is found relative to
    /// <paramref name="baseDirectory"/> (default: the scenario file's directory, as the core does).
    /// </summary>
    public static SpatialSection? Read(Scenario scenario, DiagnosticBag diagnostics, string? baseDirectory = null)
    {
        if (!scenario.Extensions.TryGetValue(SectionName, out var section)) return null;
        var errorsBefore = diagnostics.ErrorCount;
        var yaml = new YamlReader(section.File, diagnostics);
        var quantities = new QuantityReader(yaml);
        var result = new Reader(scenario, yaml, quantities).Read(section.Node);
        baseDirectory ??= File.Exists(section.File) ? Path.GetDirectoryName(Path.GetFullPath(section.File)) : null;
        CheckCitations(scenario, quantities, baseDirectory);
        return diagnostics.ErrorCount > errorsBefore ? null : result;
    }

    private static void CheckCitations(Scenario scenario, QuantityReader quantities, string? baseDirectory)
    {
        var yaml = quantities.Yaml;
        var ids = scenario.Sources.Select(s => s.Id).ToList();
        foreach (var (citation, node, path) in quantities.Citations.Where(c => scenario.Sources.All(s => s.Id != c.Citation.SourceId)))
            yaml.Error(node, YamlReader.Join(path, "source"), DiagnosticCodes.UnknownReference,
                $"unknown source '{citation.SourceId}'{DidYouMean.Hint(citation.SourceId, ids)}");
        QuoteCheck.CheckSectionQuotes(scenario.Sources, quantities.Citations, baseDirectory, yaml);
    }

    private sealed class Reader(Scenario scenario, YamlReader yaml, QuantityReader quantities)
    {
        private const string Root = SectionName;

        public SpatialSection? Read(YamlNode node)
        {
            if (yaml.AsMap(node, Root, "a mapping with 'dimensions' and 'actors'") is not { } map) return null;
            yaml.CheckKeys(map, Root, SectionKeys);
            var basis = quantities.ReadBasis(map, Root, Provenance.None);
            var dimensions = ReadDimensions(map);
            var actors = ReadActors(map, dimensions, basis);
            if (dimensions is null || actors is null) return null;
            var citations = quantities.Citations.Select(c => new LocatedCitation(c.Citation, c.Path, yaml.Locate(c.Node))).ToList();
            return new SpatialSection(scenario.Id, scenario.Title, dimensions, actors, citations);
        }

        private List<SpatialDimensionSpec>? ReadDimensions(YamlMappingNode map)
        {
            var path = YamlReader.Join(Root, "dimensions");
            var node = yaml.Required(map, Root, "dimensions");
            if (node is null || yaml.AsList(node, path, "a list of dimensions") is not { } list) return null;
            if (list.Children.Count == 0)
            {
                yaml.Error(list, path, DiagnosticCodes.Empty, "the spatial section needs at least one dimension");
                return null;
            }
            var result = new List<SpatialDimensionSpec>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var ok = true;
            for (var i = 0; i < list.Children.Count; i++)
            {
                var dimension = ReadDimension(list.Children[i], YamlReader.Index(path, i), seen);
                if (dimension is null) ok = false;
                else result.Add(dimension);
            }
            return ok ? result : null;
        }

        private SpatialDimensionSpec? ReadDimension(YamlNode node, string path, HashSet<string> seen)
        {
            if (yaml.AsMap(node, path, "a dimension {id, name, min, max, ...}") is not { } map) return null;
            yaml.CheckKeys(map, path, DimensionKeys);
            var id = yaml.String(map, path, "id", required: true);
            var name = yaml.String(map, path, "name") ?? id;
            var description = yaml.String(map, path, "description");
            var min = ReadBound(map, path, "min", 0);
            var max = ReadBound(map, path, "max", 100);
            var citations = quantities.ReadCitations(map, path);
            if (id is null || min is null || max is null) return null;
            var ok = true;
            if (id == "basis")
            {
                yaml.Error(yaml.Child(map, "id")!, YamlReader.Join(path, "id"), DiagnosticCodes.InvalidId, "'basis' is reserved for provenance and cannot name a dimension");
                ok = false;
            }
            if (!seen.Add(id))
            {
                yaml.Error(yaml.Child(map, "id")!, YamlReader.Join(path, "id"), DiagnosticCodes.DuplicateId, $"dimension '{id}' is defined twice");
                ok = false;
            }
            if (max <= min)
            {
                yaml.Error(map, path, DiagnosticCodes.OutOfRange, FormattableString.Invariant($"the scale needs min < max, got {min}..{max}"));
                return null;
            }
            var anchors = new List<Anchor>();
            if (yaml.Child(map, "anchors") is { } anchorsNode && !YamlReader.IsNull(anchorsNode)
                && yaml.AsList(anchorsNode, YamlReader.Join(path, "anchors"), "a list of anchors {value, label}") is { } anchorList)
            {
                for (var a = 0; a < anchorList.Children.Count; a++)
                {
                    var anchorPath = YamlReader.Index(YamlReader.Join(path, "anchors"), a);
                    if (yaml.AsMap(anchorList.Children[a], anchorPath, "an anchor {value, label}") is not { } anchorMap) { ok = false; continue; }
                    yaml.CheckKeys(anchorMap, anchorPath, AnchorKeys);
                    quantities.ReadCitations(anchorMap, anchorPath);
                    var valueNode = yaml.Required(anchorMap, anchorPath, "value");
                    var value = valueNode is null ? null : yaml.Number(valueNode, YamlReader.Join(anchorPath, "value"));
                    var label = yaml.String(anchorMap, anchorPath, "label", required: true);
                    if (value is null || label is null) { ok = false; continue; }
                    if (value < min || value > max)
                    {
                        yaml.Error(valueNode!, YamlReader.Join(anchorPath, "value"), DiagnosticCodes.OutOfRange,
                            FormattableString.Invariant($"anchor {value} lies outside the scale [{min}, {max}]"));
                        ok = false;
                        continue;
                    }
                    anchors.Add(new Anchor(value.Value, label));
                }
            }
            if (!ok) return null;
            var dimension = new Dimension(id, name!, min.Value, max.Value,
                yaml.String(map, path, "min_label") ?? "", yaml.String(map, path, "max_label") ?? "", anchors);
            return new SpatialDimensionSpec(dimension, description, citations);
        }

        private double? ReadBound(YamlMappingNode map, string path, string key, double fallback)
        {
            var node = yaml.Child(map, key);
            if (node is null || YamlReader.IsNull(node)) return fallback;
            var value = yaml.Number(node, YamlReader.Join(path, key));
            if (value is { } v && Import.ImportLimits.PositionProblem(v, $"scale {key}") is { } problem)
            {
                yaml.Error(node, YamlReader.Join(path, key), DiagnosticCodes.OutOfRange, problem);
                return null;
            }
            return value;
        }

        private List<SpatialActorSpec>? ReadActors(YamlMappingNode map, List<SpatialDimensionSpec>? dimensions, Provenance basis)
        {
            var path = YamlReader.Join(Root, "actors");
            var node = yaml.Required(map, Root, "actors");
            if (node is null || yaml.AsMap(node, path, "a mapping from party id to capability, positions and saliences") is not { } actors) return null;
            if (actors.Children.Count == 0)
            {
                yaml.Error(actors, path, DiagnosticCodes.Empty, "the spatial section needs at least one actor");
                return null;
            }
            var partyIds = scenario.Parties.Select(p => p.Id).ToList();
            var result = new List<SpatialActorSpec>();
            var ok = true;
            foreach (var (keyNode, value) in actors.Children)
            {
                var partyId = YamlReader.KeyText(keyNode);
                var actorPath = YamlReader.Join(path, partyId);
                var party = scenario.FindParty(partyId);
                if (party is null)
                {
                    yaml.Error(keyNode, actorPath, DiagnosticCodes.UnknownReference,
                        $"unknown party '{partyId}'{DidYouMean.Hint(partyId, partyIds)}; spatial actors must be parties of the scenario");
                    ok = false;
                    continue;
                }
                var actor = ReadActor(value, actorPath, party, dimensions, basis);
                if (actor is null) ok = false;
                else result.Add(actor);
            }
            return ok && dimensions is not null ? result : null;
        }

        private SpatialActorSpec? ReadActor(YamlNode node, string path, Party party, List<SpatialDimensionSpec>? dimensions, Provenance inherited)
        {
            if (yaml.AsMap(node, path, "a mapping {capability, positions, saliences}") is not { } map) return null;
            yaml.CheckKeys(map, path, ActorKeys);
            var basis = quantities.ReadBasis(map, path, inherited);
            Quantity? capability = null;
            if (yaml.Required(map, path, "capability") is { } capNode)
            {
                var capPath = YamlReader.Join(path, "capability");
                capability = quantities.Read(capNode, capPath, basis);
                if (capability is not null && !CheckPositive(capability, capNode, capPath)) capability = null;
            }
            var positions = ReadPerDimension(map, path, "positions", dimensions, basis, (q, n, p, dim) =>
                quantities.CheckWithin(q, n, p, dim.Min, dim.Max, "position"));
            var saliences = ReadPerDimension(map, path, "saliences", dimensions, basis, (q, n, p, _) =>
                quantities.CheckWithin(q, n, p, 0, 1, "salience"));
            if (capability is null || positions is null || saliences is null) return null;
            if (saliences.All(s => s.Value <= 0))
            {
                yaml.Error(yaml.Child(map, "saliences")!, YamlReader.Join(path, "saliences"), DiagnosticCodes.OutOfRange,
                    "every salience is zero, so this actor would take no part in bargaining");
                return null;
            }
            return new SpatialActorSpec(party.Id, party.Name, capability, positions, saliences);
        }

        private bool CheckPositive(Quantity q, YamlNode node, string path)
        {
            if (q.Value > 0 && (q.Range?.Low ?? q.Value) > 0)
            {
                // Bounded like the importers' capabilities, so the engines' sums and powers stay finite.
                foreach (var v in new[] { q.Value, q.Range?.Low ?? q.Value, q.Range?.High ?? q.Value })
                    if (Import.ImportLimits.CapabilityProblem(v) is { } problem)
                    {
                        yaml.Error(node, path, DiagnosticCodes.OutOfRange, problem);
                        return false;
                    }
                return true;
            }
            yaml.Error(node, path, DiagnosticCodes.OutOfRange, FormattableString.Invariant($"capability {q.Value}{(q.Range is { } r ? " " + r : "")} must be positive"));
            return false;
        }

        /// <summary>A mapping from dimension id to quantity, one for every dimension (an optional <c>basis</c> key sets their provenance).</summary>
        private Quantity[]? ReadPerDimension(YamlMappingNode actor, string actorPath, string key, List<SpatialDimensionSpec>? dimensions,
            Provenance inherited, Func<Quantity, YamlNode, string, Dimension, bool> check)
        {
            var path = YamlReader.Join(actorPath, key);
            var node = yaml.Required(actor, actorPath, key);
            if (node is null || yaml.AsMap(node, path, "a mapping from dimension id to a number") is not { } map) return null;
            var basis = quantities.ReadBasis(map, path, inherited);
            if (dimensions is null) return null;
            var ids = dimensions.Select(d => d.Dimension.Id).ToList();
            var result = new Quantity?[dimensions.Count];
            var ok = true;
            foreach (var (keyNode, value) in map.Children)
            {
                var id = YamlReader.KeyText(keyNode);
                if (id == "basis") continue;
                var valuePath = YamlReader.Join(path, id);
                var index = ids.IndexOf(id);
                if (index < 0)
                {
                    yaml.Error(keyNode, valuePath, DiagnosticCodes.UnknownReference,
                        $"unknown dimension '{id}'{DidYouMean.Hint(id, ids)}; dimensions: {string.Join(", ", ids)}");
                    ok = false;
                    continue;
                }
                var q = quantities.Read(value, valuePath, basis);
                if (q is null || !check(q, value, valuePath, dimensions[index].Dimension)) { ok = false; continue; }
                result[index] = q;
            }
            var missing = ids.Where((_, d) => result[d] is null && ok).ToList();
            if (ok && missing.Count > 0)
            {
                yaml.Error(map, path, DiagnosticCodes.MissingValue, $"missing {key} for dimension(s) {string.Join(", ", missing)}; every actor needs one per dimension");
                return null;
            }
            return ok ? result.Select(q => q!).ToArray() : null;
        }
    }
}
