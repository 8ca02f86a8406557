using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Parley.Core.Diagnostics;
using Parley.Forecast;
using Parley.Forecast.Import;
using Parley.Forecast.Model;
using YamlDotNet.RepresentationModel;

namespace Parley.Web.Services.Imports;

/// <summary>
/// Turns a KTAB scenario (.csv or .xml) into a Parley scenario with a <c>spatial</c> section, so the forecast
/// page and stored forecast runs work on it like on any scenario. Actors become belligerent parties (a
/// KTAB file does not say who must agree) and each dimension becomes an issue whose options are its anchors
/// (or its two ends when it has fewer than two), since the scenario format needs issues. Capabilities,
/// positions and saliences keep their values and ranges. Not kept: an XML file's SMP options, PRNG seed,
/// per-dimension capabilities and ideal adjustments (give the seed to the forecast run instead).
/// </summary>
public static partial class KtabConverter
{
    public static (string? Yaml, IReadOnlyList<Diagnostic> Diagnostics) Convert(ImportedFile file, bool xml)
    {
        SpatialModel model;
        try
        {
            model = xml ? KtabXmlReader.Read(file.Text, file.Name) : KtabCsvReader.Read(file.Text, file.Name);
        }
        catch (ForecastInputException e)
        {
            return (null, [new Diagnostic(Severity.Error, DiagnosticCodes.Syntax, e.Reason, e.Path ?? "",
                new SourceLocation(file.Name, e.Line ?? 1, e.Column ?? 1))]);
        }
        return (ToYaml(model, file.Name), []);
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]+")]
    private static partial Regex NonId();

    private static string UniqueId(string name, string fallback, HashSet<string> taken)
    {
        var id = NonId().Replace(name, "-").Trim('-', '.', '_');
        if (id.Length == 0) id = fallback;
        var unique = id;
        for (var k = 2; !taken.Add(unique); k++) unique = $"{id}-{k}";
        return unique;
    }

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static YamlNode Quantity(Estimate e) => e.IsRange
        ? new YamlSequenceNode(Num(e.Value), Num(e.Low), Num(e.High)) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow }
        : new YamlScalarNode(Num(e.Value));

    private static string ToYaml(SpatialModel model, string fileName)
    {
        var partyIds = new HashSet<string>(StringComparer.Ordinal);
        var dimIds = new HashSet<string>(StringComparer.Ordinal);
        var actorIds = model.Actors.Select((a, i) => UniqueId(a.Name, $"actor-{i + 1}", partyIds)).ToArray();
        var dims = model.Dimensions.Select((d, i) => UniqueId(d.Id, $"dimension-{i + 1}", dimIds)).ToArray();
        var slug = NonId().Replace(Path.GetFileNameWithoutExtension(fileName).ToLowerInvariant(), "-").Trim('-', '.', '_');
        if (slug.Length == 0) slug = "ktab";

        var dimensions = new YamlSequenceNode(model.Dimensions.Select((d, i) =>
        {
            var node = new YamlMappingNode { { "id", dims[i] }, { "name", d.Name }, { "min", Num(d.Min) }, { "max", Num(d.Max) } };
            if (d.MinLabel.Length > 0) node.Add("min_label", d.MinLabel);
            if (d.MaxLabel.Length > 0) node.Add("max_label", d.MaxLabel);
            if (d.AnchorPoints.Count > 0)
                node.Add("anchors", new YamlSequenceNode(d.AnchorPoints.Select(a => (YamlNode)new YamlMappingNode { { "value", Num(a.Value) }, { "label", a.Label } })));
            return (YamlNode)node;
        }));
        var actors = new YamlMappingNode();
        for (var a = 0; a < model.ActorCount; a++)
        {
            var actor = model.Actors[a];
            var positions = new YamlMappingNode();
            var saliences = new YamlMappingNode();
            for (var d = 0; d < model.DimensionCount; d++)
            {
                positions.Add(dims[d], Quantity(actor.Stances[d].Position));
                saliences.Add(dims[d], Quantity(actor.Stances[d].Salience));
            }
            actors.Add(actorIds[a], new YamlMappingNode { { "capability", Quantity(actor.Capability) }, { "positions", positions }, { "saliences", saliences } });
        }

        YamlNode IssueOptions(Dimension d)
        {
            var points = d.AnchorPoints.Count >= 2
                ? d.AnchorPoints.Select(x => (x.Label.Length > 0 ? x.Label : Num(x.Value), Num(x.Value))).ToList()
                : [(d.MinLabel.Length > 0 ? d.MinLabel : Num(d.Min), Num(d.Min)), (d.MaxLabel.Length > 0 ? d.MaxLabel : Num(d.Max), Num(d.Max))];
            var ids = new HashSet<string>(StringComparer.Ordinal);
            return new YamlSequenceNode(points.Select(p => (YamlNode)new YamlMappingNode { { "id", UniqueId("at-" + p.Item2, "point", ids) }, { "label", p.Item1 } }));
        }

        var root = new YamlMappingNode
        {
            { "id", slug },
            { "title", model.Name.Length > 0 ? $"{model.Name} (KTAB)" : $"{fileName} (KTAB)" },
            { "description", $"Imported from the KTAB file {fileName}: each actor is a party, each dimension an issue and a spatial dimension.{(model.Description.Length > 0 ? " " + model.Description : "")}" },
            { "sources", new YamlSequenceNode(new YamlMappingNode { { "id", "ktab" }, { "title", $"KTAB file {fileName}" } }) },
            { "parties", new YamlSequenceNode(model.Actors.Select((x, i) => (YamlNode)new YamlMappingNode
                { { "id", actorIds[i] }, { "name", x.Name }, { "role", "belligerent" } })) },
            { "issues", new YamlSequenceNode(model.Dimensions.Select((d, i) => (YamlNode)new YamlMappingNode
                { { "id", dims[i] }, { "name", d.Name }, { "options", IssueOptions(d) } })) },
            { "spatial", new YamlMappingNode { { "dimensions", dimensions }, { "actors", actors } } },
        };
        var builder = new StringBuilder();
        using (var writer = new StringWriter(builder, CultureInfo.InvariantCulture))
            new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        var text = builder.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }
}
