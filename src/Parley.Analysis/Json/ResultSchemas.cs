using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Parley.Analysis.Contracts;
using Parley.Analysis.Results;

namespace Parley.Analysis.Json;

/// <summary>
/// The published shape of each analysis's document, as JSON Schema generated from the result records with
/// the same serializer options that write the documents. docs/schemas/ holds the checked-in copies; a test
/// fails when they drift from the code.
/// </summary>
public static class ResultSchemas
{
    /// <summary>The analyses' result types by analysis name.</summary>
    public static readonly IReadOnlyDictionary<string, Type> ResultTypes = new Dictionary<string, Type>
    {
        ["bargaining"] = typeof(BargainingResult),
        ["exhaustive"] = typeof(BargainingResult),
        ["robustness"] = typeof(RobustnessResult),
        ["timeline"] = typeof(TimelineResult),
        ["stability"] = typeof(StabilityResult),
        ["brief"] = typeof(Brief.BriefResult),
    };

    /// <summary>The schema of the whole document (envelope and result) of one analysis.</summary>
    public static string For(string analysis)
    {
        var resultType = ResultTypes.TryGetValue(analysis, out var type) ? type
            : throw new ArgumentException($"no analysis '{analysis}'; known: {string.Join(", ", ResultTypes.Keys)}", nameof(analysis));
        var documentType = typeof(AnalysisDocument<>).MakeGenericType(resultType);
        var schema = JsonSchemaExporter.GetJsonSchemaAsNode(ResultJson.Options, documentType, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            // The document's own converters (tidy doubles, counts of any size) are opaque to the exporter; say what they write.
            TransformSchemaNode = (context, node) =>
            {
                var t = context.TypeInfo.Type;
                if (t == typeof(double)) return new JsonObject { ["type"] = "number" };
                if (t == typeof(double?)) return new JsonObject { ["type"] = new JsonArray("number", "null") };
                if (t == typeof(System.Numerics.BigInteger)) return new JsonObject { ["type"] = "integer", ["description"] = "an exact count, of any size" };
                // Null values are left out of a document, so a property that may be null is not required.
                if (node is JsonObject { } obj && obj["required"] is JsonArray required && obj["properties"] is JsonObject properties)
                {
                    var optional = properties.Where(p => p.Value is JsonObject { } ps && ps["type"] is JsonArray types && types.Any(x => x?.GetValue<string>() == "null"))
                        .Select(p => p.Key).ToHashSet();
                    foreach (var name in required.Where(r => optional.Contains(r!.GetValue<string>())).ToList()) required.Remove(name);
                }
                return node;
            },
        });
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = $"Parley {analysis} analysis, schemaVersion {ResultJson.SchemaVersion}",
        };
        foreach (var (key, value) in schema.AsObject().ToList())
        {
            schema.AsObject().Remove(key);
            root[key] = value;
        }
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
